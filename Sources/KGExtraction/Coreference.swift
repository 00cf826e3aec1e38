import KGCore

/// An entity of one document: its mentions gathered by in-document coreference.
public struct DocumentEntity: Sendable {
    public var type: EntityType
    /// The fullest name found.
    public var label: String
    public var aliases: Set<String> = []
    /// Indices into the resolver's mention list.
    public var mentions: [Int] = []
    public var role: String?
    public var affiliation: String?
    public var kind: EntityMention.Kind = .name
    public var confidence: Double = 0.9
    /// Whether it was named by the gazetteer (its label is then the canonical name).
    public var canonical: Bool = false
}

/// In-document coreference: surnames to full names, acronyms to what they abbreviate, shorter forms of
/// organization and place names to the full ones, unresolved capitalized words to what they refer to.
public struct Coreference: Sendable {
    public var lexicon: Lexicon
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// The lower-case words of a name, split at spaces and hyphens.
    static func words(_ s: String) -> [String] {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: every character is one byte
            return s.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x2D }).map { Tokenizer.lowercase(String(decoding: $0, as: UTF8.self)) }
        }
        return s.split(whereSeparator: { $0 == " " || $0 == "-" }).map { Tokenizer.lowercase(String($0)) }
    }

    /// `words(s).count`, without building the words.
    static func wordCount(_ s: String) -> Int {
        var count = 0, inWord = false
        func step(_ separator: Bool) {
            if separator { inWord = false } else if !inWord { inWord = true; count += 1 }
        }
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            for b in s.utf8 { step(b == 0x20 || b == 0x2D) }
        } else {
            for c in s { step(c == " " || c == "-") }
        }
        return count
    }

    /// Resolves mentions into entities.
    /// - Returns: the kept mentions (typed), the entities, and the entity of each kept mention.
    public func resolve(_ d: AnalyzedDocument, _ input: [EntityMention]) -> (mentions: [EntityMention], entities: [DocumentEntity], entityOf: [Int]) {
        // 1. Overlaps: keep the longer (then the more confident, then the earlier) mention.
        let sorted = input.sorted { ($0.start, -$0.end, $0.type == nil ? 1 : 0) < ($1.start, -$1.end, $1.type == nil ? 1 : 0) }
        var mentions: [EntityMention] = []
        for m in sorted {
            if let last = mentions.last, m.start < last.end {
                if m.end - m.start > last.end - last.start && m.type != nil {
                    mentions[mentions.count - 1] = m
                }
                continue
            }
            mentions.append(m)
        }

        var entities: [DocumentEntity] = []
        var entityOf = [Int](repeating: -1, count: mentions.count)
        var byKey: [String: Int] = [:]
        func key(_ type: EntityType, _ name: String) -> String { type.rawValue + "\u{1F}" + Tokenizer.lowercase(name) }
        func add(_ mi: Int, to e: Int) {
            entityOf[mi] = e
            entities[e].mentions.append(mi)
            let m = mentions[mi]
            entities[e].aliases.insert(m.name)
            if let a = Coreference.definedAcronym(m) { entities[e].aliases.insert(a) }
            if entities[e].role == nil, let r = m.role { entities[e].role = r }
            if entities[e].affiliation == nil, let a = m.affiliation { entities[e].affiliation = a }
            entities[e].confidence = max(entities[e].confidence, m.confidence)
        }
        func newEntity(_ mi: Int) -> Int {
            let m = mentions[mi]
            var e = DocumentEntity(type: m.type!, label: m.canonical ?? m.name)
            e.kind = m.kind
            e.canonical = m.canonical != nil
            e.confidence = m.confidence
            entities.append(e)
            add(mi, to: entities.count - 1)
            return entities.count - 1
        }

        // 2. Typed names: one entity per (type, canonical name); groups per country.
        // One name, one type: a name typed by a lexicon or a strong rule (a title, a head word) lends its type to
        // the same name typed otherwise elsewhere (a tagger's guess); else the most confident mention wins.
        var bestType: [String: (EntityType, Double)] = [:]
        for m in mentions where m.type != nil && m.kind == .name && ["title", "head", "work", "first-name"].contains(m.source) {
            let strength = m.confidence
            let k = Tokenizer.lowercase(m.name)
            if let b = bestType[k], b.1 >= strength { continue }
            bestType[k] = (m.type!, strength)
        }
        var nameWordTypes: [String: EntityType] = [:]
        for (k, b) in bestType {
            let w = Coreference.words(k)
            guard w.count >= 2 else { continue }
            // "Suu Kyi" for "Aung San Suu Kyi", "Putin" for "Vladimir Putin": the end of a person's name
            if b.0 == .person { for n in 1..<w.count { nameWordTypes[w.suffix(n).joined(separator: " ")] = .person } }
            // "Magna" for "Magna International Inc": the distinctive first word of an organization's name
            if b.0 == .organization, lexicon.organizationHeads.contains(w.last!), !lexicon.organizationHeads.contains(w[0]),
               !lexicon.firstNames.contains(w[0]), !lexicon.functionWords.contains(w[0]), lexicon.gazetteer[w[0]] == nil, nameWordTypes[w[0]] == nil {
                nameWordTypes[w[0]] = .organization
            }
            // "Guantanamo" for "Guantanamo Bay"
            if b.0 == .place, lexicon.placeHeads.contains(w.last!), nameWordTypes[w[0]] == nil { nameWordTypes[w[0]] = .place }
        }
        // names only the tagger typed: the type most of their mentions got (the first on a tie)
        var votes: [String: [EntityType: Int]] = [:]
        var firstType: [String: EntityType] = [:]
        for m in mentions where m.type != nil && m.kind == .name && m.source == "tagger" {
            let k = Tokenizer.lowercase(m.name)
            votes[k, default: [:]][m.type!, default: 0] += 1
            if firstType[k] == nil { firstType[k] = m.type! }
        }
        for (k, v) in votes where bestType[k] == nil && v.count > 1 {
            let top = v.values.max()!
            let winners = v.filter { $0.value == top }.map(\.key)
            bestType[k] = (winners.count == 1 ? winners[0] : firstType[k]!, 0)
        }
        for mi in mentions.indices where mentions[mi].type != nil && mentions[mi].kind == .name && mentions[mi].canonical == nil {
            let k = Tokenizer.lowercase(mentions[mi].name)
            // (not a place the tagger reads after "in" or "at": "In Milwaukee" is the city where the team plays)
            if let b = bestType[k], !(b.1 == 0 && mentions[mi].source == "tagger" && mentions[mi].type == .place && Coreference.afterLocative(d, mentions[mi])) {
                mentions[mi].type = b.0
            }
            // (a place stays a place: "Wuxi" for "Wuxi Cable Co")
            if mentions[mi].source == "tagger" {
                let words = Coreference.words(k)
                if let t = nameWordTypes[words.joined(separator: " ")], words.count == 1 || t == .person, t != .organization || mentions[mi].type == .person {
                    mentions[mi].type = t
                }
            }
        }
        for mi in mentions.indices {
            // an acronym in parentheses right after a name is that name's alias, whatever its letters
            guard mi > 0, let owner = Coreference.definedAcronym(mentions[mi - 1]), owner == mentions[mi].name, mentions[mi].tokenEnd - mentions[mi].tokenStart == 1,
                  mentions[mi].tokenStart == mentions[mi - 1].tokenEnd + 1, let type = mentions[mi - 1].type else { continue }
            mentions[mi].type = type
            mentions[mi].kind = mentions[mi - 1].kind
            mentions[mi].affiliation = mentions[mi - 1].affiliation
            mentions[mi].canonical = mentions[mi - 1].canonical ?? mentions[mi - 1].name
            mentions[mi].source = "acronym-definition"
        }
        for (mi, m) in mentions.enumerated() where m.type != nil {
            let k = m.kind == .group ? "group\u{1F}" + (m.affiliation ?? m.name) : key(m.type!, m.canonical ?? m.name)
            if let e = byKey[k] { add(mi, to: e) } else { byKey[k] = newEntity(mi) }
        }
        // 3. Shorter names to longer ones of the same type: "Putin" → "Vladimir Putin",
        //    "Central News Agency" → "North Korean Central News Agency", "Kursk" → "Kursk Region".
        var merged = [Int](0..<entities.count)
        func root(_ e: Int) -> Int { var e = e; while merged[e] != e { e = merged[e] }; return e }
        let labelWords = entities.map { Coreference.words($0.label) }
        let types = entities.map(\.type), kinds = entities.map(\.kind)
        let order = entities.indices.sorted { labelWords[$0].count > labelWords[$1].count }
        for e in entities.indices where kinds[e] == .name && !entities[e].canonical {
            let w = labelWords[e]
            for f in order {
                let fw = labelWords[f]
                guard fw.count > w.count else { break } // `order` is by word count, longest first
                guard f != e && types[f] == types[e] && kinds[f] != .group else { continue }
                var match = false
                switch types[e] {
                case .person:
                    match = fw.suffix(w.count).elementsEqual(w)
                case .organization:
                    // a suffix ("Central News Agency"), or a distinctive word of it ("Altria" for "Altria Group")
                    match = fw.suffix(w.count).elementsEqual(w) && w.count >= 2
                        || w.count == 1 && fw.dropLast().contains(w[0]) && !lexicon.organizationHeads.contains(w[0]) && !lexicon.functionWords.contains(w[0])
                        && entities[e].label.unicodeScalars.count > 2
                case .place:
                    match = fw.prefix(w.count).elementsEqual(w) && lexicon.placeHeads.contains(fw.last ?? "")
                default:
                    match = false
                }
                if match { merged[e] = root(f); break }
            }
        }
        // acronyms: an entity named only by an acronym another entity carries
        var acronyms: [String: Int] = [:]
        for e in entities.indices {
            // an upper-case spelling of the label itself ("CHICAGO" for "Chicago") is no acronym
            for a in entities[e].aliases where a.unicodeScalars.allSatisfy({ !$0.properties.isLowercase }) && a.count <= 8 && a != entities[e].label
                && Tokenizer.lowercase(a) != Tokenizer.lowercase(entities[e].label) { acronyms[a] = e }
        }
        for e in entities.indices where merged[e] == e {
            if let f = acronyms[entities[e].label], f != e, root(f) != e { merged[e] = root(f) }
        }
        // fold merged entities
        for e in entities.indices where merged[e] != e {
            let r = root(e)
            for mi in entities[e].mentions { add(mi, to: r) }
            entities[e].mentions = []
        }

        // 4. Unresolved mentions: a surname, a first word of a place name, an acronym, or context.
        var nameIndex: [String: Int] = [:]
        for e in entities.indices where !entities[e].mentions.isEmpty {
            for a in entities[e].aliases { nameIndex[Tokenizer.lowercase(a)] = nameIndex[Tokenizer.lowercase(a)] ?? e }
            nameIndex[Tokenizer.lowercase(entities[e].label)] = e
        }
        var lastWords: [String: Int] = [:]
        var firstWords: [String: Int] = [:]
        for e in entities.indices where !entities[e].mentions.isEmpty {
            let w = Coreference.words(entities[e].label)
            guard w.count >= 2 else { continue }
            if entities[e].type == .person, let l = w.last { lastWords[l] = lastWords[l] ?? e }
            if entities[e].type == .place || entities[e].type == .organization, let f = w.first, lexicon.placeHeads.contains(w.last!) || entities[e].type == .place {
                firstWords[f] = firstWords[f] ?? e
            }
        }
        // headline words: longest known name over consecutive unresolved headline tokens
        var i = 0
        while i < mentions.count {
            guard mentions[i].type == nil else { i += 1; continue }
            // try the longest run of adjacent unresolved mentions in the same sentence
            var j = i
            while j + 1 < mentions.count, mentions[j + 1].type == nil, mentions[j + 1].sentence == mentions[i].sentence,
                  mentions[j + 1].tokenStart == mentions[j].tokenEnd || (mentions[j + 1].tokenStart == mentions[j].tokenEnd + 1 && d.tokens[mentions[j].tokenEnd].text == "-") { j += 1 }
            var resolved = false
            var end = j
            while end >= i && !resolved {
                let r = mentions[i].tokenStart..<mentions[end].tokenEnd
                let name = Tokenizer.lowercase(d.name(tokens: r))
                if let e = nameIndex[name] ?? (end == i ? lastWords[name] ?? firstWords[name] : nil) {
                    var m = mentions[i]
                    m.tokenEnd = r.upperBound
                    m.end = d.tokens[r.upperBound - 1].end
                    m.name = d.name(tokens: r)
                    m.type = entities[e].type
                    m.source = "coreference"
                    mentions[i] = m
                    for k in (i + 1)..<(end + 1) { mentions[k].source = "absorbed" }
                    add(i, to: e)
                    resolved = true
                    i = end + 1
                }
                end -= 1
            }
            if !resolved {
                // context: after a locative preposition, a place
                if let t = mentions[i].fallbackType {
                    // a name the tagger typed in a title-case line that no other mention explains
                    mentions[i].type = t
                    mentions[i].source = "tagger"
                    mentions[i].confidence = 0.6
                    let k = key(t, mentions[i].name)
                    if let e = byKey[k] { add(i, to: e) } else { byKey[k] = newEntity(i) }
                } else if mentions[i].source == "locative" || mentions[i].source == "prefix" {
                    mentions[i].type = .place
                    mentions[i].confidence = 0.5
                    let k = key(.place, mentions[i].name)
                    if let e = byKey[k] { add(i, to: e) } else { byKey[k] = newEntity(i) }
                }
                i += 1
            }
        }
        // 5. Drop what stayed unresolved or empty; renumber.
        var keep: [Int] = []
        var newIndex = [Int](repeating: -1, count: mentions.count)
        for mi in mentions.indices where entityOf[mi] >= 0 && mentions[mi].type != nil && mentions[mi].source != "absorbed" {
            newIndex[mi] = keep.count
            keep.append(mi)
        }
        var finalEntities: [DocumentEntity] = []
        var entityMap = [Int](repeating: -1, count: entities.count)
        for e in entities.indices where !entities[e].mentions.isEmpty {
            var ent = entities[e]
            ent.mentions = ent.mentions.compactMap { newIndex[$0] >= 0 ? newIndex[$0] : nil }.sorted()
            guard !ent.mentions.isEmpty else { continue }
            // the fullest name: most words, then earliest
            if !ent.canonical {
                let names = ent.mentions.map { mentions[keep[$0]].name }
                if ent.kind == .group {
                    ent.label = Coreference.stripArticle(names[0])
                } else {
                    // the first of the names with the most words
                    let counts = names.map(Coreference.wordCount)
                    ent.label = names[counts.firstIndex(of: counts.max()!)!]
                }
            }
            ent.aliases = Set(ent.aliases.filter { $0 != ent.label })
            entityMap[e] = finalEntities.count
            finalEntities.append(ent)
        }
        let keptMentions = keep.map { mentions[$0] }
        let keptEntityOf = keep.map { entityMap[entityOf[$0]] }
        return (keptMentions, finalEntities, keptEntityOf)
    }

    /// The acronym in parentheses after a mention, if it abbreviates the mention: a name of several words,
    /// whatever the letters ("… News Agency (KCNA)"), or one word it starts ("Interpol (INTERPOL)");
    /// "Rwanda (RDR)" names something else.
    static func definedAcronym(_ m: EntityMention) -> String? {
        guard let a = m.acronym else { return nil }
        return m.tokenEnd - m.tokenStart > 1 || Tokenizer.lowercase(m.name).hasPrefix(Tokenizer.lowercase(a)) ? a : nil
    }

    /// Whether a mention follows a locative preposition ("in", "at", "near" …), not one of ownership
    /// ("shares in", "a stake in").
    static func afterLocative(_ d: AnalyzedDocument, _ m: EntityMention) -> Bool {
        let p = m.tokenStart - 1
        guard p >= d.sentences[m.sentence].tokenStart, EntityRecognizer.locativePrepositions.contains(d.tokens[p].lower) else { return false }
        return p == d.sentences[m.sentence].tokenStart || !ownershipNouns.contains(d.tokens[p - 1].lower)
    }

    static let ownershipNouns: Set<String> = ["shares", "share", "stake", "stakes", "holding", "holdings", "interest", "interests", "investment", "investments", "invest", "invested", "investing"]

    static func stripArticle(_ s: String) -> String {
        for a in ["the ", "The ", "a ", "A "] where s.hasPrefix(a) { return String(s.dropFirst(a.count)) }
        return s
    }
}
