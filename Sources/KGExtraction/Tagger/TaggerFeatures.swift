import Foundation

/// Word-level knowledge the features consult, built at training time and saved inside the model:
/// a corpus case prior (how often a word is capitalized mid-sentence in training and unlabeled
/// text), gazetteer phrases (lowercased token sequences → bit set of lists) and word clusters.
struct TaggerLexicon: Sendable {
    /// lowercased word hash → case bucket (1...7).
    var casePrior = UInt64Map()
    /// hash of a lowercased, space-joined token sequence → bit set of gazetteer lists.
    var gazetteer = UInt64Map()
    var gazetteerNames: [String] = []
    var maxGazetteerTokens = 0
    /// lowercased word hash → cluster path bits (low 24 bits) | path length << 24.
    var clusters = UInt64Map()

    init() {}
}

/// Feature templates. Each feature is `combine(template, value...)`.
enum FT {
    static let bias: UInt64 = 0x1001, w: UInt64 = 0x1002, wx: UInt64 = 0x1003
    static let wm1: UInt64 = 0x1004, wp1: UInt64 = 0x1005, wm2: UInt64 = 0x1006, wp2: UInt64 = 0x1007
    static let bgL: UInt64 = 0x1008, bgR: UInt64 = 0x1009
    static let shape: UInt64 = 0x100A, short: UInt64 = 0x100B, shortM1: UInt64 = 0x100C, shortP1: UInt64 = 0x100D
    static let short3: UInt64 = 0x100E, wm1Short: UInt64 = 0x100F, shortWp1: UInt64 = 0x1010
    static let prefix: UInt64 = 0x1011, suffix: UInt64 = 0x1012
    static let ctxCase: UInt64 = 0x1013, prior: UInt64 = 0x1014, docCase: UInt64 = 0x1015
    static let chunk: UInt64 = 0x1016, gaz: UInt64 = 0x1017, case3: UInt64 = 0x1018
    static let eph: UInt64 = 0x1019, ephMaj: UInt64 = 0x101A, cluster: UInt64 = 0x101B
    static let clusterM1: UInt64 = 0x101C, clusterP1: UInt64 = 0x101D, wCtx: UInt64 = 0x101E
    static let gazW: UInt64 = 0x101F, ephSpan: UInt64 = 0x1020, priorW: UInt64 = 0x1021, ephFirst: UInt64 = 0x1022
    static let aggL: UInt64 = 0x1023, aggR: UInt64 = 0x1024
    static let bos: UInt64 = 0xB05, eos: UInt64 = 0xE05
}

/// Case classes of a token.
enum CaseClass {
    static let none: UInt8 = 0     // no letters
    static let lower: UInt8 = 1    // starts lowercase
    static let initial: UInt8 = 2  // starts uppercase, has lowercase
    static let upper: UInt8 = 3    // letters all uppercase, more than one letter
    static let single: UInt8 = 4   // one uppercase letter (initials: "J.", "A")
}

/// The features of one document: a flat list of feature hashes with per-token offsets.
struct TaggerFeatureBatch {
    var hashes: [UInt64] = []
    /// token k's features are hashes[offsets[k]..<offsets[k+1]].
    var offsets: [Int] = [0]
    /// sentence s covers tokens sentenceStarts[s]..<sentenceStarts[s+1].
    var sentenceStarts: [Int] = [0]
    /// Per token: the lowercased word's hash and its case class (for history features).
    var wordKeys: [UInt64] = []
    var caseClasses: [UInt8] = []
}

/// Turns documents (sentences of tokens) into feature hashes. Deterministic: the same tokens, lexicon
/// and history give the same hashes on every run and machine.
struct TaggerFeatureExtractor: Sendable {
    var lexicon: TaggerLexicon

    // Per-token word-level facts, computed once per document.
    private struct Word {
        var hLower: UInt64 = 0, hWord: UInt64 = 0, hShape: UInt64 = 0, hShort: UInt64 = 0
        var caseClass: UInt8 = 0
        var prior: UInt32 = 0
        var cluster: UInt32 = 0
        var lowerStart = 0, lowerEnd = 0
    }

    /// Extracts features. `history`, when given, holds a first pass's label per token (flattened over
    /// the document's sentences) and adds the document-level "extended prediction history" features.
    func extract(_ sentences: [[String]], history: [Int]? = nil) -> TaggerFeatureBatch {
        var batch = TaggerFeatureBatch()
        var lowerBytes: [UInt8] = []
        var words: [Word] = []
        var sentenceOf: [Int] = []
        var capsSentence: [Bool] = []
        for (s, sentence) in sentences.enumerated() {
            var letterTokens = 0, lowerTokens = 0
            for token in sentence {
                var w = Word()
                w.lowerStart = lowerBytes.count
                Self.analyze(token, into: &w, lower: &lowerBytes)
                w.lowerEnd = lowerBytes.count
                w.hLower = lowerBytes.withUnsafeBufferPointer { TaggerHash.bytes($0, from: w.lowerStart, to: w.lowerEnd) }
                w.prior = lexicon.casePrior.get(w.hLower) ?? 0
                w.cluster = lexicon.clusters.get(w.hLower) ?? 0
                if w.caseClass != CaseClass.none {
                    letterTokens += 1
                    if w.caseClass == CaseClass.lower || w.caseClass == CaseClass.initial { lowerTokens += 1 }
                }
                words.append(w)
                sentenceOf.append(s)
            }
            capsSentence.append(letterTokens > 0 && lowerTokens == 0)
            batch.sentenceStarts.append(words.count)
        }

        // Document-level case: how each word is cased where case is informative (not sentence-initial,
        // not in an all-caps line).
        var docCaseIndex = UInt64Map(minimumCapacity: words.count)
        var docCase: [UInt8] = []  // bit 0: seen lowercase, bit 1: seen capitalized
        for (k, w) in words.enumerated() {
            let s = sentenceOf[k]
            guard !capsSentence[s], k != batch.sentenceStarts[s], w.caseClass == CaseClass.lower || w.caseClass == CaseClass.initial else { continue }
            let bit: UInt8 = w.caseClass == CaseClass.lower ? 1 : 2
            if let i = docCaseIndex.get(w.hLower) { docCase[Int(i)] |= bit } else {
                docCaseIndex.set(w.hLower, UInt32(docCase.count)); docCase.append(bit)
            }
        }

        for w in words {
            batch.wordKeys.append(w.hLower)
            batch.caseClasses.append(w.caseClass)
        }
        // Context aggregation: the neighbours of the other capitalized occurrences of a word in the document.
        var occurrences: [UInt64: [Int32]] = [:]
        for (k, w) in words.enumerated() where w.caseClass >= CaseClass.initial { occurrences[w.hLower, default: []].append(Int32(k)) }
        let eph = history.map { Self.historyFeatures(wordKeys: batch.wordKeys, caseClasses: batch.caseClasses, sentenceStarts: batch.sentenceStarts, history: $0) }

        // Gazetteer matches: per token, the hashes of (list, position, span capitalized) features.
        var gazFeatures: [Int: [UInt64]] = [:]
        if lexicon.maxGazetteerTokens > 0 {
            for s in 0..<sentences.count {
                let a = batch.sentenceStarts[s], b = batch.sentenceStarts[s + 1]
                for i in a..<b where words[i].caseClass >= CaseClass.initial || words[i].caseClass == CaseClass.none {
                    var h: UInt64 = 0xCBF2_9CE4_8422_2325
                    var allCap = true
                    for j in i..<min(b, i + lexicon.maxGazetteerTokens) {
                        if j > i { h ^= 0x20; h = h &* 0x0000_0100_0000_01B3 }
                        for byte in lowerBytes[words[j].lowerStart..<words[j].lowerEnd] { h ^= UInt64(byte); h = h &* 0x0000_0100_0000_01B3 }
                        if words[j].caseClass == CaseClass.lower { allCap = false }
                        guard let mask = lexicon.gazetteer.get(TaggerHash.mix(h)) else { continue }
                        let len = j - i + 1
                        for list in 0..<32 where mask & (1 << UInt32(list)) != 0 {
                            for p in i...j {
                                let pos: UInt64 = len == 1 ? 3 : (p == i ? 0 : (p == j ? 2 : 1))
                                gazFeatures[p, default: []].append(TaggerHash.combine(FT.gaz, UInt64(list) << 8 | pos << 1 | (allCap ? 1 : 0)))
                            }
                        }
                    }
                }
            }
        }

        batch.hashes.reserveCapacity(words.count * 48)
        for s in 0..<sentences.count {
            let a = batch.sentenceStarts[s], b = batch.sentenceStarts[s + 1]
            let caps = capsSentence[s]
            // capitalized chunks (outside all-caps lines)
            var chunkStart = a
            for k in a..<b {
                let w = words[k]
                @inline(__always) func add(_ f: UInt64) { batch.hashes.append(f) }
                func lower(_ j: Int, _ sentinel: UInt64) -> UInt64 { j < a || j >= b ? sentinel : words[j].hLower }
                func short(_ j: Int) -> UInt64 { j < a ? FT.bos : (j >= b ? FT.eos : words[j].hShort) }
                func cc(_ j: Int) -> UInt64 { j < a ? 7 : (j >= b ? 8 : UInt64(words[j].caseClass)) }
                let ctx: UInt64 = caps ? 2 : (k == a ? 1 : 0)
                add(TaggerHash.combine(FT.bias, 0))
                add(TaggerHash.combine(FT.w, w.hLower))
                add(TaggerHash.combine(FT.wx, w.hWord))
                add(TaggerHash.combine(FT.wCtx, w.hLower, ctx))
                let m1 = lower(k - 1, FT.bos), p1 = lower(k + 1, FT.eos)
                add(TaggerHash.combine(FT.wm1, m1))
                add(TaggerHash.combine(FT.wp1, p1))
                add(TaggerHash.combine(FT.wm2, lower(k - 2, FT.bos)))
                add(TaggerHash.combine(FT.wp2, lower(k + 2, FT.eos)))
                add(TaggerHash.combine(FT.bgL, m1, w.hLower))
                add(TaggerHash.combine(FT.bgR, w.hLower, p1))
                add(TaggerHash.combine(FT.shape, w.hShape))
                add(TaggerHash.combine(FT.short, w.hShort))
                add(TaggerHash.combine(FT.shortM1, short(k - 1)))
                add(TaggerHash.combine(FT.shortP1, short(k + 1)))
                add(TaggerHash.combine(TaggerHash.combine(FT.short3, short(k - 1)), w.hShort, short(k + 1)))
                add(TaggerHash.combine(FT.wm1Short, m1, w.hShort))
                add(TaggerHash.combine(FT.shortWp1, w.hShort, p1))
                add(TaggerHash.combine(FT.case3, cc(k - 1) << 8 | cc(k) << 4 | cc(k + 1), ctx))
                add(TaggerHash.combine(FT.ctxCase, ctx, UInt64(w.caseClass)))
                add(TaggerHash.combine(FT.prior, UInt64(w.prior) << 8 | ctx << 4 | UInt64(w.caseClass)))
                // affixes
                let len = w.lowerEnd - w.lowerStart
                lowerBytes.withUnsafeBufferPointer { lb in
                    for n in 1...4 where n <= len {
                        batch.hashes.append(TaggerHash.combine(FT.prefix, UInt64(n), TaggerHash.bytes(lb, from: w.lowerStart, to: w.lowerStart + n)))
                        batch.hashes.append(TaggerHash.combine(FT.suffix, UInt64(n), TaggerHash.bytes(lb, from: w.lowerEnd - n, to: w.lowerEnd)))
                    }
                }
                // document case
                let dc: UInt64 = docCaseIndex.get(w.hLower).map { UInt64(docCase[Int($0)]) } ?? 0
                add(TaggerHash.combine(FT.docCase, dc << 8 | ctx << 4 | UInt64(w.caseClass)))
                // capitalized chunk position
                if !caps {
                    let isCap = w.caseClass >= CaseClass.initial
                    if !isCap { chunkStart = k + 1 } else {
                        if k > a, words[k - 1].caseClass < CaseClass.initial { chunkStart = k }
                        var end = k + 1
                        while end < b, words[end].caseClass >= CaseClass.initial { end += 1 }
                        let n = min(end - chunkStart, 5), pos = min(k - chunkStart, 4)
                        add(TaggerHash.combine(FT.chunk, UInt64(n) << 4 | UInt64(pos)))
                    }
                }
                // clusters
                if w.cluster != 0 {
                    let bits = UInt64(w.cluster & 0xFFFFFF), plen = UInt64(w.cluster >> 24)
                    for depth in [4, 8, 12, 16, 20] where UInt64(depth) <= plen {
                        add(TaggerHash.combine(FT.cluster, UInt64(depth), bits >> (plen - UInt64(depth))))
                    }
                    add(TaggerHash.combine(FT.cluster, 99 << 40 | bits | plen << 32))
                }
                for (j, t) in [(k - 1, FT.clusterM1), (k + 1, FT.clusterP1)] where j >= a && j < b && words[j].cluster != 0 {
                    add(TaggerHash.combine(t, UInt64(words[j].cluster)))
                }
                if let g = gazFeatures[k] { batch.hashes.append(contentsOf: g) }
                if w.caseClass >= CaseClass.initial, let occ = occurrences[w.hLower], occ.count > 1 {
                    var seen = Set<UInt64>()
                    for j32 in occ.prefix(12) where Int(j32) != k {
                        let j = Int(j32), sj = sentenceOf[j]
                        let ja = batch.sentenceStarts[sj], jb = batch.sentenceStarts[sj + 1]
                        let l = j > ja ? words[j - 1].hLower : FT.bos, r = j + 1 < jb ? words[j + 1].hLower : FT.eos
                        for f in [TaggerHash.combine(FT.aggL, l), TaggerHash.combine(FT.aggR, r)] where seen.insert(f).inserted { add(f) }
                    }
                }
                if let eph { batch.hashes.append(contentsOf: eph.hashes[eph.offsets[k]..<eph.offsets[k + 1]]) }
                batch.offsets.append(batch.hashes.count)
            }
        }
        return batch
    }

    /// Extended prediction history: for each capitalized token, the first-pass entity types of the
    /// other capitalized occurrences of the same word in the document. Flat hashes with per-token offsets.
    static func historyFeatures(wordKeys: [UInt64], caseClasses: [UInt8], sentenceStarts: [Int], history: [Int]) -> (hashes: [UInt64], offsets: [Int]) {
        let T = TaggerLabels.types.count + 1
        var index = UInt64Map(minimumCapacity: 64)
        var counts: [Int32] = []  // per word: counts for O, PER, LOC, ORG, MISC
        for k in 0..<wordKeys.count where caseClasses[k] >= CaseClass.initial {
            let t = TaggerLabels.type(of: history[k]) + 1
            if let i = index.get(wordKeys[k]) { counts[Int(i) * T + t] += 1 } else {
                index.set(wordKeys[k], UInt32(counts.count / T))
                counts.append(contentsOf: repeatElement(0, count: T))
                counts[counts.count - T + t] = 1
            }
        }
        // first occurrence of each capitalized word: its first-pass label (earlier mentions are fuller)
        var firstIndex = UInt64Map(minimumCapacity: 64)
        for k in 0..<wordKeys.count where caseClasses[k] >= CaseClass.initial && firstIndex.get(wordKeys[k]) == nil {
            firstIndex.set(wordKeys[k], UInt32(k))
        }
        var hashes: [UInt64] = [], offsets = [0]
        offsets.reserveCapacity(wordKeys.count + 1)
        var c = [Int32](repeating: 0, count: T)
        for k in 0..<wordKeys.count {
            if caseClasses[k] >= CaseClass.initial, let f = firstIndex.get(wordKeys[k]), Int(f) < k {
                hashes.append(TaggerHash.combine(FT.ephFirst, UInt64(history[Int(f)])))
            }
            if caseClasses[k] >= CaseClass.initial, let i = index.get(wordKeys[k]) {
                for t in 0..<T { c[t] = counts[Int(i) * T + t] }
                c[TaggerLabels.type(of: history[k]) + 1] -= 1  // the others, not this token
                let total = c.reduce(0, +)
                if total > 0 {
                    var best = 0
                    for t in 1..<T where c[t] > c[best] { best = t }
                    hashes.append(TaggerHash.combine(FT.ephMaj, UInt64(best) << 4 | UInt64(caseClasses[k])))
                    for t in 0..<T where c[t] > 0 {
                        let frac = UInt64(min(3, Int(c[t]) * 4 / Int(total)))
                        hashes.append(TaggerHash.combine(FT.eph, UInt64(t) << 4 | frac))
                    }
                }
            }
            offsets.append(hashes.count)
        }
        return (hashes, offsets)
    }

    // MARK: word analysis

    private static func analyze(_ token: String, into w: inout Word, lower: inout [UInt8]) {
        var ascii = true
        for b in token.utf8 where b >= 0x80 { ascii = false; break }
        if ascii {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in token.utf8 {
                h ^= UInt64(b); h = h &* 0x0000_0100_0000_01B3
                lower.append(b &- 65 < 26 ? b + 32 : b)
            }
            w.hWord = TaggerHash.mix(h)
        } else {
            w.hWord = TaggerHash.string(token)
            lower.append(contentsOf: token.lowercased().utf8)
        }
        let shape = Self.shape(token, ascii: ascii)
        w.hShape = shape.hShape
        w.hShort = shape.hShort
        w.caseClass = shape.caseClass
    }

    /// The hashes of a token's shape ("Xxxx", runs cut at 4) and short shape ("Xx"), and its case class.
    /// Streams the shape bytes through FNV-1a (the same hashes as hashing the shape strings).
    static func shape(_ token: String, ascii: Bool) -> (hShape: UInt64, hShort: UInt64, caseClass: UInt8) {
        var hShape: UInt64 = 0xCBF2_9CE4_8422_2325, hShort = hShape
        var uppers = 0, lowers = 0, first: UInt8 = 0, last: UInt8 = 0, pushed = false
        var run = 0
        @inline(__always) func push(_ c: UInt8) {
            if first == 0 { first = c }
            if pushed && last == c { run += 1 } else { run = 1 }
            pushed = true
            if run <= 4 { hShape ^= UInt64(c); hShape = hShape &* 0x0000_0100_0000_01B3 }
            if run == 1 { hShort ^= UInt64(c); hShort = hShort &* 0x0000_0100_0000_01B3 }
            last = c
        }
        if ascii {
            for b in token.utf8 {
                switch b {
                case 65...90: push(88); uppers += 1
                case 97...122: push(120); lowers += 1
                case 48...57: push(100)
                default: push(b)
                }
            }
        } else {
            for u in token.unicodeScalars {
                let p = u.properties
                if p.isUppercase { push(88); uppers += 1 } else if p.isLowercase { push(120); lowers += 1 } else if p.numericType != nil { push(100) } else if p.isAlphabetic { push(120); lowers += 1 } else { push(u.isASCII ? UInt8(u.value) : 111) }
            }
        }
        let caseClass: UInt8
        if uppers + lowers == 0 { caseClass = CaseClass.none }
        else if first == 120 { caseClass = CaseClass.lower }
        else if lowers > 0 { caseClass = first == 88 ? CaseClass.initial : CaseClass.lower }
        else { caseClass = uppers == 1 ? CaseClass.single : CaseClass.upper }
        return (TaggerHash.mix(hShape), TaggerHash.mix(hShort), caseClass)
    }
}
