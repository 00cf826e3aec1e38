import KGCore

/// Writes Graphviz DOT as docs/CONTRACT.md describes, through `DOTText`'s escaping (DOT is not XML).
///
/// ```dot
/// digraph "kg" {
///   charset="UTF-8";
///   node [style="filled"];
///   "person-…" [label="…", shape="ellipse", fillcolor="#4E79A7"];
///   "person-…" -> "event-…" [label="honors", color="#B07AA1", id="e…"];
/// }
/// ```
enum DOTWriter: GraphWriter {
    static let defaultShape = "ellipse"
    static let defaultColor = "#BAB0AC"

    static func write(_ graph: KnowledgeGraph, ontology: Ontology, to sink: OutputSink) throws {
        let nodes = WriterSupport.sortedNodes(graph)
        let edges = WriterSupport.sortedEdges(graph)
        var styles: [EntityType: (shape: String, color: String)] = [:]
        var colors: [Predicate: String] = [:]
        var line = DOTText(capacity: 1024)

        sink.write("digraph \"kg\" {\n  charset=\"UTF-8\";\n  node [style=\"filled\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\"];\n")
        for node in nodes {
            let style: (shape: String, color: String)
            if let known = styles[node.type] { style = known } else {
                let c = ontology.entityClass(node.type)
                style = (c?.dotShape ?? defaultShape, c?.dotColor ?? defaultColor)
                styles[node.type] = style
            }
            line.reset()
            line.raw("  ")
            line.quoted(node.id)
            line.raw(" [label=")
            line.quoted(node.label, label: true)
            line.raw(", shape=")
            line.quoted(style.shape)
            line.raw(", fillcolor=")
            line.quoted(style.color)
            line.raw("];\n")
            sink.write(line.bytes)
        }
        for edge in edges {
            let color: String
            if let known = colors[edge.predicate] { color = known } else {
                color = ontology.relationType(edge.predicate)?.dotColor ?? defaultColor
                colors[edge.predicate] = color
            }
            line.reset()
            line.raw("  ")
            line.quoted(edge.subject)
            line.raw(" -> ")
            line.quoted(edge.object)
            line.raw(" [label=")
            line.quoted(edge.predicate.rawValue, label: true)
            line.raw(", color=")
            line.quoted(color)
            line.raw(", id=")
            line.quoted(edge.id)
            line.raw("];\n")
            sink.write(line.bytes)
        }
        sink.write("}\n")
        try sink.checkError()
    }
}

/// The DOT escaper: one place that turns any string into a double-quoted DOT string.
///
/// Characters XML 1.0 forbids are dropped (`XMLText`, policy `.drop`); `"` and `\` are backslash-escaped;
/// a line break (LF, CR LF or CR) becomes `\n`; non-ASCII stays UTF-8 (the graph declares
/// `charset="UTF-8"`). In labels `&` is written `&amp;`, because Graphviz decodes HTML entities in
/// labels and would otherwise show `&amp;` in a value as `&`.
struct DOTText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// `"…"`, escaped.
    mutating func quoted(_ s: String, label: Bool = false) {
        var s = XMLText.sanitized(s, .drop)
        bytes.append(0x22)
        s.withUTF8 { src in
            var i = 0
            var run = 0
            let n = src.count
            while i < n {
                let b = src[i]
                let special = b == 0x22 || b == 0x5C || b == 0x0A || b == 0x0D || (label && b == 0x26)
                if !special { i += 1; continue }
                if i > run { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[run..<i])) }
                switch b {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D:
                    bytes.append(contentsOf: [0x5C, 0x6E])
                    if i + 1 < n && src[i + 1] == 0x0A { i += 1 }
                default: bytes.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B]) // &amp;
                }
                i += 1
                run = i
            }
            if n > run { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[run..<n])) }
        }
        bytes.append(0x22)
    }
}
