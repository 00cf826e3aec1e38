/// Deterministic 64-bit hashing for tagger features (Swift's `Hasher` is seeded per process, so
/// it cannot name a feature in a saved model).
@usableFromInline
enum TaggerHash {
    /// SplitMix64's finalizer: a bijective avalanche of 64 bits.
    @inline(__always) @usableFromInline
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An order-sensitive combination of two hashes.
    @inline(__always) @usableFromInline
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        mix((a &* 0x0000_0100_0000_01B3) ^ b)
    }

    @inline(__always) @usableFromInline
    static func combine(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        combine(combine(a, b), c)
    }

    /// FNV-1a over bytes, then mixed.
    @inline(__always) @usableFromInline
    static func bytes(_ p: UnsafeBufferPointer<UInt8>, from: Int = 0, to: Int? = nil) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        let end = to ?? p.count
        var i = from
        while i < end {
            h ^= UInt64(p[i])
            h = h &* 0x0000_0100_0000_01B3
            i += 1
        }
        return mix(h)
    }

    @usableFromInline
    static func bytes(_ a: [UInt8]) -> UInt64 {
        a.withUnsafeBufferPointer { bytes($0) }
    }

    @usableFromInline
    static func string(_ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { bytes($0) }
    }
}

/// An open-addressing map from 64-bit keys to 32-bit values; key 0 is reserved as "empty"
/// (callers never pass 0: `TaggerHash.mix` output of 0 is remapped to 1 by `key(_:)`).
struct UInt64Map: Sendable {
    private(set) var keys: [UInt64]
    private(set) var values: [UInt32]
    private(set) var count = 0
    private var mask: Int

    init(minimumCapacity: Int = 16) {
        var cap = 16
        while cap < minimumCapacity * 2 { cap <<= 1 }
        keys = Array(repeating: 0, count: cap)
        values = Array(repeating: 0, count: cap)
        mask = cap - 1
    }

    @inline(__always) static func key(_ k: UInt64) -> UInt64 { k == 0 ? 1 : k }

    @inline(__always)
    func get(_ k: UInt64) -> UInt32? {
        let k = Self.key(k)
        var i = Int(truncatingIfNeeded: k) & mask
        return keys.withUnsafeBufferPointer { ks in
            while true {
                let stored = ks[i]
                if stored == k { return values[i] }
                if stored == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    mutating func set(_ k: UInt64, _ v: UInt32) {
        if (count + 1) * 2 > keys.count { grow() }
        let k = Self.key(k)
        var i = Int(truncatingIfNeeded: k) & mask
        while true {
            if keys[i] == k { values[i] = v; return }
            if keys[i] == 0 { keys[i] = k; values[i] = v; count += 1; return }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldK = keys, oldV = values
        let cap = keys.count * 2
        keys = Array(repeating: 0, count: cap)
        values = Array(repeating: 0, count: cap)
        mask = cap - 1
        count = 0
        for i in 0..<oldK.count where oldK[i] != 0 { set(oldK[i], oldV[i]) }
    }

    /// The stored keys (as stored: 0 is kept as 1), in table order.
    var storedKeys: [UInt64] { keys.filter { $0 != 0 } }

    /// The stored pairs, sorted by key (for deterministic serialization).
    func sortedPairs() -> [(UInt64, UInt32)] {
        var out: [(UInt64, UInt32)] = []
        out.reserveCapacity(count)
        for i in 0..<keys.count where keys[i] != 0 { out.append((keys[i], values[i])) }
        out.sort { $0.0 < $1.0 }
        return out
    }
}

/// A small Bloom filter over 64-bit hashed keys (two bits in one 64-bit word per key, about 16 bits
/// per key): it answers "certainly absent" for most keys a larger table does not hold, from memory
/// that stays in cache. Immutable after construction.
final class TaggerKeyFilter: @unchecked Sendable {
    private let words: UnsafeMutablePointer<UInt64>
    private let mask: Int

    init<S: Sequence>(keys: S, count: Int) where S.Element == UInt64 {
        var n = 64
        while n * 4 < count { n <<= 1 }
        mask = n - 1
        words = .allocate(capacity: n)
        words.initialize(repeating: 0, count: n)
        for k in keys {
            let (i, bits) = Self.position(k, mask)
            words[i] |= bits
        }
    }

    deinit { words.deallocate() }

    @inline(__always) private static func position(_ key: UInt64, _ mask: Int) -> (Int, UInt64) {
        (Int(truncatingIfNeeded: key >> 36) & mask, 1 << ((key >> 24) & 63) | 1 << ((key >> 30) & 63))
    }

    /// False when `key` was certainly not among the keys.
    @inline(__always) func mayContain(_ key: UInt64) -> Bool {
        let (i, bits) = Self.position(key, mask)
        return words[i] & bits == bits
    }
}
