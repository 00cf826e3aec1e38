import Foundation
import KGCore

/// One place where an entity is named, before coreference.
public struct EntityMention: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// A proper name.
        case name
        /// A group named by a demonym and a collective noun ("North Korean troops").
        case group
        /// A lower-case name defined by an acronym ("special military operation (SMO)").
        case defined
    }
    /// Tokens `[tokenStart, tokenEnd)`.
    public var tokenStart: Int
    public var tokenEnd: Int
    /// `[start, end)` in code points.
    public var start: Int
    public var end: Int
    /// nil while unresolved (a lone capitalized word that coreference or context may still type).
    public var type: EntityType?
    /// The name as normalized (`North Korea's` → `North Korea`).
    public var name: String
    /// The gazetteer's canonical name, if any.
    public var canonical: String?
    /// A title or role written with the name ("President", "leader").
    public var role: String?
    /// The country or organization the name's modifiers tie it to ("Russian President …" → Russia).
    public var affiliation: String?
    public var kind: Kind = .name
    /// An acronym written in parentheses right after the mention.
    public var acronym: String?
    public var sentence: Int
    public var confidence: Double = 0.9
    /// How the mention was found: `gazetteer`, `rule`, `tagger`, `coreference`.
    public var source: String = "rule"
    /// The type to give the mention if it stays unresolved (the tagger's, in a title-case line).
    public var fallbackType: EntityType? = nil
}

/// A source of typed spans over a sentence's tokens, such as a learned sequence tagger.
///
/// The recognizer combines its spans with the lexicons and rules: lexicon knowledge and strong rules
/// (titles, heads) win; the source decides what the rules leave open (unknown capitalized words).
public protocol MentionSource: Sendable {
    /// Typed spans (`[start, end)` token indices within each sentence) of one document's sentences.
    func spans(sentences: [[String]]) -> [[(range: Range<Int>, type: EntityType)]]
}

/// Finds Person, Place, Organization and Event mentions with lexicons, capitalization and context rules,
/// and an optional `MentionSource`.
public struct EntityRecognizer: Sendable {
    public var lexicon: Lexicon
    public var source: (any MentionSource)?
    /// The type a `MentionSource` gives a name that is no Person, Place, Organization or Event.
    public static let misc = EntityType("MISC")
    static let debugMentions = ProcessInfo.processInfo.environment["KG_DEBUG_MENTIONS"] == "1"
    static let taggerOnly = ProcessInfo.processInfo.environment["KG_DEBUG_TAGGER_ONLY"] == "1"
    /// KG_DEBUG_TOKENS=1 prints each sentence's tokens (as the tagger sees them) to standard error.
    static let debugTokens = ProcessInfo.processInfo.environment["KG_DEBUG_TOKENS"] == "1"

    public init(lexicon: Lexicon, source: (any MentionSource)? = nil) {
        self.lexicon = lexicon
        self.source = source
    }

    static let connectors: Set<String> = ["of", "de", "del", "della", "da", "do", "dos", "van", "von", "der", "den", "le", "la", "al", "bin", "ibn", "&", "du", "y", "for"]
    static let locativePrepositions: Set<String> = ["in", "at", "near", "from", "across", "into", "outside", "inside", "throughout", "towards", "toward", "around"]
    static let openQuotes: Set<String> = ["\"", "'", "\u{201C}", "\u{2018}", "(", "[", "\u{AB}"]

    /// Whether token `i` can be part of a name: a capitalized word (all-capital words always), not a
    /// function word; at the start of a name, not a word like `Muslim` either.
    func isNameToken(_ d: AnalyzedDocument, _ i: Int, start: Bool) -> Bool {
        let t = d.tokens[i]
        guard t.kind == .word, t.isCapitalized else { return false }
        // in capitals, a function word is no name unless it is one ("WITH", "IN"; but "US")
        if t.isAllCaps && t.text.count >= 2 { return !lexicon.functionWords.contains(t.lower) || lexicon.gazetteer[t.lower] != nil }
        let bare = t.lower.hasSuffix(".") ? String(t.lower.dropLast()) : t.lower
        if lexicon.functionWords.contains(t.lower) || lexicon.functionWords.contains(bare) { return false }
        if start && lexicon.miscWords.contains(t.lower) { return false }
        return true
    }

    /// Mentions of one document, sorted by position; `unresolved` ones have `type == nil`.
    public func recognize(_ d: AnalyzedDocument) -> [EntityMention] {
        var out: [EntityMention] = []
        let allTagged = source?.spans(sentences: d.sentences.map { d.tokens[$0.tokenRange].map(\.text) })
        if EntityRecognizer.debugTokens { for s in d.sentences { FileHandle.standardError.write(Data((d.tokens[s.tokenRange].map(\.text).joined(separator: " ") + "\n").utf8)) } }
        for (si, s) in d.sentences.enumerated() {
            var tagged: [(range: Range<Int>, type: EntityType)] = []
            if let allTagged, si < allTagged.count {
                tagged = allTagged[si].map { (($0.range.lowerBound + s.tokenStart)..<($0.range.upperBound + s.tokenStart), $0.type) }
            }
            if EntityRecognizer.taggerOnly {
                for t in tagged where t.type != EntityRecognizer.misc { var m = makeMention(d, t.range, t.type, sentence: si); m.source = "tagger"; out.append(m) }
                continue
            }
            if source == nil {
                recognizeSentence(d, si, tagged: tagged, into: &out)
            } else {
                var ruled: [EntityMention] = []
                recognizeSentence(d, si, tagged: tagged, into: &ruled)
                let c = combine(d, si, ruled: ruled, tagged: tagged)
                if EntityRecognizer.debugMentions {
                    FileHandle.standardError.write(Data("S\(si) tagged=\(tagged.map { "\(d.name(tokens: $0.range))/\($0.type.rawValue)" }) ruled=\(ruled.map { "\($0.name)/\($0.type?.rawValue ?? "nil")/\($0.source)" }) out=\(c.map { "\($0.name)/\($0.type?.rawValue ?? "nil")/\($0.source)" })\n".utf8))
                }
                out.append(contentsOf: c)
            }
        }
        // a name in an eponymous common noun is no entity ("Alzheimer's disease"), with or without the tagger
        return EntityRecognizer.taggerOnly ? out : out.filter { !isEponym(d, $0.tokenEnd) }
    }

    /// Whether a rule mention rests on lexicon knowledge or a strong cue (a title, a head word, an acronym
    /// definition, a demonym group, a work noun), rather than on a default.
    func isStrong(_ m: EntityMention) -> Bool {
        m.kind != .name || m.type == .event || ["title", "head", "gazetteer", "work", "first-name"].contains(m.source)
    }

    /// Combines rule mentions with the tagger's spans for one sentence: strong rule mentions win over the
    /// spans they overlap (but a gazetteer name inside a longer tagged name gives way to it); weak ones
    /// give way to any span; spans nobody contradicts are kept. In a title-case headline the tagger's
    /// spans are left for coreference to type.
    func combine(_ d: AnalyzedDocument, _ si: Int, ruled: [EntityMention], tagged: [(range: Range<Int>, type: EntityType)]) -> [EntityMention] {
        let spans = tagged.filter { $0.type != EntityRecognizer.misc }
        var taken = [Bool](repeating: false, count: spans.count)
        var out: [EntityMention] = []
        let titleCaseHeadline = d.isHeadline[si] && !isAllCapitals(d, si)
        for m in ruled {
            let r = m.tokenStart..<m.tokenEnd
            let over = spans.indices.filter { spans[$0].range.overlaps(r) }
            if over.isEmpty {
                // the tagger calls it MISC: only events, groups, acronym definitions and titled people stand
                // (a titled person stands, unless the tagger reads a capitalized title and the whole name as one
                // other name: "Singer World Series" is no singer)
                if tagged.contains(where: { $0.type == EntityRecognizer.misc && $0.range.overlaps(r) }), m.type != nil || !isParenthesizedAcronym(d, m.tokenStart),
                   m.type != .event && m.kind == .name && m.source != "head"
                   && (m.source != "title" || titleCapitalized(d, m) && tagged.contains { $0.type == EntityRecognizer.misc && $0.range.lowerBound < r.lowerBound && $0.range.upperBound >= r.upperBound }) { continue }
                // in an all-capital line capitals mark no name: a titled person needs the tagger ("MAJOR LEAGUE STANDINGS")
                if m.source == "title", titleCapitalized(d, m), isAllCapitals(d, si) { continue }
                // the tagger sees no name here: a name typed only by a default rule goes
                if m.type != nil && !isStrong(m) && m.source != "tagger" { continue }
                // nor does a word after a preposition or before a title become a place by default then
                var m = m
                if m.type == nil && (m.source == "locative" || m.source == "prefix") { m.source = "rule" }
                // outside headlines an untyped word the tagger leaves out is no name to resolve ("N / A"),
                // unless it is an acronym in parentheses, which coreference gives the type of the name before
                if m.type == nil && !d.isHeadline[si] && m.tokenEnd - m.tokenStart == 1 && !isParenthesizedAcronym(d, m.tokenStart) { continue }
                out.append(m)
                continue
            }
            if m.type == nil || !isStrong(m) { continue }
            // the same span typed otherwise by the tagger: its reading of the context wins ("Kent" the team),
            // except for titled people, events, groups and definitions
            if let k = over.first(where: { spans[$0].range == r }), over.count == 1, spans[k].type != m.type,
               m.type != .event, m.kind == .name, m.source != "title", m.source != "head" {
                continue
            }
            if m.source == "title", m.kind == .name, r.lowerBound > d.sentences[si].tokenStart {
                let tt = r.lowerBound - 1
                // the tagger reads the title word as part of another name: "Major League Baseball", "Singer World Series"
                if tagged.contains(where: { $0.type != .person && $0.range.contains(tt) && $0.range.overlaps(r) }) { continue }
                // in an all-capital line capitals mark no name: the tagger's spans decide ("PRINCE NASEEM RETAINS …")
                if d.tokens[tt].isAllCaps, d.tokens[tt].text.count >= 2, !over.isEmpty, !over.contains(where: { spans[$0].range == r }) { continue }
            }
            // a role word in an all-capital line, before a name the tagger reads as a team or a place:
            // "BARATELLI TO COACH NICE" (capitals say nothing there)
            if m.source == "title", m.kind == .name, r.lowerBound > d.sentences[si].tokenStart,
               let k = over.first(where: { spans[$0].range == r }), over.count == 1, spans[k].type == .organization || spans[k].type == .place,
               d.tokens[r.lowerBound - 1].isAllCaps, d.tokens[r.lowerBound - 1].text.count >= 2 {
                continue
            }
            if m.source == "gazetteer", let k = over.first(where: { spans[$0].range.count > r.count && spans[$0].range.lowerBound <= r.lowerBound && spans[$0].range.upperBound >= r.upperBound }),
               !lexicon.countries.contains(m.canonical ?? "") || spans[k].type != .person {
                continue // "National Bank of Poland"
            }
            for k in over { taken[k] = true }
            out.append(m)
        }
        for (k, var t) in spans.enumerated() where !taken[k] {
            if t.range.count == 1 && lexicon.miscWords.contains(d.tokens[t.range.lowerBound].lower) { continue }
            // titles are not part of a person's name: "Mr Smith" → "Smith"
            var role: String? = nil
            if t.type == .person, let (kind, len) = lexicon.titleMatch(d.tokens, at: t.range.lowerBound, limit: t.range.upperBound), len < t.range.count {
                if kind != "honorific" { role = d.name(tokens: t.range.lowerBound..<(t.range.lowerBound + len)) }
                t.range = (t.range.lowerBound + len)..<t.range.upperBound
            }
            if out.contains(where: { ($0.tokenStart..<$0.tokenEnd).overlaps(t.range) }) { continue }
            var m = makeMention(d, t.range, titleCaseHeadline ? nil : t.type, sentence: si)
            m.source = titleCaseHeadline ? "headline" : "tagger"
            if titleCaseHeadline { m.fallbackType = t.type }
            m.role = role
            m.confidence = 0.8
            out.append(m)
        }
        return out
    }

    /// Whether the words at token `k` tie the name before them to an organization: a title held in one
    /// before a capitalized name ("manager Ann Lee"), or a noun for a kind of one ("newspaper", "news agency").
    func organizationWordFollows(_ d: AnalyzedDocument, _ k: Int, _ hi: Int) -> Bool {
        let toks = d.tokens
        guard k < hi, toks[k].kind == .word, !toks[k].isCapitalized else { return false }
        if let (_, len) = lexicon.titleMatch(toks, at: k, limit: hi), lexicon.organizationTitles.contains(toks[k..<(k + len)].map(\.lower)) {
            return k + len < hi && toks[k + len].isCapitalized
        }
        let noun = toks[k].lower == "news" && k + 1 < hi ? toks[k + 1].lower : toks[k].lower
        return lexicon.organizationDescriptorsAfter.contains(noun)
    }

    /// Whether the name ending before token `k` is part of a common noun: "Alzheimer" in "Alzheimer's disease".
    func isEponym(_ d: AnalyzedDocument, _ k: Int) -> Bool {
        k + 1 < d.tokens.count && d.tokens[k].lower == "'s" && lexicon.eponymNouns.contains(d.tokens[k + 1].lower)
    }

    /// Whether token `i` is an all-capital word in parentheses: "( BSE )".
    func isParenthesizedAcronym(_ d: AnalyzedDocument, _ i: Int) -> Bool {
        i > 0 && i + 1 < d.tokens.count && d.tokens[i - 1].text == "(" && d.tokens[i + 1].text == ")" && d.tokens[i].isAllCaps && d.tokens[i].text.count >= 2
    }

    /// Whether sentence `si` has no word with a lower-case letter ("MAJOR LEAGUE STANDINGS").
    func isAllCapitals(_ d: AnalyzedDocument, _ si: Int) -> Bool {
        !d.tokens[d.sentences[si].tokenRange].contains { $0.kind == .word && $0.text.unicodeScalars.contains { $0.properties.isLowercase } }
    }

    /// Whether a titled person's title is written with a capital ("President X", not "singer X").
    func titleCapitalized(_ d: AnalyzedDocument, _ m: EntityMention) -> Bool {
        m.tokenStart > 0 && d.tokens[m.tokenStart - 1].isCapitalized
    }

    func makeMention(_ d: AnalyzedDocument, _ r: Range<Int>, _ type: EntityType?, sentence: Int, canonical: String? = nil) -> EntityMention {
        EntityMention(tokenStart: r.lowerBound, tokenEnd: r.upperBound, start: d.tokens[r.lowerBound].start, end: d.tokens[r.upperBound - 1].end,
                      type: type, name: d.name(tokens: r), canonical: canonical, sentence: sentence)
    }

    func recognizeSentence(_ d: AnalyzedDocument, _ si: Int, tagged: [(range: Range<Int>, type: EntityType)], into out: inout [EntityMention]) {
        let s = d.sentences[si]
        let toks = d.tokens
        let lo = s.tokenStart, hi = s.tokenEnd
        let headline = d.isHeadline[si]
        var i = lo
        // the first word of the sentence, after opening quotes
        var firstWord = lo
        while firstWord < hi && EntityRecognizer.openQuotes.contains(toks[firstWord].text) { firstWord += 1 }

        while i < hi {
            // 1. Lower-case phrase defined by an acronym: "special military operation (SMO)"
            if toks[i].text == "(", i + 2 < hi, toks[i + 2].text == ")", toks[i + 1].isAllCaps, toks[i + 1].text.count <= 8,
               i > lo, !toks[i - 1].isCapitalized, toks[i - 1].kind == .word {
                let letters = toks[i + 1].text.unicodeScalars.filter { $0.properties.isAlphabetic }.count
                var a = i
                while a > lo, i - a < letters, toks[a - 1].kind == .word, !toks[a - 1].isCapitalized,
                      !lexicon.functionWords.contains(toks[a - 1].lower), !lexicon.nameStops.contains(toks[a - 1].lower) { a -= 1 }
                let head = toks[i - 1].lower
                var type: EntityType? = nil
                if lexicon.eventHeads.contains(head) { type = .event }
                else if lexicon.organizationHeads.contains(head) || head.hasSuffix("s") == false && lexicon.groupNouns.contains([head]) { type = .organization }
                else if lexicon.placeHeads.contains(head) { type = .place }
                if let type, a < i {
                    var m = makeMention(d, a..<i, type, sentence: si)
                    m.kind = .defined
                    m.acronym = toks[i + 1].text
                    m.confidence = 0.8
                    out.append(m)
                }
            }
            // 2. Gazetteer names written in lower case first ("al-Qaeda", "eBay")
            if lexicon.lowercaseInitialNames.contains(toks[i].text), let (e, len) = lexicon.gazetteerMatch(toks, at: i, limit: hi) {
                var m = makeMention(d, i..<(i + len), e.type, sentence: si, canonical: e.canonical)
                m.source = "gazetteer"
                out.append(m)
                i += len
                continue
            }
            guard isNameToken(d, i, start: true) else {
                i += 1
                continue
            }
            // a name the tagger starts earlier with capitalized words the rules do not start a name with
            // ("First Albany Corp.", "African National Congress")
            if let t = tagged.first(where: { $0.type != EntityRecognizer.misc && $0.range.lowerBound < i && $0.range.upperBound > i && $0.range.lowerBound >= lo }),
               toks[t.range.lowerBound..<i].allSatisfy({ $0.kind == .word && $0.isCapitalized }),
               lexicon.demonymMatch(toks, at: t.range.lowerBound, limit: i) == nil || lexicon.organizationHeads.contains(toks[t.range.upperBound - 1].lower),
               !out.contains(where: { $0.sentence == si && $0.tokenEnd > t.range.lowerBound }) {
                i = t.range.lowerBound
            }
            // 2. A chunk: a run of name tokens with connectors ("Bank of England", "Jean-Claude")
            var j = i + 1
            // the tagger ends a name right before token k and no tagged name runs on across it
            func taggerBreak(_ k: Int) -> Bool {
                tagged.contains { $0.range.upperBound == k } && !tagged.contains { $0.range.lowerBound < k && $0.range.upperBound > k }
            }
            while j < hi {
                let t = toks[j]
                // a name does not run across a line break unless the tagger reads it so
                if source != nil, t.newlineBefore, !tagged.contains(where: { $0.range.lowerBound < j && $0.range.upperBound > j }) { break }
                if isNameToken(d, j, start: false) { j += 1; continue }
                if t.text == "-" && !t.spaceBefore && j + 1 < hi && !toks[j + 1].spaceBefore && isNameToken(d, j + 1, start: false) { j += 2; continue }
                // "and" inside an organization's name: "Pew Internet and American Life Project"
                // (not after a whole name: "Johnson Controls Inc and Lear Corp")
                if (t.lower == "and" || t.text == "&"), j + 1 < hi, isNameToken(d, j + 1, start: true), !lexicon.organizationHeads.contains(toks[j - 1].lower) || t.text == "&" {
                    var e = j + 1
                    while e < hi && isNameToken(d, e, start: false) { e += 1 }
                    if lexicon.organizationHeads.contains(toks[e - 1].lower) && e - j >= 2 && lexicon.gazetteerMatch(toks, at: j + 1, limit: e) == nil { j = e; continue }
                }
                if taggerBreak(j) { break }
                if EntityRecognizer.connectors.contains(t.lower) && !t.isCapitalized && j + 1 < hi && isNameToken(d, j + 1, start: false)
                    && (lexicon.organizationHeads.contains(toks[j - 1].lower) || toks[i..<j].contains(where: { lexicon.organizationHeads.contains($0.lower) && $0.isCapitalized }) || lexicon.placeHeads.contains(toks[j - 1].lower) || lexicon.eventHeads.contains(toks[j - 1].lower)
                        || lexicon.titles[[toks[j - 1].lower]] != nil || t.lower != "of" && t.lower != "for") {
                    var k = j + 1
                    if k < hi && toks[k].lower == "the" { k += 1 }
                    j = k + 1
                    continue
                }
                break
            }
            // the tagger may see one name across "and" or "of" ("Brown and Williamson")
            for t in tagged where t.type != EntityRecognizer.misc && t.range.lowerBound >= i && t.range.lowerBound < j && t.range.upperBound > j && t.range.upperBound <= hi {
                if toks[j..<t.range.upperBound].allSatisfy({ $0.kind == .word || $0.text == "-" || $0.text == "&" }) { j = t.range.upperBound }
            }
            // the title of a made thing: "the comedy Sideways"
            if !headline, i > lo, lexicon.workNouns.contains(toks[i - 1].lower), !toks[i - 1].isCapitalized {
                // numbers belong to a title: "Fahrenheit 9/11"
                while j + 1 < hi, toks[j].kind == .number || toks[j].text == "/" && toks[j + 1].kind == .number, !toks[j].spaceBefore || toks[j].kind == .number { j += 1 }
                var m = makeMention(d, i..<j, .event, sentence: si)
                m.confidence = 0.8
                m.source = "work"
                out.append(m)
                i = j
                continue
            }
            if headline {
                processHeadlineChunk(d, i..<j, si, into: &out)
            } else {
                processChunk(d, i..<j, si, firstWord: firstWord, tagged: tagged, into: &out)
            }
            i = j
        }
        if !headline { groupMentions(d, si, into: &out) }
    }

    /// Headlines: only gazetteer names here; names found in the body are matched later (coreference).
    func processHeadlineChunk(_ d: AnalyzedDocument, _ r: Range<Int>, _ si: Int, into out: inout [EntityMention]) {
        var p = r.lowerBound
        while p < r.upperBound {
            if let (e, len) = lexicon.gazetteerMatch(d.tokens, at: p, limit: r.upperBound) {
                var m = makeMention(d, p..<(p + len), e.type, sentence: si, canonical: e.canonical)
                m.source = "gazetteer"
                out.append(m)
                p += len
            } else {
                var m = makeMention(d, p..<(p + 1), nil, sentence: si)
                m.source = "headline"
                out.append(m)
                p += 1
            }
        }
    }

    /// Types one chunk of capitalized tokens, splitting off titles, demonyms and gazetteer names.
    func processChunk(_ d: AnalyzedDocument, _ chunk: Range<Int>, _ si: Int, firstWord: Int, tagged: [(range: Range<Int>, type: EntityType)], into out: inout [EntityMention]) {
        let toks = d.tokens
        var r = chunk
        let hi = d.sentences[si].tokenEnd
        let lo = d.sentences[si].tokenStart
        // "The" at a sentence start is not part of the name
        while r.count > 1, lexicon.functionWords.contains(toks[r.lowerBound].lower),
              !tagged.contains(where: { $0.range.lowerBound == r.lowerBound && $0.type != EntityRecognizer.misc }) { r = (r.lowerBound + 1)..<r.upperBound }
        let last = toks[r.upperBound - 1].lower
        let after = r.upperBound < hi ? toks[r.upperBound] : nil
        let acronym: String? = {
            guard r.upperBound + 2 < hi + 0 || r.upperBound + 2 <= hi - 1 || r.upperBound + 2 < d.tokens.count else { return nil }
            guard r.upperBound + 2 < d.tokens.count, toks[r.upperBound].text == "(", toks[r.upperBound + 1].isAllCaps,
                  toks[r.upperBound + 2].text == ")", toks[r.upperBound + 1].kind == .word, !toks[r.upperBound + 1].text.contains("."),
                  lexicon.gazetteer[toks[r.upperBound + 1].lower] == nil else { return nil }
            return toks[r.upperBound + 1].text
        }()

        let exact = tagged.first { $0.range == r }?.type
        // whole chunk in the gazetteer (a city the tagger reads as a team or company stays an organization)
        if let (e, len) = lexicon.gazetteerMatch(toks, at: r.lowerBound, limit: r.upperBound), len == r.count {
            if exact == .organization, e.type == .place, !lexicon.countries.contains(e.canonical) {
                var m = makeMention(d, r, .organization, sentence: si)
                m.source = "tagger"
                m.confidence = 0.75
                out.append(m)
                return
            }
            var m = makeMention(d, r, e.type, sentence: si, canonical: e.canonical)
            m.source = "gazetteer"
            m.acronym = acronym
            // a place name followed by an organization head word stays an organization ("New York Times")
            out.append(m)
            return
        }
        // "Leeds mayor Ann Lee": a name before a title held for a place, itself before a name, is that place
        if let a = after, !a.isCapitalized, let (_, len) = lexicon.titleMatch(toks, at: r.upperBound, limit: hi),
           lexicon.placeTitles.contains(toks[r.upperBound..<(r.upperBound + len)].map(\.lower)), r.upperBound + len < hi,
           toks[r.upperBound + len].isCapitalized, lexicon.gazetteerMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil,
           lexicon.demonymMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil, !lexicon.organizationHeads.contains(last) {
            var m = makeMention(d, r, .place, sentence: si)
            m.confidence = 0.75
            m.source = "head"
            out.append(m)
            return
        }
        // "Arsenal manager Ann Lee", "Le Matin newspaper", "Itar-Tass news agency": a name before a title held
        // in an organization (itself before a name), or before a noun for a kind of organization, is that
        // organization (the tagger may read it as a person; a place it reads stays a place)
        // (a capital that only starts the sentence needs the tagger's reading: "New owner X", "Legendary Dutch coach X")
        if let a = after, !a.isCapitalized, exact != .place, organizationWordFollows(d, r.upperBound, hi),
           r.lowerBound != firstWord || exact == .organization,
           lexicon.gazetteerMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil, !lexicon.firstNames.contains(toks[r.lowerBound].lower),
           !r.contains(where: { lexicon.demonymMatch(toks, at: $0, limit: r.upperBound) != nil }) {
            var m = makeMention(d, r, .organization, sentence: si)
            m.confidence = 0.75
            m.source = "head"
            out.append(m)
            return
        }
        // "drugmaker Elan", "US partner Biogen Idec": a noun for a kind of organization before the name
        if r.lowerBound > lo, exact == nil || exact == .organization, !toks[r.lowerBound - 1].isCapitalized, lexicon.organizationDescriptors.contains(toks[r.lowerBound - 1].lower),
           lexicon.gazetteerMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil, lexicon.titleMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil {
            var m = makeMention(d, r, .organization, sentence: si)
            m.confidence = 0.8
            m.source = "head"
            m.acronym = acronym
            out.append(m)
            return
        }
        // "the Clinton administration"
        if let a = after, !a.isCapitalized, lexicon.lowercaseOrganizationHeads.contains(a.lower), lexicon.demonymMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil,
           lexicon.gazetteerMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil {
            var m = makeMention(d, r.lowerBound..<(r.upperBound + 1), .organization, sentence: si)
            m.confidence = 0.75
            m.source = "head"
            out.append(m)
            return
        }
        // a title inside the chunk: "Russian President Vladimir Putin", "Kursk Governor Alexander Khinstin"
        var p = r.lowerBound
        while p < r.upperBound {
            if var (kind, len) = lexicon.titleMatch(toks, at: p, limit: r.upperBound), p + len < r.upperBound,
               toks[p].isCapitalized, !lexicon.organizationHeads.contains(last), !lexicon.placeHeads.contains(last) {
                // titles in a row, hyphenated or not: "General Director", "Lieutenant-Colonel"
                while true {
                    let q = p + len + (toks[p + len].text == "-" && !toks[p + len].spaceBefore ? 1 : 0)
                    guard q < r.upperBound, let (k2, l2) = lexicon.titleMatch(toks, at: q, limit: r.upperBound), q + l2 < r.upperBound, toks[q].isCapitalized else { break }
                    len = q + l2 - p
                    if kind == "honorific" { kind = k2 }
                }
                // a name starts with a capital: not "Queen of South", "Emperor of Brazil"
                guard toks[p + len].isCapitalized else { p += 1; continue }
                let nameRange = (p + len)..<r.upperBound
                // the name after the title may itself hold a gazetteer name only when it is one ("President Obama")
                var person = makeMention(d, nameRange, .person, sentence: si)
                person.role = kind == "honorific" ? nil : d.name(tokens: p..<(p + len))
                person.acronym = acronym
                person.confidence = 0.95
                person.source = "title"
                if p > r.lowerBound { prefixMentions(d, r.lowerBound..<p, si, person: &person, into: &out) }
                else { affiliationBefore(d, r.lowerBound, lo: lo, person: &person, into: &out) }
                out.append(person)
                return
            }
            p += 1
        }
        // a first name or the tagger's PER over a name that ends like a place or an event ("Thomas Haden Church")
        let firstIsName = lexicon.firstNames.contains(toks[r.lowerBound].lower) && (2...4).contains(r.count) && !lexicon.organizationHeads.contains(last)
        if exact == .person && !lexicon.organizationHeads.contains(last) || firstIsName && exact != .organization && exact != .place {
            var m = makeMention(d, r, .person, sentence: si)
            m.acronym = acronym
            m.confidence = 0.85
            m.source = firstIsName ? "first-name" : "tagger"
            var probe = m
            affiliationBefore(d, r.lowerBound, lo: lo, person: &probe, into: &out)
            if probe.role != nil { m = probe; m.source = "title" }
            out.append(m)
            return
        }
        // organization, place and event heads
        if lexicon.organizationHeads.contains(last) && r.count >= 2 || (r.count >= 2 && lexicon.placeHeads.contains(last)) || (r.count >= 2 && lexicon.eventHeads.contains(last)) {
            // for a head of both places and organizations, the tagger's reading of the context decides ("Atlantic City");
            // for a head of both events and organizations, a body unless the tagger reads a named event (MISC)
            let type: EntityType = (exact == .place || exact == .organization) && lexicon.organizationHeads.contains(last) && lexicon.placeHeads.contains(last) ? exact!
                : lexicon.organizationHeads.contains(last) && lexicon.eventHeads.contains(last) ? (exact == EntityRecognizer.misc ? .event : .organization)
                : lexicon.organizationHeads.contains(last) && !lexicon.placeHeads.contains(last) ? .organization
                : lexicon.placeHeads.contains(last) && !lexicon.organizationHeads.contains(last) ? .place
                : lexicon.eventHeads.contains(last) && !lexicon.organizationHeads.contains(last) ? .event : .organization
            // a leading demonym or gazetteer place is part of the name ("North Korean Central News Agency")
            var m = makeMention(d, r, type, sentence: si)
            m.acronym = acronym
            m.confidence = 0.85
            m.source = "head"
            if type == .event, let (_, len) = lexicon.gazetteerMatch(toks, at: r.lowerBound, limit: r.upperBound), len == r.count - 1 { m.confidence = 0.7 }
            out.append(m)
            return
        }
        // a newspaper-like name after "the": "the Observer", "the Guardian"
        if r.count == 1, r.lowerBound > lo, toks[r.lowerBound - 1].lower == "the", lexicon.organizationHeads.contains(last) {
            var m = makeMention(d, r, .organization, sentence: si)
            m.confidence = 0.7
            m.source = "head"
            out.append(m)
            return
        }
        // the tagger's type for exactly this chunk beats splitting it at a gazetteer name inside ("BBC One")
        if let t = exact, t != .person, t != EntityRecognizer.misc, r.count >= 2,
           (r.lowerBound..<r.upperBound).contains(where: { lexicon.gazetteerMatch(toks, at: $0, limit: r.upperBound) != nil }),
           lexicon.titleMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil, lexicon.demonymMatch(toks, at: r.lowerBound, limit: r.upperBound) == nil {
            var m = makeMention(d, r, t, sentence: si)
            m.acronym = acronym
            m.confidence = 0.8
            m.source = "tagger"
            out.append(m)
            return
        }
        // split into gazetteer names, demonyms and the rest
        p = r.lowerBound
        var restStart: Int? = nil
        func flushRest(_ end: Int) {
            guard let a = restStart, a < end else { restStart = nil; return }
            classifyRest(d, a..<end, si, firstWord: firstWord, acronym: end == r.upperBound ? acronym : nil, tagged: tagged, into: &out)
            restStart = nil
        }
        while p < r.upperBound {
            if let (e, len) = lexicon.gazetteerMatch(toks, at: p, limit: r.upperBound) {
                flushRest(p)
                var m = makeMention(d, p..<(p + len), e.type, sentence: si, canonical: e.canonical)
                m.source = "gazetteer"
                if p + len == r.upperBound { m.acronym = acronym }
                out.append(m)
                p += len
                continue
            }
            if let (_, len) = lexicon.demonymMatch(toks, at: p, limit: r.upperBound) {
                flushRest(p)
                p += len
                continue
            }
            if toks[p].text == "-" || EntityRecognizer.connectors.contains(toks[p].lower) && restStart == nil { p += 1; continue }
            if restStart == nil { restStart = p }
            p += 1
        }
        flushRest(r.upperBound)
    }

    /// Capitalized words before a title: a place or organization the person belongs to.
    func prefixMentions(_ d: AnalyzedDocument, _ r: Range<Int>, _ si: Int, person: inout EntityMention, into out: inout [EntityMention]) {
        let toks = d.tokens
        if let (country, len) = lexicon.demonymMatch(toks, at: r.lowerBound, limit: r.upperBound), len == r.count {
            person.affiliation = country
            return
        }
        if let (e, len) = lexicon.gazetteerMatch(toks, at: r.lowerBound, limit: r.upperBound), len == r.count {
            var m = makeMention(d, r, e.type, sentence: si, canonical: e.canonical)
            m.source = "gazetteer"
            out.append(m)
            person.affiliation = e.canonical
            return
        }
        // an unknown name before a title: a place before governor/mayor-like titles, else an organization
        var m = makeMention(d, r, nil, sentence: si)
        m.source = "prefix"
        out.append(m)
        person.affiliation = m.name
    }

    /// A lower-case role right before a name ("artist Shamam", "North Korean leader Kim"): the role, and the
    /// demonym before it.
    func affiliationBefore(_ d: AnalyzedDocument, _ start: Int, lo: Int, person: inout EntityMention, into out: inout [EntityMention]) {
        let toks = d.tokens
        // find a role phrase ending right before `start`
        for len in stride(from: 3, through: 1, by: -1) where start - len >= lo {
            let a = start - len
            if let (kind, l) = lexicon.titleMatch(toks, at: a, limit: start), l == len, kind != "honorific" {
                if person.role == nil { person.role = d.name(tokens: a..<start) }
                // a demonym before the role
                for dl in stride(from: 2, through: 1, by: -1) where a - dl >= lo {
                    if let (country, l2) = lexicon.demonymMatch(toks, at: a - dl, limit: a), l2 == dl { person.affiliation = country; break }
                }
                return
            }
        }
    }

    /// The part of a chunk no lexicon explains: typed by context, first names, the tagger, or left open.
    func classifyRest(_ d: AnalyzedDocument, _ r: Range<Int>, _ si: Int, firstWord: Int, acronym: String?, tagged: [(range: Range<Int>, type: EntityType)], into out: inout [EntityMention]) {
        let toks = d.tokens
        let lo = d.sentences[si].tokenStart, hi = d.sentences[si].tokenEnd
        var m = makeMention(d, r, nil, sentence: si)
        m.acronym = acronym
        let first = toks[r.lowerBound].lower
        // a role before it: a person
        var probe = m
        affiliationBefore(d, r.lowerBound, lo: lo, person: &probe, into: &out)
        let cover = tagged.first(where: { $0.range.lowerBound <= r.lowerBound && $0.range.upperBound >= r.upperBound })?.type
        if probe.role != nil {
            m = probe
            m.type = .person
            m.confidence = 0.9
            m.source = "title"
            out.append(m)
            return
        }
        // a lower-case event head after it: "Maidan revolution", "New Year's message"
        var k = r.upperBound
        if k < hi && toks[k].text == "'s" { k += 1 }
        if !(r.count >= 2 && lexicon.firstNames.contains(first)), k < hi, lexicon.eventHeads.contains(toks[k].lower), !toks[k].isCapitalized, toks[k].kind == .word {
            var e = makeMention(d, r.lowerBound..<(k + 1), .event, sentence: si)
            e.confidence = 0.75
            e.source = "head"
            out.append(e)
            return
        }
        // a newspaper-like name after "the": "the Observer", "the Guardian"
        if r.count == 1, r.lowerBound > lo, toks[r.lowerBound - 1].lower == "the", lexicon.organizationHeads.contains(first) {
            m.type = .organization
            m.confidence = 0.7
            out.append(m)
            return
        }
        // the tagger: it covers the run, or names parts of it, or (for more than one word) finds no name in it
        if source != nil {
            if let t = tagged.first(where: { $0.range.lowerBound <= r.lowerBound && $0.range.upperBound >= r.upperBound }) {
                // an acronym in parentheses stays open: coreference types it by the name it abbreviates
                if t.type == EntityRecognizer.misc && r.count == 1 && isParenthesizedAcronym(d, r.lowerBound) { out.append(m); return }
                guard t.type != EntityRecognizer.misc else { return }
                m.type = t.type
                m.source = "tagger"
                m.confidence = 0.8
                out.append(m)
                return
            }
            let parts = tagged.filter { $0.range.overlaps(r) }
            if !parts.isEmpty {
                for p in parts where p.type != EntityRecognizer.misc {
                    let clipped = max(p.range.lowerBound, r.lowerBound)..<min(p.range.upperBound, r.upperBound)
                    var pm = makeMention(d, clipped, p.type, sentence: si)
                    pm.source = "tagger"
                    pm.confidence = 0.75
                    out.append(pm)
                }
                return
            }
            if r.count >= 2 && !(lexicon.firstNames.contains(first) && toks[r].allSatisfy({ $0.kind == .word })) { return }
        }
        if r.count >= 2 {
            if lexicon.firstNames.contains(first) && toks[r].allSatisfy({ $0.kind == .word }) {
                m.type = .person
                m.confidence = 0.8
            } else if r.lowerBound == firstWord && lexicon.functionWords.contains(first) {
                m.type = nil
            } else {
                m.type = r.count <= 3 && toks[r].allSatisfy({ $0.kind == .word && !$0.isAllCaps }) ? .person : .organization
                m.confidence = 0.6
            }
        } else {
            let t = toks[r.lowerBound]
            if source == nil && t.isAllCaps && t.text.count >= 2 && t.text.count <= 6 && !d.isHeadline[si] {
                m.type = .organization
                m.confidence = 0.6
                m.source = "acronym"
            } else if r.lowerBound > lo, toks[r.lowerBound - 1].lower == "the", lexicon.organizationHeads.contains(t.lower) {
                m.type = .organization // "the Observer", "the Guardian"
                m.confidence = 0.7
            } else if r.lowerBound > lo && EntityRecognizer.locativePrepositions.contains(toks[r.lowerBound - 1].lower) && r.lowerBound != firstWord {
                m.source = "locative"
            } else if r.lowerBound == firstWord {
                m.source = "initial"
            }
        }
        out.append(m)
    }

    /// "North Korean troops", "the Russian military": a demonym and a collective noun.
    func groupMentions(_ d: AnalyzedDocument, _ si: Int, into out: inout [EntityMention]) {
        let s = d.sentences[si]
        let toks = d.tokens
        var i = s.tokenStart
        while i < s.tokenEnd {
            if let (country, len) = lexicon.demonymMatch(toks, at: i, limit: s.tokenEnd) {
                var k = i + len
                // up to one adjective between ("Russian special forces")
                if lexicon.groupNounMatch(toks, at: k, limit: s.tokenEnd) == nil, k + 1 < s.tokenEnd, toks[k].kind == .word, !toks[k].isCapitalized,
                   !lexicon.functionWords.contains(toks[k].lower), lexicon.groupNounMatch(toks, at: k + 1, limit: s.tokenEnd) != nil { k += 1 }
                if let g = lexicon.groupNounMatch(toks, at: k, limit: s.tokenEnd) {
                    // take the longest run of group nouns: "military personnel"
                    var end = k + g
                    while end < s.tokenEnd, let g2 = lexicon.groupNounMatch(toks, at: end, limit: s.tokenEnd) { end += g2 }
                    var m = makeMention(d, i..<end, .organization, sentence: si)
                    m.kind = .group
                    m.affiliation = country
                    m.confidence = 0.7
                    out.append(m)
                    i = end
                    continue
                }
                i += len
                continue
            }
            i += 1
        }
    }
}
