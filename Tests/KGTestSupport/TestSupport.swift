import Foundation
import KGCore
import KGOntology

/// Helpers shared by the test targets.
public enum TestSupport {
    /// The bundled ontology, loaded from the source checkout.
    public static func ontology() throws -> Ontology { try Ontology.load(from: BundledOntology.sourceDirectory) }

    /// The package's root folder (where `Package.swift` is).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kg-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Strings that break naive writers: quotes, markup, pre-escaped entities, control characters,
    /// Cyrillic, Korean, astral and ZWJ emoji, newlines, tabs, backslashes.
    public static let hostileStrings: [String] = [
        "Kim \"Rocket\" Jong Un", "O'Brien & <Sons> ]]> &amp;", "tab\there\nnewline\r\nCRLF", "back\\slash \\\" quote",
        "Владимир Путин", "김정은", "emoji 🎉 and ZWJ 👩‍👩‍👧", "bell\u{07}null\u{00}esc\u{1B}vt\u{0B}", "\u{FFFE}\u{FFFF}nonchar",
        "-- comment? -->", "{\"json\": [1, 2]}", "#hash ?query /slash", "  spaced  ",
    ]
}
