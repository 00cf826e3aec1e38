import KGCore
import KGTestSupport
import Testing
@testable import KGQuery

@Suite("SPARQL parser")
struct SPARQLParserTests {
    @Test("parses the subset")
    func parses() throws {
        let q = try SPARQLQuery(parsing: """
            PREFIX kg: <https://w3id.org/kg-news/ontology#>
            SELECT DISTINCT ?s ?label WHERE {
              ?s a kg:Person ; rdfs:label ?label , ?other .
              OPTIONAL { ?s kg:born ?b FILTER(?b > 1800) }
              { ?s kg:honors ?o } UNION { ?o kg:honors ?s }
              FILTER (regex(?label, "^a", "i") && !bound(?x) || ?b IN (1, 2.5, -3e1))
            } ORDER BY DESC(?label) ?s LIMIT 10 OFFSET 2
            """)
        #expect(q.distinct)
        #expect(q.projection == ["s", "label"])
        #expect(q.limit == 10 && q.offset == 2)
        #expect(q.orderBy.count == 2 && !q.orderBy[0].ascending)
        #expect(q.pattern.elements.count == 4)
        guard case .triples(let ts) = q.pattern.elements[0] else { Issue.record("no triples"); return }
        #expect(ts.count == 3)
        #expect(ts[0].predicate == .term(.iri(RDFNS.type)))
        #expect(ts[0].object == .term(.iri("https://w3id.org/kg-news/ontology#Person")))
        #expect(ts[1].predicate == .term(.iri(RDFNS.rdfs + "label")))
        let star = try SPARQLQuery(parsing: "SELECT * { ?s ?p \"x\"@EN . ?s ?p \"2025-01-02\"^^<http://www.w3.org/2001/XMLSchema#date> }")
        #expect(star.projection == nil)
        guard case .triples(let t2) = star.pattern.elements[0] else { Issue.record("no triples"); return }
        #expect(t2[0].object == .term(.literal("x", datatype: nil, language: "en")))
        #expect(t2[1].object == .term(.typed("2025-01-02", XSD.date)))
    }

    @Test("errors give the column and what was expected", arguments: [
        BadCase(query: "SELEC ?x WHERE { ?x ?p ?o }", column: 1, words: "expected SELECT"),
        BadCase(query: "SELECT WHERE { ?x ?p ?o }", column: 8, words: "expected '*' or variables"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p }", column: 25, words: "expected an object"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p ?o ", column: 28, words: "'}' to close the group opened at column 17"),
        BadCase(query: "SELECT ?x WHERE { ?x foo:bar ?o }", column: 22, words: "unknown prefix 'foo:'"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p ?o FILTER(?o > ) }", column: 40, words: "expected an expression"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p ?o FILTER(rgex(?o, \"a\")) }", column: 35, words: "unknown function 'rgex'"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p \"abc }", column: 25, words: "unterminated string"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p ?o } LIMIT x", column: 36, words: "non-negative integer after LIMIT"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", column: 36, words: "BY after ORDER"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p ?o ?q }", column: 28, words: "expected '.', ';', ',' or '}'"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?x", column: 30, words: "expected ORDER BY, LIMIT, OFFSET"),
        BadCase(query: "SELECT ?x WHERE { ?x \"p\" ?o }", column: 22, words: "expected a predicate"),
        BadCase(query: "ASK { ?x ?p ?o }", column: 1, words: "only SELECT"),
        BadCase(query: "SELECT ?x WHERE { ?x ?p ?o FILTER(regex(?o)) }", column: 35, words: "takes 2 to 3 arguments"),
        BadCase(query: "SELECT ?x\nWHERE { ?x ?p ?o . % }", column: 30, words: "unexpected character '%'"),
    ])
    func errors(_ c: BadCase) {
        c.expectError { _ = try SPARQLQuery(parsing: $0) }
    }
}

@Suite("SPARQL evaluation")
struct SPARQLEvaluationTests {
    static let prologue = """
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

        """

    func run(_ body: String) throws -> QueryResult {
        let store = TripleStore(SampleGraph.graph, ontology: try TestSupport.ontology())
        return try SPARQLEvaluator(store: store).run(try SPARQLQuery(parsing: Self.prologue + body))
    }

    func texts(_ r: QueryResult) -> [[String]] { r.rows.map { $0.map(\.text) } }

    @Test("basic graph patterns and `a`")
    func bgp() throws {
        let r = try run("SELECT ?name WHERE { ?s a kg:Person ; rdfs:label ?name } ORDER BY ?name")
        #expect(texts(r) == [["Ada Lovelace"], ["Hermit Nobody"], ["Nikola Tesla"], ["Émile Zola"]])
        let j = try run("SELECT ?a ?b WHERE { ?x kg:honors ?y . ?x rdfs:label ?a . ?y rdfs:label ?b } ORDER BY ?a ?b")
        #expect(texts(j) == [["Ada Lovelace", "Nikola Tesla"], ["Ada Lovelace", "Émile Zola"], ["Royal Society", "Ada Lovelace"]])
    }

    @Test("reified provenance: evidence, dates, confidence")
    func reification() throws {
        let r = try run("""
            SELECT ?ev ?d WHERE { ?st rdf:subject ?s ; rdf:predicate kg:honors ; kg:evidence ?ev ; kg:date ?d ; kg:confidence ?c .
              FILTER (?d >= "2025-12-01"^^xsd:date && ?c > 0.7) } ORDER BY ?d
            """)
        #expect(texts(r) == [["Lovelace praised Tesla warmly.", "2025-12-04"], ["The Royal Society honored Ada Lovelace.", "2025-12-10"]])
        let plainDate = try run("SELECT ?d WHERE { ?st kg:date ?d FILTER(datatype(?d) = xsd:string) }")
        #expect(texts(plainDate) == [["2025-10"]])
    }

    @Test("FILTER: regex with flags, comparisons, !, ||, str, lang, bound")
    func filters() throws {
        #expect(try run("SELECT ?n WHERE { ?s skos:altLabel ?n FILTER regex(?n, \"^lovelace$\", \"i\") }").rows.count == 1)
        #expect(try run("SELECT ?n WHERE { ?s skos:altLabel ?n FILTER regex(?n, \"^lovelace$\") }").rows.isEmpty)
        let r = try run("SELECT ?n WHERE { ?s rdfs:label ?n FILTER (!(?n = \"Paris\") && (str(?s) = \"https://w3id.org/kg-news/id/place-london\" || ?n = \"Paris\" || lang(?n) != \"\")) }")
        #expect(texts(r) == [["London"]])
        let b = try run("SELECT ?x WHERE { ?s kg:born ?x FILTER(?x >= 1815 && ?x < 1816.5 && ?x != 3) }")
        #expect(texts(b) == [["1815"]])
        let bools = try run("SELECT ?s WHERE { ?s kg:active ?a FILTER(?a) }")
        #expect(bools.rows.count == 1)
    }

    @Test("OPTIONAL keeps solutions without a match; bound() tells them apart")
    func optional() throws {
        let r = try run("""
            SELECT ?name ?alias WHERE { ?s a kg:Place ; rdfs:label ?name OPTIONAL { ?s skos:altLabel ?alias } } ORDER BY ?name
            """)
        #expect(r.rows == [[.term(.plain("London")), .null], [.term(.plain("Paris")), .null]])
        let noAlias = try run("SELECT ?name WHERE { ?s a kg:Person ; rdfs:label ?name OPTIONAL { ?s skos:altLabel ?a } FILTER(!bound(?a)) }")
        #expect(texts(noAlias) == [["Hermit Nobody"]])
        let optFilter = try run("""
            SELECT ?name ?t WHERE { ?s a kg:Person ; rdfs:label ?name OPTIONAL { ?s kg:score ?t FILTER(?t > 0.9) } } ORDER BY ?name
            """)
        #expect(optFilter.rows.count == 4)
        #expect(optFilter.rows.allSatisfy { $0[1] == .null })
    }

    @Test("ORDER BY DESC, LIMIT, OFFSET, DISTINCT")
    func modifiers() throws {
        let r = try run("SELECT ?c WHERE { ?st kg:confidence ?c } ORDER BY DESC(?c) LIMIT 3 OFFSET 1")
        #expect(texts(r) == [["1.0"], ["0.95"], ["0.9"]])
        let d = try run("SELECT DISTINCT ?p WHERE { ?s ?p ?o FILTER(?p IN (kg:honors, kg:statement)) } ORDER BY ?p")
        #expect(texts(d) == [["https://w3id.org/kg-news/ontology#honors"], ["https://w3id.org/kg-news/ontology#statement"]])
        let all = try run("SELECT ?p WHERE { ?s ?p ?o FILTER(?p IN (kg:honors, kg:statement)) }")
        #expect(all.rows.count == 4)
    }

    @Test("UNION and nested groups")
    func union() throws {
        let r = try run("SELECT ?n WHERE { { ?s a kg:Event } UNION { ?s a kg:Organization } ?s rdfs:label ?n } ORDER BY ?n")
        #expect(texts(r) == [["Analytical Engine project"], ["Royal Society"], ["World Fair"]])
    }

    @Test("SELECT * lists the pattern's variables; results format as W3C JSON")
    func star() throws {
        let r = try run("SELECT * WHERE { ?s kg:locatedIn ?o } ORDER BY ?s")
        #expect(r.columns == ["s", "o"])
        let json = ResultFormatter.format(r, as: .json)
        #expect(json.contains("\"head\": {\"vars\": [\"s\", \"o\"]}"))
        #expect(json.contains("{\"type\": \"uri\", \"value\": \"https://w3id.org/kg-news/id/event-world-fair\"}"))
    }

    @Test("duplicate triples from parallel edges count once")
    func setSemantics() throws {
        var g = SampleGraph.graph
        let a = SampleGraph.ada, t = SampleGraph.tesla
        g.insert(Edge(id: "e-extra", subject: a.id, predicate: .honors, object: t.id, evidence: []))
        let store = TripleStore(g, ontology: try TestSupport.ontology())
        let q = try SPARQLQuery(parsing: Self.prologue + "SELECT ?o WHERE { ?s kg:honors ?o }")
        #expect(try SPARQLEvaluator(store: store).run(q).rows.count == 3)
    }
}

@Suite("Result formats")
struct ResultFormatTests {
    let result = QueryResult(columns: ["name", "note"], rows: [
        [.string("Émile Zola"), .string("tab\there, \"quoted\"\nnext")],
        [.string("x"), .null],
    ])

    @Test("table, tsv, csv, json")
    func formats() {
        #expect(ResultFormatter.format(result, as: .table) == """
            name        note
            ----------  -----------------------
            Émile Zola  tab here, "quoted" next
            x           \("")

            """)
        #expect(ResultFormatter.format(result, as: .tsv) == "name\tnote\nÉmile Zola\ttab\\there, \"quoted\"\\nnext\nx\t\n")
        #expect(ResultFormatter.format(result, as: .csv) == "name,note\r\nÉmile Zola,\"tab\there, \"\"quoted\"\"\nnext\"\r\nx,\r\n")
        #expect(ResultFormatter.format(result, as: .json) == "[\n  {\"name\": \"Émile Zola\", \"note\": \"tab\\there, \\\"quoted\\\"\\nnext\"},\n  {\"name\": \"x\", \"note\": null}\n]\n")
    }
}
