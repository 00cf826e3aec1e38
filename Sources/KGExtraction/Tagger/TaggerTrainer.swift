import Foundation
import KGCore

/// Settings of `TaggerTrainer.train`; the defaults are the ones the committed model was built with.
public struct TaggerTrainingOptions: Sendable {
    /// Perceptron epochs of the first pass.
    public var iterations = 10
    /// Perceptron epochs of the second (document-history) pass; 0 trains a one-pass model.
    public var secondPassIterations = 10
    /// Folds for the jackknifed first-pass labels the second pass trains on.
    public var folds = 4
    /// Seed of the deterministic shuffle.
    public var seed: UInt64 = 20_030_601
    /// Files or directories of unlabeled text (UTF-8) for the case prior and word clusters.
    public var unlabeled: [URL] = []
    /// Directory holding `tagger-*.tsv` gazetteers (first column: a phrase; `#` starts a comment).
    public var gazetteerDirectory: URL? = nil
    /// Whether to build word clusters from the training and unlabeled text.
    public var clusters = true
    public init() {}
}

/// Trains `SequenceTagger` models: averaged structured perceptron, BILOU labels, Viterbi decoding.
public enum TaggerTrainer {
    /// Trains a model on `train`; `dev`, when given, is scored after every epoch (reported through
    /// `log`, never used to pick weights). Deterministic for equal inputs and options.
    public static func train(train: [CoNLLDocument], dev: [CoNLLDocument]? = nil, options: TaggerTrainingOptions = .init(),
                             log: (String) -> Void = { _ in }) throws -> SequenceTagger {
        var lexicon = TaggerLexicon()
        let corpus = try TaggerLexiconBuilder.corpus(documents: train, unlabeled: options.unlabeled, log: log)
        TaggerLexiconBuilder.addCasePrior(to: &lexicon, corpus: corpus)
        if options.clusters { lexicon.clusters = TaggerClusterBuilder.build(corpus: corpus, log: log) }
        if let dir = options.gazetteerDirectory { try TaggerLexiconBuilder.addGazetteers(to: &lexicon, directory: dir, log: log) }
        let extractor = TaggerFeatureExtractor(lexicon: lexicon)
        let gold = train.map { doc in doc.sentences.map { TaggerLabels.encode(spans: CoNLLReader.spans(iob: $0.tags), count: $0.tokens.count) } }

        // Pass 1 on all training documents.
        log("pass 1: extracting features")
        let batches1 = train.map { extractor.extract($0.sentences.map(\.tokens)) }
        let pass1 = trainPass(batches: batches1, gold: gold, documents: Array(0..<train.count), iterations: options.iterations,
                              seed: options.seed, log: log) { weights in
            guard let dev else { return nil }
            return SequenceTagger(extractor: extractor, passes: [weights]).evaluate(dev)
        }
        guard options.secondPassIterations > 0 else { return SequenceTagger(extractor: extractor, passes: [pass1]) }

        // Jackknifed first-pass labels for the training documents.
        var history = [[Int]](repeating: [], count: train.count)
        let folds = max(2, options.folds)
        for fold in 0..<folds {
            let trainDocs = (0..<train.count).filter { $0 % folds != fold }
            log("pass 1, fold \(fold + 1)/\(folds): training on \(trainDocs.count) documents")
            let w = trainPass(batches: batches1, gold: gold, documents: trainDocs, iterations: options.iterations,
                              seed: options.seed &+ UInt64(fold + 1), log: { _ in }, evaluate: { _ in nil })
            let foldTagger = SequenceTagger(extractor: extractor, passes: [w])
            for d in stride(from: fold, to: train.count, by: folds) {
                history[d] = foldTagger.referenceLabelIndices(train[d].sentences.map(\.tokens), passCount: 1).flatMap { $0 }
            }
        }
        log("pass 2: extracting features")
        let batches2 = (0..<train.count).map { extractor.extract(train[$0].sentences.map(\.tokens), history: history[$0]) }
        let pass2 = trainPass(batches: batches2, gold: gold, documents: Array(0..<train.count), iterations: options.secondPassIterations,
                              seed: options.seed &+ 1000, log: log) { weights in
            guard let dev else { return nil }
            return SequenceTagger(extractor: extractor, passes: [pass1, weights]).evaluate(dev)
        }
        return SequenceTagger(extractor: extractor, passes: [pass1, pass2])
    }

    /// One averaged-perceptron training run over the given documents.
    static func trainPass(batches: [TaggerFeatureBatch], gold: [[[Int]]], documents: [Int], iterations: Int, seed: UInt64,
                          log: (String) -> Void, evaluate: (PassWeights) -> SpanScore?) -> PassWeights {
        let L = TaggerLabels.count
        // Index features and flatten sentences.
        var index: [UInt64: Int32] = [:]
        var keys: [UInt64] = []
        var feats: [Int32] = []
        var tokenOffsets: [Int] = [0]
        var sentenceTokens: [Int] = [0]  // sentence i covers tokens sentenceTokens[i]..<sentenceTokens[i+1]
        var labels: [Int] = []
        for d in documents {
            let b = batches[d]
            for s in 0..<(b.sentenceStarts.count - 1) {
                for t in b.sentenceStarts[s]..<b.sentenceStarts[s + 1] {
                    for f in b.offsets[t]..<b.offsets[t + 1] {
                        let h = b.hashes[f]
                        if let i = index[h] { feats.append(i) } else {
                            let i = Int32(keys.count); index[h] = i; keys.append(h); feats.append(i)
                        }
                    }
                    tokenOffsets.append(feats.count)
                }
                labels.append(contentsOf: gold[d][s])
                sentenceTokens.append(tokenOffsets.count - 1)
            }
        }
        let sentenceCount = sentenceTokens.count - 1
        log("  \(sentenceCount) sentences, \(labels.count) tokens, \(keys.count) features")
        var w = [Float](repeating: 0, count: keys.count * L)
        var acc = [Double](repeating: 0, count: keys.count * L)
        var trans = [Float](repeating: 0, count: (L + 1) * L)
        var transAcc = [Double](repeating: 0, count: (L + 1) * L)
        var c: Double = 1
        var rng = SplitMix64(seed: seed)
        var order = Array(0..<sentenceCount)

        func averaged() -> PassWeights {
            var kept: [UInt64] = []
            var rows: [Float] = []
            var row = [Float](repeating: 0, count: L)
            for (i, k) in keys.enumerated() {
                var nonzero = false
                for y in 0..<L {
                    let v = Float(Double(w[i * L + y]) - acc[i * L + y] / c)
                    row[y] = v
                    if abs(v) > 1e-3 { nonzero = true }
                }
                guard nonzero else { continue }
                kept.append(k); rows.append(contentsOf: row)
            }
            let t = (0..<trans.count).map { Float(Double(trans[$0]) - transAcc[$0] / c) }
            return PassWeights(keys: kept, weights: rows, transitions: t)
        }

        var emissions = [Float](repeating: 0, count: 256 * L)
        for epoch in 1...max(1, iterations) {
            order.shuffle(using: &rng)
            var errors = 0
            for si in order {
                let t0 = sentenceTokens[si], n = sentenceTokens[si + 1] - t0
                if n == 0 { continue }
                if emissions.count < n * L { emissions = [Float](repeating: 0, count: n * L) }
                for i in 0..<(n * L) { emissions[i] = 0 }
                w.withUnsafeBufferPointer { wp in
                    for t in 0..<n {
                        for f in tokenOffsets[t0 + t]..<tokenOffsets[t0 + t + 1] {
                            let r = Int(feats[f]) * L
                            for y in 0..<L { emissions[t * L + y] += wp[r + y] }
                        }
                    }
                }
                let pred = SequenceTagger.viterbi(emissions: emissions, count: n, transitions: trans)
                var wrong = false
                for t in 0..<n where pred[t] != labels[t0 + t] {
                    wrong = true
                    errors += 1
                    let g = labels[t0 + t], p = pred[t]
                    for f in tokenOffsets[t0 + t]..<tokenOffsets[t0 + t + 1] {
                        let r = Int(feats[f]) * L
                        w[r + g] += 1; acc[r + g] += c
                        w[r + p] -= 1; acc[r + p] -= c
                    }
                }
                if wrong {
                    for t in 0..<n {
                        let pg = t == 0 ? L : labels[t0 + t - 1], pp = t == 0 ? L : pred[t - 1]
                        let g = labels[t0 + t], p = pred[t]
                        if pg == pp && g == p { continue }
                        trans[pg * L + g] += 1; transAcc[pg * L + g] += c
                        trans[pp * L + p] -= 1; transAcc[pp * L + p] -= c
                    }
                }
                c += 1
            }
            var line = "  epoch \(epoch): \(errors) token errors"
            if let score = evaluate(averaged()) {
                line += String(format: ", dev PER/LOC/ORG F1 %.4f, all-types F1 %.4f", score.scoredF1, score.prf(TaggerLabels.types).f1)
            }
            log(line)
        }
        return averaged()
    }
}

/// Builds the lexicon parts of a model from data.
enum TaggerLexiconBuilder {
    /// Training tokens and unlabeled text as one corpus (labels are not read).
    static func corpus(documents: [CoNLLDocument], unlabeled: [URL], log: (String) -> Void) throws -> UnlabeledCorpus {
        var corpus = UnlabeledCorpus()
        for doc in documents { for s in doc.sentences { corpus.add(tokens: s.tokens) } }
        var files = 0, latin1 = 0
        for url in unlabeled {
            for file in try textFiles(url) {
                guard let data = try? Data(contentsOf: file) else {
                    throw KGError.input(file: file.path, message: "cannot read the unlabeled text file")
                }
                // Unlabeled text is only counted, so a file that is not UTF-8 is read as Latin-1 (and said so).
                let utf8 = String(data: data, encoding: .utf8)
                guard let text = utf8 ?? String(data: data, encoding: .isoLatin1) else { continue }
                if utf8 == nil { latin1 += 1 }
                files += 1
                corpus.add(text: text)
            }
        }
        let tokens = corpus.sentences.reduce(0) { $0 + $1.count }
        log("corpus: \(documents.count) training documents and \(files) unlabeled files (\(latin1) not UTF-8, read as Latin-1): \(corpus.sentences.count) sentences, \(tokens) tokens")
        return corpus
    }

    /// Case prior: how often each word is capitalized where case is informative (not sentence-initial,
    /// not in an all-caps line).
    static func addCasePrior(to lexicon: inout TaggerLexicon, corpus: UnlabeledCorpus) {
        var counts = [(cap: Int32, low: Int32)](repeating: (0, 0), count: corpus.words.count)
        let firstKind: [UInt8] = corpus.words.map { w in
            guard let f = w.first, f.isLetter else { return 0 }
            return f.isUppercase ? 2 : (f.isLowercase ? 1 : 0)
        }
        let hasLower: [Bool] = corpus.words.map { $0.contains(where: { $0.isLowercase }) }
        for s in corpus.sentences where s.count > 1 && s.contains(where: { hasLower[Int($0)] }) {
            for t in s.dropFirst() {
                switch firstKind[Int(t)] {
                case 2: counts[Int(t)].cap += 1
                case 1: counts[Int(t)].low += 1
                default: break
                }
            }
        }
        var byLower: [String: (cap: Int32, low: Int32)] = [:]
        for (i, w) in corpus.words.enumerated() where counts[i].cap + counts[i].low > 0 {
            var c = byLower[w.lowercased()] ?? (0, 0)
            c.cap += counts[i].cap; c.low += counts[i].low
            byLower[w.lowercased()] = c
        }
        for (w, c) in byLower {
            let total = Int(c.cap) + Int(c.low)
            let r = Double(c.cap) / Double(total)
            let bucket: UInt32 = total < 2 ? (c.cap > 0 ? 1 : 2) : r < 0.05 ? 3 : r < 0.3 ? 4 : r < 0.7 ? 5 : r < 0.95 ? 6 : 7
            lexicon.casePrior.set(TaggerHash.string(w), bucket)
        }
    }

    static func textFiles(_ url: URL) throws -> [URL] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw KGError.input(file: url.path, message: "no such file or directory")
        }
        if !isDir.boolValue { return [url] }
        guard let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { return [] }
        var out: [URL] = []
        for case let f as URL in e where f.pathExtension == "txt" { out.append(f) }
        return out.sorted { $0.path < $1.path }
    }

    /// Gazetteers: every `tagger-*.tsv` in `directory`, one list each (sorted by file name).
    static func addGazetteers(to lexicon: inout TaggerLexicon, directory: URL, log: (String) -> Void) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw KGError.ontology(file: directory.path, message: "cannot list the gazetteer directory")
        }
        let files = names.filter { $0.hasPrefix("tagger-") && $0.hasSuffix(".tsv") }.sorted()
        guard files.count <= 32 else { throw KGError.ontology(file: directory.path, message: "more than 32 tagger-*.tsv gazetteers") }
        for (i, name) in files.enumerated() {
            let url = directory.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
                throw KGError.ontology(file: url.path, message: "cannot read the gazetteer as UTF-8")
            }
            let list = String(name.dropFirst("tagger-".count).dropLast(".tsv".count))
            lexicon.gazetteerNames.append(list)
            var n = 0
            for line in text.split(whereSeparator: \.isNewline) {
                guard !line.hasPrefix("#"), let phrase = line.split(separator: "\t").first else { continue }
                let tokens = phrase.split(separator: " ")
                guard !tokens.isEmpty, tokens.count <= 8 else { continue }
                let h = TaggerHash.string(tokens.joined(separator: " ").lowercased())
                lexicon.gazetteer.set(h, (lexicon.gazetteer.get(h) ?? 0) | (1 << UInt32(i)))
                lexicon.maxGazetteerTokens = max(lexicon.maxGazetteerTokens, tokens.count)
                n += 1
            }
            log("gazetteer \(list): \(n) entries")
        }
    }
}
