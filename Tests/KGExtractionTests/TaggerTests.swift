import Foundation
import KGCore
import Testing
@testable import KGExtraction

/// A tiny invented CoNLL corpus: names, places and organizations in a few fixed frames.
private func inventedCorpus(documents: Int = 12) -> String {
    let people = [["Anna", "Berg"], ["Tomas", "Lind"], ["Maria", "Olsen"], ["Peter", "Holm"], ["Sara", "Dahl"], ["Jonas", "Nyberg"]]
    let places = [["Oslo"], ["New", "Brighton"], ["Tallinn"], ["Porto", "Novo"], ["Lima"]]
    let orgs = [["Acme", "Corp"], ["Global", "Widgets", "Inc"], ["Nordic", "Bank"], ["Blue", "River", "Club"]]
    var out = ""
    func line(_ tok: String, _ tag: String) { out += "\(tok) X X \(tag)\n" }
    func entity(_ toks: [String], _ type: String) { for t in toks { line(t, "I-\(type)") } }
    for d in 0..<documents {
        out += "-DOCSTART- -X- -X- O\n\n"
        for s in 0..<6 {
            let p = people[(d + s) % people.count], l = places[(d * 2 + s) % places.count], o = orgs[(d + 3 * s) % orgs.count]
            switch s % 3 {
            case 0:
                entity(p, "PER"); line("visited", "O"); entity(l, "LOC"); line("on", "O"); line("Monday", "O"); line(".", "O")
            case 1:
                line("The", "O"); line("shares", "O"); line("of", "O"); entity(o, "ORG"); line("rose", "O"); line("in", "O"); entity(l, "LOC"); line(".", "O")
            default:
                line("\"", "O"); line("We", "O"); line("won", "O"); line(",", "O"); line("\"", "O"); line("said", "O"); entity(p, "PER"); line("of", "O"); entity(o, "ORG"); line(".", "O")
            }
            out += "\n"
        }
    }
    return out
}

private func quickOptions() -> TaggerTrainingOptions {
    var o = TaggerTrainingOptions()
    o.iterations = 4
    o.secondPassIterations = 3
    o.folds = 2
    return o
}

@Suite("CoNLL reader")
struct TaggerCoNLLReaderTests {
    @Test func readsDocumentsSentencesAndTags() throws {
        let text = """
        EU NNP I-NP I-ORG
        rejects VBZ I-VP O

        -DOCSTART- -X- -X- O

        Peter NNP I-NP I-PER
        Blackburn NNP I-NP I-PER

        BRUSSELS NNP I-NP I-LOC
        1996-08-22 CD I-NP O

        """
        let docs = try CoNLLReader.parse(text)
        #expect(docs.count == 2)  // text before the first -DOCSTART- is a document too
        #expect(docs[0].sentences == [CoNLLSentence(tokens: ["EU", "rejects"], tags: ["I-ORG", "O"])])
        #expect(docs[1].sentences.count == 2)
        #expect(docs[1].sentences[1].tokens == ["BRUSSELS", "1996-08-22"])
    }

    @Test func iob1SpansFollowConlleval() {
        // B- only where two entities of one type touch (IOB1); a type change starts a new span.
        let tags = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG", "B-ORG"]
        #expect(CoNLLReader.spans(iob: tags) == [
            TokenSpan(start: 0, end: 2, type: "PER"), TokenSpan(start: 2, end: 3, type: "PER"),
            TokenSpan(start: 4, end: 5, type: "LOC"), TokenSpan(start: 5, end: 7, type: "ORG"),
            TokenSpan(start: 7, end: 8, type: "ORG"),
        ])
    }

    @Test func malformedLineNamesFileAndLine() {
        #expect(throws: KGError.parse(file: "f.conll", line: 2, column: 1, message: "expected a token and an NER tag separated by a space")) {
            try CoNLLReader.parse("a X X O\nlonely\n", file: "f.conll")
        }
        #expect(throws: KGError.self) { try CoNLLReader.parse("a X X Q-PER\n") }
    }

    @Test func spanScoreCountsExactMatchesOnly() {
        var s = SpanScore()
        s.add(gold: [TokenSpan(start: 0, end: 2, type: "PER"), TokenSpan(start: 3, end: 4, type: "LOC")],
              predicted: [TokenSpan(start: 0, end: 2, type: "PER"), TokenSpan(start: 3, end: 5, type: "LOC")])
        let prf = s.prf(["PER", "LOC", "ORG"])
        #expect(prf.p == 0.5 && prf.r == 0.5 && prf.f1 == 0.5)
    }
}

@Suite("Tagger labels and decoding")
struct TaggerDecodingTests {
    @Test func bilouEncodingRoundTrips() {
        let spans = [TokenSpan(start: 0, end: 1, type: "LOC"), TokenSpan(start: 2, end: 5, type: "ORG")]
        let labels = TaggerLabels.encode(spans: spans, count: 6)
        #expect(labels.map { TaggerLabels.names[$0] } == ["U-LOC", "O", "B-ORG", "I-ORG", "L-ORG", "O"])
        #expect(TaggerLabels.spans(labels: labels) == spans)
        #expect(TaggerLabels.bio(labels: labels) == ["B-LOC", "O", "B-ORG", "I-ORG", "I-ORG", "O"])
    }

    @Test func viterbiPicksTheBestValidSequence() {
        let L = TaggerLabels.count
        let b = TaggerLabels.names.firstIndex(of: "B-PER")!, l = TaggerLabels.names.firstIndex(of: "L-PER")!
        let i = TaggerLabels.names.firstIndex(of: "I-PER")!
        var e = [Float](repeating: 0, count: 2 * L)
        e[b] = 1.0           // token 0: B-PER
        e[L + 0] = 2.0       // token 1: O is the best label alone, but B-PER O is not BILOU
        e[L + l] = 1.5
        let zero = [Float](repeating: 0, count: (L + 1) * L)
        #expect(SequenceTagger.viterbi(emissions: e, count: 2, transitions: zero) == [b, l])
        // I-PER cannot start a sentence, however high its score
        var e1 = [Float](repeating: 0, count: L)
        e1[i] = 10
        #expect(SequenceTagger.viterbi(emissions: e1, count: 1, transitions: zero) == [0])
        // a transition weight can tip the balance
        var t = zero
        t[L * L + b] = -5  // starting with B-PER is penalized
        #expect(SequenceTagger.viterbi(emissions: e, count: 2, transitions: t) == [0, 0])
    }
}

@Suite("Tagger features")
struct TaggerFeatureTests {
    @Test func hashingIsFixedAcrossRunsAndMachines() {
        // Saved models name features by these hashes: a change here silently breaks every model.
        #expect(TaggerHash.string("") == TaggerHash.mix(0xCBF2_9CE4_8422_2325))
        #expect(TaggerHash.string("Paris") == TaggerHash.bytes(Array("Paris".utf8)))
        #expect(TaggerHash.mix(0) == 0xE220_A839_7B1D_CDAF)
        #expect(TaggerHash.combine(1, 2) != TaggerHash.combine(2, 1))
    }

    @Test func extractionIsDeterministicAndContextual() {
        let extractor = TaggerFeatureExtractor(lexicon: TaggerLexicon())
        let doc = [["Anna", "Berg", "visited", "Oslo", "."], ["SOCCER", "-", "OSLO", "WIN", "."]]
        let a = extractor.extract(doc), b = extractor.extract(doc)
        #expect(a.hashes == b.hashes && a.offsets == b.offsets)
        #expect(a.sentenceStarts == [0, 5, 10])
        #expect(a.offsets.count == 11)
        // the same word in another context gets different context features but shares its word feature
        let f3 = Set(a.hashes[a.offsets[3]..<a.offsets[4]]), f7 = Set(a.hashes[a.offsets[7]..<a.offsets[8]])
        #expect(f3.contains(TaggerHash.combine(FT.w, TaggerHash.string("oslo"))))
        #expect(f7.contains(TaggerHash.combine(FT.w, TaggerHash.string("oslo"))))
        #expect(f3 != f7)
        // history features appear only with a history
        let h = extractor.extract(doc, history: [1, 3, 0, 8, 0, 0, 0, 8, 0, 0])
        #expect(h.hashes.count > a.hashes.count)
    }

    @Test func gazetteerMatchesMultiTokenPhrases() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kg-tagger-gaz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "# cities\nNew Brighton\nLima\n".write(to: dir.appendingPathComponent("tagger-cities.tsv"), atomically: true, encoding: .utf8)
        var lexicon = TaggerLexicon()
        try TaggerLexiconBuilder.addGazetteers(to: &lexicon, directory: dir, log: { _ in })
        #expect(lexicon.gazetteerNames == ["cities"] && lexicon.maxGazetteerTokens == 2)
        let extractor = TaggerFeatureExtractor(lexicon: lexicon)
        let batch = extractor.extract([["In", "New", "Brighton", "today"]])
        let begin = TaggerHash.combine(FT.gaz, 0 << 8 | 0 << 1 | 1), last = TaggerHash.combine(FT.gaz, 0 << 8 | 2 << 1 | 1)
        #expect(batch.hashes[batch.offsets[1]..<batch.offsets[2]].contains(begin))
        #expect(batch.hashes[batch.offsets[2]..<batch.offsets[3]].contains(last))
        #expect(!batch.hashes[batch.offsets[3]..<batch.offsets[4]].contains(where: { $0 == begin || $0 == last }))
    }
}

@Suite("Tagger training and model file")
struct TaggerTrainingTests {
    @Test func learnsAnInventedCorpusDeterministically() throws {
        let docs = try CoNLLReader.parse(inventedCorpus())
        let tagger = try TaggerTrainer.train(train: docs, options: quickOptions())
        #expect(tagger.passCount == 2)
        #expect(tagger.evaluate(docs).prf(TaggerLabels.types).f1 == 1.0)
        // known names in a new frame
        let tags = tagger.tag(["Yesterday", "Maria", "Olsen", "left", "Tallinn", "for", "Nordic", "Bank", "."])
        #expect(tags == ["O", "B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG", "O"])
        let again = try TaggerTrainer.train(train: docs, options: quickOptions())
        #expect(again.serialized() == tagger.serialized())
    }

    @Test func modelFileRoundTrips() throws {
        let docs = try CoNLLReader.parse(inventedCorpus(documents: 6))
        let tagger = try TaggerTrainer.train(train: docs, options: quickOptions())
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kg-tagger-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        try tagger.save(to: url)
        let loaded = try SequenceTagger.load(from: url)
        #expect(loaded.serialized() == tagger.serialized())
        #expect(loaded.featureCounts == tagger.featureCounts)
        let sentences = docs[0].sentences.map(\.tokens)
        #expect(loaded.tag(sentences: sentences) == tagger.tag(sentences: sentences))
    }

    @Test func corruptModelsAreRejectedWithTheFileName() throws {
        let docs = try CoNLLReader.parse(inventedCorpus(documents: 4))
        var o = quickOptions(); o.secondPassIterations = 0
        let bytes = try TaggerTrainer.train(train: docs, options: o).serialized()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kg-tagger-bad-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        for bad in [bytes.prefix(bytes.count - 3), Data("not a model at all".utf8), bytes + Data([0])] {
            try bad.write(to: url)
            #expect {
                try SequenceTagger.load(from: url)
            } throws: { error in
                "\(error)".hasPrefix(url.path + ": corrupt tagger model")
            }
        }
        #expect(throws: KGError.self) { try SequenceTagger.load(from: url.appendingPathExtension("missing")) }
    }
}

@Suite("Bundled tagger model")
struct TaggerBundledModelTests {
    static let modelURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Ontology/models/ner.bin").standardizedFileURL

    @Test func loadsAndTagsEverydayNews() throws {
        let tagger = try SequenceTagger.load(from: Self.modelURL)
        #expect(tagger.passCount == 2)
        let tokens = ["German", "Chancellor", "Angela", "Merkel", "met", "officials", "of", "the", "European", "Commission", "in", "Brussels", "on", "Monday", "."]
        let spans = tagger.entities(sentences: [tokens])[0]
        #expect(spans.contains(TokenSpan(start: 2, end: 4, type: "PER")))
        #expect(spans.contains(TokenSpan(start: 11, end: 12, type: "LOC")))
        #expect(spans.contains { $0.type == "ORG" && $0.end == 10 })
        // all-caps headline
        let headline = tagger.tag(["SOCCER", "-", "BARCELONA", "BEAT", "REAL", "MADRID", "IN", "SPAIN", "."])
        #expect(headline[7] == "B-LOC")
    }
}
