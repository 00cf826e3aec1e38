import KGCore
import Testing
@testable import KGQuery

@Suite("Pattern language")
struct PatternLanguageTests {
    @Test("parses arrows, variables, quoted names, chains and ;")
    func parse() throws {
        let q = try PatternQuery(parsing: "Lovelace -honors-> ?who")
        #expect(q.patterns == [EdgePattern(subject: .named(NamePattern("Lovelace")), predicate: .named("honors"), object: .variable("who", type: nil))])
        let chain = try PatternQuery(parsing: "?a -honors-> ?b:Person -statement-> \"Ada -> Lovelace\"; ?x <-*- Jean-Paul Sartre")
        #expect(chain.patterns.count == 3)
        #expect(chain.patterns[1].subject == .variable("b", type: "Person"))
        #expect(chain.patterns[1].object == .named(NamePattern("Ada -> Lovelace")))
        #expect(chain.patterns[2] == EdgePattern(subject: .named(NamePattern("Jean-Paul Sartre")), predicate: .named("*"), object: .variable("x", type: nil)))
        #expect(chain.variables == ["a", "b", "x"])
    }

    @Test("malformed patterns name the column and what was expected", arguments: [
        BadCase(query: "", column: 1, words: "empty"),
        BadCase(query: "Lovelace", column: 9, words: "expected an arrow"),
        BadCase(query: "Lovelace -honors ?who", column: 10, words: "not closed"),
        BadCase(query: "?who -honors->", column: 15, words: "expected an entity"),
        BadCase(query: "? -honors-> x", column: 2, words: "variable name"),
        BadCase(query: "\"Ada -honors-> x", column: 1, words: "unterminated"),
        BadCase(query: "a -p-> b c -q-> d ; -p-> x", column: 21, words: "expected an entity"),
        BadCase(query: "?x:  -p-> y", column: 4, words: "type name"),
    ])
    func errors(_ c: BadCase) {
        c.expectError { _ = try PatternQuery(parsing: $0) }
    }
}

@Suite("Pattern queries")
struct PatternQueryTests {
    let index = GraphIndex(SampleGraph.graph)

    func run(_ text: String, filter: EdgeFilter = EdgeFilter(), columns: [String] = []) throws -> QueryResult {
        let q = try PatternQuery(parsing: text)
        var notes: [String] = []
        let m = try PatternEngine(index).matches(q, filter: filter, notes: &notes)
        return try ResultBuilder.matchTable(m, query: q, columns: columns, index: index, notes: notes)
    }

    @Test("names match labels and aliases regardless of case and diacritics")
    func names() throws {
        #expect(try run("LOVELACE -honors-> ?who").column("who").map(\.text) == ["Émile Zola", "Nikola Tesla"])
        #expect(try run("?x -honors-> emile zola").column("x").map(\.text) == ["Ada Lovelace"])
        #expect(try run("?x -honors-> Émile  Zola").column("x").map(\.text) == ["Ada Lovelace"])
        #expect(try run("?x -announcement-> exposition universelle").column("x").map(\.text) == ["Émile Zola"])
        // Words of a longer name, and wildcards.
        #expect(try run("Ada -announcement-> ?e").column("e").map(\.text) == ["Analytical Engine project"])
        #expect(try run("?x -honors-> *zol*").column("x").map(\.text) == ["Ada Lovelace"])
        #expect(try run("Royal* -*-> ?y").column("y").map(\.text) == ["Ada Lovelace", "London"])
    }

    @Test("any predicate, predicate variables and wildcards")
    func predicates() throws {
        let r = try run("?x -?p-> Ada Lovelace")
        #expect(r.columns == ["x", "p"])
        #expect(r.rows.map { $0.map(\.text) } == [["Royal Society", "honors"], ["Nikola Tesla", "statement"]])
        #expect(try run("?x -*-> \"Ada Lovelace\"").rows.count == 2)
        #expect(try run("?x -located*-> ?y").rows.count == 2)
        #expect(try run("?x -HONORS-> ?y").rows.count == 3)
    }

    @Test("chains join on shared variables; typed variables")
    func joins() throws {
        let r = try run("?a -honors-> ?b -statement-> ?c")
        #expect(r.rows.map { $0.map(\.text) } == [["Ada Lovelace", "Nikola Tesla", "Ada Lovelace"]])
        let typed = try run("?a -honors-> ?b:Person; ?a -locatedIn-> ?where")
        #expect(typed.rows.map { $0.map(\.text) } == [["Royal Society", "Ada Lovelace", "London"]])
        #expect(try run("?x -honors-> ?y:Place").rows.isEmpty)
        #expect(try run("?x -honors-> ?x").rows.isEmpty)
    }

    @Test("date, source and type filters")
    func filters() throws {
        let since = try run("?x -*-> ?y", filter: EdgeFilter(since: "2025-12-01"))
        #expect(since.rows.map { $0.map(\.text) } == [["Royal Society", "Ada Lovelace"], ["Ada Lovelace", "Analytical Engine project"], ["Ada Lovelace", "Nikola Tesla"]])
        let until = try run("?x -*-> ?y", filter: EdgeFilter(until: "2025-11"))
        #expect(until.rows.map { $0[1].text } == ["Émile Zola", "World Fair"])
        let range = try run("?x -*-> ?y", filter: EdgeFilter(since: "2025-11-21", until: "2025-12-04"))
        #expect(range.rows.map { $0[1].text } == ["Analytical Engine project", "Nikola Tesla"])
        let doc = try run("?x -honors-> ?y", filter: EdgeFilter(sources: ["doc-b"]))
        #expect(doc.rows.map { $0[1].text } == ["Émile Zola"])
        let glob = try run("?x -honors-> ?y", filter: EdgeFilter(sources: ["doc-*"]))
        #expect(glob.rows.count == 3)
        let typed = try run("?x -*-> ?y", filter: EdgeFilter(types: ["Person", "Organization"]))
        #expect(typed.rows.count == 5)
        #expect(throws: KGError.self) { try EdgeFilter(since: "12/01/2025").validated() }
        #expect(throws: KGError.self) { try EdgeFilter(since: "2025-13").validated() }
        #expect(throws: KGError.self) { try EdgeFilter(since: "2025-12-02", until: "2025-12-01").validated() }
        #expect((try? EdgeFilter(since: "2025-12", until: "2025-12").validated()) != nil)
    }

    @Test("edge columns: evidence, sources, date, confidence")
    func columns() throws {
        let r = try run("Lovelace -honors-> Zola", columns: ["subject", "object", "evidence", "sources", "date", "confidence", "trigger"])
        #expect(r.rows.count == 1)
        #expect(r.rows[0].map(\.text) == ["Ada Lovelace", "Émile Zola", "She lauded Émile Zola \"the writer\".", "doc-a doc-b", "2025-11-20", "0.6", "lauded"])
        #expect(throws: KGError.self) { try run("?x -honors-> ?y", columns: ["nope"]) }
        let ids = try run("?x -honors-> ?y", columns: ["?x.id", "y.type"])
        #expect(ids.rows.first?.map(\.text) == ["organization-royal-society", "Person"])
    }

    @Test("unknown names and predicates give notes, not errors")
    func notes() throws {
        let r = try run("Nobody Known -honors-> ?x")
        #expect(r.rows.isEmpty)
        #expect(r.notes == ["no entity is named 'Nobody Known'"])
        let p = try run("?x -praises-> ?y")
        #expect(p.notes.first?.hasPrefix("no predicate matches 'praises'") == true)
        #expect(throws: KGError.self) { try run("?x -?x-> ?y") }
    }

    @Test("parallel edges give one answer row unless a column tells them apart")
    func distinctRows() throws {
        var g = SampleGraph.graph
        g.insert(SampleGraph.edge(SampleGraph.ada, .statement, SampleGraph.tesla, evidence: [SampleGraph.ev("doc-c", "Ada wrote to Tesla.", 9)]))
        g.insert(Edge(id: "e-parallel", subject: SampleGraph.ada.id, predicate: .statement, object: SampleGraph.tesla.id,
                      evidence: [SampleGraph.ev("doc-a", "Ada spoke of Tesla.", 90)]))
        let index = GraphIndex(g)
        let q = try PatternQuery(parsing: "Ada Lovelace -*-> ?who")
        var notes: [String] = []
        let matches = try PatternEngine(index).matches(q, notes: &notes)
        #expect(matches.count == 6)
        let plain = try ResultBuilder.matchTable(matches, query: q, columns: [], index: index, notes: [])
        #expect(plain.column("who").map(\.text) == ["Analytical Engine project", "Royal Society", "Émile Zola", "Nikola Tesla"])
        let withEvidence = try ResultBuilder.matchTable(matches, query: q, columns: ["who", "evidence"], index: index, notes: [])
        #expect(withEvidence.rows.count == 6)
    }

    @Test("neighborhood and shortest path")
    func paths() throws {
        let engine = PatternEngine(index)
        var notes: [String] = []
        let one = engine.neighborhood(of: NamePattern("Zola"), depth: 1, notes: &notes)
        #expect(one.map { index.edges[Int($0.edge)].predicate.rawValue }.sorted() == ["announcement", "honors"])
        #expect(one.allSatisfy { $0.depth == 1 })
        let two = engine.neighborhood(of: NamePattern("Zola"), depth: 2, notes: &notes)
        #expect(two.count == 8)
        #expect(two.filter { $0.depth == 2 }.count == 6)
        let path = engine.shortestPath(from: NamePattern("Paris"), to: NamePattern("Tesla"), notes: &notes)
        let steps = try #require(path).map { e in "\(index.edges[Int(e)].subject) \(index.edges[Int(e)].predicate) \(index.edges[Int(e)].object)" }
        #expect(steps == ["event-world-fair locatedIn place-paris", "person-emile-zola announcement event-world-fair",
                          "person-ada-lovelace honors person-emile-zola", "person-ada-lovelace honors person-nikola-tesla"])
        #expect(engine.shortestPath(from: NamePattern("Paris"), to: NamePattern("Hermit Nobody"), notes: &notes) == nil)
        #expect(engine.shortestPath(from: NamePattern("Paris"), to: NamePattern("Paris"), notes: &notes) == [])
        let onlyHonors = engine.shortestPath(from: NamePattern("Paris"), to: NamePattern("Tesla"), predicate: "honors", notes: &notes)
        #expect(onlyHonors == nil)
    }
}

@Suite("Name keys")
struct NameKeyTests {
    @Test("folding character by character equals folding the whole name")
    func folding() {
        let names = TestSupportStrings.hostile + ["Émile Zola", "e\u{301}mile", "ＦＵＬＬ width", "İstanbul", "Straße", "  Kim  Jong\tUn ", "“Quoted” – dash", "ǅemal", "Ὀδυσσεύς"]
        for name in names {
            let whole = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            var expected = NameKey.normalize(whole)
            // The whole-string fold is the reference; normalizing it again changes nothing.
            expected = NameKey.normalize(expected)
            #expect(NameKey.normalize(name) == expected, "\(name)")
        }
        #expect(NameKey.normalize("  Élan \n  Vital ") == "elan vital")
        #expect(NamePattern("*zol*").matches("Émile ZOLA"))
        #expect(NamePattern("e*a").matches("Émile Zola"))
        #expect(!NamePattern("e*a").matches("Émile Zolo"))
    }
}
