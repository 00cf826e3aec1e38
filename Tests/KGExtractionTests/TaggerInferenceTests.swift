import Foundation
import KGCore
import Testing
@testable import KGExtraction

/// The fast inference path (word-type cache, integer sums) against the reference path (every
/// feature `TaggerFeatureExtractor.extract` lists, looked up one by one).
@Suite("Tagger fast inference")
struct TaggerInferenceTests {
    static let modelURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Ontology/models/ner.bin").standardizedFileURL

    /// Documents that exercise the context features: sentence starts and ends, all-capital lines,
    /// repeated capitalized words (context aggregation, more than 12 occurrences), gazetteer phrases,
    /// clusters, non-ASCII and odd tokens, one-token and empty sentences.
    static let documents: [[[String]]] = [
        [["German", "Chancellor", "Angela", "Merkel", "met", "officials", "of", "the", "European", "Commission", "in", "Brussels", "on", "Monday", "."],
         ["SOCCER", "-", "BARCELONA", "BEAT", "REAL", "MADRID", "IN", "SPAIN", "."],
         ["Merkel", "said", "Brussels", "and", "Paris", "agreed", "."],
         [],
         ["Mr", "Merkel", "of", "New", "York", "City", "'s", "Zürich", "Café", "Ωmega", "\u{0}\u{0}A", "3-2", "1990s", "U.S.", "J."],
         ["Madrid"]],
        (0..<16).map { i in ["Paris", "Saint-Germain", "beat", "Lyon", i % 2 == 0 ? "in" : "at", "Paris", "on", "day", "\(i)", "."] },
        [["the", "the", "the"], ["THE", "The", "the", "tHe"]],
    ]

    /// The integer sums of the reference features of one document.
    static func referenceSums(_ tagger: SequenceTagger, _ sentences: [[String]]) -> [Int32] {
        let batch = tagger.extractor.extract(sentences)
        let S = tagger.table.blocks * TaggerLabels.count, T = batch.offsets.count - 1
        var sums = [Int32](repeating: 0, count: max(1, T * S))
        sums.withUnsafeMutableBufferPointer { acc in
            for t in 0..<T {
                for f in batch.offsets[t]..<batch.offsets[t + 1] { tagger.table.accumulate(batch.hashes[f], into: acc.baseAddress! + t * S) }
            }
        }
        return sums
    }

    static func fastSums(_ tagger: SequenceTagger, _ sentences: [[String]], cache: TaggerWordCache) -> [Int32] {
        let T = sentences.reduce(0) { $0 + $1.count }
        var sums = [Int32](repeating: 0, count: max(1, T * tagger.table.blocks * TaggerLabels.count))
        _ = sums.withUnsafeMutableBufferPointer { tagger.scoreDocument(sentences, tokens: T, cache: cache, sums: $0.baseAddress!) }
        return sums
    }

    @Test func cachedIntegerSumsEqualTheReferenceFeatures() throws {
        let tagger = try SequenceTagger.load(from: Self.modelURL)
        // a cache shared across documents, and one so small it starts over within the test
        for limit in [1 << 14, 8] {
            let cache = TaggerWordCache(table: tagger.table, limit: limit)
            for _ in 0..<2 {
                for doc in Self.documents {
                    #expect(Self.fastSums(tagger, doc, cache: cache) == Self.referenceSums(tagger, doc))
                }
            }
        }
    }

    @Test func labelsEqualTheReferencePath() throws {
        let tagger = try SequenceTagger.load(from: Self.modelURL)
        for doc in Self.documents {
            for p in 1...2 {
                #expect(tagger.labelIndices(doc, passCount: p) == tagger.referenceLabelIndices(doc, passCount: p))
            }
        }
    }

    @Test func threadsTaggingAtOnceAgree() throws {
        let tagger = try SequenceTagger.load(from: Self.modelURL)
        let expected = Self.documents.map { tagger.referenceLabelIndices($0) }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var labels = [[[Int]]](repeating: [], count: 8 * TaggerInferenceTests.documents.count)
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: results.labels.count) { i in
            let labels = tagger.labelIndices(Self.documents[i % Self.documents.count])
            results.lock.lock(); results.labels[i] = labels; results.lock.unlock()
        }
        for i in 0..<results.labels.count { #expect(results.labels[i] == expected[i % Self.documents.count]) }
    }

    @Test func simdViterbiEqualsThePlainLoopTiesIncluded() {
        // small integer scores: many exact ties, which must resolve to the same (first) predecessor
        var rng = SplitMix64(seed: 7)
        let L = TaggerLabels.count
        for round in 0..<300 {
            let n = 1 + round % 9
            let range: UInt64 = round % 2 == 0 ? 3 : 1000
            let emissions = (0..<(n * L)).map { _ in Float(Int(rng.next() % range)) - 1 }
            let transitions = (0..<((L + 1) * L)).map { _ in Float(Int(rng.next() % range)) / 2 }
            #expect(SequenceTagger.viterbi(emissions: emissions, count: n, transitions: transitions)
                == SequenceTagger.referenceViterbi(emissions: emissions, count: n, transitions: transitions))
        }
    }
}
