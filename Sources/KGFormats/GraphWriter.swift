#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KGCore

/// A serializer of a whole graph into one format. Each format has one conforming type in its own file,
/// listed in `Formats.writer(for:)`.
protocol GraphWriter {
    /// Writes `graph` into `sink`; throws `KGError.output` naming the sink on failure.
    static func write(_ graph: KnowledgeGraph, ontology: Ontology, to sink: OutputSink) throws
}

/// What the writers share: one deterministic order, attribute typing, name checks.
enum WriterSupport {
    /// Nodes sorted by id (UTF-8 byte order, which is code point order): a view into the graph's own
    /// storage, so no node is copied.
    /// - Complexity: O(n log n); compares bytes with `memcmp`.
    static func sortedNodes(_ graph: KnowledgeGraph) -> SortedView<Dictionary<String, Node>.Values> {
        let values = graph.nodes.values
        var keys = SortKeys(capacity: values.count)
        let indices = Array(values.indices)
        for i in indices { keys.add(values[i].id) }
        let order = keys.sortedIndices { values[indices[$0]].id < values[indices[$1]].id }
        return SortedView(base: values, order: order.map { indices[$0] })
    }

    /// Edges sorted by subject, predicate, object, then id (UTF-8 byte order): a view into the graph's
    /// own storage, so no edge is copied.
    /// - Complexity: O(m log m); compares bytes with `memcmp`.
    static func sortedEdges(_ graph: KnowledgeGraph) -> SortedView<Dictionary<String, Edge>.Values> {
        let values = graph.edges.values
        var keys = SortKeys(capacity: values.count)
        let indices = Array(values.indices)
        for i in indices {
            let e = values[i]
            keys.add(e.subject, e.predicate.rawValue, e.object, e.id)
        }
        let order = keys.sortedIndices { a, b in
            let x = values[indices[a]], y = values[indices[b]]
            return (x.subject, x.predicate.rawValue, x.object, x.id) < (y.subject, y.predicate.rawValue, y.object, y.id)
        }
        return SortedView(base: values, order: order.map { indices[$0] })
    }

    /// Document ids of an edge's evidence, sorted and unique (cheap for the usual zero or one evidence).
    @inline(__always)
    static func sources(_ edge: Edge) -> [String] {
        let evidence = edge.evidence
        switch evidence.count {
        case 0: return []
        case 1: return [evidence[0].document]
        default: return edge.sources
        }
    }

    /// The earliest date any evidence gives.
    @inline(__always)
    static func date(_ edge: Edge) -> String? {
        edge.evidence.count <= 1 ? edge.evidence.first?.date : edge.date
    }

    /// One declared type per attribute name: the values' common type, `double` when longs and doubles
    /// mix, else `string`. Returns names sorted.
    static func attributeSchema<S: Sequence>(_ dictionaries: S) -> [(name: String, type: String)]
    where S.Element == [String: AttributeValue] {
        // A linear list: graphs have a handful of attribute names, and `==` on them needs no hashing.
        var names: [String] = []
        var types: [String] = []
        let numeric: Set<String> = ["long", "double"]
        for attributes in dictionaries {
            for (name, value) in attributes {
                let t = value.graphMLType
                if let i = names.firstIndex(of: name) {
                    if types[i] == t { continue }
                    types[i] = numeric.contains(types[i]) && numeric.contains(t) ? "double" : "string"
                } else {
                    names.append(name)
                    types.append(t)
                }
            }
        }
        return zip(names, types).sorted { $0.0 < $1.0 }.map { (name: $0.0, type: $0.1) }
    }

    /// The lexical form of a value, as `AttributeValue.description` (a test checks they agree), without
    /// string interpolation in the hot loop.
    @inline(__always)
    static func lexical(_ value: AttributeValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return lexical(d)
        case .bool(let b): return b ? "true" : "false"
        }
    }

    /// `AttributeValue.lexical(d)`: shortest round-trip form, `NaN`, `INF`, `-INF`.
    @inline(__always)
    static func lexical(_ d: Double) -> String { d.isFinite ? d.description : AttributeValue.lexical(d) }

    /// Whether `s` is an XML NMTOKEN (XML 1.0 fifth edition NameChar+): what GraphML requires of ids.
    static func isNMTOKEN(_ s: String) -> Bool {
        if s.isEmpty { return false }
        if let ascii = s.utf8.withContiguousStorageIfAvailable({ bytes -> Bool? in
            for b in bytes {
                if b >= 0x80 { return nil }
                let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                    || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x3A
                if !ok { return false }
            }
            return true
        }), let ascii { return ascii }
        return s.unicodeScalars.allSatisfy { isNameChar($0.value) }
    }

    private static func isNameChar(_ v: UInt32) -> Bool {
        switch v {
        case 0x61...0x7A, 0x41...0x5A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x3A, 0xB7: return true
        case 0x300...0x36F, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x203F...0x2040,
             0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default: return false
        }
    }

    /// Whether `s` can follow a prefix in a QName and serve as a key id: an XML NCName (a name start
    /// character, then name characters, no `:`).
    static func isNCName(_ s: String) -> Bool {
        var first = true
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v == 0x3A || !isNameChar(v) { return false }
            if first {
                if v == 0x2D || v == 0x2E || v == 0xB7 || (v >= 0x30 && v <= 0x39) || (v >= 0x300 && v <= 0x36F) || v == 0x203F || v == 0x2040 { return false }
                first = false
            }
        }
        return !first
    }

    /// A name usable after a prefix (`kg:<name>`) and in key ids: the name itself when it is an
    /// NCName, else its slug (`Identifier.slug`), prefixed with `_` when it would start with a digit,
    /// or `_` and a hash when nothing usable is left.
    static func localName(_ name: String) -> String {
        if isNCName(name) { return name }
        let slug = Identifier.slug(name)
        if slug.isEmpty { return "_" + Identifier.hex(Identifier.stableHash(name)) }
        if let f = slug.utf8.first, f >= 0x30 && f <= 0x39 { return "_" + slug }
        return slug
    }

    /// `name` as an XML NMTOKEN (what GraphML requires of `attr.name`): itself when it is one, else with
    /// every character an NMTOKEN cannot hold replaced by `_`.
    static func nmtoken(_ name: String) -> String {
        if isNMTOKEN(name) { return name }
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars { out.append(isNameChar(scalar.value) ? scalar : "_") }
        return out.isEmpty ? "_" : String(out)
    }

    /// The error for an id a format cannot carry.
    static func badID(_ kind: String, _ id: String, sink: OutputSink) -> KGError {
        .output(file: sink.name, message: "\(kind) id '\(XMLText.sanitized(id))' is not an XML NMTOKEN (letters, digits, '.', '-', '_', ':'); rename it before exporting")
    }
}

/// Puts a node's or edge's attributes in the order of their declared keys, with one hash lookup per
/// attribute and a reused buffer.
struct AttributeOrder {
    /// Attribute names in key order.
    let names: [String]
    /// Attribute name → position of its key (used when there are many names; a linear scan with `==`,
    /// which compares small strings without hashing, is faster for a few).
    let position: [String: Int]
    private var scratch: [(position: Int, value: AttributeValue)] = []

    init(names: [String]) {
        self.names = names
        position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        scratch.reserveCapacity(names.count)
    }

    @inline(__always)
    private func find(_ name: String) -> Int {
        if names.count <= 12 {
            for i in names.indices where names[i] == name { return i }
        }
        return position[name]!
    }

    /// Calls `body` with each attribute's key position and value, in key order.
    @inline(__always)
    mutating func forEach(_ attributes: [String: AttributeValue], _ body: (Int, AttributeValue) throws -> Void) rethrows {
        if attributes.isEmpty { return }
        scratch.removeAll(keepingCapacity: true)
        for (name, value) in attributes { scratch.append((find(name), value)) }
        // Insertion sort: a handful of attributes.
        var i = 1
        while i < scratch.count {
            let item = scratch[i]
            var j = i - 1
            while j >= 0 && scratch[j].position > item.position {
                scratch[j + 1] = scratch[j]
                j -= 1
            }
            scratch[j + 1] = item
            i += 1
        }
        for item in scratch { try body(item.position, item.value) }
    }
}

/// Sort keys as bytes: each key is its fields' UTF-8 joined by NUL, in one arena, compared with `memcmp`
/// (byte order of UTF-8 is code point order, and NUL sorts a shorter field first, as tuple order does).
/// Keys with equal bytes (only possible when a field holds a NUL) are ordered by the caller's `tieBreak`,
/// so the result never depends on input order.
struct SortKeys {
    private var arena: [UInt8] = []
    private var starts: [Int] = []

    init(capacity: Int) {
        starts.reserveCapacity(capacity + 1)
        arena.reserveCapacity(capacity * 16)
        starts.append(0)
    }

    /// A one-field key.
    mutating func add(_ a: String) {
        append(a)
        starts.append(arena.count)
    }

    /// A four-field key (no variadic array per call).
    mutating func add(_ a: String, _ b: String, _ c: String, _ d: String) {
        append(a); arena.append(0)
        append(b); arena.append(0)
        append(c); arena.append(0)
        append(d)
        starts.append(arena.count)
    }

    @inline(__always)
    private mutating func append(_ part: String) {
        var part = part
        part.withUTF8 { arena.append(contentsOf: $0) }
    }

    /// Indices of the keys in ascending order.
    func sortedIndices(tieBreak: (Int, Int) -> Bool) -> [Int] {
        var order = Array(0..<(starts.count - 1))
        arena.withUnsafeBufferPointer { bytes in
            let base = bytes.baseAddress
            starts.withUnsafeBufferPointer { starts in
                order.sort { a, b in
                    let sa = starts[a], la = starts[a + 1] - sa
                    let sb = starts[b], lb = starts[b + 1] - sb
                    let n = min(la, lb)
                    if n > 0, let base {
                        let c = memcmp(base + sa, base + sb, n)
                        if c != 0 { return c < 0 }
                    }
                    if la != lb { return la < lb }
                    return tieBreak(a, b)
                }
            }
        }
        return order
    }
}

typealias SortedNodes = SortedView<Dictionary<String, Node>.Values>
typealias SortedEdges = SortedView<Dictionary<String, Edge>.Values>

/// A collection in a given order, read from its base without copying the elements.
struct SortedView<Base: Collection>: RandomAccessCollection, @unchecked Sendable where Base: Sendable {
    let base: Base
    let order: [Base.Index]
    var startIndex: Int { 0 }
    var endIndex: Int { order.count }
    subscript(i: Int) -> Base.Element { base[order[i]] }
}
