import Foundation

/// How kg compares names in queries: case-, diacritic- and width-insensitive, with runs of white space
/// and the common quote and dash variants made equal, and `*` as a wildcard for any run of characters.
public enum NameKey {
    /// The comparison key of a name: `"  Élan   Vital "` → `"elan vital"`.
    public static func normalize(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            let mapped: Unicode.Scalar
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{201B}", "\u{2032}": mapped = "'"
            case "\u{201C}", "\u{201D}", "\u{201F}", "\u{2033}": mapped = "\""
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": mapped = "-"
            default: mapped = scalar
            }
            if pendingSpace { out.append(" ") }
            pendingSpace = false
            out.append(mapped)
        }
        return String(out)
    }

    /// The words of a normalized name (letters and digits), for partial-name lookups.
    public static func tokens(ofNormalized key: String) -> [Substring] {
        key.split { !($0.isLetter || $0.isNumber) }
    }
}

/// A name pattern from a query: an exact name, or a glob with `*` (any run of characters).
public struct NamePattern: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as the user wrote it.
    public let text: String
    /// The normalized pattern.
    public let key: String
    /// The normalized pieces between `*`s (only when `isWildcard`).
    let pieces: [String]
    public var isWildcard: Bool { key.contains("*") }
    /// `*` alone: any entity.
    public var matchesEverything: Bool { !key.isEmpty && key.allSatisfy { $0 == "*" } }

    public init(_ text: String) {
        self.text = text
        self.key = NameKey.normalize(text)
        self.pieces = key.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
    }

    public var description: String { text }

    /// Whether a normalized name matches the pattern.
    public func matches(normalized name: String) -> Bool {
        guard isWildcard else { return name == key }
        return NamePattern.glob(pieces, name)
    }

    /// Whether a raw (not normalized) text matches the pattern.
    public func matches(_ raw: String) -> Bool { matches(normalized: NameKey.normalize(raw)) }

    /// Matches `pieces` joined by `*` against `s`: the first piece is a prefix, the last a suffix, the
    /// others occur in order in between (greedy leftmost search is exact for this form).
    static func glob(_ pieces: [String], _ s: String) -> Bool {
        guard let first = pieces.first, let last = pieces.last, pieces.count >= 2 else { return pieces.first == s }
        guard s.hasPrefix(first) else { return false }
        var rest = s.dropFirst(first.count)
        for middle in pieces.dropFirst().dropLast() where !middle.isEmpty {
            guard let r = rest.range(of: middle) else { return false }
            rest = rest[r.upperBound...]
        }
        return rest.count >= last.count && rest.hasSuffix(last)
    }
}
