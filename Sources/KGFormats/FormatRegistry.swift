import Foundation
import KGCore

/// A graph file format kg can write and (for some) read.
///
/// `Formats.all` is the one list the CLI's `--format`, the round-trip tests and the golden tests read.
public struct GraphFormat: Sendable, Hashable, CustomStringConvertible {
    /// The name used by `--format` (`graphml`, `rdfxml`, `dot`, `jsonl`).
    public let name: String
    /// File extensions (without dot) that select the format; the first is the preferred one.
    public let extensions: [String]
    public let canRead: Bool
    public let canWrite: Bool
    /// What the format is for, one line (shown by `kg formats`).
    public let summary: String
    public var description: String { name }
}

/// The registry of formats.
public enum Formats {
    public static let graphML = GraphFormat(name: "graphml", extensions: ["graphml"], canRead: true, canWrite: true,
                                            summary: "GraphML for Gephi, Cytoscape, yEd, NetworkX and igraph")
    public static let rdfXML = GraphFormat(name: "rdfxml", extensions: ["rdf", "owl", "xml"], canRead: true, canWrite: true,
                                           summary: "RDF/XML for rdflib, Apache Jena, Oxigraph and Protégé")
    public static let dot = GraphFormat(name: "dot", extensions: ["dot", "gv"], canRead: false, canWrite: true,
                                        summary: "Graphviz DOT (render with dot -Tsvg)")
    public static let jsonl = GraphFormat(name: "jsonl", extensions: ["jsonl"], canRead: false, canWrite: true,
                                          summary: "one JSON object a line: mentions, nodes and relations")

    /// Every registered format.
    public static let all: [GraphFormat] = [graphML, rdfXML, dot, jsonl]

    /// The format with this name or extension, case-insensitively.
    public static func named(_ name: String) -> GraphFormat? {
        let n = name.lowercased()
        return all.first { $0.name == n } ?? all.first { $0.extensions.contains(n) }
    }

    /// The format a path's extension selects.
    public static func forPath(_ path: String) -> GraphFormat? {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        return ext.isEmpty ? nil : all.first { $0.extensions.contains(ext) }
    }
}
