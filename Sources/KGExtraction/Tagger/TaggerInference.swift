import Foundation

// Fast inference: the same features and weights as `TaggerFeatureExtractor.extract` followed by
// weight-table lookups, but fused, with exact integer sums and a cache of per-word-type partial
// sums. Quantized weights are summed as Int32 per label and scaled once per token, so the sum of a
// token's features does not depend on their order and a word type's share can be cached exactly.

/// Partial score sums per word type, kept across documents: the sum of the features that depend
/// only on the word (and its sentence context), and what the word adds to its neighbours' features
/// (as the previous, next, second previous and second next word). One cache serves one thread at a
/// time (see `TaggerCachePool`).
final class TaggerWordCache {
    /// What the features of a token and its neighbours need to know about a cached word type.
    struct Facts {
        var hWord: UInt64 = 0, hLower: UInt64 = 0, hShort: UInt64 = 0
        var prior: UInt32 = 0, cluster: UInt32 = 0
        var byteCount: Int32 = 0
        var caseClass: UInt8 = 0
        /// Bit c: the own vector for sentence context c is filled (context 0 always is).
        var contexts: UInt8 = 1
    }

    /// Vectors per entry: the word's own features in sentence context 0 (inside); its share of a
    /// neighbour's features as that neighbour's previous word, next word, second previous and second
    /// next word; then its own features in context 1 (first word) and 2 (all-capital line), filled
    /// when first needed.
    static let asPrevious = 1, asNext = 2, asSecondPrevious = 3, asSecondNext = 4, vectors = 7
    @inline(__always) static func own(context: Int) -> Int { context == 0 ? 0 : 4 + context }

    /// Sums per vector: passes × labels.
    let stride: Int
    /// Entries kept before the cache starts over.
    let limit: Int
    private(set) var count = 0
    private var capacity = 0
    private var mask = 0
    private var slots: UnsafeMutablePointer<Int32>  // entry + 1, 0 = empty
    private(set) var facts: UnsafeMutablePointer<Facts>
    private(set) var sums: UnsafeMutablePointer<Int32>
    /// The neighbour vectors of a position outside the sentence: previous, next, second previous,
    /// second next (the sentence-start and -end sentinels).
    let boundary: UnsafeMutablePointer<Int32>

    init(table: TaggerWeightTable, limit: Int = 1 << 14) {
        stride = table.blocks * TaggerLabels.count
        self.limit = limit
        slots = .allocate(capacity: 1)
        facts = .allocate(capacity: 1)
        sums = .allocate(capacity: 1)
        boundary = .allocate(capacity: 4 * stride)
        boundary.initialize(repeating: 0, count: 4 * stride)
        table.accumulate(TaggerHash.combine(FT.wm1, FT.bos), into: boundary)
        table.accumulate(TaggerHash.combine(FT.shortM1, FT.bos), into: boundary)
        table.accumulate(TaggerHash.combine(FT.wp1, FT.eos), into: boundary + stride)
        table.accumulate(TaggerHash.combine(FT.shortP1, FT.eos), into: boundary + stride)
        table.accumulate(TaggerHash.combine(FT.wm2, FT.bos), into: boundary + 2 * stride)
        table.accumulate(TaggerHash.combine(FT.wp2, FT.eos), into: boundary + 3 * stride)
        resize(1024)
    }

    deinit {
        slots.deallocate()
        facts.deallocate()
        sums.deallocate()
        boundary.deallocate()
    }

    /// Makes room for `n` new entries without moving existing ones during the next document:
    /// starts over when the cache would pass its limit, grows when needed.
    func reserve(_ n: Int) {
        if count + n > limit && count > 0 { count = 0; slots.update(repeating: 0, count: mask + 1) }
        if count + n > capacity {
            var c = capacity
            while c < count + n { c *= 2 }
            resize(c)
        }
    }

    private func resize(_ c: Int) {
        let newFacts = UnsafeMutablePointer<Facts>.allocate(capacity: c)
        let newSums = UnsafeMutablePointer<Int32>.allocate(capacity: c * Self.vectors * stride)
        if count > 0 {
            newFacts.initialize(from: facts, count: count)
            newSums.initialize(from: sums, count: count * Self.vectors * stride)
        }
        facts.deallocate(); sums.deallocate(); slots.deallocate()
        facts = newFacts; sums = newSums
        capacity = c
        var s = 16
        while s < 2 * c { s <<= 1 }
        mask = s - 1
        slots = .allocate(capacity: s)
        slots.initialize(repeating: 0, count: s)
        for e in 0..<count { place(facts[e].hWord, Int32(e)) }
    }

    @inline(__always) private func place(_ hWord: UInt64, _ e: Int32) {
        var i = Int(truncatingIfNeeded: hWord) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = e + 1
    }

    /// The entry of the token with hash `hWord` and `byteCount` UTF-8 bytes, if cached.
    @inline(__always) func find(_ hWord: UInt64, byteCount: Int32) -> Int? {
        var i = Int(truncatingIfNeeded: hWord) & mask
        while true {
            let e = Int(slots[i]) - 1
            if e < 0 { return nil }
            if facts[e].hWord == hWord && facts[e].byteCount == byteCount { return e }
            i = (i + 1) & mask
        }
    }

    /// Adds an entry (room must be reserved) with zeroed sums; returns its index.
    func insert(_ f: Facts) -> Int {
        precondition(count < capacity)
        let e = count
        count += 1
        (facts + e).initialize(to: f)
        (sums + e * Self.vectors * stride).initialize(repeating: 0, count: Self.vectors * stride)
        place(f.hWord, Int32(e))
        return e
    }

    @inline(__always) func vector(_ e: Int, _ v: Int) -> UnsafeMutablePointer<Int32> {
        sums + (e * Self.vectors + v) * stride
    }
}

/// Word caches for the threads tagging at the same time: a call takes one and gives it back.
final class TaggerCachePool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [TaggerWordCache] = []

    func take(_ make: () -> TaggerWordCache) -> TaggerWordCache {
        lock.lock()
        let c = free.popLast()
        lock.unlock()
        return c ?? make()
    }

    func give(_ c: TaggerWordCache) {
        lock.lock()
        free.append(c)
        lock.unlock()
    }
}

extension SequenceTagger {
    /// The BILOU label indices per sentence after `passCount` passes (default: all); the fast path
    /// behind `tag`, `entities` and `evaluate`.
    func labelIndices(_ sentences: [[String]], passCount: Int? = nil) -> [[Int]] {
        let P = min(passCount ?? self.passCount, self.passCount)
        let cache = cachePool.take { TaggerWordCache(table: table) }
        defer { cachePool.give(cache) }
        let L = TaggerLabels.count, S = table.blocks * L
        var T = 0
        for s in sentences { T += s.count }
        var sums = [Int32](repeating: 0, count: max(1, T * S))
        let doc = sums.withUnsafeMutableBufferPointer { scoreDocument(sentences, tokens: T, cache: cache, sums: $0.baseAddress!) }
        var emissions = [Float](repeating: 0, count: max(1, T * S))
        var scratch = ViterbiScratch()
        var result = decode(sums, emissions: &emissions, block: 0, sentenceStarts: doc.sentenceStarts, scratch: &scratch)
        for p in 1..<max(1, P) {
            let eph = TaggerFeatureExtractor.historyFeatures(wordKeys: doc.wordKeys, caseClasses: doc.caseClasses, sentenceStarts: doc.sentenceStarts, history: result.flatMap { $0 })
            sums.withUnsafeMutableBufferPointer { acc in
                for t in 0..<T {
                    let row = acc.baseAddress! + t * S + p * L
                    for f in eph.offsets[t]..<eph.offsets[t + 1] { table.accumulate(eph.hashes[f], block: p, into: row) }
                }
            }
            result = decode(sums, emissions: &emissions, block: p, sentenceStarts: doc.sentenceStarts, scratch: &scratch)
        }
        return result
    }

    /// Scales pass `block`'s integer sums and decodes each sentence.
    private func decode(_ sums: [Int32], emissions: inout [Float], block: Int, sentenceStarts: [Int], scratch: inout ViterbiScratch) -> [[Int]] {
        let L = TaggerLabels.count, S = table.blocks * L, scale = table.scales[block]
        let T = sentenceStarts.last!
        var out: [[Int]] = []
        out.reserveCapacity(sentenceStarts.count - 1)
        sums.withUnsafeBufferPointer { acc in
            emissions.withUnsafeMutableBufferPointer { e in
                // compact: token t's scores at e[t * L]
                for t in 0..<T {
                    for y in 0..<L { e[t * L + y] = Float(acc[t * S + block * L + y]) * scale }
                }
                let plan = ViterbiTransitions(transitions[block])
                for s in 0..<(sentenceStarts.count - 1) {
                    let a = sentenceStarts[s], n = sentenceStarts[s + 1] - a
                    if n == 0 { out.append([]); continue }
                    out.append(Self.viterbi(emissions: e.baseAddress! + a * L, count: n, transitions: plan, scratch: &scratch))
                }
            }
        }
        return out
    }

    /// Adds every first-pass feature's quantized scores (all passes) to `sums` (tokens × passes ×
    /// labels, zeroed): exactly the features `TaggerFeatureExtractor.extract` lists, each token's
    /// word-only ones and its neighbours' shares taken from the word cache.
    func scoreDocument(_ sentences: [[String]], tokens T: Int, cache: TaggerWordCache, sums acc: UnsafeMutablePointer<Int32>)
        -> (sentenceStarts: [Int], wordKeys: [UInt64], caseClasses: [UInt8]) {
        let lexicon = extractor.lexicon
        let table = self.table
        let S = cache.stride
        cache.reserve(T)
        var entry = [Int](repeating: 0, count: T)
        var hLower = [UInt64](repeating: 0, count: T)
        var hShort = [UInt64](repeating: 0, count: T)
        var caseClass = [UInt8](repeating: 0, count: T)
        var lowerEnd = [Int](repeating: 0, count: T)  // token k's lowercased bytes: lowerEnd[k-1]..<lowerEnd[k]
        var lowerBytes: [UInt8] = []
        lowerBytes.reserveCapacity(T * 8)
        var sentenceStarts = [0]
        sentenceStarts.reserveCapacity(sentences.count + 1)
        var sentenceOf = [Int32](repeating: 0, count: T)
        var capsSentence = [Bool](repeating: false, count: sentences.count)

        // Word types: cached, or analyzed and scored once.
        var k = 0
        for (s, sentence) in sentences.enumerated() {
            var letterTokens = 0, lowerTokens = 0
            for token in sentence {
                let start = lowerBytes.count
                var h: UInt64 = 0xCBF2_9CE4_8422_2325
                var ascii = true, n = 0
                for b in token.utf8 {
                    h ^= UInt64(b); h = h &* 0x0000_0100_0000_01B3
                    if b >= 0x80 { ascii = false }
                    lowerBytes.append(b &- 65 < 26 ? b + 32 : b)
                    n += 1
                }
                if !ascii {
                    lowerBytes.removeSubrange(start...)
                    lowerBytes.append(contentsOf: token.lowercased().utf8)
                }
                let hWord = TaggerHash.mix(h)
                let e: Int
                if let found = cache.find(hWord, byteCount: Int32(truncatingIfNeeded: n)) { e = found } else {
                    var f = TaggerWordCache.Facts()
                    f.hWord = hWord
                    f.byteCount = Int32(truncatingIfNeeded: n)
                    f.hLower = lowerBytes.withUnsafeBufferPointer { TaggerHash.bytes($0, from: start, to: $0.count) }
                    let shape = TaggerFeatureExtractor.shape(token, ascii: ascii)
                    f.hShort = shape.hShort
                    f.caseClass = shape.caseClass
                    f.prior = lexicon.casePrior.get(f.hLower) ?? 0
                    f.cluster = lexicon.clusters.get(f.hLower) ?? 0
                    e = cache.insert(f)
                    lowerBytes.withUnsafeBufferPointer { lb in
                        Self.scoreWordType(f, hShape: shape.hShape, lower: UnsafeBufferPointer(rebasing: lb[start...]), table: table, cache: cache, entry: e)
                    }
                }
                let f = cache.facts[e]
                entry[k] = e
                hLower[k] = f.hLower
                hShort[k] = f.hShort
                caseClass[k] = f.caseClass
                lowerEnd[k] = lowerBytes.count
                sentenceOf[k] = Int32(s)
                if f.caseClass != CaseClass.none {
                    letterTokens += 1
                    if f.caseClass == CaseClass.lower || f.caseClass == CaseClass.initial { lowerTokens += 1 }
                }
                k += 1
            }
            capsSentence[s] = letterTokens > 0 && lowerTokens == 0
            sentenceStarts.append(k)
        }

        // Document-level case: how each word is cased where case is informative.
        var docCaseIndex = UInt64Map(minimumCapacity: T)
        var docCase: [UInt8] = []
        for k in 0..<T {
            let s = Int(sentenceOf[k]), c = caseClass[k]
            guard !capsSentence[s], k != sentenceStarts[s], c == CaseClass.lower || c == CaseClass.initial else { continue }
            let bit: UInt8 = c == CaseClass.lower ? 1 : 2
            if let i = docCaseIndex.get(hLower[k]) { docCase[Int(i)] |= bit } else {
                docCaseIndex.set(hLower[k], UInt32(docCase.count)); docCase.append(bit)
            }
        }

        // Context aggregation: each capitalized word's occurrences in document order (a linked list).
        var groupIndex = UInt64Map(minimumCapacity: 64)
        var groupHead: [Int32] = [], groupTail: [Int32] = [], groupCount: [Int32] = []
        var nextOccurrence = [Int32](repeating: -1, count: T)
        var groupOf = [Int32](repeating: -1, count: T)
        for k in 0..<T where caseClass[k] >= CaseClass.initial {
            if let g = groupIndex.get(hLower[k]) {
                let g = Int(g)
                nextOccurrence[Int(groupTail[g])] = Int32(k)
                groupTail[g] = Int32(k)
                groupCount[g] += 1
                groupOf[k] = Int32(g)
            } else {
                groupIndex.set(hLower[k], UInt32(groupHead.count))
                groupOf[k] = Int32(groupHead.count)
                groupHead.append(Int32(k)); groupTail.append(Int32(k)); groupCount.append(1)
            }
        }

        // Gazetteer matches.
        if lexicon.maxGazetteerTokens > 0 {
            lowerBytes.withUnsafeBufferPointer { lb in
                for s in 0..<sentences.count {
                    let a = sentenceStarts[s], b = sentenceStarts[s + 1]
                    for i in a..<b where caseClass[i] >= CaseClass.initial || caseClass[i] == CaseClass.none {
                        var h: UInt64 = 0xCBF2_9CE4_8422_2325
                        var allCap = true
                        for j in i..<min(b, i + lexicon.maxGazetteerTokens) {
                            if j > i { h ^= 0x20; h = h &* 0x0000_0100_0000_01B3 }
                            for x in (j == 0 ? 0 : lowerEnd[j - 1])..<lowerEnd[j] { h ^= UInt64(lb[x]); h = h &* 0x0000_0100_0000_01B3 }
                            if caseClass[j] == CaseClass.lower { allCap = false }
                            let phrase = TaggerHash.mix(h)
                            guard gazetteerFilter.mayContain(UInt64Map.key(phrase)), let mask = lexicon.gazetteer.get(phrase) else { continue }
                            let len = j - i + 1
                            for list in 0..<32 where mask & (1 << UInt32(list)) != 0 {
                                for p in i...j {
                                    let pos: UInt64 = len == 1 ? 3 : (p == i ? 0 : (p == j ? 2 : 1))
                                    table.accumulate(TaggerHash.combine(FT.gaz, UInt64(list) << 8 | pos << 1 | (allCap ? 1 : 0)), into: acc + p * S)
                                }
                            }
                        }
                    }
                }
            }
        }

        // Per token: cached vectors and the features of pairs of words.
        var seen = [UInt64](repeating: 0, count: 24)
        for s in 0..<sentences.count {
            let a = sentenceStarts[s], b = sentenceStarts[s + 1]
            let caps = capsSentence[s]
            var chunkStart = a
            for k in a..<b {
                let row = acc + k * S
                let ctx: UInt64 = caps ? 2 : (k == a ? 1 : 0)
                if ctx != 0 && cache.facts[entry[k]].contexts & (1 << ctx) == 0 {
                    Self.scoreContext(Int(ctx), table: table, cache: cache, entry: entry[k])
                }
                let own = cache.vector(entry[k], TaggerWordCache.own(context: Int(ctx)))
                let v1 = k - 1 >= a ? cache.vector(entry[k - 1], TaggerWordCache.asPrevious) : cache.boundary
                let v2 = k + 1 < b ? cache.vector(entry[k + 1], TaggerWordCache.asNext) : cache.boundary + S
                let v3 = k - 2 >= a ? cache.vector(entry[k - 2], TaggerWordCache.asSecondPrevious) : cache.boundary + 2 * S
                let v4 = k + 2 < b ? cache.vector(entry[k + 2], TaggerWordCache.asSecondNext) : cache.boundary + 3 * S
                for i in 0..<S { row[i] &+= own[i] &+ v1[i] &+ v2[i] &+ v3[i] &+ v4[i] }

                let w = hLower[k], ws = hShort[k], c = caseClass[k]
                let m1 = k > a ? hLower[k - 1] : FT.bos, p1 = k + 1 < b ? hLower[k + 1] : FT.eos
                let sm1 = k > a ? hShort[k - 1] : FT.bos, sp1 = k + 1 < b ? hShort[k + 1] : FT.eos
                let cm1: UInt64 = k > a ? UInt64(caseClass[k - 1]) : 7, cp1: UInt64 = k + 1 < b ? UInt64(caseClass[k + 1]) : 8
                table.accumulate(TaggerHash.combine(FT.bgL, m1, w), into: row)
                table.accumulate(TaggerHash.combine(FT.bgR, w, p1), into: row)
                table.accumulate(TaggerHash.combine(TaggerHash.combine(FT.short3, sm1), ws, sp1), into: row)
                table.accumulate(TaggerHash.combine(FT.wm1Short, m1, ws), into: row)
                table.accumulate(TaggerHash.combine(FT.shortWp1, ws, p1), into: row)
                table.accumulate(TaggerHash.combine(FT.case3, cm1 << 8 | UInt64(c) << 4 | cp1, ctx), into: row)
                let dc: UInt64 = docCaseIndex.get(w).map { UInt64(docCase[Int($0)]) } ?? 0
                table.accumulate(TaggerHash.combine(FT.docCase, dc << 8 | ctx << 4 | UInt64(c)), into: row)
                if !caps {
                    if c < CaseClass.initial { chunkStart = k + 1 } else {
                        if k > a, caseClass[k - 1] < CaseClass.initial { chunkStart = k }
                        var end = k + 1
                        while end < b, caseClass[end] >= CaseClass.initial { end += 1 }
                        let n = min(end - chunkStart, 5), pos = min(k - chunkStart, 4)
                        table.accumulate(TaggerHash.combine(FT.chunk, UInt64(n) << 4 | UInt64(pos)), into: row)
                    }
                }
                if c >= CaseClass.initial, groupCount[Int(groupOf[k])] > 1 {
                    var seenCount = 0
                    var j32 = groupHead[Int(groupOf[k])], taken = 0
                    while j32 >= 0 && taken < 12 {
                        let j = Int(j32)
                        j32 = nextOccurrence[j]
                        taken += 1
                        if j == k { continue }
                        let sj = Int(sentenceOf[j])
                        let ja = sentenceStarts[sj], jb = sentenceStarts[sj + 1]
                        let l = j > ja ? hLower[j - 1] : FT.bos, r = j + 1 < jb ? hLower[j + 1] : FT.eos
                        for side in 0..<2 {
                            let f = side == 0 ? TaggerHash.combine(FT.aggL, l) : TaggerHash.combine(FT.aggR, r)
                            var dup = false
                            for q in 0..<seenCount where seen[q] == f { dup = true; break }
                            if dup { continue }
                            seen[seenCount] = f; seenCount += 1
                            table.accumulate(f, into: row)
                        }
                    }
                }
            }
        }
        return (sentenceStarts, hLower, caseClass)
    }

    /// The word's features that depend on its sentence context (0 inside, 1 first word, 2 all-capital line).
    private static func contextFeatures(_ f: TaggerWordCache.Facts, _ ctx: UInt64) -> (UInt64, UInt64, UInt64) {
        (TaggerHash.combine(FT.wCtx, f.hLower, ctx),
         TaggerHash.combine(FT.ctxCase, ctx, UInt64(f.caseClass)),
         TaggerHash.combine(FT.prior, UInt64(f.prior) << 8 | ctx << 4 | UInt64(f.caseClass)))
    }

    /// Fills an entry's own vector for sentence context `ctx` (1 or 2) from the context-0 one.
    private static func scoreContext(_ ctx: Int, table: TaggerWeightTable, cache: TaggerWordCache, entry e: Int) {
        let f = cache.facts[e]
        let v = cache.vector(e, TaggerWordCache.own(context: ctx))
        v.update(from: cache.vector(e, 0), count: cache.stride)
        let inside = contextFeatures(f, 0), here = contextFeatures(f, UInt64(ctx))
        table.subtract(inside.0, from: v)
        table.subtract(inside.1, from: v)
        table.subtract(inside.2, from: v)
        table.accumulate(here.0, into: v)
        table.accumulate(here.1, into: v)
        table.accumulate(here.2, into: v)
        cache.facts[e].contexts |= UInt8(1 << ctx)
    }

    /// Fills a new cache entry: the word's own features in sentence context 0 and its shares of its
    /// neighbours' features.
    private static func scoreWordType(_ f: TaggerWordCache.Facts, hShape: UInt64, lower: UnsafeBufferPointer<UInt8>, table: TaggerWeightTable, cache: TaggerWordCache, entry e: Int) {
        let base = cache.vector(e, 0)
        table.accumulate(TaggerHash.combine(FT.bias, 0), into: base)
        table.accumulate(TaggerHash.combine(FT.w, f.hLower), into: base)
        table.accumulate(TaggerHash.combine(FT.wx, f.hWord), into: base)
        table.accumulate(TaggerHash.combine(FT.shape, hShape), into: base)
        table.accumulate(TaggerHash.combine(FT.short, f.hShort), into: base)
        let len = lower.count
        for n in 1...4 where n <= len {
            table.accumulate(TaggerHash.combine(FT.prefix, UInt64(n), TaggerHash.bytes(lower, from: 0, to: n)), into: base)
            table.accumulate(TaggerHash.combine(FT.suffix, UInt64(n), TaggerHash.bytes(lower, from: len - n, to: len)), into: base)
        }
        if f.cluster != 0 {
            let bits = UInt64(f.cluster & 0xFFFFFF), plen = UInt64(f.cluster >> 24)
            for depth in stride(from: UInt64(4), through: 20, by: 4) where depth <= plen {
                table.accumulate(TaggerHash.combine(FT.cluster, depth, bits >> (plen - depth)), into: base)
            }
            table.accumulate(TaggerHash.combine(FT.cluster, 99 << 40 | bits | plen << 32), into: base)
        }
        let inside = contextFeatures(f, 0)
        table.accumulate(inside.0, into: base)
        table.accumulate(inside.1, into: base)
        table.accumulate(inside.2, into: base)
        let prev = cache.vector(e, TaggerWordCache.asPrevious)
        table.accumulate(TaggerHash.combine(FT.wm1, f.hLower), into: prev)
        table.accumulate(TaggerHash.combine(FT.shortM1, f.hShort), into: prev)
        let next = cache.vector(e, TaggerWordCache.asNext)
        table.accumulate(TaggerHash.combine(FT.wp1, f.hLower), into: next)
        table.accumulate(TaggerHash.combine(FT.shortP1, f.hShort), into: next)
        if f.cluster != 0 {
            table.accumulate(TaggerHash.combine(FT.clusterM1, UInt64(f.cluster)), into: prev)
            table.accumulate(TaggerHash.combine(FT.clusterP1, UInt64(f.cluster)), into: next)
        }
        table.accumulate(TaggerHash.combine(FT.wm2, f.hLower), into: cache.vector(e, TaggerWordCache.asSecondPrevious))
        table.accumulate(TaggerHash.combine(FT.wp2, f.hLower), into: cache.vector(e, TaggerWordCache.asSecondNext))
    }
}

