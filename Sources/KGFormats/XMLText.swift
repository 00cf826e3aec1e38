/// The one place where kg decides which characters a value may carry into a file.
///
/// XML 1.0 forbids the C0 controls other than tab, LF and CR, and the non-characters U+FFFE and U+FFFF
/// (lone surrogates cannot occur in a Swift `String`). Every writer passes every value through here:
/// the XML writers and the JSON embedded in XML replace them with U+FFFD; DOT drops them.
enum XMLText {
    /// What happens to a character XML 1.0 forbids.
    enum Policy {
        /// Replace it with U+FFFD REPLACEMENT CHARACTER (GraphML, RDF/XML, JSON inside them).
        case replace
        /// Drop it (DOT).
        case drop
    }

    /// Whether a Unicode scalar may appear in an XML 1.0 document.
    @inline(__always)
    static func isAllowed(_ v: UInt32) -> Bool {
        if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0D }
        return v != 0xFFFE && v != 0xFFFF
    }

    /// Whether UTF-8 bytes hold a character XML 1.0 forbids (a C0 control other than TAB, LF, CR,
    /// or U+FFFE / U+FFFF, encoded `EF BF BE` / `EF BF BF`).
    /// - Complexity: O(n), one pass over the bytes, no allocation.
    @inline(__always)
    static func needsSanitizing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x20 {
                if b != 0x09 && b != 0x0A && b != 0x0D { return true }
            } else if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE {
                return true
            }
            i &+= 1
        }
        return false
    }

    /// How a value must be treated before it goes into XML character data.
    enum Class: Int {
        /// Nothing to escape or replace: the bytes are the character data.
        case plain
        /// Holds `<`, `>`, `&`, `"` or CR, which libxml2 escapes (`xmlEncodeSpecialChars`).
        case escape
        /// Holds a character XML 1.0 forbids: replace it, then let libxml2 escape.
        case sanitize
    }

    /// 0: plain byte, 1: escaped by libxml2 in character data, 2: forbidden C0 control, 3: 0xEF (may start U+FFFE/U+FFFF).
    private static let byteClass: [UInt8] = (0..<256).map { b -> UInt8 in
        switch b {
        case 0x09, 0x0A: return 0
        case 0x0D, 0x22, 0x26, 0x3C, 0x3E: return 1
        case 0..<0x20: return 2
        case 0xEF: return 3
        default: return 0
        }
    }

    /// Classifies UTF-8 bytes in one pass.
    @inline(__always)
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> Class {
        var result = Class.plain
        let n = bytes.count
        return byteClass.withUnsafeBufferPointer { table in
            var i = 0
            while i < n {
                switch table[Int(bytes[i])] {
                case 0: break
                case 1: result = .escape
                case 2: return .sanitize
                default:
                    if i + 2 < n, bytes[i + 1] == 0xBF, bytes[i + 2] >= 0xBE { return .sanitize }
                }
                i &+= 1
            }
            return result
        }
    }

    /// Whether bytes can be an attribute value exactly as they are: printable ASCII without `"`, `&`,
    /// `<`, `>` (libxml2 would write any other byte as an escape or a character reference). Not empty.
    @inline(__always)
    static func isPlainAttribute(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return false }
        for b in bytes where b < 0x20 || b > 0x7E || b == 0x22 || b == 0x26 || b == 0x3C || b == 0x3E { return false }
        return true
    }

    /// Whether a string holds a character XML 1.0 forbids.
    static func needsSanitizing(_ s: String) -> Bool {
        if let answer = s.utf8.withContiguousStorageIfAvailable({ needsSanitizing($0) }) { return answer }
        return s.unicodeScalars.contains { !isAllowed($0.value) }
    }

    /// The string with every character XML 1.0 forbids replaced (or dropped); the string itself when it
    /// has none (no allocation).
    static func sanitized(_ s: String, _ policy: Policy = .replace) -> String {
        guard needsSanitizing(s) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if isAllowed(scalar.value) { out.append(scalar) }
            else if policy == .replace { out.append("\u{FFFD}") }
        }
        return String(out)
    }
}
