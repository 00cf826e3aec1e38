import ArgumentParser
import Foundation
import KGCore
import KGFormats
import KGMerge

/// `kg merge IN... -o OUT`: one graph from several, the same entity one node, every source kept.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge graph files into one: the same entity becomes one node, with every alias, source and piece of evidence.",
        discussion: """
        Entity resolution, within a type: shared names after normalization (case, quotes, diacritics,
        titles), aliases, acronyms and their expansions, Jaro-Winkler similarity for misspellings, and a
        short name joining the one longer name that contains it. Thresholds live in the ontology folder's
        merge.json. The result does not depend on the order of the inputs.

        Alias file (--aliases), one rule a line, '#' for comments:
          Vladimir Putin = Putin = V. V. Putin        (always one entity)
          Kursk Region != International Kursk Airport (never one node)
          Person: Georgia = Georgia Smith             (a rule limited to a type)

        Examples:
          kg merge monday.graphml tuesday.graphml -o week.graphml
          kg merge batches/*.graphml -o all.rdf --report merge-report.json --aliases aliases.txt
        """
    )

    @Argument(help: ArgumentHelp("Graph files (GraphML or RDF/XML) to merge.", valueName: "IN"))
    var inputs: [String]

    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Write what was merged and why (rule, score) as JSON.", valueName: "FILE"))
    var report: String?

    @Option(name: .long, help: ArgumentHelp("An alias file that forces or forbids merges.", valueName: "FILE"))
    var aliases: String?

    @OptionGroup var ontologyOptions: OntologyOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("name at least one graph file to merge") }
    }

    func run() throws {
        let ontology = try ontologyOptions.load()
        var rules = try MergeRules.load(from: ontologyOptions.directory)
        if let aliases { rules.aliases = try AliasRules.load(path: aliases) }
        let graphs = try inputs.map { try KGFormats.Formats.read(path: $0, ontology: ontology) }
        let (graph, mergeReport) = KGMerge.merge(graphs, rules: rules)
        try output.write(graph, ontology: ontology)
        if let report {
            do { try Data(mergeReport.json().utf8).write(to: URL(fileURLWithPath: report), options: .atomic) } catch {
                throw KGError.output(file: report, message: "cannot write the merge report (\(error.localizedDescription)); check the folder exists and is writable")
            }
        }
    }
}
