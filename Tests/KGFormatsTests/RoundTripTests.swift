import Foundation
import Testing
@testable import KGFormats
import KGCore
import KGTestSupport

/// Random graphs with hostile strings, for round-trip properties.
enum RandomGraphs {
    static let plain = ["Vladimir Putin", "Kursk Region", "Ada", "North Korean Central News Agency", "a", "Zoë Ölçer", "O'Neil"]
    static let types: [EntityType] = [.person, .place, .organization, .event, EntityType("Product")]
    static let predicates: [KGCore.Predicate] = [.statement, .honors, .announcement, KGCore.Predicate("locatedIn"), KGCore.Predicate("affiliatedWith")]

    static func string(_ rng: inout SplitMix64) -> String {
        Bool.random(using: &rng) ? TestSupport.hostileStrings.randomElement(using: &rng)! : plain.randomElement(using: &rng)!
    }

    static func graph(_ rng: inout SplitMix64) -> KnowledgeGraph {
        var nodes: [Node] = []
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let type = types.randomElement(using: &rng)!
            var label = string(&rng)
            if label.trimmingCharacters(in: .whitespaces).isEmpty { label = "x" }
            let docs = (0..<Int.random(in: 0...3, using: &rng)).map { _ in "doc-\(Int.random(in: 0...5, using: &rng))" }
            let mentions = docs.map { d -> Mention in
                let s = Int.random(in: 0...1000, using: &rng)
                return Mention(document: d, span: TextSpan(start: s, end: s + Int.random(in: 0...30, using: &rng)), text: string(&rng))
            }
            var attributes: [String: AttributeValue] = [:]
            if Bool.random(using: &rng) { attributes["role"] = .string(string(&rng)) }
            if Bool.random(using: &rng) { attributes["rank"] = .int(Int.random(in: -5...1_000_000, using: &rng)) }
            if Bool.random(using: &rng) { attributes["score"] = .double([0.1, 1.0, 2.5e-7, -3.75, 1e21].randomElement(using: &rng)!) }
            if Bool.random(using: &rng) { attributes["verified"] = .bool(Bool.random(using: &rng)) }
            nodes.append(Node(id: Identifier.node(type: type, label: label), type: type, label: label,
                              aliases: (0..<Int.random(in: 0...3, using: &rng)).map { _ in string(&rng) },
                              attributes: attributes, sources: docs, mentions: mentions))
        }
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = byID.keys.sorted()
        var edges: [Edge] = []
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            let s = ids.randomElement(using: &rng)!, o = ids.randomElement(using: &rng)!
            let p = predicates.randomElement(using: &rng)!
            let evidence = (0..<Int.random(in: 1...3, using: &rng)).map { _ -> Evidence in
                let start = Int.random(in: 0...500, using: &rng)
                return Evidence(document: "doc-\(Int.random(in: 0...5, using: &rng))", sentence: string(&rng),
                                span: TextSpan(start: start, end: start + Int.random(in: 0...200, using: &rng)),
                                trigger: Bool.random(using: &rng) ? string(&rng) : nil,
                                date: Bool.random(using: &rng) ? ["2024-12-04", "2025-01", "2025"].randomElement(using: &rng)! : nil)
            }
            var attributes: [String: AttributeValue] = [:]
            if Bool.random(using: &rng) { attributes["weight"] = .double(Double(Int.random(in: 0...100, using: &rng)) / 8) }
            if Bool.random(using: &rng) { attributes["method"] = .string(string(&rng)) }
            edges.append(Edge(id: Identifier.edge(subject: s, predicate: p, object: o), subject: s, predicate: p, object: o,
                              confidence: Double(Int.random(in: 0...1000, using: &rng)) / 1000, evidence: evidence, attributes: attributes))
        }
        return KnowledgeGraph(nodes: byID.values, edges: edges)
    }

    /// The graph as a file can hold it: every character XML 1.0 forbids replaced by U+FFFD.
    static func sanitized(_ g: KnowledgeGraph) -> KnowledgeGraph {
        func s(_ x: String) -> String { XMLText.sanitized(x) }
        func a(_ v: AttributeValue) -> AttributeValue { if case .string(let x) = v { return .string(s(x)) } else { return v } }
        let nodes = g.nodes.values.map { n in
            Node(id: n.id, type: n.type, label: s(n.label), aliases: n.aliases.map(s), attributes: n.attributes.mapValues(a),
                 sources: n.sources.map(s), mentions: n.mentions.map { Mention(document: s($0.document), span: $0.span, text: s($0.text)) })
        }
        let edges = g.edges.values.map { e in
            Edge(id: e.id, subject: e.subject, predicate: e.predicate, object: e.object, confidence: e.confidence,
                 evidence: e.evidence.map { Evidence(document: s($0.document), sentence: s($0.sentence), span: $0.span, trigger: $0.trigger.map(s), date: $0.date.map(s)) },
                 attributes: e.attributes.mapValues(a))
        }
        return KnowledgeGraph(nodes: nodes, edges: edges)
    }

    /// Every format kg both reads and writes.
    static var readWriteFormats: [GraphFormat] { Formats.all.filter { $0.canRead && Formats.canWrite($0) } }
}

@Suite("Round trip")
struct RoundTripTests {
    @Test("every format kg reads and writes gives back the graph it wrote (forbidden characters as U+FFFD)")
    func property() throws {
        let ontology = try TestSupport.ontology()
        #expect(RandomGraphs.readWriteFormats.map(\.name) == ["graphml", "rdfxml"])
        var rng = SplitMix64(seed: 0x5EED)
        for round in 0..<200 {
            let g = RandomGraphs.graph(&rng)
            let expected = RandomGraphs.sanitized(g)
            for format in RandomGraphs.readWriteFormats {
                let data = try Formats.serialize(g, ontology: ontology, format: format)
                let back = try Formats.read(data: data, name: "round\(round).\(format.extensions[0])", format: format, ontology: ontology)
                #expect(back == expected, "round \(round), \(format.name)")
                if back != expected {
                    for n in expected.sortedNodes where back[node: n.id] != n { Issue.record("node \(n) became \(String(describing: back[node: n.id]))") }
                    for e in expected.sortedEdges where back[edge: e.id] != e { Issue.record("edge \(e) became \(String(describing: back[edge: e.id]))") }
                    return
                }
                // Writing what was read gives the same bytes.
                #expect(try Formats.serialize(back, ontology: ontology, format: format) == data)
            }
        }
    }

    @Test("GraphML → RDF/XML → GraphML through files gives the same bytes and the same graph")
    func chain() throws {
        let ontology = try TestSupport.ontology()
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: 42)
        for round in 0..<30 {
            let g = RandomGraphs.graph(&rng)
            let first = dir.appendingPathComponent("g\(round).graphml").path, rdf = dir.appendingPathComponent("g\(round).rdf").path
            let second = dir.appendingPathComponent("g\(round)-2.graphml").path
            try Formats.write(g, ontology: ontology, format: Formats.graphML, to: first)
            try Formats.write(try Formats.read(path: first, ontology: ontology), ontology: ontology, format: Formats.rdfXML, to: rdf)
            try Formats.write(try Formats.read(path: rdf, ontology: ontology), ontology: ontology, format: Formats.graphML, to: second)
            #expect(FileManager.default.contents(atPath: first) == FileManager.default.contents(atPath: second), "round \(round)")
            #expect(try Formats.read(path: second, ontology: ontology) == RandomGraphs.sanitized(g))
        }
    }

    @Test("other tools' files, once read, go through kg's GraphML and RDF/XML unchanged",
          arguments: ["networkx.graphml", "networkx-multi.graphml", "igraph.graphml", "yed.graphml", "gen.graphml",
                      "rdflib.rdf", "oxigraph.rdf", "general.rdf", "gen.rdf", "kg-contract.rdf", "kg-contract.graphml"])
    func foreign(file: String) throws {
        let ontology = try TestSupport.ontology()
        let g = try Formats.read(path: readerFixture(file), ontology: ontology)
        let graphML = try Formats.serialize(g, ontology: ontology, format: Formats.graphML)
        let viaGraphML = try Formats.read(data: graphML, name: "a.graphml", format: Formats.graphML, ontology: ontology)
        #expect(viaGraphML == g)
        let rdf = try Formats.serialize(viaGraphML, ontology: ontology, format: Formats.rdfXML)
        let viaRDF = try Formats.read(data: rdf, name: "a.rdf", format: Formats.rdfXML, ontology: ontology)
        #expect(viaRDF == g)
        #expect(try Formats.serialize(viaRDF, ontology: ontology, format: Formats.graphML) == graphML)
    }
}
