import ArgumentParser
import KGCore
import KGFormats

/// `kg stats GRAPH...`: counts of nodes by type, edges by predicate, and documents.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count the nodes, edges and documents of graph files.",
        discussion: "Example:\n  kg stats graph.graphml\n  kg stats monday.graphml tuesday.rdf --json"
    )

    @Argument(help: ArgumentHelp("GraphML or RDF/XML files written by kg (or GraphML from other tools).", valueName: "GRAPH"))
    var graphs: [String]

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var ontologyOptions: OntologyOptions

    func run() throws {
        let ontology = try ontologyOptions.load()
        for path in graphs {
            let graph = try KGFormats.Formats.read(path: path, ontology: ontology)
            let types = Dictionary(grouping: graph.nodes.values, by: \.type.rawValue).mapValues(\.count)
            let predicates = Dictionary(grouping: graph.edges.values, by: \.predicate.rawValue).mapValues(\.count)
            let documents = graph.documents
            if json {
                struct Report: Encodable { let file: String; let nodes: Int; let edges: Int; let documents: Int; let nodeTypes: [String: Int]; let predicates: [String: Int] }
                print(JSONText.encode(Report(file: path, nodes: graph.nodeCount, edges: graph.edgeCount, documents: documents.count, nodeTypes: types, predicates: predicates)))
            } else {
                print("\(path): \(graph.nodeCount) nodes, \(graph.edgeCount) edges, \(documents.count) documents")
                for (type, count) in types.sorted(by: { $0.key < $1.key }) { print("  node  \(type.padding(toLength: 14, withPad: " ", startingAt: 0)) \(count)") }
                for (p, count) in predicates.sorted(by: { $0.key < $1.key }) { print("  edge  \(p.padding(toLength: 14, withPad: " ", startingAt: 0)) \(count)") }
            }
        }
    }
}
