import Foundation
import Testing
import KGCore
import KGTestSupport
@testable import KGFormats

@Suite("GraphML: XSD validity and contract")
struct GraphMLSchemaTests {
    static var schemaPath: String { WriterFixtures.fixtures.appendingPathComponent("graphml-xsd/graphml.xsd").path }

    @Test("written GraphML is valid against the GraphML XSD (libxml2 xmlSchema, offline)")
    func valid() throws {
        let validator = try XMLSchemaValidator(schemaPath: Self.schemaPath)
        let ontology = try TestSupport.ontology()
        for parts in [WriterFixtures.simple(), WriterFixtures.hostile()] {
            let data = try Formats.serialize(WriterFixtures.graph(parts), ontology: ontology, format: Formats.graphML)
            #expect(validator.validate(WriterFixtures.bytes(data)) == [])
        }
    }

    @Test("attribute names that are not NMTOKENs still give valid GraphML")
    func oddAttributeNames() throws {
        let g = KnowledgeGraph(nodes: [Node(id: "a", type: .person, label: "A", attributes: ["founded year": .int(1), "a/b": .string("x"), "": .bool(true), "1st": .double(2)])],
                               edges: [Edge(id: "e", subject: "a", predicate: Predicate("said to"), object: "a", attributes: ["the note": .string("y")])])
        let ontology = try TestSupport.ontology()
        let data = try Formats.serialize(g, ontology: ontology, format: Formats.graphML)
        #expect(try XMLSchemaValidator(schemaPath: Self.schemaPath).validate(WriterFixtures.bytes(data)) == [])
        #expect(String(decoding: data, as: UTF8.self).contains(#"attr.name="founded_year""#))
        // RDF/XML: every such name is still a QName.
        let rdf = try Formats.serialize(g, ontology: ontology, format: Formats.rdfXML)
        let root = try XMLTree.parse(WriterFixtures.bytes(rdf))
        #expect(root.children.count == 2)
    }

    @Test("the validator does reject invalid GraphML (duplicate node ids, undeclared key)")
    func validatorRejects() throws {
        let validator = try XMLSchemaValidator(schemaPath: Self.schemaPath)
        let bad = """
        <?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph id="G" edgedefault="directed">\
        <node id="a"/><node id="a"/><edge source="a" target="b"><data key="nokey">x</data></edge></graph></graphml>
        """
        #expect(!validator.validate(Array(bad.utf8)).isEmpty)
    }

    @Test("keys declared once, before the graph, with for, attr.name and attr.type; ids non-empty")
    func keys() throws {
        let data = try Formats.serialize(WriterFixtures.graph(WriterFixtures.simple()), ontology: try TestSupport.ontology(), format: Formats.graphML)
        let root = try XMLTree.parse(WriterFixtures.bytes(data))
        #expect(root.namespace == "http://graphml.graphdrawing.org/xmlns")
        let keys = root.children.filter { $0.name == "key" }
        #expect(root.children.last?.name == "graph")
        #expect(Set(keys.map { $0.attribute("id")! }).count == keys.count)
        let declared = keys.map { "\($0.attribute("for")!):\($0.attribute("attr.name")!):\($0.attribute("attr.type")!)" }
        #expect(declared == [
            "node:label:string", "node:type:string", "node:aliases:string", "node:sources:string", "node:mentions:string",
            "node:founded:long", "node:role:string", "node:score:double", "node:stateOwned:boolean",
            "edge:predicate:string", "edge:evidence:string", "edge:sources:string", "edge:document:string", "edge:span:string",
            "edge:date:string", "edge:trigger:string", "edge:confidence:double", "edge:provenance:string", "edge:channel:string",
        ])
        let graph = root.children.last!
        #expect(graph.attribute("edgedefault") == "directed")
        for element in graph.children { #expect(!(element.attribute("id") ?? "").isEmpty) }
        #expect(graph.children.filter { $0.name == "node" }.count == 4)
        #expect(graph.children.filter { $0.name == "edge" }.count == 4)
    }

    @Test("hostile strings read back exactly (after U+FFFD replacement) from GraphML")
    func hostileRoundTrip() throws {
        let parts = WriterFixtures.hostile()
        let data = try Formats.serialize(WriterFixtures.graph(parts), ontology: try TestSupport.ontology(), format: Formats.graphML)
        let graph = try XMLTree.parse(WriterFixtures.bytes(data)).children.last!
        let x = WriterFixtures.xml
        for node in parts.nodes {
            let element = try #require(graph.children.first { $0.name == "node" && $0.attribute("id") == node.id })
            var values: [String: String] = [:]
            for d in element.children { values[d.attribute("key")!] = d.text }
            #expect(values["n_label"] == x(node.label))
            #expect(values["n_type"] == x(node.type.rawValue))
            #expect(values["n_note"] == x(node.attributes["note"]!.description))
            #expect(values["n_rank"] == node.attributes["rank"]!.description)
            let aliases = try JSONSerialization.jsonObject(with: Data(values["n_aliases"]!.utf8)) as? [String]
            #expect(aliases == node.aliases.map(x))
            let sources = try JSONSerialization.jsonObject(with: Data(values["n_sources"]!.utf8)) as? [String]
            #expect(sources == node.sources.map(x))
            let mentions = try JSONSerialization.jsonObject(with: Data(values["n_mentions"]!.utf8)) as? [[String: Any]]
            #expect(mentions?.first?["text"] as? String == x(node.mentions[0].text))
        }
        for edge in parts.edges {
            let element = try #require(graph.children.first { $0.name == "edge" && $0.attribute("id") == edge.id })
            #expect(element.attribute("source") == edge.subject && element.attribute("target") == edge.object)
            var values: [String: String] = [:]
            for d in element.children { values[d.attribute("key")!] = d.text }
            #expect(values["e_predicate"] == x(edge.predicate.rawValue))
            #expect(values["e_evidence"] == x(edge.evidence[0].sentence))
            #expect(values["e_trigger"] == x(edge.evidence[0].trigger!))
            #expect(values["e_note"] == x(edge.attributes["note"]!.description))
            #expect(values["e_confidence"].flatMap(Double.init) == edge.confidence)
            #expect(values["e_date"] == edge.date)
            let provenance = try JSONSerialization.jsonObject(with: Data(values["e_provenance"]!.utf8)) as? [[String: Any]]
            #expect(provenance?.first?["sentence"] as? String == x(edge.evidence[0].sentence))
        }
    }

    @Test("CR survives: written as &#13; in content, read back as CR")
    func carriageReturn() throws {
        let g = KnowledgeGraph(nodes: [Node(id: "a", type: .person, label: "line\r\nnext\rlast")], edges: [])
        let data = try Formats.serialize(g, ontology: try TestSupport.ontology(), format: Formats.graphML)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("line&#13;\nnext&#13;last"))
        let node = try XMLTree.parse(WriterFixtures.bytes(data)).descendants("node")[0]
        #expect(node.children[0].text == "line\r\nnext\rlast")
    }
}

@Suite("RDF/XML: contract and escaping")
struct RDFXMLWriterTests {
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    @Test("typed IRIs, labels, direct triples and reified provenance")
    func contract() throws {
        let ontology = try TestSupport.ontology()
        let data = try Formats.serialize(WriterFixtures.graph(WriterFixtures.simple()), ontology: ontology, format: Formats.rdfXML)
        let text = String(decoding: data, as: UTF8.self)
        // Prefixes in the contract's order.
        let order = ["xmlns:rdf=", "xmlns:rdfs=", "xmlns:xsd=", "xmlns:skos=", "xmlns:kg="].map { text.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        let root = try XMLTree.parse(WriterFixtures.bytes(data))
        let person = try #require(root.children.first { $0.attribute("about") == ontology.entityIRI("person-anna-berg") })
        #expect(person.namespace == ontology.namespace && person.name == "Person")
        #expect(person.children.first { $0.name == "label" }?.text == "Anna Berg")
        #expect(person.children.filter { $0.name == "altLabel" }.map(\.text) == ["Berg", "President Berg"])
        #expect(person.children.contains { $0.name == "honors" && $0.attribute("resource") == ontology.entityIRI("place-norland") })
        let statements = root.children.filter { $0.name == "Statement" && $0.namespace == Self.rdf }
        #expect(statements.count == 4)
        let honors = try #require(statements.first { $0.children.contains { $0.name == "predicate" && $0.attribute("resource") == ontology.term("honors") } })
        func value(_ name: String) -> XMLTree? { honors.children.first { $0.name == name } }
        #expect(value("evidence")?.text == "Anna Berg praised Norland.")
        #expect(honors.children.filter { $0.name == "source" }.map(\.text) == ["doc1", "doc2"])
        #expect(value("start")?.text == "0" && value("start")?.attribute("datatype") == RDFXMLWriter.xsd + "integer")
        #expect(value("date")?.attribute("datatype") == RDFXMLWriter.xsd + "date")
        #expect(value("confidence")?.attribute("datatype") == RDFXMLWriter.xsd + "double")
        // A partial date stays a plain literal; a predicate outside the ontology is still a QName.
        #expect(text.contains("<kg:date>2024-12</kg:date>"))
        #expect(text.contains("<kg:took-place-in rdf:resource="))
        #expect(!text.contains("rdf:nodeID") && !text.contains("parseType"))
    }

    @Test("hostile strings read back exactly (after U+FFFD replacement) from RDF/XML")
    func hostile() throws {
        let ontology = try TestSupport.ontology()
        let parts = WriterFixtures.hostile()
        let data = try Formats.serialize(WriterFixtures.graph(parts), ontology: ontology, format: Formats.rdfXML)
        let root = try XMLTree.parse(WriterFixtures.bytes(data))
        let x = WriterFixtures.xml
        for node in parts.nodes {
            let element = try #require(root.children.first { $0.attribute("about") == ontology.entityIRI(node.id) })
            #expect(element.children.first { $0.name == "label" }?.text == x(node.label))
            #expect(element.children.filter { $0.name == "altLabel" }.map(\.text) == node.aliases.map(x))
            #expect(element.children.first { $0.name == "note" }?.text == x(node.attributes["note"]!.description))
            #expect(element.children.first { $0.name == "source" }?.text == x(node.sources[0]))
        }
        for edge in parts.edges {
            let statement = try #require(root.children.first { $0.attribute("about") == ontology.entityIRI(edge.id) })
            #expect(statement.children.first { $0.name == "evidence" }?.text == x(edge.evidence[0].sentence))
            #expect(statement.children.first { $0.name == "trigger" }?.text == x(edge.evidence[0].trigger!))
        }
    }
}

@Suite("DOT: escaping rules and Graphviz")
struct DOTWriterTests {
    func dot(_ parts: (nodes: [Node], edges: [Edge])) throws -> String {
        String(decoding: try Formats.serialize(WriterFixtures.graph(parts), ontology: try TestSupport.ontology(), format: Formats.dot), as: UTF8.self)
    }

    @Test("quotes, backslashes and newlines escaped; forbidden characters dropped; one statement a line")
    func escaping() throws {
        var q = DOTText(capacity: 64)
        q.quoted("Kim \"Rocket\" back\\slash\nline\r\nCRLF\rCR\u{7}bell\u{FFFF}")
        #expect(String(decoding: q.bytes, as: UTF8.self) == #""Kim \"Rocket\" back\\slash\nline\nCRLF\nCRbell""#)
        q.reset()
        q.quoted("AT&T &amp;", label: true)
        #expect(String(decoding: q.bytes, as: UTF8.self) == #""AT&amp;T &amp;amp;""#)
        let text = try dot(WriterFixtures.hostile())
        #expect(text.hasPrefix("digraph \"kg\" {\n  charset=\"UTF-8\";\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 + 13 + 13 + 2)  // header, nodes, edges, "}" and the final newline
        for line in lines.dropFirst(4).dropLast(2) {
            #expect(line.hasPrefix("  \"") && line.hasSuffix("];"))
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" })
        }
        #expect(text.contains("Владимир Путин") && text.contains("김정은") && text.contains("👩‍👩‍👧"))
    }

    @Test("shape and color by type, edge label by predicate, edge id", arguments: [0])
    func styling(_: Int) throws {
        let text = try dot(WriterFixtures.simple())
        #expect(text.contains(##""person-anna-berg" [label="Anna Berg", shape="ellipse", fillcolor="#4E79A7"];"##))
        #expect(text.contains(##""person-anna-berg" -> "place-norland" [label="honors", color="#B07AA1", id=""##))
    }

    @Test("Graphviz parses (gc) and renders (dot -Tsvg) with no warning",
          .enabled(if: WriterFixtures.hasTool("dot") && WriterFixtures.hasTool("gc"), "Graphviz (dot, gc) is not installed: apt-get install graphviz"))
    func graphviz() throws {
        for parts in [WriterFixtures.simple(), WriterFixtures.hostile()] {
            let data = Data(try dot(parts).utf8)
            let render = try WriterFixtures.run("dot", ["-Tsvg"], stdin: data)
            #expect(render.status == 0)
            #expect(render.err == "", "dot warned: \(render.err)")
            let count = try WriterFixtures.run("gc", ["-n", "-e"], stdin: data)
            #expect(count.status == 0)
            let numbers = count.out.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            #expect(numbers.prefix(2) == [parts.nodes.count, parts.edges.count])
        }
    }
}

@Suite("JSONL")
struct JSONLWriterTests {
    @Test("one valid JSON object a line, keys sorted, values exact (no replacement)")
    func lines() throws {
        let parts = WriterFixtures.hostile()
        let data = try Formats.serialize(WriterFixtures.graph(parts), ontology: try TestSupport.ontology(), format: Formats.jsonl)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == parts.nodes.count * 2 + parts.edges.count)  // one mention per node
        var kinds: [String] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            kinds.append(object["kind"] as! String)
        }
        #expect(kinds == Array(repeating: "mention", count: 13) + Array(repeating: "node", count: 13) + Array(repeating: "relation", count: 13))
        let labels = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.compactMap { $0["label"] as? String }
        #expect(Set(labels) == Set(TestSupport.hostileStrings))
    }

    @Test("exact lines for a small graph")
    func golden() throws {
        let g = KnowledgeGraph(nodes: [Node(id: "person-a", type: .person, label: "A \"q\"", aliases: ["Å"], attributes: ["n": .int(1)],
                                            mentions: [Mention(document: "d", span: TextSpan(start: 0, end: 1), text: "A")]),
                                       Node(id: "place-b", type: .place, label: "B")],
                               edges: [Edge(id: "e1", subject: "person-a", predicate: .statement, object: "place-b", confidence: 0.5,
                                            evidence: [Evidence(document: "d", sentence: "A said\tB.", span: TextSpan(start: 0, end: 9), trigger: "said")])])
        let text = String(decoding: try Formats.serialize(g, ontology: try TestSupport.ontology(), format: Formats.jsonl), as: UTF8.self)
        #expect(text == """
        {"doc":"d","end":1,"kind":"mention","node":"person-a","start":0,"text":"A","type":"Person"}
        {"aliases":["Å"],"attributes":{"n":1},"id":"person-a","kind":"node","label":"A \\"q\\"","sources":["d"],"type":"Person"}
        {"aliases":[],"attributes":{},"id":"place-b","kind":"node","label":"B","sources":[],"type":"Place"}
        {"attributes":{},"confidence":0.5,"date":null,"evidence":[{"doc":"d","end":9,"sentence":"A said\\tB.","start":0,"trigger":"said"}],"id":"e1","kind":"relation","object":"place-b","predicate":"statement","sources":["d"],"subject":"person-a"}

        """)
    }
}

@Suite("Independent consumers (NetworkX, rdflib)")
struct ConsumerTests {
    @Test("NetworkX and rdflib read hostile values back exactly, CR LF included",
          .enabled(if: WriterFixtures.pythonHas("networkx", "rdflib"), "python3 with networkx and rdflib is not installed (.ci/run installs them)"))
    func python() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ontology = try TestSupport.ontology()
        let parts = WriterFixtures.hostile()
        let g = WriterFixtures.graph(parts)
        let graphml = dir.appendingPathComponent("h.graphml").path, rdf = dir.appendingPathComponent("h.rdf").path
        try Formats.write(g, ontology: ontology, format: Formats.graphML, to: graphml)
        try Formats.write(g, ontology: ontology, format: Formats.rdfXML, to: rdf)
        let script = """
        import json, sys, networkx, rdflib
        G = networkx.read_graphml(sys.argv[1])
        R = rdflib.Graph(); R.parse(sys.argv[2], format="xml")
        label = rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label")
        print(json.dumps({"graphml": {n: d["label"] for n, d in G.nodes(data=True)},
                          "rdf": {str(s): str(o) for s, o in R.subject_objects(label)},
                          "edges": G.number_of_edges()}))
        """
        let result = try WriterFixtures.run("python3", ["-c", script, graphml, rdf])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let fromGraphML = json["graphml"] as? [String: String] ?? [:]
        let fromRDF = json["rdf"] as? [String: String] ?? [:]
        #expect(json["edges"] as? Int == parts.edges.count)
        for node in parts.nodes {
            #expect(fromGraphML[node.id] == WriterFixtures.xml(node.label), "networkx read \(node.id)")
            #expect(fromRDF[ontology.entityIRI(node.id)] == WriterFixtures.xml(node.label), "rdflib read \(node.id)")
        }
    }
}
