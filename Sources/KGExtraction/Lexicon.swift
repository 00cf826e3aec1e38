import Foundation
import KGCore

/// One name of the gazetteer: its tokens as written and what it names.
public struct GazetteerEntry: Sendable, Hashable {
    /// The name's tokens, lower-cased.
    public var lowers: [String]
    /// The tokens as written; all-capital tokens (`US`, `UN`) must match exactly.
    public var tokens: [String]
    public var type: EntityType
    /// The canonical name (`United States` for `US`).
    public var canonical: String
    /// How each token must be written in the text, from `tokens`.
    let cases: [Case]

    enum Case: Sendable, Hashable {
        /// Acronyms (two capitals or more, or a short all-capital word): exactly as written.
        case exact
        /// A capitalized word: capitalized.
        case capitalized
        case any
    }

    init(lowers: [String], tokens: [String], type: EntityType, canonical: String) {
        self.lowers = lowers
        self.tokens = tokens
        self.type = type
        self.canonical = canonical
        cases = tokens.map { written in
            let caps = written.unicodeScalars.filter { $0.properties.isUppercase }.count
            if caps >= 2 || (written.count <= 3 && caps == written.unicodeScalars.filter { $0.properties.isAlphabetic }.count && caps > 0) { return .exact }
            return written.first?.isUppercase == true ? .capitalized : .any
        }
    }
}

/// A relation trigger from `relation_triggers.tsv`.
public struct TriggerPattern: Sendable, Hashable {
    public enum Kind: String, Sendable { case verb, according, noun, dedicated, announce, chain }
    public var predicate: KGCore.Predicate
    /// Lower-case tokens; `*` matches up to three tokens.
    public var pattern: [String]
    public var kind: Kind
    public var confidence: Double
}

/// Everything the extractor knows about the world, read from `Ontology/lexicons/` (TSV and plain lists).
///
/// Files (each described in its header comment): `countries.tsv`, `places.tsv`, `organizations.tsv`,
/// `titles.tsv`, `organization_heads.tsv`, `place_heads.tsv`, `event_heads.tsv`, `group_nouns.tsv`,
/// `first_names.txt`, `function_words.txt`, `misc_words.txt`, `work_nouns.txt`, `organization_descriptors.txt`,
/// `organization_heads_lowercase.txt`, `relation_triggers.tsv`, `event_naming.tsv`,
/// `abbreviations.txt`, `eponym_nouns.txt`. Lines starting with `#` and blank lines are ignored.
public struct Lexicon: Sendable {
    /// Gazetteer names by their first token, lower-cased; longest first.
    public var gazetteer: [String: [GazetteerEntry]] = [:]
    /// Demonym tokens (lower-cased, `north korean`) → country.
    public var demonyms: [[String]: String] = [:]
    public var demonymFirst: [String: Int] = [:]
    /// Title and role phrases (lower-cased tokens) → kind (`title`, `role`, `honorific`).
    public var titles: [[String]: String] = [:]
    public var titleFirst: [String: Int] = [:]
    /// Titles held for a place (`mayor`, `governor`), lower-cased tokens.
    public var placeTitles: Set<[String]> = []
    /// Titles held in an organization: a capitalized name right before one is that organization.
    public var organizationTitles: Set<[String]> = []
    public var organizationHeads: Set<String> = []
    public var placeHeads: Set<String> = []
    public var eventHeads: Set<String> = []
    public var groupNouns: [[String]] = []
    public var firstNames: Set<String> = []
    public var functionWords: Set<String> = []
    /// Capitalized words that never start a name (`Muslim`, `European`), lower-cased.
    public var miscWords: Set<String> = []
    /// Nouns after "Name's" that make the name part of a common noun ("Alzheimer's disease").
    public var eponymNouns: Set<String> = []
    /// Nouns before the title of a made thing ("the comedy Sideways" → Event).
    public var workNouns: Set<String> = []
    /// Lower-case nouns before a name that make it an organization ("drugmaker Elan").
    public var organizationDescriptors: Set<String> = []
    /// Those that also make the capitalized name right before them an organization ("Le Matin newspaper").
    public var organizationDescriptorsAfter: Set<String> = []
    /// Lower-case words after a name that make it an organization ("the Clinton administration").
    public var lowercaseOrganizationHeads: Set<String> = []
    /// Gazetteer names whose first token is written in lower case (`al-Qaeda`, `eBay`), by that token.
    public var lowercaseInitialNames: Set<String> = []
    public var triggers: [TriggerPattern] = []
    public var triggersByFirst: [String: [TriggerPattern]] = [:] { didSet { triggerStarts = Lexicon.starts(of: triggersByFirst.keys) } }
    /// The length and first byte of every trigger's first word: a test cheaper than hashing a token.
    private(set) var triggerStarts = Lexicon.starts(of: [])
    public var dedications: [[String]] = []
    public var nameStops: Set<String> = []
    public var modals: [[String]] = []
    public var abbreviations: Set<String> = Tokenizer.defaultAbbreviations
    /// Canonical names of countries (for `affiliatedWith`).
    public var countries: Set<String> = []

    public init() {}

    /// Reads the lexicons of an ontology folder (`DIR/lexicons/`).
    /// - Throws: `KGError.ontology` naming the file and line of a malformed entry, or a missing file.
    public init(ontologyDirectory: URL) throws {
        let dir = ontologyDirectory.appendingPathComponent("lexicons")
        let tokenizer = Tokenizer()
        func rows(_ name: String, columns: Int) throws -> [(Int, [String])] {
            let url = dir.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw KGError.ontology(file: url.path, message: "missing lexicon; pass --ontology DIR with a lexicons/ folder")
            }
            guard let text = String(data: data, encoding: .utf8) else { throw KGError.ontology(file: url.path, message: "is not UTF-8") }
            var out: [(Int, [String])] = []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let l = line.hasSuffix("\r") ? line.dropLast() : line
                if l.trimmingCharacters(in: .whitespaces).isEmpty || l.hasPrefix("#") { continue }
                let cols = l.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard cols.count >= columns, !cols[0].isEmpty else {
                    throw KGError.ontology(file: "\(url.path):\(i + 1)", message: "expected \(columns) tab-separated columns, found \(cols.count)")
                }
                out.append((i + 1, cols))
            }
            return out
        }
        func toks(_ s: String) -> [Token] { tokenizer.tokenize(Array(s.unicodeScalars)) }
        func list(_ s: String) -> [String] { s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

        for (_, c) in try rows("function_words.txt", columns: 1) { functionWords.insert(c[0].lowercased()) }
        for (_, c) in try rows("first_names.txt", columns: 1) { firstNames.insert(c[0].lowercased()) }
        for (_, c) in try rows("misc_words.txt", columns: 1) { miscWords.insert(c[0].lowercased()) }
        if let extra = try? rows("eponym_nouns.txt", columns: 1) { for (_, c) in extra { eponymNouns.insert(c[0].lowercased()) } }
        for (_, c) in try rows("work_nouns.txt", columns: 1) { workNouns.insert(c[0].lowercased()) }
        for (_, c) in try rows("organization_descriptors.txt", columns: 1) {
            organizationDescriptors.insert(c[0].lowercased())
            if c.count > 1 && c[1] == "after" { organizationDescriptorsAfter.insert(c[0].lowercased()) }
        }
        for (_, c) in try rows("organization_heads_lowercase.txt", columns: 1) { lowercaseOrganizationHeads.insert(c[0].lowercased()) }
        if let extra = try? rows("abbreviations.txt", columns: 1) { for (_, c) in extra { abbreviations.insert(c[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))) } }

        for (_, c) in try rows("countries.tsv", columns: 2) {
            let name = c[0]
            countries.insert(name)
            addName(name, type: .place, canonical: name, toks(name))
            for alias in list(c.count > 3 ? c[3] : "") { addName(alias, type: .place, canonical: name, toks(alias)) }
            if c.count > 2, !c[2].isEmpty { addName(c[2], type: .place, canonical: c[2], toks(c[2])) }
            for d in list(c[1]) {
                let key = toks(d).map(\.lower)
                if demonyms[key] == nil { demonyms[key] = name }
                demonymFirst[key[0], default: 0] = max(demonymFirst[key[0], default: 0], key.count)
            }
        }
        for (_, c) in try rows("places.tsv", columns: 1) {
            addName(c[0], type: .place, canonical: c[0], toks(c[0]))
            for alias in list(c.count > 2 ? c[2] : "") { addName(alias, type: .place, canonical: c[0], toks(alias)) }
        }
        for (_, c) in try rows("organizations.tsv", columns: 1) {
            addName(c[0], type: .organization, canonical: c[0], toks(c[0]))
            for alias in list(c.count > 1 ? c[1] : "") { addName(alias, type: .organization, canonical: c[0], toks(alias)) }
        }
        for (_, c) in try rows("titles.tsv", columns: 2) {
            let key = toks(c[0]).map(\.lower)
            titles[key] = c[1]
            if c.count > 2 && c[2] == "place" { placeTitles.insert(key) }
            if c.count > 2 && c[2] == "organization" { organizationTitles.insert(key) }
            titleFirst[key[0], default: 0] = max(titleFirst[key[0], default: 0], key.count)
        }
        for (_, c) in try rows("organization_heads.tsv", columns: 1) { organizationHeads.insert(c[0].lowercased()) }
        for (_, c) in try rows("place_heads.tsv", columns: 1) { placeHeads.insert(c[0].lowercased()) }
        for (_, c) in try rows("event_heads.tsv", columns: 1) { eventHeads.insert(c[0].lowercased()) }
        for (_, c) in try rows("group_nouns.tsv", columns: 1) { groupNouns.append(toks(c[0]).map(\.lower)) }
        groupNouns.sort { $0.count > $1.count }
        for (line, c) in try rows("relation_triggers.tsv", columns: 4) {
            let file = dir.appendingPathComponent("relation_triggers.tsv").path + ":\(line)"
            guard let kind = TriggerPattern.Kind(rawValue: c[2]) else {
                throw KGError.ontology(file: file, message: "unknown trigger kind '\(c[2])' (verb, according, noun, dedicated, announce, chain)")
            }
            guard let conf = Double(c[3]), (0...1).contains(conf) else { throw KGError.ontology(file: file, message: "confidence '\(c[3])' is not a number in 0...1") }
            let pattern = c[1].split(separator: " ").flatMap { $0 == "*" ? ["*"] : toks(String($0)).map(\.lower) }
            let t = TriggerPattern(predicate: KGCore.Predicate(c[0]), pattern: pattern, kind: kind, confidence: conf)
            triggers.append(t)
        }
        // longest patterns first, so "announced plans to" wins over "announced"
        for t in triggers.sorted(by: { $0.pattern.count > $1.pattern.count }) { triggersByFirst[t.pattern[0], default: []].append(t) }
        triggerStarts = Lexicon.starts(of: triggersByFirst.keys) // (no didSet in an initializer)
        for (line, c) in try rows("event_naming.tsv", columns: 2) {
            let words = toks(c[1]).map(\.lower)
            switch c[0] {
            case "dedication": dedications.append(words)
            case "stop": nameStops.insert(c[1].lowercased())
            case "modal": modals.append(words)
            default: throw KGError.ontology(file: dir.appendingPathComponent("event_naming.tsv").path + ":\(line)", message: "unknown kind '\(c[0])' (dedication, stop, modal)")
            }
        }
        dedications.sort { $0.count > $1.count }
        for k in gazetteer.keys { gazetteer[k]!.sort { $0.lowers.count > $1.lowers.count } }
    }

    mutating func addName(_ name: String, type: EntityType, canonical: String, _ tokens: [Token]) {
        guard let first = tokens.first else { return }
        let e = GazetteerEntry(lowers: tokens.map(\.lower), tokens: tokens.map(\.text), type: type, canonical: canonical)
        if let c = first.text.unicodeScalars.first, c.properties.isLowercase { lowercaseInitialNames.insert(first.text) }
        if gazetteer[first.lower]?.contains(e) == true { return }
        gazetteer[first.lower, default: []].append(e)
    }

    /// The longest gazetteer name starting at token `i` (capitalization checked), and its length.
    func gazetteerMatch(_ tokens: [Token], at i: Int, limit: Int) -> (GazetteerEntry, Int)? {
        guard let entries = gazetteer[tokens[i].lower] else { return nil }
        outer: for e in entries where i + e.lowers.count <= limit {
            for (k, l) in e.lowers.enumerated() {
                let t = tokens[i + k]
                if t.lower != l { continue outer }
                switch e.cases[k] {
                case .exact: if t.text != e.tokens[k] { continue outer }
                case .capitalized: if !t.isCapitalized { continue outer }
                case .any: break
                }
            }
            return (e, e.lowers.count)
        }
        return nil
    }

    static func starts(of words: some Sequence<String>) -> [Bool] {
        var table = [Bool](repeating: false, count: 64 << 8)
        for w in words { if let b = w.utf8.first { table[min(w.utf8.count, 63) << 8 | Int(b)] = true } }
        return table
    }

    /// Whether a (lower-case) word may start a trigger: false means `triggersByFirst` has no entry for it.
    func mayStartTrigger(_ word: String) -> Bool {
        guard let b = word.utf8.first else { return triggersByFirst[word] != nil }
        return triggerStarts[min(word.utf8.count, 63) << 8 | Int(b)]
    }

    /// The longest title/role phrase at token `i`: (kind, length).
    func titleMatch(_ tokens: [Token], at i: Int, limit: Int) -> (String, Int)? {
        guard let maxLen = titleFirst[tokens[i].lower] else { return nil }
        var len = min(maxLen, limit - i)
        while len > 0 {
            let key = tokens[i..<(i + len)].map(\.lower)
            if let kind = titles[key] { return (kind, len) }
            len -= 1
        }
        return nil
    }

    /// The longest demonym at token `i`: (country, length).
    func demonymMatch(_ tokens: [Token], at i: Int, limit: Int) -> (String, Int)? {
        guard tokens[i].isCapitalized, let maxLen = demonymFirst[tokens[i].lower] else { return nil }
        var len = min(maxLen, limit - i)
        while len > 0 {
            let key = tokens[i..<(i + len)].map(\.lower)
            if let c = demonyms[key], tokens[i..<(i + len)].allSatisfy({ $0.isCapitalized || $0.text == "-" }) { return (c, len) }
            len -= 1
        }
        return nil
    }

    /// The longest group noun at token `i`, its length.
    func groupNounMatch(_ tokens: [Token], at i: Int, limit: Int) -> Int? {
        for g in groupNouns where i + g.count <= limit {
            var ok = true
            for (k, w) in g.enumerated() where tokens[i + k].lower != w || tokens[i + k].isCapitalized { ok = false; break }
            if ok { return g.count }
        }
        return nil
    }
}
