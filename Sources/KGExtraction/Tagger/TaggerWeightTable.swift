/// Feature weights packed for fast lookup: a small open-addressing index of 64-bit slots
/// (32-bit key fingerprint | row + 1) in front of dense Int16-quantized rows. A row holds one
/// block of label scores per pass, so one lookup serves every pass of the tagger. The index and
/// rows of a typical model fit in the CPU caches. Immutable after construction, hence safe to share
/// across threads.
///
/// A lookup matches on the fingerprint (the key's upper 32 bits) within the probe run that starts at
/// the key's lower bits, so an unknown feature is mistaken for a stored one with probability about
/// 2⁻³² per probe; construction drops a key that would be confused with an earlier one.
final class TaggerWeightTable: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<UInt64>
    private let rows: UnsafeMutablePointer<Int16>
    /// keys[r] is row r's feature; present[b][r] says whether pass b stores it.
    private let keys: [UInt64]
    private let present: [[Bool]]
    private let mask: Int
    /// Says "absent" for most unknown features without touching the slots.
    private let filter: TaggerKeyFilter
    /// Number of passes (blocks per row).
    let blocks: Int
    /// Weight = Int16 × scales[block].
    let scales: [Float]

    /// Builds a table from one (keys, rows × labels weights, scale) triple per pass, quantizing each
    /// pass with its scale (default: max |weight| / 32767).
    init(passes: [(keys: [UInt64], weights: [Float], scale: Float?)]) {
        let L = TaggerLabels.count
        blocks = passes.count
        var rowOf: [UInt64: Int] = [:]
        var keys: [UInt64] = []
        for p in passes {
            precondition(p.weights.count == p.keys.count * L)
            for k in p.keys where rowOf[UInt64Map.key(k)] == nil {
                rowOf[UInt64Map.key(k)] = keys.count
                keys.append(UInt64Map.key(k))
            }
        }
        var cap = 16
        while cap < keys.count * 2 { cap <<= 1 }
        mask = cap - 1
        slots = .allocate(capacity: cap)
        slots.initialize(repeating: 0, count: cap)
        let stride = blocks * L
        rows = .allocate(capacity: max(1, keys.count * stride))
        rows.initialize(repeating: 0, count: max(1, keys.count * stride))
        // index (dropping a fingerprint twin in one probe run: astronomically rare)
        var kept = [Bool](repeating: false, count: keys.count)
        for (r, key) in keys.enumerated() {
            let fp = key >> 32
            var i = Int(truncatingIfNeeded: key) & mask
            var clash = false
            while slots[i] != 0 {
                if slots[i] >> 32 == fp { clash = true; break }
                i = (i + 1) & mask
            }
            if clash { continue }
            kept[r] = true
            slots[i] = fp << 32 | UInt64(r + 1)
        }
        filter = TaggerKeyFilter(keys: keys.indices.lazy.filter { kept[$0] }.map { keys[$0] }, count: keys.count)
        var scales: [Float] = []
        var present: [[Bool]] = []
        for (b, p) in passes.enumerated() {
            var maxAbs: Float = 0
            for w in p.weights { maxAbs = max(maxAbs, abs(w)) }
            let s = p.scale ?? (maxAbs > 0 ? maxAbs / 32767 : 1)
            scales.append(s)
            var has = [Bool](repeating: false, count: keys.count)
            for (j, k) in p.keys.enumerated() {
                let r = rowOf[UInt64Map.key(k)]!
                guard kept[r] else { continue }
                has[r] = true
                for y in 0..<L {
                    let q = (p.weights[j * L + y] / s).rounded()
                    rows[r * stride + b * L + y] = Int16(max(-32767, min(32767, q)))
                }
            }
            present.append(has)
        }
        self.keys = keys
        self.scales = scales
        self.present = present
    }

    deinit {
        slots.deallocate()
        rows.deallocate()
    }

    /// Number of features pass `block` stores.
    func count(block: Int) -> Int { present[block].reduce(0) { $0 + ($1 ? 1 : 0) } }

    @inline(__always)
    private func row(_ feature: UInt64) -> UnsafeMutablePointer<Int16>? {
        let key = UInt64Map.key(feature)
        guard filter.mayContain(key) else { return nil }
        let fp = key >> 32
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { return nil }
            if slot >> 32 == fp { return rows + (Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1) * blocks * TaggerLabels.count }
            i = (i + 1) & mask
        }
    }

    /// Adds the feature's scores for every pass to `scores` (blocks × labels; no-op for an unknown feature).
    @inline(__always)
    func accumulate(_ feature: UInt64, into scores: UnsafeMutablePointer<Float>) {
        guard let w = row(feature) else { return }
        let L = TaggerLabels.count
        for b in 0..<blocks {
            let s = scales[b]
            for y in 0..<L { scores[b * L + y] += Float(w[b * L + y]) * s }
        }
    }

    /// Adds the feature's scores for pass `block` only to `scores` (labels).
    @inline(__always)
    func accumulate(_ feature: UInt64, block: Int, into scores: UnsafeMutablePointer<Float>) {
        guard let w = row(feature) else { return }
        let L = TaggerLabels.count, s = scales[block]
        for y in 0..<L { scores[y] += Float(w[block * L + y]) * s }
    }

    /// Adds the feature's quantized scores for every pass to `sums` (blocks × labels; no-op for an
    /// unknown feature). Integer sums are exact, so they can be formed in any order and cached.
    @inline(__always)
    func accumulate(_ feature: UInt64, into sums: UnsafeMutablePointer<Int32>) {
        guard let w = row(feature) else { return }
        for i in 0..<(blocks * TaggerLabels.count) { sums[i] &+= Int32(w[i]) }
    }

    /// Takes the feature's quantized scores for every pass off `sums` (undoes `accumulate`).
    func subtract(_ feature: UInt64, from sums: UnsafeMutablePointer<Int32>) {
        guard let w = row(feature) else { return }
        for i in 0..<(blocks * TaggerLabels.count) { sums[i] &-= Int32(w[i]) }
    }

    /// Adds the feature's quantized scores for pass `block` only to `sums` (labels).
    @inline(__always)
    func accumulate(_ feature: UInt64, block: Int, into sums: UnsafeMutablePointer<Int32>) {
        guard let w = row(feature) else { return }
        let L = TaggerLabels.count
        for y in 0..<L { sums[y] &+= Int32(w[block * L + y]) }
    }

    /// Pass `block`'s (key, quantized row) pairs sorted by key, for serialization.
    func sortedRows(block: Int) -> [(UInt64, [Int16])] {
        let L = TaggerLabels.count, stride = blocks * L
        var out: [(UInt64, [Int16])] = []
        for (r, k) in keys.enumerated() where present[block][r] {
            out.append((k, Array(UnsafeBufferPointer(start: rows + r * stride + block * L, count: L))))
        }
        out.sort { $0.0 < $1.0 }
        return out
    }
}
