import Foundation
import KGCore

/// The model file: little-endian binary, read with bounds checks.
///
///     "KGNERMDL" (8 bytes), UInt32 version (1)
///     UInt32 label count, then each label: UInt32 byte length, UTF-8 bytes
///     lexicon: case prior map, gazetteer list names, max gazetteer tokens, gazetteer map, cluster map
///       (a map: UInt32 n, then n × (UInt64 key, UInt32 value), sorted by key)
///     UInt32 pass count, then each pass: UInt32 rows, Float32 scale,
///       (labels+1) × labels Float32 transitions, rows × UInt64 feature keys (sorted),
///       rows × labels Int16 weights (value = Int16 × scale)
extension SequenceTagger {
    static let magic = Array("KGNERMDL".utf8)
    static let version: UInt32 = 1

    /// Loads a model written by `save(to:)` (`kg train-tagger`).
    public static func load(from url: URL) throws -> SequenceTagger {
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw KGError.input(file: url.path, message: "cannot read the tagger model (\(error.localizedDescription)); rebuild it with `kg train-tagger` (see Ontology/models/README.md)")
        }
        return try data.withUnsafeBytes { raw in
            var r = ModelReader(raw: raw, file: url.path)
            guard try r.bytes(8) == magic else { throw r.fail("not a kg tagger model (bad magic)") }
            let v = try r.u32()
            guard v == version else { throw r.fail("model format version \(v), this kg reads \(version); rebuild it with `kg train-tagger`") }
            let labelCount = Int(try r.u32())
            var labels: [String] = []
            for _ in 0..<labelCount { labels.append(try r.string()) }
            guard labels == TaggerLabels.names else { throw r.fail("label set \(labels) differs from this kg's \(TaggerLabels.names)") }
            var lexicon = TaggerLexicon()
            lexicon.casePrior = try r.map()
            let names = Int(try r.u32())
            for _ in 0..<names { lexicon.gazetteerNames.append(try r.string()) }
            lexicon.maxGazetteerTokens = Int(try r.u32())
            lexicon.gazetteer = try r.map()
            lexicon.clusters = try r.map()
            let passCount = Int(try r.u32())
            guard (1...4).contains(passCount) else { throw r.fail("pass count \(passCount) out of range") }
            let L = TaggerLabels.count
            var passes: [PassWeights] = []
            for _ in 0..<passCount {
                let rows = Int(try r.u32())
                let scale = try r.f32()
                guard scale.isFinite, scale > 0 else { throw r.fail("weight scale \(scale) is not a positive number") }
                var transitions = [Float](repeating: 0, count: (L + 1) * L)
                for i in 0..<transitions.count { transitions[i] = try r.f32() }
                try r.need(rows * 8 + rows * L * 2)
                var keys = [UInt64](repeating: 0, count: rows)
                for i in 0..<rows { keys[i] = try r.u64() }
                var weights = [Float](repeating: 0, count: rows * L)
                for i in 0..<(rows * L) { weights[i] = Float(try r.i16()) * scale }
                passes.append(PassWeights(keys: keys, weights: weights, transitions: transitions, scale: scale))
            }
            guard r.offset == raw.count else { throw r.fail("\(raw.count - r.offset) unexpected trailing bytes") }
            return SequenceTagger(extractor: TaggerFeatureExtractor(lexicon: lexicon), passes: passes)
        }
    }

    /// The model as bytes (deterministic: sorted keys, fixed quantization).
    public func serialized() -> Data {
        var w = ModelWriter()
        w.bytes(Self.magic)
        w.u32(Self.version)
        w.u32(UInt32(TaggerLabels.names.count))
        for l in TaggerLabels.names { w.string(l) }
        let lex = extractor.lexicon
        w.map(lex.casePrior)
        w.u32(UInt32(lex.gazetteerNames.count))
        for n in lex.gazetteerNames { w.string(n) }
        w.u32(UInt32(lex.maxGazetteerTokens))
        w.map(lex.gazetteer)
        w.map(lex.clusters)
        w.u32(UInt32(passCount))
        for b in 0..<passCount {
            let rows = table.sortedRows(block: b)
            w.u32(UInt32(rows.count))
            w.f32(table.scales[b])
            for t in transitions[b] { w.f32(t) }
            for (k, _) in rows { w.u64(k) }
            for (_, row) in rows { for q in row { w.i16(q) } }
        }
        return w.data
    }

    /// Writes the model atomically (no partial file on failure).
    public func save(to url: URL) throws {
        do { try serialized().write(to: url, options: .atomic) } catch {
            throw KGError.output(file: url.path, message: "cannot write the tagger model (\(error.localizedDescription))")
        }
    }
}

private struct ModelWriter {
    var data = Data()
    mutating func bytes(_ b: [UInt8]) { data.append(contentsOf: b) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func i16(_ v: Int16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func f32(_ v: Float) { u32(v.bitPattern) }
    mutating func string(_ s: String) { let b = Array(s.utf8); u32(UInt32(b.count)); bytes(b) }
    mutating func map(_ m: UInt64Map) {
        let pairs = m.sortedPairs()
        u32(UInt32(pairs.count))
        for (k, v) in pairs { u64(k); u32(v) }
    }
}

private struct ModelReader {
    let raw: UnsafeRawBufferPointer
    let file: String
    var offset = 0
    init(raw: UnsafeRawBufferPointer, file: String) { self.raw = raw; self.file = file }

    func fail(_ m: String) -> KGError { KGError.input(file: file, message: "corrupt tagger model at byte \(offset): \(m); rebuild it with `kg train-tagger`") }
    func need(_ n: Int) throws { if n < 0 || offset + n > raw.count { throw fail("truncated (needs \(n) more bytes)") } }
    mutating func bytes(_ n: Int) throws -> [UInt8] { try need(n); defer { offset += n }; return Array(raw[offset..<(offset + n)]) }
    mutating func u32() throws -> UInt32 { try need(4); defer { offset += 4 }; return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    mutating func u64() throws -> UInt64 { try need(8); defer { offset += 8 }; return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    mutating func i16() throws -> Int16 { try need(2); defer { offset += 2 }; return Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)) }
    mutating func f32() throws -> Float { Float(bitPattern: try u32()) }
    mutating func string() throws -> String {
        let n = Int(try u32())
        guard n <= 4096 else { throw fail("string of \(n) bytes is too long") }
        guard let s = String(validating: try bytes(n), as: UTF8.self) else { throw fail("string is not UTF-8") }
        return s
    }
    mutating func map() throws -> UInt64Map {
        let n = Int(try u32())
        try need(n * 12)
        var m = UInt64Map(minimumCapacity: n)
        for _ in 0..<n { let k = try u64(); m.set(k, try u32()) }
        return m
    }
}
