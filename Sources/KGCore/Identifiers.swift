import Foundation

/// Stable identifiers: ids that depend only on content, never on input order, so that the same input
/// gives byte-identical output and merged graphs agree across runs.
public enum Identifier {
    /// A node id from its type and canonical label: `person-vladimir-putin`.
    ///
    /// The result is an XML NMTOKEN and a safe IRI segment: lower-case ASCII letters, digits and `-`.
    /// Letters outside ASCII are folded (`é` → `e`); a label with no usable letter gets a hash.
    public static func node(type: EntityType, label: String) -> String {
        let slug = self.slug(label)
        let prefix = self.slug(type.rawValue)
        return "\(prefix.isEmpty ? "entity" : prefix)-\(slug.isEmpty ? hex(stableHash(label)) : slug)"
    }

    /// An edge id from what the edge says: `e` followed by 16 hex digits.
    ///
    /// kg keeps one edge per (subject, predicate, object) and gathers every piece of evidence on it, so the
    /// id depends on those three alone (the model still allows multi-edges read from other tools' files).
    public static func edge(subject: String, predicate: Predicate, object: String) -> String {
        let key = [subject, predicate.rawValue, object].joined(separator: "\u{1F}")
        return "e" + hex(stableHash(key))
    }

    /// Lower-case ASCII letters and digits joined by single `-`, at most 80 characters.
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        // ASCII has no diacritics to fold (and Foundation's folding is slow)
        let folded = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.folding(options: [.diacriticInsensitive], locale: nil)
        for scalar in folded.unicodeScalars {
            let v = scalar.value
            let isDigit = v >= 48 && v <= 57
            let isUpper = v >= 65 && v <= 90
            let isLower = v >= 97 && v <= 122
            if isDigit || isUpper || isLower {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(isUpper ? Unicode.Scalar(v + 32)! : scalar)
                if out.utf8.count >= 80 { break }
            } else if scalar == "'" || scalar == "\u{2019}" {
                continue // possessives and contractions: "O'Brien" -> "obrien"
            } else {
                pendingDash = true
            }
        }
        return out
    }

    /// 64-bit FNV-1a over the UTF-8 bytes: stable across runs and machines (unlike `Hasher`).
    public static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// 16 lower-case hex digits.
    public static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
