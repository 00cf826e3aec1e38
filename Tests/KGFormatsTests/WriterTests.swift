import Foundation
import Testing
import KGCore
import KGTestSupport
@testable import KGFormats

@Suite("Writers: registry and determinism")
struct WriterRegistryTests {
    @Test("every writable format in Formats.all has a writer")
    func everyFormatHasAWriter() {
        for format in Formats.all where format.canWrite {
            #expect(Formats.writer(for: format) != nil, "format \(format.name) is registered as writable but has no writer")
        }
        #expect(Formats.all.filter(\.canWrite).count == 4)
    }

    @Test("an unknown format is a usage error, not a crash")
    func unknownFormat() throws {
        let bogus = GraphFormat(name: "bogus", extensions: ["bog"], canRead: false, canWrite: true, summary: "")
        #expect(throws: KGError.self) { try Formats.serialize(KnowledgeGraph(), ontology: try TestSupport.ontology(), format: bogus) }
    }

    @Test("same graph, different insertion order: byte-identical output", arguments: Formats.all.filter(\.canWrite))
    func determinism(format: GraphFormat) throws {
        let ontology = try TestSupport.ontology()
        for parts in [WriterFixtures.simple(), WriterFixtures.hostile()] {
            let reference = try Formats.serialize(WriterFixtures.graph(parts), ontology: ontology, format: format)
            #expect(!reference.isEmpty)
            for seed in [1, 2, 3] as [UInt64] {
                let other = try Formats.serialize(WriterFixtures.shuffled(parts, seed: seed), ontology: ontology, format: format)
                #expect(other == reference, "\(format.name) output depends on insertion order (seed \(seed))")
            }
        }
    }

    @Test("output does not depend on block size or thread count (parallel serialization)")
    func blocks() throws {
        let ontology = try TestSupport.ontology()
        let g = WriterFixtures.graph(WriterFixtures.hostile())
        let saved = ParallelBlocks.recordsPerBlock
        defer { ParallelBlocks.recordsPerBlock = saved }
        for format in [Formats.graphML, Formats.rdfXML] {
            ParallelBlocks.recordsPerBlock = 1 << 20
            let whole = try Formats.serialize(g, ontology: ontology, format: format)
            for size in [1, 3, 7] {
                ParallelBlocks.recordsPerBlock = size
                #expect(try Formats.serialize(g, ontology: ontology, format: format) == whole, "\(format.name), blocks of \(size)")
            }
        }
    }

    @Test("the empty graph writes in every format")
    func emptyGraph() throws {
        let ontology = try TestSupport.ontology()
        for format in Formats.all where format.canWrite {
            _ = try Formats.serialize(KnowledgeGraph(), ontology: ontology, format: format)
        }
        let graphml = try Formats.serialize(KnowledgeGraph(), ontology: ontology, format: Formats.graphML)
        #expect(try XMLSchemaValidator(schemaPath: GraphMLSchemaTests.schemaPath).validate(WriterFixtures.bytes(graphml)) == [])
    }

    @Test("lexical forms agree with AttributeValue.description")
    func lexicalForms() {
        let values: [AttributeValue] = [.string("x"), .int(-42), .int(Int.max), .double(0.1), .double(1), .double(-0.0), .double(1e-7),
                                        .double(1e300), .double(.nan), .double(.infinity), .double(-.infinity), .bool(true), .bool(false)]
        for v in values { #expect(WriterSupport.lexical(v) == v.description) }
    }

    @Test("sorting: nodes by id, edges by subject, predicate, object, id (code point order)")
    func order() {
        let ids = ["b", "a", "ab", "B", "é", "z", "a-1", "a_1"]
        let g = KnowledgeGraph(nodes: ids.map { Node(id: $0, type: .person, label: $0) }, edges: [
            Edge(id: "e2", subject: "a", predicate: .honors, object: "b"),
            Edge(id: "e1", subject: "a", predicate: .honors, object: "b"),
            Edge(id: "e0", subject: "a", predicate: .statement, object: "B"),
            Edge(id: "e3", subject: "B", predicate: .statement, object: "a"),
        ])
        #expect(WriterSupport.sortedNodes(g).map(\.id) == ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(WriterSupport.sortedEdges(g).map(\.id) == ["e3", "e1", "e2", "e0"])
    }

    @Test("ids that are not NMTOKENs are refused with a clear error")
    func badIDs() throws {
        let ontology = try TestSupport.ontology()
        let g = KnowledgeGraph(nodes: [Node(id: "has space", type: .person, label: "x")], edges: [])
        for format in [Formats.graphML, Formats.rdfXML] {
            #expect {
                try Formats.serialize(g, ontology: ontology, format: format)
            } throws: { error in
                guard case KGError.output(_, let message) = error else { return false }
                return message.contains("has space") && message.contains("NMTOKEN")
            }
        }
        #expect(WriterSupport.isNMTOKEN("person-vladimir-putin"))
        #expect(WriterSupport.isNMTOKEN("n:1.2_x"))
        #expect(WriterSupport.isNMTOKEN("Влад"))
        #expect(!WriterSupport.isNMTOKEN("a/b"))
        #expect(!WriterSupport.isNMTOKEN(""))
        #expect(WriterSupport.localName("took place in") == "took-place-in")
        #expect(WriterSupport.localName("3d") == "_3d")
        #expect(WriterSupport.localName("honors") == "honors")
    }
}

@Suite("XML 1.0 sanitizing and JSON escaping")
struct EscapingUnitTests {
    @Test("forbidden characters become U+FFFD (XML) or vanish (DOT); allowed ones stay")
    func sanitize() {
        #expect(XMLText.sanitized("a\u{0}b\u{7}c\u{1B}d\u{FFFE}e\u{FFFF}f") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f")
        #expect(XMLText.sanitized("a\u{0}b\u{FFFF}", .drop) == "ab")
        let fine = "tab\tLF\nCR\r Кириллица 한국어 🎉 \u{FFFD} \u{FFFC} \u{EFBF}"
        #expect(!XMLText.needsSanitizing(fine))
        #expect(XMLText.sanitized(fine) == fine)
    }

    @Test("text without anything to escape takes libxml2's raw path with byte-identical output")
    func rawPathIdentical() throws {
        let values = TestSupport.hostileStrings + ["plain", "0.79079", "2024-12-04", "Владимир", "a>b", "quote\"", "cr\r", "\u{FFFF}", "x\u{EF}y", "\u{FFFD}", "end\u{FFFE}"]
        func document(_ write: (XMLWriter, String) throws -> Void) throws -> [UInt8] {
            try OutputSink.bytes { sink in
                let xml = try XMLWriter(sink: sink)
                try xml.startDocument()
                try xml.startElement("r")
                for v in values {
                    try xml.startElement("v")
                    try write(xml, v)
                    try xml.endElement()
                }
                try xml.endElement()
                try xml.endDocument()
            }
        }
        let fast = try document { try $0.text($1) }
        let reference = try document { try $0.escapedText($1) }
        #expect(fast == reference)
        let iris = values + ["https://w3id.org/kg-news/id/person-a", "", "a b", "tab\tin", "<x>", "n:1.5_x", "Ωmega"]
        let fastAttributes = try OutputSink.bytes { sink in
            let xml = try XMLWriter(sink: sink)
            try xml.startElement("r")
            for v in iris { try xml.startElement("v"); try xml.attribute("a", v); try xml.endElement() }
            try xml.endElement()
            try xml.endFragment()
        }
        let referenceAttributes = try OutputSink.bytes { sink in
            let xml = try XMLWriter(sink: sink)
            try xml.startElement("r")
            for v in iris { try xml.startElement("v"); try xml.escapedAttribute("a", v); try xml.endElement() }
            try xml.endElement()
            try xml.endFragment()
        }
        #expect(fastAttributes == referenceAttributes)
        #expect(XMLText.classify(UnsafeBufferPointer(start: nil, count: 0)) == .plain)
    }

    @Test("JSON strings are valid JSON and decode to the original (JSONL) or the sanitized value (inside XML)")
    func json() throws {
        for s in TestSupport.hostileStrings + ["\u{8}\u{C}\u{1F}", "/", "\u{2028}"] {
            for xmlSafe in [false, true] {
                var buffer = JSONBuffer(xmlSafe: xmlSafe)
                buffer.stringArray([s, "x"])
                let decoded = try JSONSerialization.jsonObject(with: Data(buffer.bytes)) as? [String]
                #expect(decoded == [xmlSafe ? XMLText.sanitized(s) : s, "x"], "string \(s.debugDescription), xmlSafe \(xmlSafe)")
                if xmlSafe { #expect(!XMLText.needsSanitizing(String(decoding: buffer.bytes, as: UTF8.self))) }
            }
        }
    }
}

@Suite("Output files")
struct OutputSinkTests {
    @Test("a file is written whole, with no temporary file left")
    func atomicWrite() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.graphml").path
        let ontology = try TestSupport.ontology()
        let g = WriterFixtures.graph(WriterFixtures.simple())
        try Formats.write(g, ontology: ontology, format: Formats.graphML, to: path)
        #expect(FileManager.default.contents(atPath: path) == (try Formats.serialize(g, ontology: ontology, format: Formats.graphML)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["g.graphml"])
    }

    @Test("a failure leaves the old file as it was and no temporary file")
    func failureKeepsOldFile() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.graphml").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try OutputSink.write(to: path) { sink in
                sink.write(String(repeating: "partial ", count: 100_000))
                throw Boom()
            }
        }
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["g.graphml"])

        // A writer that fails half-way (an id that is not an NMTOKEN comes last) leaves nothing either.
        let bad = KnowledgeGraph(nodes: [Node(id: "a", type: .person, label: "A"), Node(id: "zz top", type: .person, label: "Z")], edges: [])
        #expect(throws: KGError.self) { try Formats.write(bad, ontology: try TestSupport.ontology(), format: Formats.graphML, to: path) }
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["g.graphml"])
    }

    @Test("unwritable places give KGError.output naming the file")
    func unwritable() throws {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ontology = try TestSupport.ontology()
        for path in [dir.appendingPathComponent("missing/dir/g.graphml").path, dir.path] {
            #expect {
                try Formats.write(KnowledgeGraph(), ontology: ontology, format: Formats.graphML, to: path)
            } throws: { error in
                guard case KGError.output(let file, _) = error else { return false }
                return file == path && (error as! KGError).description.hasPrefix(path + ": ")
            }
        }
    }

    @Test("devices are written in place (-o /dev/null)")
    func device() throws {
        try Formats.write(WriterFixtures.graph(WriterFixtures.simple()), ontology: try TestSupport.ontology(), format: Formats.dot, to: "/dev/null")
    }
}
