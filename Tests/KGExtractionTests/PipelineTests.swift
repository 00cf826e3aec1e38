import Testing
import KGCore
@testable import KGExtraction

@Suite("EntityRecognizer")
struct RecognizerTests {
    @Test("mentions and their types, spans in code points", arguments: [
        "Brazilian Finance Minister ⟦Lucia Andrade|Person⟧ visited ⟦Kenya|Place⟧ on Monday.",
        "The ⟦Baltic Grain Council|Organization⟧ met in ⟦Riga|Place⟧.",
        "Officials in ⟦Tbilisi|Place⟧ praised the ⟦Georgian Railway Company|Organization⟧’s results.",
        "Émigré poet ⟦Zofia Wrona|Person⟧ returned to ⟦Poland|Place⟧ 🎉 after the ⟦Velvet revolution|Event⟧.",
        "⟦Canada|Place⟧’s envoy met Gov. ⟦Ruth Abara|Person⟧.",
        "The ⟦coastal defence initiative|Event⟧ (⟦CDI|Event⟧) began.",
    ])
    func spans(marked: String) {
        let (text, expected) = Fixture.marked(marked)
        let got = Fixture.mentions(text)
        #expect(got.map { "\($0.0)-\($0.1) \($0.2)" } == expected.map { "\($0.0)-\($0.1) \($0.2)" }, "\(text)")
    }

    @Test("titles are stripped into a role; a demonym before the title ties the person to the country")
    func roles() throws {
        let g = Fixture.graph("Kenyan President Amani Odhiambo visited Norway. Odhiambo spoke in Kenya.")
        let p = try #require(g.nodes.values.first { $0.type == .person })
        #expect(p.label == "Amani Odhiambo")
        #expect(p.attributes["role"] == .string("President"))
        #expect(p.aliases == ["Odhiambo"])
        #expect(p.mentions.count == 2)
        #expect(g.edges.values.contains { $0.predicate.rawValue == "affiliatedWith" && g.nodes[$0.object]?.label == "Kenya" })
    }
}

@Suite("Coreference")
struct CoreferenceTests {
    @Test("surname to full name, acronym definition, shorter organization and place names")
    func aliases() throws {
        let text = """
        Engineer Tomas Varga joined the Danube River Transport Authority (DRTA) in the Vukovar Region. \
        Varga said the DRTA and the Transport Authority would expand in Vukovar.
        """
        let g = Fixture.graph(text)
        let byLabel = Dictionary(grouping: g.nodes.values, by: \.label)
        #expect(byLabel["Tomas Varga"]?.first?.aliases == ["Varga"])
        let org = try #require(byLabel["Danube River Transport Authority"]?.first)
        #expect(org.aliases.contains("DRTA") && org.aliases.contains("Transport Authority"))
        #expect(byLabel["Vukovar Region"]?.first?.aliases == ["Vukovar"])
        #expect(g.nodes.values.filter { $0.type == .organization }.count == 1)
    }

    @Test("a garbled acronym in parentheses right after a name is its alias")
    func garbledAcronym() throws {
        let g = Fixture.graph("The Andean Water Agency (AWQ) opened. Later the AWQ closed.")
        let org = try #require(g.nodes.values.first { $0.type == .organization })
        #expect(org.label == "Andean Water Agency")
        #expect(org.aliases == ["AWQ"])
        #expect(org.mentions.count == 3)
    }
}

@Suite("RelationExtractor")
struct RelationTests {
    @Test("statements, honors and announcements on invented sentences", arguments: [
        ("Mayor Lena Brandt told Governor Paulo Reis that the budget was late.", "Lena Brandt statement Paulo Reis"),
        ("According to the Pacific Fisheries Council, Chile broke the quota.", "Pacific Fisheries Council statement Chile"),
        ("In a letter to Senator Omar Haddad, Governor Ines Duarte described the flood.", "Ines Duarte statement Omar Haddad"),
        ("Chancellor Greta Holm praised Danish peacekeeping troops in Aarhus.", "Greta Holm honors Danish peacekeeping troops"),
        ("President Kofi Mensah paid tribute to the Ghana Medical Association.", "Kofi Mensah honors Ghana Medical Association"),
        ("The singer Ayo Bello released a song dedicated to Nelson Mandela.", "Ayo Bello honors Nelson Mandela"),
        ("On March 2, Minister Carla Ortiz announced plans to build a bridge to the island.", "Carla Ortiz announcement bridge to the island"),
        ("Mayor Ivo Petrov announced plans to erect a statue commemorating the flood victims.", "Ivo Petrov announcement statue to the flood victims"),
        ("“Lisbon is safe,” said Mayor Ana Ribeiro.", "Ana Ribeiro statement Lisbon"),
        ("Governor Ines Duarte visited Chile. She said Peru would help.", "Ines Duarte statement Peru"),
        ("Senator Omar Haddad - who chairs a water agency in Quito - said Peru was ready.", "Omar Haddad statement Peru"),
        ("Tomas Varga, the transport authority's chairman, said Hungary would pay.", "Tomas Varga statement Hungary"),
        ("Engineer Rui Costa said drugmaker Velora had hired him.", "Rui Costa statement Velora"),
    ] as [(String, String)])
    func relation(text: String, expected: String) {
        #expect(Fixture.relations(text).contains(expected), "\(Fixture.relations(text))")
    }

    @Test("passives, participles in prepositional phrases and agents inside them give no relation", arguments: [
        "Doctor Lena Brandt was praised by the hospital.",
        "The report, published by the Andean Water Agency (AWQ), highlighted the drought in Peru.",
        "The rivalry between Chile and Peru, as highlighted by the press, grew.",
    ])
    func none(text: String) {
        #expect(Fixture.relations(text).isEmpty, "\(Fixture.relations(text))")
    }

    @Test("evidence: the sentence as in the text, its span, the trigger, the date resolved against the document")
    func evidence() throws {
        let text = "Floods Return\n\nOn March 2, Minister Carla Ortiz praised the Red Cross. Nothing else."
        let g = Fixture.graph(text, date: "2024-03-09")
        let e = try #require(g.edges.values.first { $0.predicate == .honors })
        let ev = try #require(e.evidence.first)
        #expect(ev.sentence == "On March 2, Minister Carla Ortiz praised the Red Cross.")
        #expect(ev.span == TextSpan(start: 15, end: 70))
        #expect(ev.trigger == "praised")
        #expect(ev.date == "2024-03-02")
        #expect(e.id == Identifier.edge(subject: e.subject, predicate: .honors, object: e.object))
        #expect(e.confidence > 0 && e.confidence <= 1)
    }

    @Test("the same input gives the same graph")
    func deterministic() {
        let docs = (0..<20).map { Document(id: "d\($0)", text: "Mayor Lena Brandt told Governor Paulo Reis about Peru. Brandt praised Lima.", origin: "t") }
        #expect(Fixture.extractor.extract(docs).graph == Fixture.extractor.extract(docs.reversed()).graph)
    }
}
