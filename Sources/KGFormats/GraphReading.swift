import Foundation
import KGCore

extension Formats {
    /// Reads a graph file in a format kg reads (`canRead`).
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - format: the format; when nil, the one the file's extension selects.
    ///   - ontology: maps RDF classes and properties back to node types and predicates.
    /// - Throws: `KGError.usage` when the format cannot be read or guessed, `KGError.input` when the file
    ///   cannot be read, `KGError.parse` (file, line, column) when it is malformed or unsafe.
    public static func read(path: String, format: GraphFormat? = nil, ontology: Ontology) throws -> KnowledgeGraph {
        guard let format = format ?? forPath(path) else {
            throw KGError.usage("\(path): cannot tell the format from the extension; pass --format graphml or --format rdfxml")
        }
        switch format.name {
        case graphML.name: return try GraphMLReader().read(path: path)
        case rdfXML.name: return try RDFXMLReader(ontology: ontology).read(path: path)
        default:
            let readable = all.filter(\.canRead).map(\.name).joined(separator: ", ")
            throw KGError.usage("\(path): kg cannot read \(format.name); it reads \(readable)")
        }
    }

    /// Reads a graph held in memory; `name` is the file name errors report.
    public static func read(data: Data, name: String, format: GraphFormat, ontology: Ontology) throws -> KnowledgeGraph {
        switch format.name {
        case graphML.name: return try GraphMLReader().read(data: data, name: name)
        case rdfXML.name: return try RDFXMLReader(ontology: ontology).read(data: data, name: name)
        default:
            let readable = all.filter(\.canRead).map(\.name).joined(separator: ", ")
            throw KGError.usage("\(name): kg cannot read \(format.name); it reads \(readable)")
        }
    }
}
