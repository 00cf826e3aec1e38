import KGCore

/// A relation found in one sentence, between two document entities (or a new Event).
public struct FoundRelation: Sendable, Hashable {
    public var subject: Int
    public var predicate: Predicate
    /// The object entity; for announcements, the index of an entity added for the announced Event.
    public var object: Int
    public var sentence: Int
    /// Tokens of the trigger.
    public var triggerStart: Int
    public var triggerEnd: Int
    public var confidence: Double
}

/// Finds statement, honors and announcement relations from the triggers in `relation_triggers.tsv`.
///
/// The subject of a verb is the clause's agent: the nearest entity before the trigger that is not inside a
/// prepositional phrase, parentheses or a possessive modifier (or, in `"…," said X`, the entity after it).
/// Passive triggers (`was praised`, `as highlighted by`) give no relation. See the file header of
/// `relation_triggers.tsv` for what each kind of trigger takes as its object.
public struct RelationExtractor: Sendable {
    public var lexicon: Lexicon
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    static let prepositions: Set<String> = ["to", "of", "for", "with", "from", "by", "about", "at", "in", "on", "against", "toward", "towards", "between", "among", "including", "into", "over", "under", "than", "like", "after", "before", "during", "via", "within", "through", "across", "behind", "beyond", "near"]
    static let passiveMarkers: Set<String> = ["was", "were", "is", "are", "been", "being", "be", "as", "get", "got"]
    static let determiners: Set<String> = ["the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those", "new"]
    static let quotes: Set<String> = ["\"", "'", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{AB}", "\u{BB}"]
    static let clauseEnds: Set<String> = [";", ":", ".", "!", "?"]
    static let pronouns: Set<String> = ["he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there"]
    /// Words between a subject and its verb: "X had said", "X also told".
    static let auxiliaries: Set<String> = ["had", "has", "have", "also", "then", "later", "previously", "already", "once", "repeatedly", "reportedly",
                                           "would", "will", "not", "never", "publicly", "recently", "further", "specifically", "again", "today", "yesterday"]

    struct Context {
        let d: AnalyzedDocument
        let mentions: [EntityMention]
        var entities: [DocumentEntity]
        let entityOf: [Int]
        /// Mention index at each token (-1: none).
        var mentionAt: [Int]
    }

    /// Relations of a document; announced Events are appended to `entities` (with their mentions to `mentions`).
    public func extract(_ d: AnalyzedDocument, mentions: inout [EntityMention], entities: inout [DocumentEntity], entityOf: inout [Int]) -> [FoundRelation] {
        var mentionAt = [Int](repeating: -1, count: d.tokens.count)
        for (mi, m) in mentions.enumerated() { for t in m.tokenStart..<m.tokenEnd { mentionAt[t] = mi } }
        var ctx = Context(d: d, mentions: mentions, entities: entities, entityOf: entityOf, mentionAt: mentionAt)
        var out: [FoundRelation] = []
        var newMentions: [EntityMention] = []
        var newEntityOf: [Int] = []
        for (si, s) in d.sentences.enumerated() {
            var i = s.tokenStart
            var speechVerbs = 0
            var found: [(TriggerPattern, Int, Int)] = []
            while i < s.tokenEnd {
                if let (t, end) = matchTrigger(d, at: i, limit: s.tokenEnd) {
                    found.append((t, i, end))
                    if t.kind == .verb && t.predicate == .statement { speechVerbs += 1 }
                    i = end
                } else { i += 1 }
            }
            for (fi, (t, a, b)) in found.enumerated() {
                let nextTrigger = fi + 1 < found.count ? found[fi + 1] : nil
                switch t.kind {
                case .verb:
                    if a > s.tokenStart, RelationExtractor.passiveMarkers.contains(d.tokens[a - 1].lower) { continue }
                    // '"…," said X at Y': the speaker follows, what is spoken about is in the quote
                    var q = a - 1
                    while q > s.tokenStart, RelationExtractor.auxiliaries.contains(d.tokens[q].lower) { q -= 1 }
                    if t.predicate == .statement, q > s.tokenStart, RelationExtractor.quotes.contains(d.tokens[q].text)
                        || d.tokens[q].text == "," && RelationExtractor.quotes.contains(d.tokens[q - 1].text) {
                        // the person among the words after the verb ("said RCA spokeswoman Sue Bradburn"), else the first name
                        let after = (b..<min(b + 6, s.tokenEnd)).compactMap { ctx.mentionAt[$0] >= 0 ? ctx.mentionAt[$0] : nil }
                        if let sm = after.first(where: { ctx.entities[ctx.entityOf[$0]].type == .person }) ?? after.first, isAgentType(ctx.entities[ctx.entityOf[sm]].type),
                           let obj = firstEntity(ctx, from: s.tokenStart, to: q, excluding: ctx.entityOf[sm]) {
                            out.append(FoundRelation(subject: ctx.entityOf[sm], predicate: t.predicate, object: obj, sentence: si, triggerStart: a, triggerEnd: b, confidence: t.confidence))
                        }
                        continue
                    }
                    guard let subj = agent(ctx, si, before: a, after: b) else { continue }
                    let limit = nextTrigger.map { $0.1 } ?? s.tokenEnd
                    if let nt = nextTrigger, nt.0.kind == .chain, t.predicate == .statement {
                        if let obj = firstEntity(ctx, from: nt.2, to: s.tokenEnd, excluding: subj) {
                            out.append(FoundRelation(subject: subj, predicate: nt.0.predicate, object: obj, sentence: si, triggerStart: nt.1, triggerEnd: nt.2, confidence: nt.0.confidence))
                        }
                        continue
                    }
                    var obj = firstEntity(ctx, from: b, to: limit, excluding: subj)
                    // '"…," X said': the entity spoken about is in the quote before
                    if obj == nil, t.predicate == .statement, a > s.tokenStart, RelationExtractor.quotes.contains(d.tokens[s.tokenStart].text) {
                        obj = firstEntity(ctx, from: s.tokenStart, to: a, excluding: subj)
                    }
                    if let obj { out.append(FoundRelation(subject: subj, predicate: t.predicate, object: obj, sentence: si, triggerStart: a, triggerEnd: b, confidence: t.confidence)) }
                case .chain:
                    continue
                case .according:
                    guard speechVerbs == 0, let sm = mentionAfter(ctx, b, limit: min(b + 6, s.tokenEnd)),
                          d.tokens[b..<ctx.mentions[sm].tokenStart].allSatisfy({ RelationExtractor.determiners.contains($0.lower) || lexicon.titles[[$0.lower]] != nil || $0.isCapitalized })
                    else { continue }
                    let subj = ctx.entityOf[sm]
                    guard isAgentType(ctx.entities[subj].type) else { continue }
                    if let obj = firstEntity(ctx, from: ctx.mentions[sm].tokenEnd, to: s.tokenEnd, excluding: subj) {
                        out.append(FoundRelation(subject: subj, predicate: t.predicate, object: obj, sentence: si, triggerStart: a, triggerEnd: b, confidence: t.confidence))
                    }
                case .noun:
                    guard let om = mentionAfter(ctx, b, limit: min(b + 6, s.tokenEnd)) else { continue }
                    let obj = ctx.entityOf[om]
                    let subj = possessor(ctx, si, before: a) ?? agent(ctx, si, before: a, after: b, excluding: obj, anywhere: true)
                    if let subj, subj != obj { out.append(FoundRelation(subject: subj, predicate: t.predicate, object: obj, sentence: si, triggerStart: a, triggerEnd: b, confidence: t.confidence)) }
                case .dedicated:
                    guard let om = mentionAfter(ctx, b, limit: min(b + 6, s.tokenEnd)) else { continue }
                    let obj = ctx.entityOf[om]
                    if let subj = agent(ctx, si, before: a, after: b, excluding: obj) {
                        out.append(FoundRelation(subject: subj, predicate: t.predicate, object: obj, sentence: si, triggerStart: a, triggerEnd: b, confidence: t.confidence))
                    } else if let (range, name) = dedicatedThing(d, before: a, lo: s.tokenStart, object: ctx.mentions[om]) {
                        let ev = addEvent(&ctx, &newMentions, &newEntityOf, range: range, name: name, sentence: si)
                        out.append(FoundRelation(subject: ev, predicate: t.predicate, object: obj, sentence: si, triggerStart: a, triggerEnd: b, confidence: t.confidence * 0.9))
                    }
                case .announce:
                    if a > s.tokenStart, RelationExtractor.passiveMarkers.contains(d.tokens[a - 1].lower) { continue }
                    guard let subj = agent(ctx, si, before: a, after: b) else { continue }
                    let endsWithTo = t.pattern.last == "to" || t.pattern.last == "for"
                    guard let (range, name) = announcedThing(ctx, from: b, limit: s.tokenEnd, skipVerb: endsWithTo) else { continue }
                    let ev = addEvent(&ctx, &newMentions, &newEntityOf, range: range, name: name, sentence: si)
                    out.append(FoundRelation(subject: subj, predicate: t.predicate, object: ev, sentence: si, triggerStart: a, triggerEnd: b, confidence: t.confidence))
                }
            }
        }
        mentions.append(contentsOf: newMentions)
        entityOf.append(contentsOf: newEntityOf)
        entities = ctx.entities
        return out
    }

    static func isDash(_ t: Token) -> Bool {
        (t.text == "-" && t.spaceBefore) || t.text == "\u{2014}" || t.text == "\u{2013}"
    }

    func isAgentType(_ t: EntityType) -> Bool { t == .person || t == .organization || t == .place }

    /// The longest trigger pattern at token `i`: (pattern, end token).
    func matchTrigger(_ d: AnalyzedDocument, at i: Int, limit: Int) -> (TriggerPattern, Int)? {
        guard lexicon.mayStartTrigger(d.tokens[i].lower), let cands = lexicon.triggersByFirst[d.tokens[i].lower] else { return nil }
        for t in cands {
            var k = i
            var ok = true
            var p = 0
            while p < t.pattern.count {
                let w = t.pattern[p]
                if w == "*" {
                    // up to three tokens, then the next pattern word
                    guard p + 1 < t.pattern.count else { break }
                    let next = t.pattern[p + 1]
                    var found = false
                    for skip in 0...3 where k + skip < limit && d.tokens[k + skip].lower == next {
                        k += skip + 1
                        found = true
                        break
                    }
                    if !found { ok = false; break }
                    p += 2
                    continue
                }
                guard k < limit, d.tokens[k].lower == w else { ok = false; break }
                k += 1
                p += 1
            }
            if ok { return (t, k) }
        }
        return nil
    }

    /// Whether mention `mi` sits in a prepositional phrase, parentheses or is a possessive modifier.
    func isOblique(_ ctx: Context, _ mi: Int, lo: Int) -> Bool {
        let d = ctx.d
        let m = ctx.mentions[mi]
        if m.tokenStart > lo && d.tokens[m.tokenStart - 1].text == "(" { return true }
        // walk back over modifiers: determiners, adjectives joined by hyphens, possessives, other names, roles
        var k = m.tokenStart - 1
        var steps = 0
        while k >= lo && steps < 8 {
            let t = d.tokens[k]
            if RelationExtractor.prepositions.contains(t.lower) { return true }
            if RelationExtractor.determiners.contains(t.lower) || t.text == "'s" || t.text == "-" || RelationExtractor.quotes.contains(t.text)
                || ctx.mentionAt[k] >= 0 || t.isCapitalized && t.kind == .word && k != lo
                || lexicon.titles[[t.lower]] != nil || (k > lo && d.tokens[k - 1].text == "-" && !t.spaceBefore) || t.text.contains("-") && t.kind == .word {
                k -= 1; steps += 1; continue
            }
            // a lower-case word: an adjective or the verb; stop
            if k > lo, !t.spaceBefore == false, t.lower.hasSuffix("ed") == false, d.tokens[k - 1].text == "-" { k -= 1; continue }
            break
        }
        return false
    }

    /// The clause's agent for a trigger at `[a, b)`.
    func agent(_ ctx: Context, _ si: Int, before a: Int, after b: Int, excluding: Int? = nil, anywhere: Bool = false) -> Int? {
        let s = ctx.d.sentences[si]
        let d = ctx.d
        // "he said": the one person of the sentence so far and the two before, if there is exactly one
        var k = a - 1
        while k > s.tokenStart, RelationExtractor.auxiliaries.contains(d.tokens[k].lower) { k -= 1 }
        if k >= s.tokenStart, ["he", "she", "it", "they", "we", "i"].contains(d.tokens[k].lower) {
            guard ["he", "she"].contains(d.tokens[k].lower) else { return nil }
            var people = Set<Int>()
            let from = d.sentences[max(0, si - 2)].tokenStart
            var insideQuote = false
            for j in from..<k {
                if d.tokens[j].text == "\u{201C}" || d.tokens[j].text == "\"" { insideQuote.toggle() }
                if d.tokens[j].text == "\u{201D}" { insideQuote = false }
                let mi = ctx.mentionAt[j]
                if mi >= 0, ctx.entities[ctx.entityOf[mi]].type == .person, !(insideQuote && j >= s.tokenStart) { people.insert(ctx.entityOf[mi]) }
            }
            people.remove(excluding ?? -1)
            return people.count == 1 ? people.first : nil
        }
        // an inverted quote: '"…," said X' / '"…," X said'
        let afterQuote = k >= s.tokenStart && (RelationExtractor.quotes.contains(d.tokens[k].text)
            || d.tokens[k].text == "," && k > s.tokenStart && RelationExtractor.quotes.contains(d.tokens[k - 1].text))
        if afterQuote, let mi = mentionAfter(ctx, b, limit: min(b + 4, s.tokenEnd)) {
            let e = ctx.entityOf[mi]
            if isAgentType(ctx.entities[e].type) && e != excluding { return e }
        }
        // "X, the party's spokesman, said" / "X, 32, from Leeds, said": the name before a chain of appositions
        if k > s.tokenStart, d.tokens[k].text == "," {
            var commas: [Int] = [k]
            var j = k - 1
            while j >= s.tokenStart && k - j < 30 {
                if d.tokens[j].text == "," { commas.append(j) }
                if ctx.mentionAt[j] < 0 && lexicon.triggersByFirst[d.tokens[j].lower] != nil { break }
                j -= 1
            }
            var best: Int? = nil
            for c in commas where c > s.tokenStart {
                let mi = ctx.mentionAt[c - 1]
                guard mi >= 0, ctx.mentions[mi].tokenEnd == c else { continue }
                let e = ctx.entityOf[mi]
                guard e != excluding, ctx.entities[e].type == .person || ctx.entities[e].type == .organization, !isOblique(ctx, mi, lo: s.tokenStart) else { continue }
                if let b = best, ctx.entities[b].type == .person && ctx.entities[e].type != .person { continue }
                best = e
            }
            if let best, commas.count >= 2 { return best }
        }
        var possessiveSkip = false
        while k >= s.tokenStart {
            let mi = ctx.mentionAt[k]
            if mi >= 0 {
                let m = ctx.mentions[mi]
                let e = ctx.entityOf[mi]
                defer { k = m.tokenStart - 1 }
                // a possessive modifier of a following entity ("North Korea's … Agency") is not the agent
                let possessive = m.tokenEnd < d.tokens.count && d.tokens[m.tokenEnd].text == "'s"
                if possessive && possessiveSkip { continue }
                // a modifier of a role noun is not the agent ("a Foreign Office spokesman said")
                if m.tokenEnd < a, let (kind, _) = lexicon.titleMatch(d.tokens, at: m.tokenEnd, limit: a), kind == "role", !d.tokens[m.tokenEnd].isCapitalized { continue }
                if m.tokenEnd + 1 < a, RelationExtractor.quotes.contains(d.tokens[m.tokenEnd].text) == false, d.tokens[m.tokenEnd].kind == .word, !d.tokens[m.tokenEnd].isCapitalized,
                   lexicon.groupNouns.contains([d.tokens[m.tokenEnd].lower]) { continue }
                if isAgentType(ctx.entities[e].type) && e != excluding && !isOblique(ctx, mi, lo: s.tokenStart) {
                    if ctx.entities[e].kind == .group && m.tokenEnd < a - 8 { continue }
                    return e
                }
                possessiveSkip = false
                continue
            }
            if d.tokens[k].text == ")" { possessiveSkip = true }
            // "X - who … - said": skip a parenthetical between dashes
            if RelationExtractor.isDash(d.tokens[k]), let open = (s.tokenStart..<k).last(where: { RelationExtractor.isDash(d.tokens[$0]) }) {
                k = open - 1
                continue
            }
            k -= 1
        }
        guard anywhere else { return nil }
        // after the trigger: "In a message to X, Y lauded …"
        var j = b
        while j < s.tokenEnd {
            let mi = ctx.mentionAt[j]
            if mi >= 0 {
                let e = ctx.entityOf[mi]
                if isAgentType(ctx.entities[e].type) && e != excluding && !isOblique(ctx, mi, lo: s.tokenStart) && ctx.entities[e].type == .person { return e }
                j = ctx.mentions[mi].tokenEnd
                continue
            }
            j += 1
        }
        return nil
    }

    /// "X's message": the possessor of a noun trigger.
    func possessor(_ ctx: Context, _ si: Int, before a: Int) -> Int? {
        let lo = ctx.d.sentences[si].tokenStart
        var k = a - 1
        var steps = 0
        while k > lo && steps < 5 {
            if ctx.d.tokens[k].text == "'s", ctx.mentionAt[k - 1] >= 0 {
                let e = ctx.entityOf[ctx.mentionAt[k - 1]]
                return isAgentType(ctx.entities[e].type) ? e : nil
            }
            k -= 1; steps += 1
        }
        return nil
    }

    /// The first mention starting in `[from, limit)`.
    func mentionAfter(_ ctx: Context, _ from: Int, limit: Int) -> Int? {
        var j = from
        while j < limit {
            if ctx.mentionAt[j] >= 0 { return ctx.mentionAt[j] }
            j += 1
        }
        return nil
    }

    /// The first named entity in `[from, to)`, not `excluding`, not an acronym in parentheses, stopping at a clause end.
    func firstEntity(_ ctx: Context, from: Int, to: Int, excluding: Int) -> Int? {
        var j = from
        while j < to {
            let t = ctx.d.tokens[j]
            if t.text == ";" { return nil }
            let mi = ctx.mentionAt[j]
            if mi >= 0 {
                let e = ctx.entityOf[mi]
                let inParens = j > 0 && ctx.d.tokens[j - 1].text == "("
                let end = ctx.mentions[mi].tokenEnd
                // "Japan's Yamanouchi Pharmaceutical": the possessor modifies the entity spoken about
                let modifiesNext = end + 1 < to && ctx.d.tokens[end].text == "'s" && ctx.mentionAt[end + 1] >= 0
                if e != excluding && !inParens && !modifiesNext { return e }
                j = ctx.mentions[mi].tokenEnd
                continue
            }
            j += 1
        }
        return nil
    }

    /// Adds an Event entity (or finds the one of the same name) and a mention of it.
    func addEvent(_ ctx: inout Context, _ newMentions: inout [EntityMention], _ newEntityOf: inout [Int], range: Range<Int>, name: String, sentence: Int) -> Int {
        let d = ctx.d
        var m = EntityMention(tokenStart: range.lowerBound, tokenEnd: range.upperBound, start: d.tokens[range.lowerBound].start, end: d.tokens[range.upperBound - 1].end,
                              type: .event, name: name, sentence: sentence)
        m.source = "relation"
        m.confidence = 0.75
        let e: Int
        if let existing = ctx.entities.firstIndex(where: { $0.type == .event && Tokenizer.lowercase($0.label) == Tokenizer.lowercase(name) }) {
            e = existing
        } else {
            var ent = DocumentEntity(type: .event, label: name)
            ent.confidence = 0.75
            ctx.entities.append(ent)
            e = ctx.entities.count - 1
        }
        let mi = ctx.mentions.count + newMentions.count
        ctx.entities[e].mentions.append(mi)
        newMentions.append(m)
        newEntityOf.append(e)
        return e
    }

    /// The name of an announced thing: the noun phrase after the trigger, with one prepositional phrase
    /// (`to`, `of`, `for`) and dedications rewritten as `to` ("a monument commemorating X" → "monument to X").
    func announcedThing(_ ctx: Context, from b: Int, limit: Int, skipVerb: Bool) -> (Range<Int>, String)? {
        let d = ctx.d
        let toks = d.tokens
        var k = b
        // time phrases: "on Friday", "last week", "yesterday"
        while k < limit, ["on", "last", "this", "yesterday", "today", "earlier", "recently", "officially", "formally"].contains(toks[k].lower) {
            if toks[k].lower == "on" || toks[k].lower == "last" || toks[k].lower == "this" { k += 2 } else { k += 1 }
        }
        if k < limit, toks[k].lower == "that" {
            // "announced that it will build a bridge": skip to after a modal and the verb
            var found = false
            var j = k + 1
            while j < min(limit, k + 10) {
                for mdl in lexicon.modals where j + mdl.count <= limit && toks[j..<(j + mdl.count)].map(\.lower) == mdl {
                    k = j + mdl.count + 1
                    found = true
                    break
                }
                if found { break }
                j += 1
            }
            if !found { return nil }
        } else if skipVerb {
            k += 1 // the verb after "plans to"
            if k < limit, ["up", "out"].contains(toks[k].lower) { k += 1 }
        }
        while k < limit, RelationExtractor.determiners.contains(toks[k].lower) || RelationExtractor.quotes.contains(toks[k].text) || toks[k].lower == "own" { k += 1 }
        guard k < limit, toks[k].kind == .word, !RelationExtractor.pronouns.contains(toks[k].lower), !RelationExtractor.prepositions.contains(toks[k].lower), !lexicon.nameStops.contains(toks[k].lower) else { return nil }
        if ctx.mentionAt[k] >= 0, let t = Optional(ctx.entities[ctx.entityOf[ctx.mentionAt[k]]].type), t == .person || t == .place { return nil }
        var words: [String] = []
        let start = k
        var end = k
        var sawPreposition = false
        var afterPrepositionWords = 0
        while k < limit && words.count < 10 {
            let t = toks[k]
            if RelationExtractor.quotes.contains(t.text) { k += 1; continue }
            if t.kind != .word && t.kind != .number && t.text != "-" { break }
            // a dedication participle becomes "to"
            if !sawPreposition, let ded = lexicon.dedications.first(where: { k + $0.count <= limit && toks[k..<(k + $0.count)].map(\.lower) == $0 }) {
                words.append("to"); sawPreposition = true; k += ded.count; continue
            }
            if RelationExtractor.prepositions.contains(t.lower) || lexicon.nameStops.contains(t.lower) {
                if !sawPreposition && ["to", "of", "for", "on"].contains(t.lower) && !words.isEmpty {
                    words.append(t.lower); sawPreposition = true; k += 1; continue
                }
                break
            }
            // a participle after the head starts a new clause ("the project bringing together …")
            if !words.isEmpty, !sawPreposition, t.lower.hasSuffix("ing"), !t.isCapitalized { break }
            if sawPreposition { afterPrepositionWords += 1 }
            if t.text == "-" { if let l = words.popLast() { words.append(l + "-") }; k += 1; continue }
            if let l = words.last, l.hasSuffix("-") { words[words.count - 1] = l + t.text } else { words.append(t.text) }
            end = k + 1
            k += 1
        }
        // drop a dangling preposition ("plan for") or adverb ("too")
        while let l = words.last, ["to", "of", "for", "on", "the", "a", "too", "also", "again", "yet", "now"].contains(l) { words.removeLast() }
        guard !words.isEmpty, end > start else { return nil }
        return (start..<end, words.joined(separator: " "))
    }

    /// "a song dedicated to X" when no agent: the thing dedicated, named "song dedicated to X".
    func dedicatedThing(_ d: AnalyzedDocument, before a: Int, lo: Int, object: EntityMention) -> (Range<Int>, String)? {
        guard a > lo, d.tokens[a - 1].kind == .word, !d.tokens[a - 1].isCapitalized else { return nil }
        let head = a - 1
        let name = d.tokens[head].text + " " + d.name(tokens: a..<object.tokenEnd)
        return (head..<object.tokenEnd, name)
    }
}
