import ArgumentParser
import Foundation
import KGCore
import KGExtraction
import KGFormats
import KGMerge

/// `kg extract`: news articles in, a knowledge graph out.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract a knowledge graph from news articles.",
        discussion: """
        INPUT is a file (.txt, .md, .html, .htm, .jsonl), a folder (read recursively) or - for standard \
        input; with no INPUT, standard input is read. The format follows from the extension of -o \
        (.graphml, .rdf, .owl, .dot, .gv, .jsonl); with no -o the graph goes to standard output as GraphML \
        (or --format).

        Examples:
          kg extract Examples/ -o graph.graphml
          kg extract a.txt b.html batch.jsonl -o graph.rdf
          kg extract story.txt --date 2024-12-05 --format jsonl
          cat story.txt | kg extract --format dot | dot -Tsvg > story.svg
          kg extract tuesday/ --into monday.graphml -o week.graphml
        """
    )

    @Argument(help: ArgumentHelp("Files, folders, or - for standard input.", valueName: "INPUT"))
    var inputs: [String] = []

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("The date (YYYY-MM-DD) of documents that give none; anchors dates like 'On December 4'.", valueName: "DATE"))
    var date: String?

    @Option(help: ArgumentHelp("Add the new documents to this existing graph (GraphML or RDF/XML), merging entities.", valueName: "GRAPH"))
    var into: String?

    @Flag(help: "Read a file that is not valid UTF-8 as Windows-1252 (Latin-1), with a warning, instead of stopping.")
    var latin1Fallback = false

    @Flag(help: "Use the lexicons and rules only, not the learned tagger.")
    var noTagger = false

    @OptionGroup var ontologyOptions: OntologyOptions

    func run() throws {
        let ontology = try ontologyOptions.load()
        let (documents, loadNotes) = try DocumentLoader.load(paths: inputs.isEmpty ? ["-"] : inputs, defaultDate: date, latin1Fallback: latin1Fallback)
        let extractor = try Extractor(lexiconDirectory: ontologyOptions.directory, ontology: ontology, useTagger: !noTagger)
        // One graph per document, then entity resolution across documents (and the existing graph, if any),
        // so that extracting A and B together equals merging their separate extractions.
        var graphs = extractor.documentGraphs(documents)
        if let into { graphs.append(try KGFormats.Formats.read(path: into, ontology: ontology)) }
        let (graph, _) = KGMerge.merge(graphs, rules: try MergeRules.load(from: ontologyOptions.directory))
        try output.write(graph, ontology: ontology)
        Diagnostics.print(loadNotes + extractor.loadDiagnostics)
    }
}
