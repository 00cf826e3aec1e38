import Foundation
import Testing
import KGCore
import KGFormats
@testable import KGMerge
import KGTestSupport

enum MergeFixtures {
    static func rules(aliases: String = "") throws -> MergeRules {
        var r = try MergeRules.load(from: TestSupport.packageRoot.appendingPathComponent("Ontology"))
        r.aliases = try AliasRules.parse(aliases, file: "aliases.txt")
        return r
    }

    static func node(_ type: EntityType, _ label: String, aliases: [String] = [], doc: String = "d1", start: Int = 0) -> Node {
        Node(id: Identifier.node(type: type, label: label), type: type, label: label, aliases: aliases,
             mentions: [Mention(document: doc, span: TextSpan(start: start, end: start + label.unicodeScalars.count), text: label)])
    }

    static func graph(_ nodes: [Node], _ edges: [(Int, KGCore.Predicate, Int, String)] = []) -> KnowledgeGraph {
        let es = edges.map { s, p, o, doc in
            Edge(id: Identifier.edge(subject: nodes[s].id, predicate: p, object: nodes[o].id), subject: nodes[s].id, predicate: p, object: nodes[o].id,
                 confidence: 0.8, evidence: [Evidence(document: doc, sentence: "\(nodes[s].label) \(p) \(nodes[o].label).", span: TextSpan(start: 0, end: 10))])
        }
        return KnowledgeGraph(nodes: nodes, edges: es)
    }

    /// The labels of the output nodes holding each name.
    static func holders(_ g: KnowledgeGraph, _ name: String) -> Set<String> {
        Set(g.nodes.values.filter { $0.names.contains(name) }.map(\.id))
    }
}

@Suite("Entity resolution")
struct EntityResolutionTests {
    typealias F = MergeFixtures

    @Test("a surname and a titled name join the full name; label is the longest, id from it; sources united")
    func containmentAndTitles() throws {
        let a = F.graph([F.node(.person, "Putin", doc: "a")])
        let b = F.graph([F.node(.person, "Vladimir Putin", doc: "b")])
        let c = F.graph([F.node(.person, "President Putin", doc: "c")])
        let (g, report) = merge([a, b, c], rules: try F.rules())
        #expect(g.nodeCount == 1)
        let n = try #require(g.nodes.values.first)
        #expect(n.label == "Vladimir Putin" && n.id == "person-vladimir-putin")
        #expect(n.aliases == ["President Putin", "Putin"] && n.sources == ["a", "b", "c"] && n.mentions.count == 3)
        #expect(report.clusters.count == 1 && Set(report.clusters[0].links.map(\.rule)).isSubset(of: ["name", "containment", "alias"]))
    }

    @Test("not reckless: differing short final tokens, types, heads, ambiguous surnames, close country names")
    func vetoes() throws {
        let g1 = F.graph([F.node(.person, "Kim Jong Un"), F.node(.place, "Georgia"), F.node(.place, "Kursk Region"), F.node(.place, "Austria"),
                          F.node(.person, "Vladimir Putin"), F.node(.place, "North Korea"), F.node(.place, "Moscow"), F.node(.organization, "Central Bank")])
        let g2 = F.graph([F.node(.person, "Kim Jong Il", doc: "d2"), F.node(.person, "Georgia", doc: "d2"), F.node(.place, "International Kursk Airport", doc: "d2"),
                          F.node(.place, "Australia", doc: "d2"), F.node(.person, "Igor Putin", doc: "d2"), F.node(.person, "Putin", doc: "d2"),
                          F.node(.place, "Russia", doc: "d2"), F.node(.place, "Pyongyang", doc: "d2"), F.node(.place, "Kursk", doc: "d2"), F.node(.organization, "European Central Bank", doc: "d2")])
        let (g, _) = merge([g1, g2], rules: try F.rules())
        #expect(g.nodeCount == 18)
    }

    @Test("ambiguity keeps nodes apart: an acronym with two expansions, a surname alias shared by two people, near surnames")
    func ambiguity() throws {
        let a = F.graph([F.node(.organization, "AC", doc: "a"), F.node(.person, "Boris Johnson", aliases: ["Johnson"], doc: "a"),
                         F.node(.person, "Robert", doc: "a"), F.node(.person, "Clark", doc: "a")])
        let b = F.graph([F.node(.organization, "Arts Council", doc: "b"), F.node(.person, "Martin Johnson", aliases: ["Johnson"], doc: "b"),
                         F.node(.person, "Roberts", doc: "b"), F.node(.person, "Clarke", doc: "b")])
        let c = F.graph([F.node(.organization, "Age Concern", doc: "c"), F.node(.person, "Johnson", doc: "c")])
        let (g, _) = merge([a, b, c], rules: try F.rules())
        #expect(g.nodeCount == 10, "\(g.sortedNodes.map { "\($0.label) \($0.aliases)" })")
        // With one expansion only, the acronym joins it.
        #expect(merge([a, b], rules: try F.rules()).0.nodes.values.contains { $0.label == "Arts Council" && $0.aliases == ["AC"] })
    }

    @Test("acronyms and expansions, with or without a leading modifier and demonym")
    func acronyms() throws {
        let a = F.graph([F.node(.organization, "KCNA", doc: "a")])
        let b = F.graph([F.node(.organization, "Korean Central News Agency", doc: "b")])
        let c = F.graph([F.node(.organization, "North Korean Central News Agency", aliases: ["KCNA"], doc: "c")])
        let d = F.graph([F.node(.organization, "Central News Agency", aliases: ["CTAK"], doc: "d")])
        let (g, report) = merge([a, b, c, d], rules: try F.rules())
        #expect(g.nodeCount == 1)
        #expect(g.nodes.values.first?.label == "North Korean Central News Agency")
        #expect(report.clusters.first?.members.count == 4)
    }

    @Test("misspellings join by Jaro-Winkler within a type", arguments: [("Shaman", "Shamam"), ("Alexander Khinstin", "Alexander Khinshtin"), ("Ministry of Defence", "Ministry of Defense")])
    func fuzzy(a: String, b: String) throws {
        let type: EntityType = a.hasPrefix("Ministry") ? .organization : .person
        let (g, report) = merge([F.graph([F.node(type, a)]), F.graph([F.node(type, b, doc: "d2")])], rules: try F.rules())
        #expect(g.nodeCount == 1)
        #expect(report.clusters.first?.links.first?.rule == "fuzzy")
        #expect((report.clusters.first?.links.first?.score ?? 0) >= 0.92)
    }

    @Test("case, quotes, diacritics and possessives are normalized")
    func normalization() throws {
        #expect(Normalizer.fold("North Korea’s") == "north korea")
        #expect(Normalizer.fold("  Zelenskyy’s  “Office”") == "zelenskyy office")
        #expect(Normalizer.fold("São Tomé") == "sao tome")
        let (g, _) = merge([F.graph([F.node(.place, "São Tomé")]), F.graph([F.node(.place, "SAO TOME", doc: "d2")])], rules: try F.rules())
        #expect(g.nodeCount == 1 && g.nodes.values.first?.label == "SAO TOME" || g.nodes.values.first?.label == "São Tomé")
    }

    @Test("edges are re-pointed and equal relations folded with all their evidence")
    func edges() throws {
        let a = F.graph([F.node(.person, "Putin", doc: "a"), F.node(.person, "Kim Jong Un", doc: "a")], [(0, .honors, 1, "a")])
        let b = F.graph([F.node(.person, "Vladimir Putin", doc: "b"), F.node(.person, "Kim Jong Un", doc: "b")], [(0, .honors, 1, "b"), (1, .statement, 0, "b")])
        let (g, report) = merge([a, b], rules: try F.rules())
        #expect(g.nodeCount == 2 && g.edgeCount == 2)
        let honors = try #require(g.edges.values.first { $0.predicate == .honors })
        #expect(honors.subject == "person-vladimir-putin" && honors.sources == ["a", "b"] && honors.evidence.count == 2)
        #expect(honors.id == Identifier.edge(subject: "person-vladimir-putin", predicate: .honors, object: "person-kim-jong-un"))
        #expect(report.inputEdges == 3 && report.outputEdges == 2)
        g._checkInvariants()
    }

    @Test("the alias file forces and forbids merges, and the report says so")
    func aliasFile() throws {
        let rules = try F.rules(aliases: """
        # test
        Shaman != Shamam
        Person: Georgia = Georgia Smith   # same person
        """)
        let (g, report) = merge([F.graph([F.node(.person, "Shaman"), F.node(.person, "Georgia")]),
                                 F.graph([F.node(.person, "Shamam", doc: "d2"), F.node(.person, "Georgia Smith", doc: "d2"), F.node(.place, "Georgia", doc: "d2")])], rules: rules)
        #expect(g.nodeCount == 4)
        #expect(report.refused.count == 1 && report.refused[0].link.rule == "fuzzy")
        #expect(report.clusters.contains { $0.label == "Georgia Smith" && $0.links.map(\.rule) == ["alias-file"] })
    }

    @Test("malformed alias files give a one-line error with the line")
    func aliasErrors() {
        #expect(throws: KGError.parse(file: "a.txt", line: 2, column: 1, message: "expected 'NAME = NAME' (merge) or 'NAME != NAME' (keep apart)")) {
            try AliasRules.parse("A = B\njust a name\n", file: "a.txt")
        }
        #expect(throws: KGError.self) { try AliasRules.parse("A != B != C", file: "a.txt") }
    }

    @Test("Jaro-Winkler matches the reference values")
    func jaroWinkler() {
        #expect(abs(Similarity.jaroWinkler("martha", "marhta") - 0.9611) < 0.0001)
        #expect(abs(Similarity.jaroWinkler("dixon", "dicksonx") - 0.8133) < 0.0001)
        #expect(Similarity.editDistance("shaman", "shamam") == 1 && Similarity.editDistance("austria", "australia") == 2)
    }
}

@Suite("Merge order independence")
struct MergeOrderTests {
    typealias F = MergeFixtures

    /// Names with variants that every rule touches; surnames are unambiguous (see `merge`'s note on containment).
    static let pool: [(EntityType, String)] = [
        (.person, "Vladimir Putin"), (.person, "Putin"), (.person, "President Putin"), (.person, "Kim Jong Un"), (.person, "Kim Jong Il"),
        (.person, "Shaman"), (.person, "Shamam"), (.person, "Alexander Khinstin"), (.person, "Governor Khinstin"), (.person, "Georgia"),
        (.place, "Georgia"), (.place, "Kursk Region"), (.place, "International Kursk Airport"), (.place, "North Korea"), (.place, "Russia"),
        (.organization, "KCNA"), (.organization, "Korean Central News Agency"), (.organization, "North Korean Central News Agency"),
        (.organization, "Central News Agency"), (.event, "special military operation"), (.event, "SMO"), (.place, "Москва"), (.person, "김정은"),
    ]

    static func randomGraph(_ rng: inout some RandomNumberGenerator, doc: String) -> KnowledgeGraph {
        var nodes: [Node] = []
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let (t, name) = pool.randomElement(using: &rng)!
            var n = F.node(t, name, doc: doc, start: Int.random(in: 0...500, using: &rng))
            if Bool.random(using: &rng) { n.attributes["role"] = .string(TestSupport.hostileStrings.randomElement(using: &rng)!) }
            if Int.random(in: 0..<4, using: &rng) == 0 { n.attributes["rank"] = .int(Int.random(in: 0...3, using: &rng)) }
            nodes.append(n)
        }
        let unique = Array(Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }).values).sorted { $0.id < $1.id }
        var edges: [(Int, KGCore.Predicate, Int, String)] = []
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            edges.append((Int.random(in: 0..<unique.count, using: &rng), [.statement, .honors, .announcement].randomElement(using: &rng)!,
                          Int.random(in: 0..<unique.count, using: &rng), doc))
        }
        return F.graph(unique, edges)
    }

    func bytes(_ g: KnowledgeGraph) throws -> Data {
        try Formats.serialize(g, ontology: TestSupport.ontology(), format: Formats.graphML)
    }

    @Test("merge(A, B) == merge(B, A) and ((A, B), C) == (A, (B, C)) == merge(A, B, C), byte for byte")
    func orderIndependence() throws {
        let rules = try F.rules()
        var rng = SplitMix64(seed: 20241204)
        for round in 0..<150 {
            let a = Self.randomGraph(&rng, doc: "a\(round)"), b = Self.randomGraph(&rng, doc: "b\(round)"), c = Self.randomGraph(&rng, doc: "c\(round)")
            let (ab, rab) = merge([a, b], rules: rules)
            let (ba, rba) = merge([b, a], rules: rules)
            #expect(try bytes(ab) == bytes(ba), "round \(round): merge(A,B) != merge(B,A)")
            #expect(rab.json() == rba.json(), "round \(round): reports differ")
            let left = merge([ab, c], rules: rules).0
            let right = merge([a, merge([b, c], rules: rules).0], rules: rules).0
            let flat = merge([c, b, a], rules: rules).0
            #expect(try bytes(left) == bytes(right), "round \(round): ((A,B),C) != (A,(B,C))")
            #expect(try bytes(left) == bytes(flat), "round \(round): ((A,B),C) != merge(A,B,C)")
            if try bytes(left) != bytes(right) || bytes(left) != bytes(flat) {
                Issue.record("inputs: \([a, b, c].map { $0.sortedNodes.map { "\($0.type):\($0.label)" } })")
                break
            }
        }
    }

    @Test("merging a graph with itself, or alone, changes nothing but the resolution")
    func idempotent() throws {
        let rules = try F.rules()
        var rng = SplitMix64(seed: 7)
        for round in 0..<50 {
            let a = Self.randomGraph(&rng, doc: "a\(round)")
            let once = merge([a], rules: rules).0
            #expect(merge([once, once], rules: rules).0 == once)
            #expect(merge([once], rules: rules).0 == once)
        }
    }
}

