import ArgumentParser
import KGCore
import KGFormats

/// `-o FILE` and `--format NAME`: where and how a graph is written.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp("The file to write (default: standard output). Its extension picks the format.", valueName: "FILE"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("graphml, rdfxml, dot or jsonl (default: from the -o extension, else graphml).", valueName: "NAME"))
    var format: String?

    func validate() throws {
        if let format {
            guard let f = KGFormats.Formats.named(format), KGFormats.Formats.canWrite(f) else {
                let names = KGFormats.Formats.all.filter(KGFormats.Formats.canWrite).map(\.name).joined(separator: ", ")
                throw ValidationError("--format \(format): unknown format; use one of \(names)")
            }
        } else if let output, output != "-", KGFormats.Formats.forPath(output) == nil {
            throw ValidationError("-o \(output): cannot tell the format from the extension; add --format graphml|rdfxml|dot|jsonl or use .graphml, .rdf, .owl, .dot, .gv, .jsonl")
        }
    }

    /// The format to write.
    var resolvedFormat: GraphFormat {
        if let format, let f = KGFormats.Formats.named(format) { return f }
        if let output, let f = KGFormats.Formats.forPath(output) { return f }
        return KGFormats.Formats.graphML
    }

    /// Writes the graph where and how the options say.
    func write(_ graph: KnowledgeGraph, ontology: Ontology) throws {
        try KGFormats.Formats.write(graph, ontology: ontology, format: resolvedFormat, to: output == "-" ? nil : output)
    }
}
