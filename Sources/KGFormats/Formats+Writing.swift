import Foundation
import KGCore

/// Writing graphs: the entry points the CLI, the benchmark and the tests use.
extension Formats {
    /// The writer of a format, or nil when kg has none (a test checks every writable format has one).
    static func writer(for format: GraphFormat) -> (any GraphWriter.Type)? {
        switch format.name {
        case graphML.name: return GraphMLWriter.self
        case rdfXML.name: return RDFXMLWriter.self
        case dot.name: return DOTWriter.self
        case jsonl.name: return JSONLWriter.self
        default: return nil
        }
    }

    /// The most threads a writer uses to serialize (default: every core; output is identical either way).
    public static var writerThreads: Int {
        get { ParallelBlocks.maxThreads }
        set { ParallelBlocks.maxThreads = max(1, newValue) }
    }

    /// Whether kg can write `format`.
    public static func canWrite(_ format: GraphFormat) -> Bool { writer(for: format) != nil }

    /// Writes `graph` in `format` to the file at `path` (atomically: on failure no partial file is
    /// left and an existing file is kept), or to standard output when `path` is nil or `-`.
    /// - Throws: `KGError.output` naming the file; `KGError.usage` when kg cannot write the format.
    /// - Complexity: O(n log n + m log m) for n nodes and m edges (one sort each), streaming output.
    public static func write(_ graph: KnowledgeGraph, ontology: Ontology, format: GraphFormat, to path: String?) throws {
        let writer = try requireWriter(format)
        try OutputSink.write(to: path) { try writer.write(graph, ontology: ontology, to: $0) }
    }

    /// Writes `graph` in `format` into an open sink (see `OutputSink.write(to:_:)`).
    public static func write(_ graph: KnowledgeGraph, ontology: Ontology, format: GraphFormat, to sink: OutputSink) throws {
        try requireWriter(format).write(graph, ontology: ontology, to: sink)
        try sink.checkError()
    }

    /// The bytes `write` would produce.
    public static func serialize(_ graph: KnowledgeGraph, ontology: Ontology, format: GraphFormat) throws -> Data {
        let writer = try requireWriter(format)
        return Data(try OutputSink.bytes { try writer.write(graph, ontology: ontology, to: $0) })
    }

    /// Writes the ontology as OWL in RDF/XML (`kg ontology`) to `path` (atomically) or standard output.
    public static func writeOntology(_ ontology: Ontology, to path: String?) throws {
        try OutputSink.write(to: path) { try OntologyWriter.write(ontology, to: $0) }
    }

    /// The bytes `writeOntology` would produce (what `Ontology/kg.owl` must hold).
    public static func serializeOntology(_ ontology: Ontology) throws -> Data {
        Data(try OutputSink.bytes { try OntologyWriter.write(ontology, to: $0) })
    }

    private static func requireWriter(_ format: GraphFormat) throws -> any GraphWriter.Type {
        guard let writer = writer(for: format) else {
            let writable = all.filter { writer(for: $0) != nil }.map(\.name).joined(separator: ", ")
            throw KGError.usage("kg cannot write \(format.name); use one of: \(writable)")
        }
        return writer
    }
}
