import Testing
import KGCore
import KGTestSupport

@Suite struct GraphTests {
    @Test func insertingTheSameNodeTwiceUnitesProvenance() {
        var g = KnowledgeGraph()
        let m1 = Mention(document: "a", span: TextSpan(start: 0, end: 5), text: "Putin")
        let m2 = Mention(document: "b", span: TextSpan(start: 3, end: 17), text: "Vladimir Putin")
        g.insert(Node(id: "person-vladimir-putin", type: .person, label: "Vladimir Putin", aliases: ["Putin"], mentions: [m1]))
        g.insert(Node(id: "person-vladimir-putin", type: .person, label: "Vladimir Putin", aliases: ["President Putin"], mentions: [m2]))
        let n = g[node: "person-vladimir-putin"]!
        #expect(n.aliases == ["President Putin", "Putin"])
        #expect(n.sources == ["a", "b"])
        #expect(n.mentions == [m1, m2])
        #expect(g.nodeCount == 1)
    }

    @Test func insertionOrderDoesNotChangeTheGraph() {
        let nodes = (0..<20).map { Node(id: "n\($0 % 7)", type: .place, label: "L\($0 % 7)", aliases: ["a\($0)"], sources: ["d\($0 % 3)"]) }
        let a = KnowledgeGraph(nodes: nodes, edges: [])
        let b = KnowledgeGraph(nodes: nodes.reversed(), edges: [])
        #expect(a == b)
        #expect(a.sortedNodes.map(\.id) == (0..<7).map { "n\($0)" })
    }

    @Test(arguments: [
        ("Vladimir Putin", EntityType.person, "person-vladimir-putin"),
        ("North Korea’s", .place, "place-north-koreas"),
        ("Zürich", .place, "place-zurich"),
        ("  ", .event, "event-" + Identifier.hex(Identifier.stableHash("  "))),
    ])
    func nodeIDsAreStableSlugs(label: String, type: EntityType, expected: String) {
        #expect(Identifier.node(type: type, label: label) == expected)
    }

    @Test func bundledOntologyLoadsAndHasTheCoreVocabulary() throws {
        let o = try TestSupport.ontology()
        for t in [EntityType.person, .place, .organization, .event] { #expect(o.entityClass(t)?.schemaOrg != nil) }
        #expect(o.relationType(.statement)?.cameo == "010")
        #expect(o.relationType(.honors)?.cameo == "051")
        #expect(o.relationType(.announcement)?.cameo != nil)
    }
}
