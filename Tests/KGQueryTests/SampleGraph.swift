import KGCore

/// A small graph with the shapes kg's extractor produces (fictional facts about historical names).
enum SampleGraph {
    static func node(_ type: EntityType, _ label: String, aliases: [String] = [], docs: [String] = ["doc-a"],
                     attributes: [String: AttributeValue] = [:]) -> Node {
        Node(id: Identifier.node(type: type, label: label), type: type, label: label, aliases: aliases,
             attributes: attributes, sources: docs)
    }

    static func edge(_ s: Node, _ p: Predicate, _ o: Node, confidence: Double = 0.9, evidence: [Evidence],
                     attributes: [String: AttributeValue] = [:]) -> Edge {
        Edge(id: Identifier.edge(subject: s.id, predicate: p, object: o.id), subject: s.id, predicate: p, object: o.id,
             confidence: confidence, evidence: evidence, attributes: attributes)
    }

    static func ev(_ doc: String, _ sentence: String, _ start: Int, trigger: String? = nil, date: String? = nil) -> Evidence {
        Evidence(document: doc, sentence: sentence, span: TextSpan(start: start, end: start + sentence.count), trigger: trigger, date: date)
    }

    static let ada = node(.person, "Ada Lovelace", aliases: ["Lovelace", "Countess of Lovelace"], docs: ["doc-a", "doc-b"],
                          attributes: ["role": .string("Countess"), "born": .int(1815)])
    static let zola = node(.person, "Émile Zola", aliases: ["Zola"], docs: ["doc-b"])
    static let tesla = node(.person, "Nikola Tesla", aliases: ["Tesla"], docs: ["doc-c"], attributes: ["score": .double(0.75), "active": .bool(true)])
    static let society = node(.organization, "Royal Society", docs: ["doc-a"])
    static let london = node(.place, "London", docs: ["doc-a", "doc-c"])
    static let paris = node(.place, "Paris", docs: ["doc-b"])
    static let engine = node(.event, "Analytical Engine project", docs: ["doc-a"])
    static let expo = node(.event, "World Fair", aliases: ["Exposition Universelle"], docs: ["doc-b"])
    static let loner = node(.person, "Hermit Nobody", docs: ["doc-d"])

    static var graph: KnowledgeGraph {
        let edges = [
            edge(ada, .honors, tesla, confidence: 0.8, evidence: [ev("doc-a", "Lovelace praised Tesla warmly.", 10, trigger: "praised", date: "2025-12-04")]),
            edge(ada, .honors, zola, confidence: 0.6, evidence: [
                ev("doc-b", "Ada Lovelace honoured Zola.", 5, trigger: "honoured", date: "2025-11-20"),
                ev("doc-a", "She lauded Émile Zola \"the writer\".", 40, trigger: "lauded"),
            ]),
            edge(ada, .announcement, engine, confidence: 0.95, evidence: [ev("doc-a", "Lovelace announced the Analytical Engine project.", 80, trigger: "announced", date: "2025-12-02")]),
            edge(zola, .announcement, expo, confidence: 0.7, evidence: [ev("doc-b", "Zola announced the World Fair.", 120, trigger: "announced", date: "2025-10")]),
            edge(tesla, .statement, ada, confidence: 0.5, evidence: [ev("doc-c", "Tesla spoke to Lovelace.", 3)]),
            edge(society, .honors, ada, confidence: 0.9, evidence: [ev("doc-a", "The Royal Society honored Ada Lovelace.", 200, date: "2025-12-10")],
                 attributes: ["medal": .string("gold")]),
            edge(society, Predicate("locatedIn"), london, confidence: 1.0, evidence: [ev("doc-a", "The Royal Society in London.", 250)]),
            edge(expo, Predicate("locatedIn"), paris, confidence: 1.0, evidence: [ev("doc-b", "The World Fair in Paris.", 300)]),
            edge(ada, Predicate("affiliatedWith"), society, confidence: 0.85, evidence: []),
        ]
        return KnowledgeGraph(nodes: [ada, zola, tesla, society, london, paris, engine, expo, loner], edges: edges)
    }
}

extension SampleGraph {
    /// The sample graph plus entities and an edge carrying hostile strings (quotes, markup, control
    /// characters, Cyrillic, Korean, emoji, newlines): the fixture the peer cross-check runs on.
    static var peerFixture: KnowledgeGraph {
        var g = graph
        let hostile = TestSupportStrings.hostile
        var previous = ada
        for (i, s) in hostile.enumerated() {
            let type: EntityType = [.person, .place, .organization, .event][i % 4]
            let n = node(type, "\(s) \(i)", aliases: [s + " alias"], docs: ["doc-h\(i % 3)"],
                         attributes: ["rank": .int(i * 7 - 20), "weight": .double(Double(i) / 4), "flag": .bool(i % 2 == 0), "note": .string(s)])
            g.insert(n)
            let date = i % 3 == 0 ? "2025-12-\(10 + i)" : (i % 3 == 1 ? "2025-1\(i % 3)" : nil)
            g.insert(edge(previous, [Predicate.honors, .statement, .announcement][i % 3], n, confidence: Double(i) / Double(hostile.count),
                          evidence: [ev("doc-h\(i % 3)", "Sentence \(i): \(s)", i * 10, trigger: i % 2 == 0 ? "said" : nil, date: date)]))
            previous = n
        }
        return g
    }
}

enum TestSupportStrings {
    static let hostile: [String] = [
        "Kim \"Rocket\" Jong", "O'Brien & <Sons> ]]> &amp;", "tab\there\nnewline\r\nCRLF", "back\\slash \\\" quote",
        "Владимир", "김정은", "emoji 🎉 and ZWJ 👩‍👩‍👧", "bell\u{07}esc\u{1B}", "#hash ?query /slash", "  spaced  ",
    ]
}
