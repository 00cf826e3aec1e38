import Foundation
import KGCore

/// The thresholds and rules of entity resolution, as data (`Ontology/merge.json`), plus the lexicons it
/// uses (titles, demonyms) and a user's alias file.
public struct MergeRules: Sendable, Codable, Equatable {
    /// String similarity between names of the same type, on names that share a blocking key.
    public struct Fuzzy: Sendable, Codable, Equatable {
        /// Types the rule applies to (places are left out by default: gazetteer names are canonical and
        /// country names are close to each other, as Austria and Australia).
        public var types: [String]
        /// The least Jaro-Winkler similarity of the whole normalized names.
        public var threshold: Double
        /// The least Jaro-Winkler similarity of two tokens that differ.
        public var tokenThreshold: Double
        /// Tokens shorter than this must be equal (so Kim Jong Un is not Kim Jong Il).
        public var minTokenLength: Int
        /// The most edits (insertions, deletions, substitutions, transpositions) between two tokens that differ.
        public var maxTokenEdits: Int
        /// The most tokens that may differ.
        public var maxDifferingTokens: Int
        /// Single-token names (a bare surname, one-word names) need more: at least this similarity…
        public var singleTokenThreshold: Double
        /// …and, when true, the same length (a substitution or transposition, not Robert/Roberts).
        public var singleTokenSameLength: Bool
        /// Winkler's prefix scale (standard: 0.1).
        public var prefixScale: Double
        /// Names are compared only when they share a key: the type, the token count, and the first token
        /// whole with the first `blockPrefixLength` letters of the last, or the other way round (a single
        /// token: its first letters).
        public var blockPrefixLength: Int
    }

    /// A short name joins the one longer name that contains it.
    public struct Containment: Sendable, Codable, Equatable {
        /// Types the rule applies to.
        public var types: [String]
        /// Types whose names are personal names: a single token joins the name it is the last token of;
        /// two or more tokens join a name with the same first and last tokens and more in between.
        public var personTypes: [String]
        /// For other types: the least number of tokens of a contained name, which must be a proper suffix
        /// of the longer name (the head of an English name is its last word).
        public var minTokens: Int
        /// For other types: the longer name may add only leading qualifiers (direction words of
        /// `acronyms.leadingModifiers`, demonyms and country names), so `Central Bank` stays apart from
        /// `European Central Bank` while `Central News Agency` joins `North Korean Central News Agency`.
        public var qualifiersOnly: Bool
    }

    /// An acronym (`KCNA`) joins a name whose initials it is (`Korean Central News Agency`).
    public struct Acronyms: Sendable, Codable, Equatable {
        public var types: [String]
        public var minLength: Int
        public var maxLength: Int
        /// Words that give no initial (of, the, and …).
        public var stopwords: [String]
        /// Leading words an acronym may leave out (North, South …); leading demonyms and country names
        /// (from the demonym lexicon) may be left out too.
        public var leadingModifiers: [String]
    }

    /// Titles stripped from names before comparing them.
    public struct Titles: Sendable, Codable, Equatable {
        /// Types whose names lose leading titles and demonyms (`Russian President Vladimir Putin`).
        public var types: [String]
        /// Extra titles, besides those of the lexicon.
        public var extra: [String]
        /// The titles lexicon, relative to the ontology directory (first column: the title, lower-case).
        public var lexicon: String
    }

    public var fuzzy: Fuzzy
    public var containment: Containment
    public var acronyms: Acronyms
    public var titles: Titles
    /// The countries lexicon, relative to the ontology directory: column 1 a country, column 2 its
    /// demonyms (comma-separated), column 4 other names.
    public var demonymLexicon: String

    /// Titles and honorifics, lower-case (filled from the lexicon by `load`).
    public var titleWords: Set<String> = []
    /// Demonyms and country names, lower-case, normalized (filled from the lexicon by `load`): words an
    /// acronym may leave out.
    public var demonyms: Set<String> = []
    /// Demonyms alone (`russian`), stripped with titles from the front of names (filled by `load`).
    public var demonymAdjectives: Set<String> = []
    /// A user's forced and forbidden merges.
    public var aliases = AliasRules()

    private enum CodingKeys: String, CodingKey { case fuzzy, containment, acronyms, titles, demonymLexicon }

    /// Reads `merge.json` from the ontology directory, and the lexicons it names (tolerating their absence).
    /// - Throws: `KGError.ontology` when `merge.json` is missing or malformed.
    public static func load(from directory: URL) throws -> MergeRules {
        let file = directory.appendingPathComponent("merge.json")
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw KGError.ontology(file: file.path, message: "cannot read it; pass --ontology DIR with a merge.json")
        }
        var rules: MergeRules
        do { rules = try JSONDecoder().decode(MergeRules.self, from: data) } catch {
            throw KGError.ontology(file: file.path, message: "is not valid merge rules: \(error)")
        }
        try rules.validate(file: file.path)
        rules.loadLexicons(from: directory)
        return rules
    }

    /// Checks thresholds are in range.
    public func validate(file: String) throws {
        func check(_ ok: Bool, _ m: String) throws { if !ok { throw KGError.ontology(file: file, message: m) } }
        try check((0...1).contains(fuzzy.threshold) && (0...1).contains(fuzzy.tokenThreshold), "fuzzy thresholds must be in 0...1")
        try check((0...0.25).contains(fuzzy.prefixScale), "fuzzy.prefixScale must be in 0...0.25")
        try check(fuzzy.blockPrefixLength >= 1, "fuzzy.blockPrefixLength must be at least 1")
        try check(containment.minTokens >= 1, "containment.minTokens must be at least 1")
        try check(acronyms.minLength >= 2 && acronyms.maxLength >= acronyms.minLength, "acronyms.minLength must be at least 2 and at most maxLength")
    }

    /// Fills `titleWords` and `demonyms` from the lexicons; a missing lexicon leaves them as they are.
    public mutating func loadLexicons(from directory: URL) {
        titleWords.formUnion(titles.extra.map { Normalizer.fold($0) })
        if let text = try? String(contentsOf: directory.appendingPathComponent(titles.lexicon), encoding: .utf8) {
            for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                let title = Normalizer.fold(String(line.split(separator: "\t", omittingEmptySubsequences: false)[0]))
                if !title.isEmpty { titleWords.insert(title) }
            }
        }
        if let text = try? String(contentsOf: directory.appendingPathComponent(demonymLexicon), encoding: .utf8) {
            for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                var names = [columns[0]]
                if columns.count > 1 {
                    let adjectives = columns[1].split(separator: ",").map { Normalizer.fold(String($0)) }.filter { !$0.isEmpty }
                    demonymAdjectives.formUnion(adjectives)
                    names += columns[1].split(separator: ",").map(String.init)
                }
                if columns.count > 3 { names += columns[3].split(separator: ",").map(String.init) }
                for n in names {
                    let f = Normalizer.fold(n)
                    if !f.isEmpty { demonyms.insert(f) }
                }
            }
        }
    }
}
