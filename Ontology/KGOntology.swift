import Foundation

/// Where the bundled ontology, lexicons and model weights live (a SwiftPM resource copy of `Ontology/`).
public enum BundledOntology {
    /// The directory holding `ontology.json`, `lexicons/` and `models/`.
    ///
    /// Looks beside the executable first (an installed `kg` with its resource bundle), then in the
    /// build's resource bundle, then in the source checkout.
    public static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["KG_ONTOLOGY"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        let executableDir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [executableDir.appendingPathComponent("kg_KGOntology.resources"), Bundle.main.bundleURL.appendingPathComponent("kg_KGOntology.resources")] {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("ontology.json").path) { return candidate }
        }
        return sourceDirectory
    }

    /// The `Ontology/` folder of the source checkout this was built from.
    public static var sourceDirectory: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent() }
}
