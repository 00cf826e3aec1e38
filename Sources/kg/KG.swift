import ArgumentParser

/// The `kg` command: turns news articles into knowledge graphs, and works with those graphs.
@main
struct KG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kg",
        abstract: "Build knowledge graphs from news articles and export them to GraphML, RDF/XML and DOT.",
        discussion: """
        Examples:
          kg extract articles/ -o graph.graphml
          kg extract a.txt b.html batch.jsonl -o graph.rdf
          kg stats graph.graphml
          kg formats
        """,
        subcommands: [Extract.self, Stats.self, Formats.self, TrainTagger.self, Query.self, Merge.self, Convert.self, OntologyCommand.self]
    )
}
