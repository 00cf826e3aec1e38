import Foundation
import KGCore

/// The trained weights of one pass: feature keys with one score per label, and label transitions.
struct PassWeights: Sendable {
    var keys: [UInt64]
    /// keys.count × labels.
    var weights: [Float]
    /// (labels + 1) × labels; the last row scores the sentence start.
    var transitions: [Float]
    /// Quantization step (nil: max |weight| / 32767).
    var scale: Float? = nil
}

/// A named-entity sequence tagger: an averaged structured perceptron over BILOU labels with Viterbi
/// decoding, hashed lexical, shape, context, gazetteer, cluster and document-level features (case of the word elsewhere, context aggregation over its other occurrences), and a
/// second pass that also sees the first pass's labels of the same words elsewhere in the document
/// ("extended prediction history").
///
/// Load it once (`load(from:)`) and share it: tagging is thread-safe.
public struct SequenceTagger: Sendable {
    let extractor: TaggerFeatureExtractor
    /// All passes' feature weights in one table.
    let table: TaggerWeightTable
    /// Per pass: (labels + 1) × labels transition scores.
    let transitions: [[Float]]
    /// Per-word-type score caches of the threads tagging with this model (see TaggerInference.swift).
    let cachePool = TaggerCachePool()
    /// In front of the gazetteer phrase map (most candidate phrases are in no list).
    let gazetteerFilter: TaggerKeyFilter

    init(extractor: TaggerFeatureExtractor, passes: [PassWeights]) {
        self.extractor = extractor
        let gazetteerKeys = extractor.lexicon.gazetteer.storedKeys
        self.gazetteerFilter = TaggerKeyFilter(keys: gazetteerKeys, count: gazetteerKeys.count)
        self.table = TaggerWeightTable(passes: passes.map { ($0.keys, $0.weights, $0.scale) })
        self.transitions = passes.map(\.transitions)
    }

    /// Number of passes (1 or 2).
    public var passCount: Int { transitions.count }

    /// Labels per token (IOB2: `B-PER`, `I-PER`, `O`; types PER, LOC, ORG, MISC) for one sentence,
    /// tagged as a one-sentence document.
    public func tag(_ tokens: [String]) -> [String] {
        tag(sentences: [tokens])[0]
    }

    /// Labels per token for the sentences of one document (document-level features look across them).
    public func tag(sentences: [[String]]) -> [[String]] {
        labelIndices(sentences).map { TaggerLabels.bio(labels: $0) }
    }

    /// Entity spans (token ranges within each sentence; types PER, LOC, ORG, MISC) for the sentences
    /// of one document.
    public func entities(sentences: [[String]]) -> [[TokenSpan]] {
        labelIndices(sentences).map { TaggerLabels.spans(labels: $0) }
    }

    /// BILOU label indices per sentence after `passCount` passes (default: all), the reference way:
    /// every feature hash listed by `TaggerFeatureExtractor.extract`, its dequantized weights summed
    /// as Float in feature order. Training uses it (the jackknifed first-pass history), so models
    /// rebuild byte for byte; `labelIndices` is the fast path and agrees with it up to float rounding.
    func referenceLabelIndices(_ sentences: [[String]], passCount: Int? = nil) -> [[Int]] {
        let P = min(passCount ?? self.passCount, self.passCount)
        let batch = extractor.extract(sentences)
        let L = TaggerLabels.count, stride = table.blocks * L
        let T = batch.offsets.count - 1
        var emissions = [Float](repeating: 0, count: max(1, T * stride))
        let table = self.table
        emissions.withUnsafeMutableBufferPointer { e in
            batch.hashes.withUnsafeBufferPointer { hs in
                batch.offsets.withUnsafeBufferPointer { offs in
                    for t in 0..<T {
                        let row = e.baseAddress! + t * stride
                        for f in offs[t]..<offs[t + 1] { table.accumulate(hs[f], into: row) }
                    }
                }
            }
        }
        var result = decode(emissions, stride: stride, block: 0, batch: batch)
        for p in 1..<max(1, P) {
            let history = result.flatMap { $0 }
            let eph = TaggerFeatureExtractor.historyFeatures(wordKeys: batch.wordKeys, caseClasses: batch.caseClasses, sentenceStarts: batch.sentenceStarts, history: history)
            emissions.withUnsafeMutableBufferPointer { e in
                for t in 0..<T {
                    let row = e.baseAddress! + t * stride + p * L
                    for f in eph.offsets[t]..<eph.offsets[t + 1] { table.accumulate(eph.hashes[f], block: p, into: row) }
                }
            }
            result = decode(emissions, stride: stride, block: p, batch: batch)
        }
        return result
    }

    private func decode(_ emissions: [Float], stride: Int, block: Int, batch: TaggerFeatureBatch) -> [[Int]] {
        let L = TaggerLabels.count
        var out: [[Int]] = []
        out.reserveCapacity(batch.sentenceStarts.count - 1)
        var buffer: [Float] = []
        for s in 0..<(batch.sentenceStarts.count - 1) {
            let a = batch.sentenceStarts[s], n = batch.sentenceStarts[s + 1] - a
            if n == 0 { out.append([]); continue }
            buffer.removeAll(keepingCapacity: true)
            for t in a..<(a + n) { buffer.append(contentsOf: emissions[(t * stride + block * L)..<(t * stride + block * L + L)]) }
            out.append(Self.viterbi(emissions: buffer, count: n, transitions: transitions[block]))
        }
        return out
    }

    /// Transition mask: 0 where allowed, -inf where BILOU forbids; (L+1) × L, last row = start.
    static let transitionMask: [Float] = {
        let L = TaggerLabels.count
        var m = [Float](repeating: 0, count: (L + 1) * L)
        for p in 0...L {
            for y in 0..<L where !TaggerLabels.allowed(p == L ? nil : p, y) { m[p * L + y] = -.infinity }
        }
        return m
    }()

    /// Allowed predecessors of each label (BILOU).
    static let predecessors: [[Int]] = (0..<TaggerLabels.count).map { y in (0..<TaggerLabels.count).filter { TaggerLabels.allowed($0, y) } }

    static let endMask: [Float] = (0..<TaggerLabels.count).map { TaggerLabels.allowedAtEnd($0) ? 0 : -.infinity }

    /// Best BILOU-valid label sequence for `count` tokens given emission (count × labels) and
    /// transition ((labels + 1) × labels, last row = start) scores.
    static func viterbi(emissions: [Float], count n: Int, transitions: [Float]) -> [Int] {
        var scratch = ViterbiScratch()
        let plan = ViterbiTransitions(transitions)
        return emissions.withUnsafeBufferPointer { e in viterbi(emissions: e.baseAddress!, count: n, transitions: plan, scratch: &scratch) }
    }

    /// Tags CoNLL documents and scores the predicted spans against their gold tags.
    public func evaluate(_ documents: [CoNLLDocument], passCount: Int? = nil) -> SpanScore {
        var score = SpanScore()
        for doc in documents {
            let predicted = labelIndices(doc.sentences.map(\.tokens), passCount: passCount)
            for (s, sentence) in doc.sentences.enumerated() {
                score.add(gold: CoNLLReader.spans(iob: sentence.tags), predicted: TaggerLabels.spans(labels: predicted[s]))
            }
        }
        return score
    }

    /// The passes' weights as stored (dequantized).
    func passWeights() -> [PassWeights] {
        (0..<passCount).map { b in
            let rows = table.sortedRows(block: b)
            let s = table.scales[b]
            return PassWeights(keys: rows.map(\.0), weights: rows.flatMap { $0.1.map { Float($0) * s } }, transitions: transitions[b], scale: s)
        }
    }

    /// A copy without the features whose every label weight is below `minimumWeight` in magnitude:
    /// a smaller, faster model at a small cost in accuracy.
    public func pruned(minimumWeight: Float) -> SequenceTagger {
        let passes = passWeights().map { p -> PassWeights in
            let L = TaggerLabels.count
            var keys: [UInt64] = [], weights: [Float] = []
            for (j, k) in p.keys.enumerated() where p.weights[(j * L)..<(j * L + L)].contains(where: { abs($0) >= minimumWeight }) {
                keys.append(k)
                weights.append(contentsOf: p.weights[(j * L)..<(j * L + L)])
            }
            return PassWeights(keys: keys, weights: weights, transitions: p.transitions, scale: p.scale)
        }
        return SequenceTagger(extractor: extractor, passes: passes)
    }

    /// Number of stored features per pass.
    public var featureCounts: [Int] { (0..<passCount).map { table.count(block: $0) } }
}
