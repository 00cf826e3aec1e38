import Foundation
import KGCore
import KGOntology
@testable import KGExtraction

/// Shared helpers: one rules-only extractor (the tagger is tested by its own suite), marked text, fixtures.
enum Fixture {
    static let extractor: Extractor = {
        let dir = BundledOntology.sourceDirectory
        return try! Extractor(lexiconDirectory: dir, ontology: try! Ontology.load(from: dir), useTagger: false)
    }()

    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Marked text: `⟦Jane Okafor|Person⟧` marks a mention; returns the plain text and the marked spans
    /// (code points) with their types.
    static func marked(_ s: String) -> (text: String, spans: [(Int, Int, String)]) {
        var text = ""
        var spans: [(Int, Int, String)] = []
        var count = 0
        var i = s.unicodeScalars.startIndex
        let u = s.unicodeScalars
        while i < u.endIndex {
            if u[i] == "⟦" {
                let close = u[i...].firstIndex(of: "⟧")!
                let inner = String(u[u.index(after: i)..<close])
                let parts = inner.split(separator: "|", maxSplits: 1)
                let name = String(parts[0])
                spans.append((count, count + name.unicodeScalars.count, String(parts[1])))
                text += name
                count += name.unicodeScalars.count
                i = u.index(after: close)
            } else {
                text.unicodeScalars.append(u[i])
                count += 1
                i = u.index(after: i)
            }
        }
        return (text, spans)
    }

    /// The typed mentions the pipeline keeps for a text (after coreference).
    static func mentions(_ text: String) -> [(Int, Int, String)] {
        let ex = extractor
        let d = ex.analyze(Document(id: "t", text: text, origin: "test"))
        let (ms, _, _) = ex.coreference.resolve(d, ex.recognizer.recognize(d))
        return ms.map { ($0.start, $0.end, $0.type!.rawValue) }
    }

    static func graph(_ text: String, date: String? = nil) -> KnowledgeGraph {
        extractor.extract(Document(id: "t", text: text, date: date, origin: "test"))
    }

    /// Relations as `subject-label predicate object-label`.
    static func relations(_ text: String, date: String? = nil) -> Set<String> {
        let g = graph(text, date: date)
        return Set(g.edges.values.filter { $0.predicate.rawValue != "affiliatedWith" }.map { "\(g.nodes[$0.subject]!.label) \($0.predicate.rawValue) \(g.nodes[$0.object]!.label)" })
    }
}
