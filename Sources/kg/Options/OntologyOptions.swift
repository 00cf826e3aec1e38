import ArgumentParser
import Foundation
import KGCore
import KGOntology

/// `--ontology DIR`: where the ontology, lexicons and model weights are (default: the bundled copy).
struct OntologyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A folder with ontology.json, lexicons/ and models/ (default: the bundled Ontology/).", valueName: "DIR"))
    var ontology: String?

    /// The folder in use.
    var directory: URL { ontology.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? BundledOntology.directory }

    func validate() throws {
        if let ontology, !FileManager.default.fileExists(atPath: ontology + "/ontology.json") {
            throw ValidationError("--ontology \(ontology): no ontology.json there; point it at a copy of kg's Ontology/ folder")
        }
    }

    func load() throws -> Ontology { try Ontology.load(from: directory) }
}
