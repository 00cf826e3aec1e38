import KGCore

/// A reusable byte buffer that builds compact JSON by hand: the one JSON escaper of kg's writers.
///
/// Faster than `JSONEncoder` for the small arrays and objects written for every node and edge, and
/// deterministic: callers write keys in sorted order. Strings are escaped per RFC 8259 (`"`, `\`, and
/// every C0 control as `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`); `/` and non-ASCII stay as they are.
/// With `xmlSafe`, characters XML 1.0 forbids are first replaced by U+FFFD (as `XMLText` does), so JSON
/// embedded in GraphML or RDF/XML says the same as the values around it.
struct JSONBuffer {
    private(set) var bytes: [UInt8] = []
    let xmlSafe: Bool

    init(xmlSafe: Bool, capacity: Int = 256) {
        self.xmlSafe = xmlSafe
        bytes.reserveCapacity(capacity)
    }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    var isEmpty: Bool { bytes.isEmpty }

    @inline(__always)
    mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// An integer.
    mutating func number(_ i: Int) {
        var s = String(i)
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A double; NaN and the infinities, which JSON lacks, as the strings `"NaN"`, `"INF"`, `"-INF"`.
    mutating func number(_ d: Double) {
        if d.isFinite {
            var s = AttributeValue.lexical(d)
            s.withUTF8 { bytes.append(contentsOf: $0) }
        } else {
            string(AttributeValue.lexical(d))
        }
    }

    /// A typed attribute value: a string, a number or `true`/`false`.
    mutating func value(_ v: AttributeValue) {
        switch v {
        case .string(let s): string(s)
        case .int(let i): number(i)
        case .double(let d): number(d)
        case .bool(let b): if b { raw("true") } else { raw("false") }
        }
    }

    /// `"key":` (the key must need no escaping: kg's own keys are plain ASCII).
    @inline(__always)
    mutating func key(_ k: StaticString) {
        byte(0x22)
        raw(k)
        byte(0x22)
        byte(0x3A)
    }

    /// `["a","b"]`
    mutating func stringArray(_ items: [String]) {
        byte(0x5B)
        for (i, s) in items.enumerated() {
            if i > 0 { byte(0x2C) }
            string(s)
        }
        byte(0x5D)
    }

    /// A quoted, escaped JSON string.
    mutating func string(_ s: String) {
        byte(0x22)
        var s = s
        s.withUTF8 { appendEscaped($0) }
        byte(0x22)
    }

    private mutating func appendEscaped(_ src: UnsafeBufferPointer<UInt8>) {
        let n = src.count
        var runStart = 0
        var i = 0
        @inline(__always) func flush(_ end: Int, _ buffer: inout [UInt8]) {
            if end > runStart { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: src[runStart..<end])) }
        }
        while i < n {
            let b = src[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C && !(xmlSafe && b == 0xEF) {
                i &+= 1
                continue
            }
            if b == 0xEF {
                // Only U+FFFE and U+FFFF (EF BF BE / EF BF BF) change; other EF-led characters pass.
                if i + 2 < n, src[i + 1] == 0xBF, src[i + 2] >= 0xBE {
                    flush(i, &bytes)
                    bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    i &+= 3
                    runStart = i
                } else {
                    i &+= 1
                }
                continue
            }
            flush(i, &bytes)
            switch b {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            default:
                if xmlSafe {
                    bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                } else if b == 0x08 {
                    bytes.append(contentsOf: [0x5C, 0x62])
                } else if b == 0x0C {
                    bytes.append(contentsOf: [0x5C, 0x66])
                } else {
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
            }
            i &+= 1
            runStart = i
        }
        flush(n, &bytes)
    }

    /// Calls `body` with the bytes followed by a NUL (for libxml2), without keeping the NUL.
    mutating func withNulTerminated<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        bytes.append(0)
        defer { bytes.removeLast() }
        return try bytes.withUnsafeBufferPointer { try body($0) }
    }
}

/// The JSON values kg embeds in GraphML and RDF/XML, written the same way everywhere.
extension JSONBuffer {
    /// `[{"doc":…,"end":…,"start":…,"text":…}, …]`
    mutating func mentions(_ mentions: [Mention]) {
        byte(0x5B)
        for (i, m) in mentions.enumerated() {
            if i > 0 { byte(0x2C) }
            raw("{\"doc\":"); string(m.document)
            raw(",\"end\":"); number(m.span.end)
            raw(",\"start\":"); number(m.span.start)
            raw(",\"text\":"); string(m.text)
            byte(0x7D)
        }
        byte(0x5D)
    }

    /// One evidence object, keys sorted: `date`?, `doc`, `end`, `sentence`, `start`, `trigger`?.
    mutating func evidence(_ e: Evidence) {
        byte(0x7B)
        if let date = e.date { raw("\"date\":"); string(date); byte(0x2C) }
        raw("\"doc\":"); string(e.document)
        raw(",\"end\":"); number(e.span.end)
        raw(",\"sentence\":"); string(e.sentence)
        raw(",\"start\":"); number(e.span.start)
        if let trigger = e.trigger { raw(",\"trigger\":"); string(trigger) }
        byte(0x7D)
    }

    /// `[evidence, …]`
    mutating func provenance(_ evidence: [Evidence]) {
        byte(0x5B)
        for (i, e) in evidence.enumerated() {
            if i > 0 { byte(0x2C) }
            self.evidence(e)
        }
        byte(0x5D)
    }
}
