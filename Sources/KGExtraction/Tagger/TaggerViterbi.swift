/// Reusable Viterbi buffers.
struct ViterbiScratch {
    var score: [Float] = []
    var back: [Int32] = []
}

/// One pass's transition scores laid out for Viterbi. BILOU gives two kinds of label: those that
/// may follow exactly the labels that close or are outside a name (O, B-*, U-*: one shared list of
/// predecessors, scored for all of them at once in SIMD lanes) and those that continue a name
/// (I-*, L-*: two predecessors each).
struct ViterbiTransitions {
    /// (labels + 1) × labels, the last row scoring the sentence start.
    let scores: [Float]
    /// Per shared predecessor (ascending): its transition score to each shared-group label (lane),
    /// -inf in unused lanes.
    let shared: [SIMD16<Float>]

    init(_ transitions: [Float]) {
        let L = TaggerLabels.count, plan = ViterbiPlan.bilou
        scores = transitions
        shared = plan.sharedPredecessors.map { p in
            var v = SIMD16<Float>(repeating: -.infinity)
            for (lane, y) in plan.sharedTargets.enumerated() { v[lane] = transitions[p * L + y] }
            return v
        }
    }
}

/// The label structure `ViterbiTransitions` relies on, derived from `TaggerLabels.allowed`.
struct ViterbiPlan: Sendable {
    /// Labels whose allowed predecessors are `sharedPredecessors` (at most 16).
    var sharedTargets: [Int] = []
    var sharedPredecessors: [Int] = []
    /// The other labels; label otherLabels[i]'s allowed predecessors, ascending, are
    /// otherPredecessors[otherStart[i]..<otherStart[i + 1]].
    var otherLabels: [Int] = []
    var otherStart: [Int] = [0]
    var otherPredecessors: [Int] = []

    static let bilou: ViterbiPlan = {
        let preds = SequenceTagger.predecessors
        var counts: [[Int]: Int] = [:]
        for p in preds { counts[p, default: 0] += 1 }
        let common = counts.max { $0.value < $1.value || ($0.value == $1.value && $1.key.lexicographicallyPrecedes($0.key)) }!.key
        var plan = ViterbiPlan()
        plan.sharedPredecessors = common
        for (y, p) in preds.enumerated() {
            if p == common && plan.sharedTargets.count < 16 { plan.sharedTargets.append(y) } else {
                plan.otherLabels.append(y)
                plan.otherPredecessors.append(contentsOf: p)
                plan.otherStart.append(plan.otherPredecessors.count)
            }
        }
        return plan
    }()
}

extension SequenceTagger {
    /// Viterbi over raw buffers: the best BILOU-valid labels for `count` tokens of emission scores
    /// (count × labels). Scores are the same float sums as a plain loop over each label's allowed
    /// predecessors in ascending order, and ties keep the first predecessor.
    static func viterbi(emissions: UnsafePointer<Float>, count n: Int, transitions: ViterbiTransitions, scratch: inout ViterbiScratch) -> [Int] {
        let L = TaggerLabels.count
        let plan = ViterbiPlan.bilou
        let sharedPredecessors = plan.sharedPredecessors, sharedTargets = plan.sharedTargets
        let otherLabels = plan.otherLabels, otherStart = plan.otherStart, otherPredecessors = plan.otherPredecessors
        if scratch.score.count < n * L {
            scratch.score = [Float](repeating: 0, count: n * L)
            scratch.back = [Int32](repeating: 0, count: n * L)
        }
        var out = [Int](repeating: 0, count: n)
        scratch.score.withUnsafeMutableBufferPointer { scoreBuffer in
            scratch.back.withUnsafeMutableBufferPointer { backBuffer in
                transitions.scores.withUnsafeBufferPointer { trBuffer in
                    transitions.shared.withUnsafeBufferPointer { shared in
                        let score = scoreBuffer.baseAddress!, back = backBuffer.baseAddress!, tr = trBuffer.baseAddress!
                        let mask = transitionMask, end = endMask
                        for y in 0..<L { score[y] = emissions[y] + tr[L * L + y] + mask[L * L + y] }
                        if n > 1 {
                            for t in 1..<n {
                                let previous = score + (t - 1) * L, current = score + t * L, e = emissions + t * L
                                var best = SIMD16<Float>(repeating: -.infinity), arg = SIMD16<Int32>(repeating: 0)
                                for i in 0..<sharedPredecessors.count {
                                    let p = sharedPredecessors[i]
                                    let v = SIMD16<Float>(repeating: previous[p]) + shared[i]
                                    let better = v .> best
                                    best.replace(with: v, where: better)
                                    arg.replace(with: Int32(truncatingIfNeeded: p), where: better)
                                }
                                for lane in 0..<sharedTargets.count {
                                    let y = sharedTargets[lane]
                                    current[y] = best[lane] + e[y]
                                    back[t * L + y] = arg[lane]
                                }
                                for i in 0..<otherLabels.count {
                                    let y = otherLabels[i]
                                    var b = -Float.infinity, a = 0
                                    for q in otherStart[i]..<otherStart[i + 1] {
                                        let p = otherPredecessors[q]
                                        let v = previous[p] + tr[p * L + y]
                                        if v > b { b = v; a = p }
                                    }
                                    current[y] = b + e[y]
                                    back[t * L + y] = Int32(truncatingIfNeeded: a)
                                }
                            }
                        }
                        var best = -Float.infinity, arg = 0
                        for y in 0..<L {
                            let v = score[(n - 1) * L + y] + end[y]
                            if v > best { best = v; arg = y }
                        }
                        out[n - 1] = arg
                        var t = n - 1
                        while t > 0 { arg = Int(back[t * L + arg]); out[t - 1] = arg; t -= 1 }
                    }
                }
            }
        }
        return out
    }

    /// The plain Viterbi loop (what `viterbi` must equal, ties included), for tests.
    static func referenceViterbi(emissions: [Float], count n: Int, transitions: [Float]) -> [Int] {
        let L = TaggerLabels.count
        let mask = transitionMask
        let preds = predecessors
        var score = [Float](repeating: 0, count: n * L)
        var back = [Int32](repeating: 0, count: n * L)
        for y in 0..<L { score[y] = emissions[y] + transitions[L * L + y] + mask[L * L + y] }
        if n > 1 {
            for t in 1..<n {
                for y in 0..<L {
                    var best = -Float.infinity, arg = 0
                    for p in preds[y] {
                        let v = score[(t - 1) * L + p] + transitions[p * L + y]
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
}
