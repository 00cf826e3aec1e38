import ArgumentParser
import KGCore
import KGFormats

/// `kg convert IN -o OUT`: reads a graph in one format and writes it in another, losslessly between
/// kg's GraphML and RDF/XML.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a graph file between formats (GraphML, RDF/XML in; GraphML, RDF/XML, DOT, JSONL out).",
        discussion: """
        Between kg's own GraphML and RDF/XML the conversion is lossless: ids, labels, aliases, attributes,
        mentions and every piece of evidence survive. GraphML from NetworkX, igraph, Gephi or yEd is read too.

        Examples:
          kg convert graph.graphml -o graph.rdf
          kg convert graph.rdf -o graph.graphml
          kg convert export-from-gephi.graphml -o graph.dot
        """
    )

    @Argument(help: ArgumentHelp("The graph file to read.", valueName: "IN"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("The input's format, graphml or rdfxml (default: from its extension).", valueName: "NAME"))
    var from: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        if let from {
            guard let f = KGFormats.Formats.named(from), f.canRead else {
                let names = KGFormats.Formats.all.filter(\.canRead).map(\.name).joined(separator: ", ")
                throw ValidationError("--from \(from): kg reads \(names)")
            }
        }
    }

    func run() throws {
        let ontology = try ontologyOptions.load()
        let graph = try KGFormats.Formats.read(path: input, format: from.flatMap(KGFormats.Formats.named), ontology: ontology)
        try output.write(graph, ontology: ontology)
    }
}
