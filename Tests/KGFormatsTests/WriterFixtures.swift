import Foundation
import KGCore
import KGTestSupport
@testable import KGFormats

/// Graphs the writer tests write: a small typical one and one full of hostile strings.
enum WriterFixtures {
    /// A small graph like kg's extractor makes: typed nodes with aliases and mentions, edges with evidence.
    static func simple() -> (nodes: [Node], edges: [Edge]) {
        let putin = Node(id: "person-anna-berg", type: .person, label: "Anna Berg", aliases: ["Berg", "President Berg"],
                         attributes: ["role": .string("President")], sources: ["doc1"],
                         mentions: [Mention(document: "doc1", span: TextSpan(start: 0, end: 9), text: "Anna Berg")])
        let country = Node(id: "place-norland", type: .place, label: "Norland", sources: ["doc1", "doc2"],
                           mentions: [Mention(document: "doc2", span: TextSpan(start: 12, end: 19), text: "Norland")])
        let agency = Node(id: "organization-norland-news-agency", type: .organization, label: "Norland News Agency",
                          aliases: ["NNA"], attributes: ["founded": .int(1948), "stateOwned": .bool(true), "score": .double(0.5)])
        let event = Node(id: "event-harvest-summit", type: .event, label: "Harvest Summit", sources: ["doc2"])
        let e1 = Edge(id: Identifier.edge(subject: putin.id, predicate: .honors, object: country.id), subject: putin.id,
                      predicate: .honors, object: country.id, confidence: 0.9,
                      evidence: [Evidence(document: "doc1", sentence: "Anna Berg praised Norland.", span: TextSpan(start: 0, end: 26), trigger: "praised", date: "2024-12-04"),
                                 Evidence(document: "doc2", sentence: "Berg lauded Norland again.", span: TextSpan(start: 40, end: 66), trigger: "lauded")])
        let e2 = Edge(id: Identifier.edge(subject: agency.id, predicate: .announcement, object: event.id), subject: agency.id,
                      predicate: .announcement, object: event.id, confidence: 0.75,
                      evidence: [Evidence(document: "doc2", sentence: "The agency announced the summit.", span: TextSpan(start: 70, end: 102), trigger: "announced", date: "2024-12")])
        let e3 = Edge(id: Identifier.edge(subject: putin.id, predicate: .statement, object: agency.id), subject: putin.id,
                      predicate: .statement, object: agency.id, confidence: 1.0, attributes: ["channel": .string("radio")])
        let e4 = Edge(id: "e-custom", subject: event.id, predicate: Predicate("took place in"), object: country.id, confidence: 0.25)
        return ([putin, country, agency, event], [e1, e2, e3, e4])
    }

    /// Every hostile string as a label, alias, attribute, mention, evidence sentence and trigger.
    static func hostile() -> (nodes: [Node], edges: [Edge]) {
        let strings = TestSupport.hostileStrings
        var nodes: [Node] = []
        var edges: [Edge] = []
        for (i, s) in strings.enumerated() {
            nodes.append(Node(id: "person-h\(i)", type: i % 2 == 0 ? .person : EntityType("Custom Type \(i)"), label: s,
                              aliases: [s + " alias", "alt \(i)"], attributes: ["note": .string(s), "rank": .int(i - 3), "weight": .double(Double(i) / 3)],
                              sources: ["doc \(s)"], mentions: [Mention(document: "doc-\(i)", span: TextSpan(start: i, end: i + 5), text: s)]))
        }
        for i in 0..<strings.count {
            let j = (i + 1) % strings.count
            let s = strings[i]
            edges.append(Edge(id: "eh\(i)", subject: "person-h\(i)", predicate: i % 3 == 0 ? .honors : Predicate("rel \(s.prefix(3))"),
                              object: "person-h\(j)", confidence: Double(i) / Double(strings.count),
                              evidence: [Evidence(document: "doc-\(i)", sentence: s, span: TextSpan(start: i, end: i + 10), trigger: s, date: i % 2 == 0 ? "2024-12-0\(i % 9 + 1)" : nil)],
                              attributes: ["note": .string(s)]))
        }
        return (nodes, edges)
    }

    static func graph(_ parts: (nodes: [Node], edges: [Edge])) -> KnowledgeGraph {
        KnowledgeGraph(nodes: parts.nodes, edges: parts.edges)
    }

    /// The same graph built in a shuffled insertion order (deterministic shuffle).
    static func shuffled(_ parts: (nodes: [Node], edges: [Edge]), seed: UInt64) -> KnowledgeGraph {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var nodes = parts.nodes, edges = parts.edges
        for i in stride(from: nodes.count - 1, to: 0, by: -1) { nodes.swapAt(i, Int(next() % UInt64(i + 1))) }
        for i in stride(from: edges.count - 1, to: 0, by: -1) { edges.swapAt(i, Int(next() % UInt64(i + 1))) }
        var g = KnowledgeGraph()
        for n in nodes { g.insert(n) }
        for e in edges { g.insert(e) }
        return g
    }

    /// What a value reads back as from GraphML or RDF/XML: forbidden characters replaced by U+FFFD.
    static func xml(_ s: String) -> String { XMLText.sanitized(s, .replace) }

    static func bytes(_ data: Data) -> [UInt8] { [UInt8](data) }

    static var fixtures: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }

    /// Whether an executable is on PATH.
    static func hasTool(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }

    /// Runs a program; returns exit status, stdout and stderr.
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [executable] + arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    static func pythonHas(_ modules: String...) -> Bool {
        guard hasTool("python3") else { return false }
        return (try? run("python3", ["-c", "import " + modules.joined(separator: ", ")]).status) == 0
    }
}
