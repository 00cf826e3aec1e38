import Foundation
import KGCore
import KGFormats
import KGTestSupport
import Testing
@testable import KGQuery

@Suite("RDF view")
struct RDFViewTests {
    /// The committed files the peer cross-check (Tests/peer-queries/check.py) queries.
    static let fixtureDirectory = TestSupport.packageRoot.appendingPathComponent("Tests/peer-queries")

    /// The committed fixtures hold the fixture graph: read back, their RDF view is the graph's. (Byte
    /// layout may change with the writers; `KG_RECORD_FIXTURES=1` re-writes them with the current ones.)
    @Test("the peer fixture files hold the fixture graph (KG_RECORD_FIXTURES=1 re-writes them)")
    func fixtures() throws {
        let ontology = try TestSupport.ontology()
        let graph = SampleGraph.peerFixture
        let view = RDFView(ontology: ontology)
        let expected = Set(view.triples(graph).map { "\($0.0) \($0.1) \($0.2)" })
        for (name, format) in [("fixture.graphml", Formats.graphML), ("fixture.rdf", Formats.rdfXML)] {
            let url = Self.fixtureDirectory.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["KG_RECORD_FIXTURES"] == "1" {
                try Formats.serialize(graph, ontology: ontology, format: format).write(to: url)
            }
            let back = try Formats.read(path: url.path, format: format, ontology: ontology)
            let got = Set(view.triples(back).map { "\($0.0) \($0.1) \($0.2)" })
            #expect(got == expected, "\(name) no longer holds the fixture graph; re-record with KG_RECORD_FIXTURES=1 swift test --filter RDFViewTests")
        }
    }

    /// The triples the RDF/XML reader's graph gives equal the original's: reading kg's RDF/XML export
    /// loses nothing the SPARQL view shows.
    @Test("RDF view survives a write and read through GraphML and RDF/XML")
    func roundTrip() throws {
        let ontology = try TestSupport.ontology()
        let graph = SampleGraph.peerFixture
        let view = RDFView(ontology: ontology)
        let expected = Set(view.triples(graph).map { "\($0.0) \($0.1) \($0.2)" })
        for format in [Formats.graphML, Formats.rdfXML] {
            let data = try Formats.serialize(graph, ontology: ontology, format: format)
            let back = try Formats.read(data: data, name: "roundtrip.\(format.extensions[0])", format: format, ontology: ontology)
            let got = Set(view.triples(back).map { "\($0.0) \($0.1) \($0.2)" })
            #expect(got == expected, "\(format.name): \(got.symmetricDifference(expected).sorted().prefix(4))")
        }
    }

    /// When python3 with rdflib is installed, the RDF/XML file parsed by rdflib holds exactly the triples
    /// of the RDF view (compared as N-Triples lines).
    @Test("RDF view equals rdflib's parse of the RDF/XML export (skipped without rdflib)")
    func rdflib() throws {
        let ontology = try TestSupport.ontology()
        let graph = SampleGraph.peerFixture
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("g.rdf")
        try Formats.serialize(graph, ontology: ontology, format: Formats.rdfXML).write(to: file)
        let script = """
            import sys
            try:
                import rdflib
            except ImportError:
                print("NO-RDFLIB"); sys.exit(0)
            rdflib.NORMALIZE_LITERALS = False
            g = rdflib.Graph(); g.parse(sys.argv[1], format="xml")
            XS = "http://www.w3.org/2001/XMLSchema#string"
            import json
            def t(x):
                if isinstance(x, rdflib.URIRef): return ["iri", str(x)]
                dt = str(x.datatype) if x.datatype and str(x.datatype) != XS else ""
                return ["literal", str(x), dt, x.language or ""]
            for s, p, o in g: sys.stdout.write(json.dumps([t(s), t(p), t(o)]) + "\\n")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return } // no python3: nothing to compare with
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if out.hasPrefix("NO-RDFLIB") || process.terminationStatus != 0 { return }
        func show(_ t: RDFTerm) -> [String] {
            switch t {
            case .iri(let s): return ["iri", s]
            case .blank(let b): return ["blank", b]
            case .literal(let s, let dt, let lang): return ["literal", s, dt ?? "", lang ?? ""]
            }
        }
        let mine = Set(RDFView(ontology: ontology).triples(graph).map { [show($0.0), show($0.1), show($0.2)] })
        let theirs = Set(try out.split(separator: "\n").map { try JSONDecoder().decode([[String]].self, from: Data($0.utf8)) })
        #expect(mine.count == theirs.count)
        #expect(mine == theirs, "\(Array(mine.symmetricDifference(theirs).prefix(4)))")
    }
}

