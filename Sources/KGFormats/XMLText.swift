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
