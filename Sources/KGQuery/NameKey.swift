import Foundation

/// How kg compares names in queries: case-, diacritic- and width-insensitive, with runs of white space
/// and the common quote and dash variants made equal, and `*` as a wildcard for any run of characters.
public enum NameKey {
    /// The comparison key of a name: `"  Élan   Vital "` → `"elan vital"`.
    public static func normalize(_ text: String) -> String {
        var folder = Folder()
        return folder.normalize(text)
    }

    /// Normalizes many names fast: ASCII is lower-cased in place, and each other character is folded
    /// once (case, diacritics, width, by Foundation) and remembered.
    public struct Folder {
        private var cache: [Unicode.Scalar: String] = [:]
        public init() {}

        mutating func fold(_ scalar: Unicode.Scalar) -> String {
            if let f = cache[scalar] { return f }
            let f = String(Character(scalar)).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            cache[scalar] = f
            return f
        }

        public mutating func normalize(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            var pendingSpace = false
            func emit(_ scalar: Unicode.Scalar) {
                if scalar.properties.isWhitespace {
                    pendingSpace = !out.isEmpty
                    return
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
            for scalar in text.unicodeScalars {
                let v = scalar.value
                if v < 0x80 {
                    if v == 0x20 || (v >= 0x09 && v <= 0x0D) { pendingSpace = !out.isEmpty; continue }
                    emit(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : scalar)
                } else if (0x300...0x36F).contains(v) {
                    continue // a combining diacritical mark after its base letter
                } else {
                    for f in fold(scalar).unicodeScalars { emit(f) }
                }
            }
            return String(out)
        }
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
