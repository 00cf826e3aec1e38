import ArgumentParser
import KGFormats

/// `kg ontology [-o FILE]`: writes the ontology (classes, relation types, their schema.org and CAMEO
/// alignment) as OWL in RDF/XML, for Protégé and RDF tools.
struct OntologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ontology",
        abstract: "Write the ontology as OWL (RDF/XML) for Protégé and RDF tools.",
        discussion: """
        The ontology is data (Ontology/ontology.json); this writes it as OWL: an owl:Class per class
        (owl:equivalentClass its schema.org class), an owl:ObjectProperty per relation type (with its
        kg:cameoCode), and the datatype properties kg's RDF/XML uses. Ontology/kg.owl is this output for
        the bundled ontology; a test keeps them in sync.

        Examples:
          kg ontology -o kg.owl
          kg ontology --ontology my-ontology/ > my.owl
        """
    )

    @Option(name: [.short, .long], help: ArgumentHelp("The file to write (default: standard output).", valueName: "FILE"))
    var output: String?

    @OptionGroup var ontologyOptions: OntologyOptions

    func run() throws {
        try KGFormats.Formats.writeOntology(try ontologyOptions.load(), to: output)
    }
}
