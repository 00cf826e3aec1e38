import Foundation
import KGCore

/// The weights of one linear-chain pass: feature rows (one score per label) and label transitions.
struct LinearChainWeights: Sendable {
    /// feature hash → row index.
    var index: UInt64Map
    /// rows × labels.
    var weights: [Float]
    /// (labels + 1) × labels; the last row scores the sentence start.
    var transitions: [Float]
}

/// A named-entity sequence tagger: an averaged structured perceptron over BILOU labels with Viterbi
/// decoding, hashed lexical, shape, context, gazetteer, cluster and document-level features, and a
/// second pass that sees the first pass's labels of the same words elsewhere in the document.
///
/// Load it once (`load(from:)`) and share it: tagging is thread-safe and allocation-light.
public struct SequenceTagger: Sendable {
    var extractor: TaggerFeatureExtractor
    var passes: [LinearChainWeights]

    init(extractor: TaggerFeatureExtractor, passes: [LinearChainWeights]) {
        self.extractor = extractor
        self.passes = passes
    }

    /// Labels per token (IOB2: `B-PER`, `I-PER`, `O`; types PER, LOC, ORG, MISC) for one sentence,
    /// tagged as a one-sentence document.
    public func tag(_ tokens: [String]) -> [String] {
        tag(sentences: [tokens])[0]
    }

    /// Labels per token for the sentences of one document (document-level features look across them).
    public func tag(sentences: [[String]]) -> [[String]] {
        let labels = labelIndices(sentences)
        return labels.map { TaggerLabels.bio(labels: $0) }
    }

    /// Entity spans (token ranges within each sentence) for the sentences of one document.
    public func entities(sentences: [[String]]) -> [[TokenSpan]] {
        labelIndices(sentences).map { TaggerLabels.spans(labels: $0) }
    }

    /// BILOU label indices per sentence, after every pass.
    func labelIndices(_ sentences: [[String]], passCount: Int? = nil) -> [[Int]] {
        var history: [Int]? = nil
        var result: [[Int]] = []
        for (p, pass) in passes.prefix(passCount ?? passes.count).enumerated() {
            let batch = extractor.extract(sentences, history: p == 0 ? nil : history)
            var flat: [Int] = []
            flat.reserveCapacity(batch.offsets.count)
            result = []
            for s in 0..<sentences.count {
                let labels = Self.decode(batch, sentence: s, weights: pass)
                flat.append(contentsOf: labels)
                result.append(labels)
            }
            history = flat
        }
        return result
    }

    /// Viterbi decoding of one sentence of a feature batch.
    static func decode(_ batch: TaggerFeatureBatch, sentence s: Int, weights: LinearChainWeights) -> [Int] {
        let a = batch.sentenceStarts[s], n = batch.sentenceStarts[s + 1] - a
        if n == 0 { return [] }
        let L = TaggerLabels.count
        var emissions = [Float](repeating: 0, count: n * L)
        weights.weights.withUnsafeBufferPointer { w in
            batch.hashes.withUnsafeBufferPointer { hs in
                for t in 0..<n {
                    let base = t * L
                    for f in batch.offsets[a + t]..<batch.offsets[a + t + 1] {
                        guard let row = weights.index.get(hs[f]) else { continue }
                        let r = Int(row) * L
                        for y in 0..<L { emissions[base + y] += w[r + y] }
                    }
                }
            }
        }
        return viterbi(emissions: emissions, count: n, transitions: weights.transitions)
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

    static let endMask: [Float] = (0..<TaggerLabels.count).map { TaggerLabels.allowedAtEnd($0) ? 0 : -.infinity }

    /// Best BILOU-valid label sequence for `count` tokens given emission and transition scores.
    static func viterbi(emissions: [Float], count n: Int, transitions: [Float]) -> [Int] {
        let L = TaggerLabels.count
        let mask = transitionMask
        var score = [Float](repeating: 0, count: n * L)
        var back = [Int32](repeating: 0, count: n * L)
        for y in 0..<L { score[y] = emissions[y] + transitions[L * L + y] + mask[L * L + y] }
        if n > 1 {
            for t in 1..<n {
                for y in 0..<L {
                    var best = -Float.infinity, arg = 0
                    for p in 0..<L {
                        let v = score[(t - 1) * L + p] + transitions[p * L + y] + mask[p * L + y]
                        if v > best { best = v; arg = p }
                    }
                    score[t * L + y] = best + emissions[t * L + y]
                    back[t * L + y] = Int32(arg)
                }
            }
        }
        var best = -Float.infinity, arg = 0
        for y in 0..<L {
            let v = score[(n - 1) * L + y] + endMask[y]
            if v > best { best = v; arg = y }
        }
        var out = [Int](repeating: 0, count: n)
        out[n - 1] = arg
        var t = n - 1
        while t > 0 { arg = Int(back[t * L + arg]); out[t - 1] = arg; t -= 1 }
        return out
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
}
