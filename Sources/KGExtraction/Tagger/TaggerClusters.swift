import Foundation

/// Unlabeled text as sentences of tokens, split roughly the way CoNLL-2003 splits them (punctuation
/// and possessive `'s` apart).
struct UnlabeledCorpus {
    /// Word ids per sentence.
    var sentences: [[Int32]] = []
    /// Word forms by id (original case).
    var words: [String] = []
    private var ids: [String: Int32] = [:]

    mutating func id(_ w: String) -> Int32 {
        if let i = ids[w] { return i }
        let i = Int32(words.count); ids[w] = i; words.append(w); return i
    }

    mutating func add(tokens: [String]) {
        if !tokens.isEmpty { sentences.append(tokens.map { id($0) }) }
    }

    /// Adds plain text: one or more sentences a line.
    mutating func add(text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            var sentence: [String] = []
            for chunk in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                var s = Substring(chunk)
                var lead: [String] = [], trail: [String] = []
                while let f = s.first, !(f.isLetter || f.isNumber) { lead.append(String(f)); s = s.dropFirst() }
                while let l = s.last, !(l.isLetter || l.isNumber) { trail.insert(String(l), at: 0); s = s.dropLast() }
                sentence += lead
                if !s.isEmpty {
                    if s.hasSuffix("'s") || s.hasSuffix("’s") { sentence.append(String(s.dropLast(2))); sentence.append("'s") }
                    else if s.count <= 3, let l = trail.first, l == ".", s.first?.isUppercase == true {
                        sentence.append(String(s) + "."); trail.removeFirst()  // Mr. St. U.S.
                    } else { sentence.append(String(s)) }
                }
                sentence += trail
                if let l = trail.last, l == "." || l == "!" || l == "?" { add(tokens: sentence); sentence = [] }
            }
            add(tokens: sentence)
        }
    }
}

/// Hierarchical word clusters from distributional context (a stand-in for Brown clusters): each word
/// is a vector of positive PMI with its left and right neighbours (among the most frequent words),
/// randomly projected to a dense vector; bisecting 2-means splits the vocabulary recursively and a
/// word's cluster is its path of left/right choices, so prefixes name coarser clusters.
enum TaggerClusterBuilder {
    static let dimensions = 96
    static let maxDepth = 20

    /// lowercased word hash → path bits (low 24) | depth << 24.
    static func build(corpus: UnlabeledCorpus, minCount: Int = 3, contextWords: Int = 800, log: (String) -> Void) -> UInt64Map {
        // lowercase vocabulary
        var lowerId: [String: Int32] = [:]
        var lowerWords: [String] = []
        var map = [Int32](repeating: 0, count: corpus.words.count)
        for (i, w) in corpus.words.enumerated() {
            let l = w.lowercased()
            if let j = lowerId[l] { map[i] = j } else { let j = Int32(lowerWords.count); lowerId[l] = j; lowerWords.append(l); map[i] = j }
        }
        let V = lowerWords.count
        var freq = [Int](repeating: 0, count: V)
        for s in corpus.sentences { for t in s { freq[Int(map[Int(t)])] += 1 } }
        // context vocabulary: the most frequent words (ties by form, for determinism)
        let byFreq = (0..<V).sorted { freq[$0] != freq[$1] ? freq[$0] > freq[$1] : lowerWords[$0] < lowerWords[$1] }
        var ctxIndex = [Int32](repeating: -1, count: V)
        for (k, w) in byFreq.prefix(contextWords).enumerated() { ctxIndex[w] = Int32(k) }
        let C = 2 * contextWords + 2  // left contexts, right contexts, sentence start, sentence end
        // words to cluster
        var rowOf = [Int32](repeating: -1, count: V)
        var rows: [Int] = []
        for w in byFreq where freq[w] >= minCount { rowOf[w] = Int32(rows.count); rows.append(w) }
        let N = rows.count
        guard N > 2 else { return UInt64Map() }
        // co-occurrence counts (sparse per row)
        var counts = [[Int32: Int32]](repeating: [:], count: N)
        var ctxTotals = [Int](repeating: 0, count: C)
        for s in corpus.sentences {
            for i in 0..<s.count {
                let r = rowOf[Int(map[Int(s[i])])]
                guard r >= 0 else { continue }
                var left = Int32(2 * contextWords), right = Int32(2 * contextWords + 1)
                if i > 0 { let c = ctxIndex[Int(map[Int(s[i - 1])])]; left = c }
                if i < s.count - 1 { let c = ctxIndex[Int(map[Int(s[i + 1])])]; right = c >= 0 ? Int32(contextWords) + c : -1 }
                for c in [left, right] where c >= 0 { counts[Int(r)][c, default: 0] += 1; ctxTotals[Int(c)] += 1 }
            }
        }
        let total = Double(ctxTotals.reduce(0, +))
        // random projection of context c: deterministic ±1 per (c, d)
        let D = dimensions
        var projection = [Float](repeating: 0, count: C * D)
        for c in 0..<C {
            for d in 0..<D {
                let bit: UInt64 = TaggerHash.combine(UInt64(c), UInt64(d)) & 1
                projection[c * D + d] = bit == 0 ? 1 : -1
            }
        }
        var vectors = [Float](repeating: 0, count: N * D)
        for r in 0..<N {
            let rowTotal = Double(counts[r].values.reduce(0, +))
            guard rowTotal > 0 else { continue }
            // sorted, so that floating-point sums do not depend on dictionary order
            for (c, n) in counts[r].sorted(by: { $0.key < $1.key }) {
                let denominator: Double = rowTotal * Double(ctxTotals[Int(c)])
                let pmi: Double = Foundation.log(Double(n) * total / denominator)
                guard pmi > 0 else { continue }
                let v = Float(pmi)
                for d in 0..<D { vectors[r * D + d] += v * projection[Int(c) * D + d] }
            }
            var norm: Float = 0
            for d in 0..<D { norm += vectors[r * D + d] * vectors[r * D + d] }
            norm = norm.squareRoot()
            if norm > 0 { for d in 0..<D { vectors[r * D + d] /= norm } }
        }
        // bisecting 2-means
        var paths = [UInt32](repeating: 0, count: N)
        var depths = [UInt32](repeating: 0, count: N)
        var stack: [([Int], UInt32, UInt32)] = [(Array(0..<N), 0, 0)]
        while let (members, path, depth) = stack.popLast() {
            for m in members { paths[m] = path; depths[m] = depth }
            guard members.count >= 8, depth < UInt32(maxDepth) else { continue }
            let (a, b) = split(members, vectors: vectors, D: D)
            guard !a.isEmpty, !b.isEmpty else { continue }
            stack.append((a, path << 1, depth + 1))
            stack.append((b, path << 1 | 1, depth + 1))
        }
        var out = UInt64Map(minimumCapacity: N)
        for r in 0..<N {
            out.set(TaggerHash.string(lowerWords[rows[r]]), (paths[r] & 0xFF_FFFF) | depths[r] << 24)
        }
        log("word clusters: \(N) words (seen \(minCount)+ times), \(D)-dimensional context vectors, depth up to \(maxDepth)")
        return out
    }

    /// Splits members into two by 2-means (cosine), seeded by the two mutually far points.
    private static func split(_ members: [Int], vectors: [Float], D: Int) -> ([Int], [Int]) {
        func dot(_ i: Int, _ c: [Float]) -> Float {
            var s: Float = 0
            for d in 0..<D { s += vectors[i * D + d] * c[d] }
            return s
        }
        var mean = [Float](repeating: 0, count: D)
        for m in members { for d in 0..<D { mean[d] += vectors[m * D + d] } }
        func row(_ i: Int) -> [Float] { Array(vectors[(i * D)..<(i * D + D)]) }
        var seedA = members[0], best = Float.infinity
        for m in members { let s = dot(m, mean); if s < best { best = s; seedA = m } }
        let va = row(seedA)
        var seedB = members[0]; best = Float.infinity
        for m in members where m != seedA { let s = dot(m, va); if s < best { best = s; seedB = m } }
        var ca = va, cb = row(seedB)
        var assign = [Bool](repeating: false, count: members.count)
        for _ in 0..<6 {
            var changed = false
            for (k, m) in members.enumerated() {
                let toB = dot(m, cb) > dot(m, ca)
                if toB != assign[k] { assign[k] = toB; changed = true }
            }
            var na = [Float](repeating: 0, count: D), nb = [Float](repeating: 0, count: D)
            for (k, m) in members.enumerated() {
                if assign[k] { for d in 0..<D { nb[d] += vectors[m * D + d] } } else { for d in 0..<D { na[d] += vectors[m * D + d] } }
            }
            ca = na; cb = nb
            if !changed { break }
        }
        var a: [Int] = [], b: [Int] = []
        for (k, m) in members.enumerated() { if assign[k] { b.append(m) } else { a.append(m) } }
        return (a, b)
    }
}
