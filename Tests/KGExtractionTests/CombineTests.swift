import Testing
import KGCore
@testable import KGExtraction

/// A `MentionSource` that tags fixed token runs (`"Marlow Corp"` → Organization) wherever they occur.
struct FixedSpans: MentionSource {
    var names: [(words: [String], type: EntityType)]
    func spans(sentences: [[String]]) -> [[(range: Range<Int>, type: EntityType)]] {
        sentences.map { toks in
            var out: [(range: Range<Int>, type: EntityType)] = []
            for (words, type) in names where words.count <= toks.count {
                for i in 0...(toks.count - words.count) where Array(toks[i..<(i + words.count)]) == words { out.append((i..<(i + words.count), type)) }
            }
            return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
        }
    }
}

@Suite("Rules combined with a tagger")
struct CombineTests {
    static func mentions(_ text: String, tagged: [(String, EntityType)]) -> [String] {
        let ex = Fixture.extractor
        let rec = EntityRecognizer(lexicon: ex.lexicon, source: FixedSpans(names: tagged.map { ($0.0.split(separator: " ").map(String.init), $0.1) }))
        let d = ex.analyze(Document(id: "t", text: text, origin: "test"))
        let (ms, _, _) = ex.coreference.resolve(d, rec.recognize(d))
        return ms.map { "\($0.name)|\($0.type!.rawValue)" }
    }

    @Test("two tagged company names joined by \"and\" stay two names")
    func andSplits() {
        let got = Self.mentions("Shares of Halvorsen Valves Inc and Marlow Corp rose on Monday.",
                                tagged: [("Halvorsen Valves Inc", .organization), ("Marlow Corp", .organization)])
        #expect(got == ["Halvorsen Valves Inc|Organization", "Marlow Corp|Organization"])
    }

    @Test("a name does not run across a line break the tagger ends it at")
    func lineBreak() {
        let got = Self.mentions("Runners : Tomas Okonjo ( Nigeria ) , Pieter\nVandeleur ( Namibia ) ran .",
                                tagged: [("Tomas Okonjo", .person), ("Pieter", .person), ("Vandeleur", .person), ("Nigeria", .place), ("Namibia", .place)])
        #expect(got.contains("Pieter|Person"))
        #expect(!got.contains { $0.hasPrefix("Pieter Vandeleur") })
    }

    @Test("an upper-case spelling of a place is no acronym: a team typed by the tagger stays an organization")
    func upperCaseIsNoAcronym() {
        let got = Self.mentions("ATLANTA AT CHICAGO\n\nCHICAGO 71 64 .526 10\n",
                                tagged: [("CHICAGO", .organization)])
        #expect(got.filter { $0.hasPrefix("CHICAGO") }.allSatisfy { $0 == "CHICAGO|Organization" })
        #expect(got.filter { $0.hasPrefix("CHICAGO") }.count == 2)
    }

    @Test("a capitalized word the tagger starts a name with stays in it")
    func taggedStart() {
        let got = Self.mentions("Analysts at First Harbour Corp. said so.", tagged: [("First Harbour Corp.", .organization)])
        #expect(got == ["First Harbour Corp.|Organization"])
    }

    @Test("titles in a row are all stripped from the name")
    func titleChain() {
        let got = Self.mentions("The airport's General Director Amir Tolic said so.", tagged: [("General Director Amir Tolic", .person)])
        #expect(got == ["Amir Tolic|Person"])
    }

    @Test("a head of both places and organizations takes the tagger's type; an event head that names a body too, the tagger's ORG")
    func sharedHeads() {
        let got = Self.mentions("Fans of Harwick County cheered at the Eastvale Tennis Centre , and the Union of Coastal Conference met .",
                                tagged: [("Harwick County", .organization), ("Eastvale Tennis Centre", .place), ("Union of Coastal Conference", .organization)])
        #expect(got.contains("Harwick County|Organization"))
        #expect(got.contains("Eastvale Tennis Centre|Place"))
        #expect(got.contains("Union of Coastal Conference|Organization"))
    }

    @Test("a capitalized title before what the tagger reads as another name, or in a line of capitals, makes no person")
    func capitalizedTitles() {
        let got = Self.mentions("He played in the Singer Harbour Series final .\n\nMAJOR LEAGUE STANDINGS AFTER FRIDAY\n\nThe singer Tola Brann sang .",
                                tagged: [("Singer Harbour Series", EntityRecognizer.misc), ("Tola Brann", EntityRecognizer.misc)])
        #expect(!got.contains { $0.hasSuffix("|Person") && !$0.hasPrefix("Tola Brann") })
        #expect(got.contains("Tola Brann|Person"))
    }

    @Test("a one-word name is not defined by an acronym it does not start: \"Rwanda (RDR)\"")
    func acronymOfOneWord() {
        let got = Self.mentions("The Rally in Rwanda ( RDR ) urged calm . RDR said so .",
                                tagged: [("Rwanda", .place), ("RDR", .organization)])
        #expect(got.filter { $0.hasPrefix("RDR") }.allSatisfy { $0 == "RDR|Organization" })
    }

    @Test("a one-word name the tagger calls a person is the organization whose name it starts")
    func organizationFirstWord() {
        let got = Self.mentions("Shares of Velmora Industries Inc rose . Velmora said profits rose .",
                                tagged: [("Velmora", .person)])
        #expect(got.contains("Velmora|Organization"))
    }

    @Test("the end of a titled person's name is that person, whatever type the tagger gives it")
    func personNameEnd() {
        let got = Self.mentions("Opposition leader Dora Vell Mara said so . Vell Mara told reporters .",
                                tagged: [("Vell Mara", .organization)])
        #expect(got.contains("Dora Vell Mara|Person"))
        #expect(got.contains("Vell Mara|Person"))
    }

    @Test("one name, one type gives way to a place the tagger reads after \"in\" (not after \"shares in\")")
    func placeAfterIn() {
        let text = "Fans in Harwick cheered . Harwick beat Dunmore 2-1 . Harwick lost to Dunmore . Shares in Velmora rose . Velmora said so . Velmora grew ."
        let ex = Fixture.extractor
        struct BySentence: MentionSource {
            func spans(sentences: [[String]]) -> [[(range: Range<Int>, type: EntityType)]] {
                sentences.map { toks in
                    toks.indices.compactMap { i -> (range: Range<Int>, type: EntityType)? in
                        switch toks[i] {
                        case "Harwick", "Velmora": return (i..<(i + 1), i > 0 && toks[i - 1] == "in" ? .place : .organization)
                        case "Dunmore": return (i..<(i + 1), .organization)
                        default: return nil
                        }
                    }
                }
            }
        }
        let rec = EntityRecognizer(lexicon: ex.lexicon, source: BySentence())
        let d = ex.analyze(Document(id: "t", text: text, origin: "test"))
        let got = ex.coreference.resolve(d, rec.recognize(d)).mentions.map { "\($0.name)|\($0.type!.rawValue)" }
        #expect(got.filter { $0.hasPrefix("Harwick") } == ["Harwick|Place", "Harwick|Organization", "Harwick|Organization"])
        #expect(got.filter { $0.hasPrefix("Velmora") } == ["Velmora|Organization", "Velmora|Organization", "Velmora|Organization"])
    }

    @Test("a name before a title held in an organization is that organization, even where the tagger reads a person")
    func organizationBeforeTitle() {
        let got = Self.mentions("Shares fell after Velmora general manager Tola Brann resigned . Brann will leave Velmora .",
                                tagged: [("Velmora", .person), ("Tola Brann", .person), ("Brann", .person)])
        #expect(got.contains("Velmora|Organization"))
        #expect(!got.contains("Velmora|Person"))
        #expect(got.contains("Tola Brann|Person"))
    }

    @Test("an acronym in parentheses the tagger calls MISC takes the type of the name it abbreviates")
    func parenthesizedAcronym() {
        let got = Self.mentions("Shares fell on the Harwick Stock Exchange ( HSE ) on Friday .",
                                tagged: [("Harwick Stock Exchange", .organization), ("HSE", EntityRecognizer.misc)])
        #expect(got.contains("HSE|Organization"))
    }

    @Test("a name before a noun for a kind of organization marked 'after' is that organization; before others it is not")
    func organizationBeforeKindNoun() {
        let got = Self.mentions("But Le Velmo newspaper said so , quoting the Harwick news agency . The World Cup group met .",
                                tagged: [("Le Velmo", .person), ("Harwick", .place)])
        #expect(got.contains("Le Velmo|Organization"))
        #expect(got.contains("Harwick|Place"))
        #expect(!got.contains { $0.hasPrefix("World Cup|Organization") })
    }

    @Test("a name in an eponymous common noun is no entity: \"Alzheimer's disease\"")
    func eponym() {
        let got = Self.mentions("Tola Brann studied Harwick 's disease in Dunmore .",
                                tagged: [("Tola Brann", .person), ("Harwick", .person), ("Dunmore", .place)])
        #expect(got == ["Tola Brann|Person", "Dunmore|Place"])
    }

    @Test("a capitalized title stands before a name the tagger misreads as MISC, unless the MISC name takes in the title")
    func titleBeforeMisc() {
        let got = Self.mentions("Officials said President Dunmore must act . Labour MP Tola Brann spoke .",
                                tagged: [("Dunmore", EntityRecognizer.misc), ("Labour MP Tola", EntityRecognizer.misc)])
        #expect(got.contains("Dunmore|Person"))
        #expect(got.contains("Tola Brann|Person"))
    }

    @Test("a sentence's first capital before an organization title is no organization without the tagger")
    func sentenceStartBeforeTitle() {
        let got = Self.mentions("New owner Velmora Media has not said . Legendary Dutch coach Tola Brann died .", tagged: [])
        #expect(!got.contains { $0.hasPrefix("New|") || $0.hasPrefix("Legendary") })
    }
}
