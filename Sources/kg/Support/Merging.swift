import Foundation
import KGCore

/// Entity resolution across graphs, as the CLI uses it (`--into`, `merge`, `query` over several files).
enum Merging {
    struct Outcome { var graph: KnowledgeGraph }

    static func merge(_ graphs: [KnowledgeGraph], ontologyDirectory: URL) throws -> Outcome {
        var merged = KnowledgeGraph()
        for g in graphs {
            for n in g.nodes.values { merged.insert(n) }
            for e in g.edges.values { merged.insert(e) }
        }
        return Outcome(graph: merged)
    }
}
