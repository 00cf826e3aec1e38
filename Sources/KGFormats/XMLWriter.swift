internal import CLibXML2
import KGCore

/// A streaming XML writer over libxml2's `xmlTextWriter`, writing into an `OutputSink`.
///
/// libxml2 does the escaping (`&`, `<`, `>`, `"`, and CR as `&#13;` in content; TAB, LF, CR as
/// character references in attributes) so values round-trip through any conforming parser;
/// `XMLText` replaces the characters XML 1.0 forbids before a value reaches libxml2. Every libxml2
/// call's return code is checked; a failure throws `KGError.output` naming the sink.
///
/// The writer owns its `xmlOutputBuffer` (freeing the writer closes the buffer, which flushes into the
/// sink), so `deinit` frees the writer and never the buffer separately.
final class XMLWriter {
    private let sink: OutputSink
    private var writer: xmlTextWriterPtr?
    /// A reused buffer for sanitized copies of values.
    private var scratch: [UInt8] = []

    /// - Parameter indent: let libxml2 pretty-print with two spaces a level. kg's graph writers pass
    ///   false and lay out one record a line with `newline(_:)`, which costs far fewer libxml2 calls.
    init(sink: OutputSink, indent: Bool = false) throws {
        self.sink = sink
        xmlInitParser()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard let buffer = xmlOutputBufferCreateIO(xmlWriterSinkWrite, xmlWriterSinkClose, context, nil) else {
            throw KGError.output(file: sink.name, message: "libxml2 could not create an output buffer (out of memory?)")
        }
        guard let w = xmlNewTextWriter(buffer) else {
            xmlOutputBufferClose(buffer)
            throw KGError.output(file: sink.name, message: "libxml2 could not create an XML writer (out of memory?)")
        }
        writer = w
        if indent {
            try check(xmlTextWriterSetIndent(w, 1), "set indentation")
            try check(xmlTextWriterSetIndentString(w, "  "), "set indentation")
        }
    }

    deinit {
        // Frees the writer, which closes (flushes and frees) its output buffer; the sink outlives both.
        if let writer { xmlFreeTextWriter(writer) }
    }

    @inline(__always)
    private func check(_ rc: Int32, _ what: @autoclosure () -> String) throws {
        if rc < 0 {
            try sink.checkError()
            throw KGError.output(file: sink.name, message: "libxml2 failed to \(what()) (error \(rc))")
        }
    }

    // MARK: Document

    /// Writes `<?xml version="1.0" encoding="UTF-8"?>`.
    func startDocument() throws {
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "start the document")
    }

    /// Closes every open element, ends the document and flushes everything into the sink.
    func endDocument() throws {
        try check(xmlTextWriterEndDocument(writer), "end the document")
        try check(xmlTextWriterFlush(writer), "flush")
        try sink.checkError()
    }

    /// Closes a pending start tag (`<graph …` becomes `<graph …>`) and hands everything written so far to
    /// the sink, so that bytes appended to the sink directly (fragments written by other `XMLWriter`s)
    /// follow it. The writer stays inside the open elements.
    func flushForFragments() throws {
        try check(xmlTextWriterWriteRawLen(writer, "", 0), "close a start tag")
        try check(xmlTextWriterFlush(writer), "flush")
        try sink.flush()
    }

    /// Ends a fragment writer (one that wrote elements without `startDocument`): closes open elements
    /// and flushes into the sink.
    func endFragment() throws {
        try check(xmlTextWriterFlush(writer), "flush")
        try sink.flush()
    }

    // MARK: Elements

    @inline(__always)
    func startElement(_ name: StaticString) throws {
        try check(xmlTextWriterStartElement(writer, name.utf8Start), "start element \(name)")
    }

    @inline(__always)
    func startElement(named name: String) throws {
        let rc = name.withCString { xmlTextWriterStartElement(writer, xmlChars($0)) }
        try check(rc, "start element \(name)")
    }

    @inline(__always)
    func endElement() throws {
        try check(xmlTextWriterEndElement(writer), "end an element")
    }

    /// `<name>text</name>`
    @inline(__always)
    func element(_ name: StaticString, text: String) throws {
        try startElement(name)
        try self.text(text)
        try endElement()
    }

    /// `<name>text</name>`
    @inline(__always)
    func element(named name: String, text: String) throws {
        try startElement(named: name)
        try self.text(text)
        try endElement()
    }

    // MARK: Attributes

    @inline(__always)
    func attribute(_ name: StaticString, _ value: StaticString) throws {
        try check(xmlTextWriterWriteAttribute(writer, name.utf8Start, value.utf8Start), "write attribute \(name)")
    }

    /// An attribute. A value of printable ASCII with nothing to escape (ids, IRIs, numbers: the common
    /// case) is written with `xmlTextWriterStartAttribute` + `xmlTextWriterWriteRawLen` +
    /// `xmlTextWriterEndAttribute`, the same bytes `xmlTextWriterWriteAttribute` writes without its
    /// character-by-character escaping pass; any other value goes through `xmlTextWriterWriteAttribute`.
    @inline(__always)
    func attribute(_ name: StaticString, _ value: String) throws {
        var copy = value
        let rc: Int32 = copy.withUTF8 { bytes in
            guard XMLText.isPlainAttribute(bytes) else { return Int32.min }
            let start = xmlTextWriterStartAttribute(writer, name.utf8Start)
            if start < 0 { return start }
            let raw = xmlTextWriterWriteRawLen(writer, bytes.baseAddress!, Int32(bytes.count))
            if raw < 0 { return raw }
            return xmlTextWriterEndAttribute(writer)
        }
        if rc == Int32.min {
            try escapedAttribute(name, value)
        } else {
            try check(rc, "write attribute \(name)")
        }
    }

    /// An attribute always through `xmlTextWriterWriteAttribute` (the reference the fast path is tested against).
    func escapedAttribute(_ name: StaticString, _ value: String) throws {
        let rc = withSanitizedCString(value) { xmlTextWriterWriteAttribute(writer, name.utf8Start, $0) }
        try check(rc, "write attribute \(name)")
    }

    @inline(__always)
    func attribute(named name: String, _ value: String) throws {
        let rc = name.withCString { n in withSanitizedCString(value) { xmlTextWriterWriteAttribute(writer, xmlChars(n), $0) } }
        try check(rc, "write attribute \(name)")
    }

    // MARK: Text

    /// Character data, escaped by libxml2, with forbidden characters replaced by U+FFFD.
    ///
    /// A value with nothing to escape (no `<`, `>`, `&`, `"`, CR, nor forbidden character; the common
    /// case: names, numbers, dates) is handed to libxml2 with `xmlTextWriterWriteRawLen`, which writes the
    /// same bytes `xmlTextWriterWriteString` would, without its escaped copy; everything else goes through
    /// `xmlTextWriterWriteString`. A test checks both paths give identical output.
    @inline(__always)
    func text(_ value: String) throws {
        if value.isEmpty { return }
        var copy = value
        let rc: Int32 = copy.withUTF8 { bytes in
            switch XMLText.classify(bytes) {
            case .plain: return xmlTextWriterWriteRawLen(writer, bytes.baseAddress!, Int32(bytes.count))
            case .escape: return Int32.min
            case .sanitize: return Int32.min + 1
            }
        }
        if rc == Int32.min {
            try check(withSanitizedCString(value, known: false) { xmlTextWriterWriteString(writer, $0) }, "write text")
        } else if rc == Int32.min + 1 {
            try check(withSanitizedCString(value, known: true) { xmlTextWriterWriteString(writer, $0) }, "write text")
        } else {
            try check(rc, "write text")
        }
    }

    /// Character data always through `xmlTextWriterWriteString` (the reference the fast path is tested against).
    func escapedText(_ value: String) throws {
        if value.isEmpty { return }
        try check(withSanitizedCString(value) { xmlTextWriterWriteString(writer, $0) }, "write text")
    }

    /// Character data from UTF-8 bytes the caller has already made XML-safe (the JSON builder's output);
    /// libxml2 escapes them, or takes them as they are when there is nothing to escape.
    /// - Precondition: `bytes` ends with a NUL and holds no other NUL.
    @inline(__always)
    func text(nulTerminated bytes: UnsafeBufferPointer<UInt8>) throws {
        guard bytes.count > 1, let base = bytes.baseAddress else { return }
        let content = UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
        if XMLText.classify(content) == .plain {
            try check(xmlTextWriterWriteRawLen(writer, base, Int32(content.count)), "write text")
        } else {
            try check(xmlTextWriterWriteString(writer, base), "write text")
        }
    }

    /// Whitespace between elements: a line break and `indent` levels of two spaces (0...3). Written
    /// raw because it is whitespace only, never markup or data.
    @inline(__always)
    func newline(_ indent: Int) throws {
        let layout: StaticString
        switch indent {
        case 0: layout = "\n"
        case 1: layout = "\n  "
        case 2: layout = "\n    "
        default: layout = "\n      "
        }
        try check(xmlTextWriterWriteRawLen(writer, layout.utf8Start, Int32(layout.utf8CodeUnitCount)), "write a line break")
    }

    /// A comment (`--` inside is the caller's concern; kg writes fixed comments only).
    func comment(_ text: StaticString) throws {
        try check(xmlTextWriterWriteComment(writer, text.utf8Start), "write a comment")
    }

    // MARK: Sanitizing

    /// Calls `body` with a NUL-terminated copy of `value` that XML 1.0 accepts: the string's own storage
    /// when it needs no change (the common case), else a reused scratch buffer.
    @inline(__always)
    private func withSanitizedCString<R>(_ value: String, known: Bool? = nil, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        if !(known ?? XMLText.needsSanitizing(value)) {
            return value.withCString { body(xmlChars($0)) }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: XMLText.sanitized(value, .replace).utf8)
        scratch.append(0)
        return scratch.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

@inline(__always)
private func xmlChars(_ p: UnsafePointer<CChar>) -> UnsafePointer<xmlChar> {
    UnsafeRawPointer(p).assumingMemoryBound(to: xmlChar.self)
}

/// libxml2's output callback: hands bytes to the `OutputSink` passed as context.
private func xmlWriterSinkWrite(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafePointer<CChar>?, _ length: Int32) -> Int32 {
    guard let context, let buffer, length >= 0 else { return -1 }
    let sink = Unmanaged<OutputSink>.fromOpaque(context).takeUnretainedValue()
    sink.write(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
    return (try? sink.checkError()) == nil ? -1 : length
}

/// libxml2's close callback: the sink is flushed and closed by its owner, not here.
private func xmlWriterSinkClose(_ context: UnsafeMutableRawPointer?) -> Int32 { 0 }
