import Foundation
import Testing
@testable import KGFormats
import KGCore
import KGTestSupport

/// A fixture of `Fixtures/readers/`.
func readerFixture(_ name: String) -> String {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures/readers/\(name)").path
}

@Suite("GraphML reader")
struct GraphMLReaderTests {
    @Test("kg's own GraphML reads back every field")
    func contract() throws {
        let g = try GraphMLReader().read(path: readerFixture("kg-contract.graphml"))
        #expect(g.nodeCount == 2 && g.edgeCount == 1)
        let ada = try #require(g[node: "person-ada-lovelace"])
        #expect(ada.type == .person && ada.label == "Ada Lovelace")
        #expect(ada.aliases == ["Countess of Lovelace", "Lovelace"])
        #expect(ada.sources == ["doc1", "doc2"])
        #expect(ada.mentions.count == 2 && ada.mentions[1].text == "Lovelace")
        #expect(ada.attributes == ["role": .string("mathematician"), "rank": .int(1)])
        #expect(g[node: "place-london"]?.label == "London & <Co> \r")
        let e = try #require(g[edge: "e0123456789abcdef"])
        #expect(e.predicate == .honors && e.confidence == 0.75 && e.date == "2024-12-04")
        #expect(e.evidence.count == 2 && e.evidence[1].trigger == "lauded" && e.evidence[1].span == TextSpan(start: 7, end: 30))
        #expect(e.attributes.isEmpty)
    }

    @Test("NetworkX GraphML: names, typed attributes, predicates from relation/label or 'related'")
    func networkX() throws {
        let g = try GraphMLReader().read(path: readerFixture("networkx.graphml"))
        #expect(g.nodeCount == 3 && g.edgeCount == 3)
        let alice = try #require(g[node: "alice"])
        #expect(alice.label == "Alice Smith" && alice.type == GraphMLReader.genericType)
        #expect(alice.attributes["age"] == .int(42) && alice.attributes["score"] == .double(0.5) && alice.attributes["active"] == .bool(true))
        #expect(g[node: "paris"]?.label == "paris" && g[node: "paris"]?.type == .place)
        #expect(Set(g.edges.values.map(\.predicate.rawValue)) == ["knows", "visited", "related"])
        #expect(g.edges.values.first { $0.predicate.rawValue == "knows" }?.attributes == ["weight": .double(1.5)])
    }

    @Test("NetworkX multigraph: repeated edge ids saying different things stay different edges")
    func networkXMulti() throws {
        let g = try GraphMLReader().read(path: readerFixture("networkx-multi.graphml"))
        #expect(g.nodeCount == 3 && g.edgeCount == 3)
    }

    @Test("igraph GraphML")
    func igraph() throws {
        let g = try GraphMLReader().read(path: readerFixture("igraph.graphml"))
        #expect(g.sortedNodes.map(\.label) == ["X-ray", "Yankee", "Zulu"])
        #expect(g.sortedEdges.map { $0.attributes["weight"] } == [.double(2), .double(3)])
        #expect(g[node: "n0"]?.attributes["name"] == .string("x"))
    }

    @Test("yEd GraphML: labels from y:NodeLabel, defaults, groups flattened, yEd markup ignored")
    func yEd() throws {
        let g = try GraphMLReader().read(path: readerFixture("yed.graphml"))
        #expect(g.nodeCount == 3 && g.edgeCount == 1)
        let berlin = try #require(g[node: "n0"])
        #expect(berlin.label == "Berlin" && berlin.attributes["description"] == .string("First <node>") && berlin.attributes["priority"] == .int(3))
        #expect(g.nodes.values.contains { $0.label == "Group A" && $0.attributes["priority"] == .int(7) })
        let edge = try #require(g.edges.values.first)
        #expect(edge.predicate.rawValue == "borders" && g[node: edge.object]?.label == "Inner")
    }
}

@Suite("RDF/XML reader")
struct RDFXMLReaderTests {
    @Test("kg's own RDF/XML reads back to the same graph as its GraphML")
    func contract() throws {
        let ontology = try TestSupport.ontology()
        let fromRDF = try RDFXMLReader(ontology: ontology).read(path: readerFixture("kg-contract.rdf"))
        let fromGraphML = try GraphMLReader().read(path: readerFixture("kg-contract.graphml"))
        #expect(fromRDF == fromGraphML)
    }

    @Test("the RDF/XML grammar: as many triples as rdflib finds", arguments: [("general.rdf", 27), ("kg-contract.rdf", 27), ("rdflib.rdf", 12), ("oxigraph.rdf", 12)])
    func triples(file: String, count: Int) throws {
        var parser = RDFXMLParser(try XMLReader(path: readerFixture(file)))
        #expect(try parser.parse(base: "http://example.org/data/").count == count)
    }

    @Test("general RDF/XML: schema.org classes, labels by language, nested and typed nodes, reification", arguments: ["rdflib.rdf", "oxigraph.rdf"])
    func peers(file: String) throws {
        let g = try RDFXMLReader(ontology: TestSupport.ontology()).read(path: readerFixture(file))
        #expect(g.nodeCount == 3 && g.edgeCount == 2)
        let marie = try #require(g[node: "marie"])
        #expect(marie.type == .person && marie.label == "Marie Curie" && marie.aliases == ["Maria Skłodowska"] && marie.attributes["born"] == .int(1867))
        #expect(Set(g.edges.values.map(\.predicate.rawValue)) == ["honors", "knows"])
        #expect(g.nodes.values.contains { $0.label == "Pierre Curie" })
    }

    @Test("general RDF/XML: parseType Resource, Collection, Literal, rdf:li, property attributes, xml:base")
    func general() throws {
        let g = try RDFXMLReader(ontology: TestSupport.ontology()).read(path: readerFixture("general.rdf"))
        #expect(Set(g.nodes.keys) == ["acme", "springfield", "homer"])
        #expect(g[node: "acme"]?.type == .organization && g[node: "acme"]?.attributes["founded"] == .string("1901"))
        #expect(g[node: "homer"]?.attributes["safetyRating"] == .double(0.1) && g[node: "homer"]?.attributes["awake"] == .bool(false))
        #expect(Set(g.sortedEdges.map { "\($0.subject) \($0.predicate) \($0.object)" }) == ["acme affiliatedWith springfield", "homer employer acme"])
    }
}

@Suite("Reader safety")
struct ReaderSafetyTests {
    static let hostile = ["billion-laughs.graphml", "xxe.rdf", "external-dtd.graphml", "malformed.graphml", "invalid-utf8.graphml"]

    @Test("hostile or malformed files give one parse error with file, line and column", arguments: hostile)
    func hostileFiles(file: String) throws {
        let path = readerFixture(file)
        let format = Formats.forPath(path)!
        do {
            _ = try Formats.read(path: path, format: format, ontology: TestSupport.ontology())
            Issue.record("\(file) was accepted")
        } catch let error as KGError {
            guard case .parse(let f, let line, _, let message) = error else { Issue.record("not a parse error: \(error)"); return }
            #expect(f == path && line > 0 && !message.isEmpty)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("the malformed file's error points at the mismatched tag")
    func position() throws {
        #expect(throws: KGError.self) { try GraphMLReader().read(path: readerFixture("malformed.graphml")) }
        do { _ = try GraphMLReader().read(path: readerFixture("malformed.graphml")) } catch let KGError.parse(_, line, column, message) {
            #expect(line == 5 && column > 0 && message.contains("mismatch"))
        }
    }

    @Test("deep nesting, binary data, wrong root, undeclared keys, mistyped values are refused")
    func otherHostile() throws {
        let deep = "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">" + String(repeating: "<graph>", count: 300) + String(repeating: "</graph>", count: 300) + "</graphml>"
        let cases: [(String, Data)] = [
            ("deep", Data(deep.utf8)),
            ("binary", Data((0..<512).map { UInt8(($0 * 7919) % 256) })),
            ("empty", Data()),
            ("root", Data("<html><body/></html>".utf8)),
            ("undeclared", Data("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><graph><node id=\"a\"><data key=\"k\">x</data></node></graph></graphml>".utf8)),
            ("mistyped", Data("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><key id=\"k\" for=\"node\" attr.name=\"n\" attr.type=\"long\"/><graph><node id=\"a\"><data key=\"k\">x1</data></node></graph></graphml>".utf8)),
            ("ref", Data("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><graph><node id=\"&x;\"/></graph></graphml>".utf8)),
        ]
        for (name, data) in cases {
            #expect(throws: KGError.self, "\(name)") { try GraphMLReader().read(data: data, name: name) }
            #expect(throws: KGError.self, "\(name)") { try RDFXMLReader(ontology: TestSupport.ontology()).read(data: data, name: name) }
        }
    }

    @Test("size limit")
    func sizeLimit() throws {
        var reader = GraphMLReader()
        reader.limits.maxBytes = 100
        #expect(throws: KGError.self) { try reader.read(path: readerFixture("networkx.graphml")) }
    }
}

@Suite("Readers agree on the shared tools' graphs")
struct GeneratedGraphTests {
    @Test("gen_graph.py's GraphML (NetworkX) and RDF/XML (rdflib) read to the same nodes, labels, types and edges")
    func generated() throws {
        let ontology = try TestSupport.ontology()
        let fromGraphML = try Formats.read(path: readerFixture("gen.graphml"), ontology: ontology)
        let fromRDF = try Formats.read(path: readerFixture("gen.rdf"), ontology: ontology)
        #expect(fromGraphML.nodeCount == 6 && fromGraphML.edgeCount == 10)
        #expect(Set(fromGraphML.nodes.values.map { "\($0.id) \($0.type) \($0.label)" }) == Set(fromRDF.nodes.values.map { "\($0.id) \($0.type) \($0.label)" }))
        #expect(Set(fromGraphML.edges.values.map { "\($0.subject) \($0.predicate) \($0.object)" }) == Set(fromRDF.edges.values.map { "\($0.subject) \($0.predicate) \($0.object)" }))
        #expect(fromGraphML[node: "n0"]?.attributes["rank"] == fromRDF[node: "n0"]?.attributes["rank"])
    }
}
