import Foundation
import KGCore

/// Name normalization for entity resolution: case, quotes, diacritics, possessives, punctuation,
/// titles and leading demonyms.
public enum Normalizer {
    /// Lower-case, diacritics folded, possessives dropped, apostrophes removed inside words, every other
    /// character that is not a letter or digit turned into a space, spaces collapsed.
    ///
    /// `"North Korea’s"` → `"north korea"`, `"Jean-Luc Picard"` → `"jean luc picard"`, `"O'Brien"` → `"obrien"`.
    public static func fold(_ name: String) -> String {
        // ASCII has no diacritics or widths to fold (and Foundation's folding is slow)
        let folded = name.utf8.allSatisfy { $0 < 0x80 } ? name.lowercased()
            : name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        let scalars = Array(folded.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "'" || c == "\u{2019}" || c == "\u{2018}" || c == "`" || c == "\u{02BC}" {
                // possessive 's at the end of a word: dropped
                if i + 1 < scalars.count, scalars[i + 1] == "s", i + 2 == scalars.count || !isWordScalar(scalars[i + 2]) {
                    i += 2
                    continue
                }
                i += 1
                continue
            }
            if isWordScalar(c) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(c)
            } else {
                pendingSpace = true
            }
            i += 1
        }
        return out
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// The tokens of a name for comparison: folded, without a leading "the", and for the types the rules
    /// name, without leading titles and demonyms (as long as a token remains).
    public static func tokens(_ name: String, type: EntityType, rules: MergeRules) -> [String] {
        var tokens = fold(name).split(separator: " ").map(String.init)
        if tokens.count > 1, tokens[0] == "the" { tokens.removeFirst() }
        if rules.titles.types.contains(type.rawValue) {
            var stripped = true
            while stripped && tokens.count > 1 {
                stripped = false
                for length in stride(from: min(3, tokens.count - 1), through: 1, by: -1) {
                    let prefix = tokens[0..<length].joined(separator: " ")
                    if rules.titleWords.contains(prefix) || rules.demonymAdjectives.contains(prefix) {
                        tokens.removeFirst(length)
                        stripped = true
                        break
                    }
                }
            }
        }
        return tokens
    }

    /// The letters of an acronym (`"U.S."` → `"us"`, `"KCNA"` → `"kcna"`), or nil when the name is not
    /// one: a single word of capital letters (and digits, dots, ampersands) within the length limits.
    public static func acronym(_ name: String, rules: MergeRules) -> String? {
        if name.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return nil } // a lower-case letter: most names
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        var letters = ""
        var capitals = 0
        for c in trimmed.unicodeScalars {
            if c == "." || c == "&" { continue }
            if c.properties.isUppercase { capitals += 1; letters.unicodeScalars.append(c) }
            else if ("0"..."9").contains(c) { letters.unicodeScalars.append(c) }
            else { return nil }
        }
        guard capitals >= 2, (rules.acronyms.minLength...rules.acronyms.maxLength).contains(letters.count) else { return nil }
        return fold(letters)
    }

    /// The initials an acronym of the name could have: of all its words but stopwords, and also without
    /// leading modifiers (North …) and without a leading demonym or country name
    /// (`North Korean Central News Agency` → `nkcna`, `kcna`, `cna`).
    public static func initials(_ tokens: [String], rules: MergeRules) -> [String] {
        let stop = rules.acronyms.stopwords, modifiers = rules.acronyms.leadingModifiers // short lists
        var variants: [[String]] = [tokens]
        var rest = tokens
        while rest.count > 2, modifiers.contains(rest[0]) {
            rest.removeFirst()
            variants.append(rest)
        }
        for base in variants {
            for length in 1...3 where base.count > length + 1 {
                if rules.demonyms.contains(base[0..<length].joined(separator: " ")) { variants.append(Array(base[length...])) }
            }
        }
        var out: [String] = []
        for v in variants {
            let words = v.filter { !stop.contains($0) }
            guard words.count >= 2 else { continue }
            let initials = String(words.compactMap(\.first))
            if !out.contains(initials) { out.append(initials) }
        }
        return out
    }
}

/// String similarity.
public enum Similarity {
    /// Jaro-Winkler similarity in `0...1` over Unicode scalars, with the common prefix counted up to 4.
    public static func jaroWinkler(_ a: String, _ b: String, prefixScale: Double = 0.1) -> Double {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if s.isEmpty && t.isEmpty { return 1 }
        if s.isEmpty || t.isEmpty { return 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatched = [Bool](repeating: false, count: s.count)
        var tMatched = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in 0..<s.count {
            let lo = max(0, i - window), hi = min(t.count - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where !tMatched[j] && s[i] == t[j] {
                sMatched[i] = true
                tMatched[j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var k = 0
        for i in 0..<s.count where sMatched[i] {
            while !tMatched[k] { k += 1 }
            if s[i] != t[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, s.count, t.count), s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * prefixScale * (1 - jaro)
    }

    /// Edit distance with adjacent transpositions (optimal string alignment), over Unicode scalars.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { d[i][0] = i }
        for j in 0...t.count { d[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[s.count][t.count]
    }
}
