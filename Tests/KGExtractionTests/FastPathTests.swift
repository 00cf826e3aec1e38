import Testing
@testable import KGExtraction

/// The shortcuts taken for speed give what the plain computations give.
@Suite("Fast paths")
struct FastPathTests {
    static let samples = ["Kim Jong-un", "state-run", "O'Brien", "Zoë Ström-Åberg", "  two  spaces -- dashes-", "NATO", "", "É-É", "naïve café"]

    @Test("a token skips the trigger table only when no trigger starts with it")
    func triggerStarts() {
        var lexicon = Fixture.extractor.lexicon
        let words = Array(lexicon.triggersByFirst.keys) + ["the", "of", ",", "a", "said", "announced", "zzzz", "übermorgen"]
        for w in words where lexicon.triggersByFirst[w] != nil { #expect(lexicon.mayStartTrigger(w), "\(w)") }
        // a trigger added later is found too (the table follows the dictionary)
        #expect(lexicon.triggersByFirst["quuxed"] == nil && !lexicon.mayStartTrigger("quuxed"))
        lexicon.triggersByFirst["quuxed"] = lexicon.triggers.prefix(1).map { $0 }
        #expect(lexicon.mayStartTrigger("quuxed"))
    }

    @Test("ASCII shortcuts: lower-casing, code points to text, word counts, document text by code points")
    func asciiShortcuts() {
        for s in Self.samples {
            #expect(Tokenizer.lowercase(s) == s.lowercased())
            #expect(Tokenizer.string(ArraySlice(Array(s.unicodeScalars))) == s)
            #expect(Coreference.wordCount(s) == Coreference.words(s).count, "\(s)")
        }
        let text = "Zoë met Kim Jong-un in Ström’s café.\nNATO — naïve?"
        let d = Fixture.extractor.analyze(Document(id: "t", text: text, origin: "t"))
        let scalars = Array(text.unicodeScalars)
        for (a, b) in [(0, 3), (4, 7), (8, 19), (23, 30), (0, scalars.count), (5, 5)] {
            var expected = String()
            expected.unicodeScalars.append(contentsOf: scalars[a..<b])
            #expect(d.text(a, b) == expected)
        }
    }
}
