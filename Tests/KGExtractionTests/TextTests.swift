import Testing
import KGCore
@testable import KGExtraction

@Suite("Tokenizer")
struct TokenizerTests {
    func tokens(_ s: String) -> [String] { Tokenizer().tokenize(Array(s.unicodeScalars)).map(\.text) }

    @Test("possessives split off, curly apostrophes straightened, spans in code points")
    func possessives() {
        let text = "Émile’s view of North Korea’s army"
        let toks = Tokenizer().tokenize(Array(text.unicodeScalars))
        #expect(toks.map(\.text) == ["Émile", "'s", "view", "of", "North", "Korea", "'s", "army"])
        #expect(toks[1].start == 5 && toks[1].end == 7)
        #expect(toks[6].start == 27 && toks[6].end == 29)
    }

    @Test("a possessive spaced off its word, as in tokenized text, is still one token")
    func spacedPossessive() {
        #expect(tokens("Air France 's chairman") == ["Air", "France", "'s", "chairman"])
        #expect(tokens("he said 'so'") == ["he", "said", "'", "so", "'"])
    }

    @Test("contractions and names with apostrophes stay whole")
    func apostrophes() {
        #expect(tokens("O'Brien didn't go") == ["O'Brien", "didn't", "go"])
    }

    @Test("hyphens and dashes are tokens; abbreviations, initials, numbers and ellipses stay whole")
    func punctuation() {
        #expect(tokens("state-run firm—really - yes") == ["state-run", "firm", "—", "really", "-", "yes"])
        #expect(tokens("the U.S. and Mr. J. Smith paid $1.13bn, 3,000 more...") == ["the", "U.S.", "and", "Mr.", "J.", "Smith", "paid", "$", "1.13bn", ",", "3,000", "more", "..."])
        #expect(tokens("“Yes,” he said…") == ["“", "Yes", ",", "”", "he", "said", "…"])
    }

    @Test("astral characters count as one code point")
    func astral() {
        let toks = Tokenizer().tokenize(Array("🎉 Ann".unicodeScalars))
        #expect(toks.last!.start == 2)
    }
}

@Suite("SentenceSplitter")
struct SentenceSplitterTests {
    func sentences(_ s: String) -> [String] {
        let scalars = Array(s.unicodeScalars)
        let toks = Tokenizer().tokenize(scalars)
        return SentenceSplitter().split(toks).map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
    }

    @Test("abbreviations, titles and initials do not end sentences", arguments: [
        "Gov. Ann Lee met Mr. Tan on Dec. 4 in the U.S. capital.",
        "Dr. J. R. Okoro spoke.",
        "Shares of Acme Inc. rose 5% on Monday.",
    ])
    func abbreviations(text: String) {
        #expect(sentences(text) == [text])
    }

    @Test("an abbreviation followed by a sentence start ends the sentence")
    func abbreviationEnd() {
        #expect(sentences("He moved to the U.S. The move paid off.") == ["He moved to the U.S.", "The move paid off."])
    }

    @Test("quotes and ellipses")
    func quotes() {
        #expect(sentences("“We will win.” She smiled. Then… nothing.") == ["“We will win.”", "She smiled.", "Then… nothing."])
        #expect(sentences("He said ‘invaders.’ This ended it.") == ["He said ‘invaders.’", "This ended it."])
        #expect(sentences("Wait... the data came in.") == ["Wait... the data came in."])
    }

    @Test("one sentence a line: line breaks end sentences; wrapped text: they do not")
    func lines() {
        let table = "Results of the day\nAnn Lee 3 Bo Tan 1\nCara Diaz won the final ."
        let scalars = Array(table.unicodeScalars)
        #expect(SentenceSplitter.linesAreSentences(scalars))
        let toks = Tokenizer().tokenize(scalars)
        #expect(SentenceSplitter(newlineBoundaries: true).split(toks).count == 3)
        let wrapped = "The council met on Monday to discuss the budget for the coming year and\nthe plans for the harbour, which have been delayed by the storms of the\nwinter and by a dispute over the cost of repairs to the old sea wall."
        #expect(!SentenceSplitter.linesAreSentences(Array(wrapped.unicodeScalars)))
        // a line that runs on but stops well short of the longest one is no wrap ("Cara" / "Diaz" are two rows)
        let list = "Squad : Ann Lee , Bo Tan , Cara\nDiaz , Dee Fox .\nThe coach said the squad was ready for a long tour of the north , starting in May .\n\" We are ready , \" he said ."
        #expect(SentenceSplitter.linesAreSentences(Array(list.unicodeScalars)))
        let listSentences = SentenceSplitter(newlineBoundaries: true).split(Tokenizer().tokenize(Array(list.unicodeScalars)))
        #expect(listSentences.count == 4)
        // an opening quote on a new line starts the sentence (it is no closing quote of the line before)
        #expect(listSentences.last.map { Tokenizer().tokenize(Array(list.unicodeScalars))[$0.tokenStart].text } == "\"")
    }

    @Test("a headline separated by a blank line is a sentence of its own")
    func headline() {
        #expect(sentences("Floods Hit Coastal Towns\n\nRain fell all week.") == ["Floods Hit Coastal Towns", "Rain fell all week."])
    }
}

@Suite("DateResolver")
struct DateTests {
    func date(_ s: String, _ doc: String?) -> String? {
        let toks = Tokenizer().tokenize(Array(s.unicodeScalars))
        return DateResolver.date(in: toks, range: 0..<toks.count, documentDate: doc)
    }

    @Test("month and day take the document's year, or the year before when later than the document")
    func relative() {
        #expect(date("On December 4, the mayor spoke.", "2024-12-10") == "2024-12-04")
        #expect(date("On December 28, the mayor spoke.", "2025-01-05") == "2024-12-28")
        #expect(date("On 4 March the vote was held.", "2024-03-10") == "2024-03-04")
        #expect(date("On December 4 the mayor spoke.", nil) == "--12-04")
        #expect(date("On Dec. 4, 2023 the mayor spoke.", nil) == "2023-12-04")
        #expect(date("Nothing dated here.", "2024-01-01") == nil)
    }

    @Test("datelines and ISO dates")
    func datelines() {
        #expect(DateResolver.dateline(in: "LIMA, March 3, 2021 - Protests continued.") == "2021-03-03")
        #expect(DateResolver.dateline(in: "LIMA 2021-03-04\nProtests continued.") == "2021-03-04")
        #expect(DateResolver.parseISO("2024-02-30") == nil)
        #expect(DateResolver.parseISO("2024-02-29T10:00:00Z") == "2024-02-29")
    }
}
