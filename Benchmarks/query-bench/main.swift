// query-bench: load time and query latency of kg's query engine on a large graph, with the same SPARQL
// queries written out for Oxigraph (oxigraph_bench.py runs them on kg's RDF/XML export of the graph).
//
//   swift build -c release --product query-bench
//   python3 ../shared/tools/gen_graph.py --nodes 250000 --edges 1000000 --seed 1 --out g.graphml
//   .build/release/query-bench g.graphml --rdf-out g.rdf --queries-out queries.json
//   python3 Benchmarks/query-bench/oxigraph_bench.py g.rdf queries.json
import Foundation
import KGCore
import KGFormats
import KGOntology
import KGQuery

func peakRSSMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    return (value, seconds(clock.now - start))
}
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
func ms(_ s: Double) -> String { String(format: "%.3f", s * 1000) }

func run() throws {
    var args = Array(CommandLine.arguments.dropFirst())
    func option(_ name: String) -> String? {
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        let v = args[i + 1]
        args.removeSubrange(i...(i + 1))
        return v
    }
    let rdfOut = option("--rdf-out")
    let queriesOut = option("--queries-out")
    let repeats = Int(option("--repeats") ?? "20") ?? 20
    guard let input = args.first else {
        FileHandle.standardError.write(Data("usage: query-bench GRAPH.graphml [--rdf-out FILE.rdf] [--queries-out FILE.json] [--repeats N]\n".utf8))
        exit(2)
    }
    guard FileManager.default.fileExists(atPath: input) else {
        FileHandle.standardError.write(Data("query-bench: \(input) does not exist; make it with ../shared/tools/gen_graph.py (see the header of this file)\n".utf8))
        exit(2)
    }

    let ontology = try Ontology.load(from: BundledOntology.sourceDirectory)
    print("query-bench on \(input)")
    let (graph, readTime) = try time { try Formats.read(path: input, ontology: ontology) }
    print("read GraphML: \(String(format: "%.2f", readTime)) s, \(graph.nodeCount) nodes, \(graph.edgeCount) edges, peak RSS \(Int(peakRSSMB())) MB")
    let (index, indexTime) = time { GraphIndex(graph) }
    print("build pattern index: \(String(format: "%.2f", indexTime)) s, peak RSS \(Int(peakRSSMB())) MB")

    // Sample nodes with edges, spread over the id order.
    let withEdges = (0..<Int32(index.nodeCount)).filter { !index.edges(from: $0).isEmpty }
    let sample = (0..<repeats).map { withEdges[($0 * 7919 + 13) % withEdges.count] }
    let engine = PatternEngine(index)

    struct Row { var name: String; var kind: String; var latency: Double; var rows: Int }
    var results: [Row] = []
    func bench(_ name: String, _ kind: String, _ runs: Int, _ body: (Int) throws -> Int) rethrows {
        var times: [Double] = []
        var rows = 0
        for i in 0..<runs {
            let (n, t) = try time { try body(i) }
            times.append(t)
            rows = n
        }
        results.append(Row(name: name, kind: kind, latency: median(times), rows: rows))
    }

    var notes: [String] = []
    try bench("pattern: ID -*-> ?x", "selective", repeats) { i in
        try engine.matches(PatternQuery(parsing: "\(index.nodes[Int(sample[i])].id) -*-> ?x"), notes: &notes).count
    }
    try bench("pattern: ?x -honors-> ID", "selective", repeats) { i in
        try engine.matches(PatternQuery(parsing: "?x -honors-> \(index.nodes[Int(sample[i])].id)"), notes: &notes).count
    }
    try bench("pattern: ID -*-> ?a -*-> ?b (2 hops)", "selective", repeats) { i in
        try engine.matches(PatternQuery(parsing: "\(index.nodes[Int(sample[i])].id) -*-> ?a -*-> ?b"), notes: &notes).count
    }
    try bench("pattern: label wildcard 'Person 12345:*' -*-> ?x", "selective", 3) { i in
        try engine.matches(PatternQuery(parsing: "'Person \(index.nodes[Int(sample[i])].id.dropFirst()):*' -*-> ?x"), notes: &notes).count
    }
    try bench("around ID --depth 2", "selective", repeats) { i in
        engine.neighborhood(of: NamePattern(index.nodes[Int(sample[i])].id), depth: 2, notes: &notes).count
    }
    try bench("path ID ID", "selective", repeats) { i in
        engine.shortestPath(from: NamePattern(index.nodes[Int(sample[i])].id), to: NamePattern(index.nodes[Int(sample[(i + 1) % sample.count])].id), notes: &notes)?.count ?? -1
    }
    try bench("pattern: ?x -honors-> ?y (all)", "broad", 3) { _ in
        try engine.matches(PatternQuery(parsing: "?x -honors-> ?y"), notes: &notes).count
    }
    try bench("pattern: ?x:Person -statement-> ?y:Place", "broad", 3) { _ in
        try engine.matches(PatternQuery(parsing: "?x:Person -statement-> ?y:Place"), notes: &notes).count
    }

    // SPARQL over the RDF view.
    let (store, storeTime) = time { TripleStore(graph, ontology: ontology) }
    print("build SPARQL triple store: \(String(format: "%.2f", storeTime)) s, \(store.count) triples, peak RSS \(Int(peakRSSMB())) MB")
    let evaluator = SPARQLEvaluator(store: store)
    let prologue = "PREFIX kg: <\(ontology.namespace)>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    let view = RDFView(ontology: ontology)
    func iri(_ n: Int32) -> String { "<" + view.iri(node: index.nodes[Int(n)].id) + ">" }
    var sparqlQueries: [(name: String, kind: String, queries: [String])] = [
        ("sparql: <node> kg:honors ?o", "selective", sample.map { "SELECT ?o WHERE { \(iri($0)) kg:honors ?o }" }),
        ("sparql: <node> ?p ?o . ?o rdfs:label ?l", "selective", sample.map { "SELECT ?p ?l WHERE { \(iri($0)) ?p ?o . ?o rdfs:label ?l }" }),
        ("sparql: ?s ?p <node> ; a kg:Person", "selective", sample.map { "SELECT ?s ?p WHERE { ?s ?p \(iri($0)) ; a kg:Person }" }),
        ("sparql: ?s kg:honors ?o (all)", "broad", ["SELECT ?s ?o WHERE { ?s kg:honors ?o }"]),
        ("sparql: rank filter + label", "broad", ["SELECT ?s ?l WHERE { ?s kg:rank ?r ; rdfs:label ?l FILTER(?r > 999000000) }"]),
        ("sparql: 2-hop join, ORDER BY LIMIT", "broad", ["SELECT ?a ?c WHERE { ?a kg:announcement ?b . ?b kg:honors ?c } ORDER BY ?a ?c LIMIT 10"]),
    ]
    for (name, kind, queries) in sparqlQueries {
        let parsed = try queries.map { try SPARQLQuery(parsing: prologue + $0) }
        try bench(name, kind, queries.count == 1 ? 3 : queries.count) { i in try evaluator.run(parsed[i % parsed.count]).rows.count }
    }
    print("peak RSS after queries: \(Int(peakRSSMB())) MB\n")
    print("| query | kind | median latency ms | rows (last run) |")
    print("|---|---|---:|---:|")
    for r in results { print("| \(r.name) | \(r.kind) | \(ms(r.latency)) | \(r.rows) |") }

    if let queriesOut {
        let json = sparqlQueries.map { ["name": $0.name, "kind": $0.kind, "queries": $0.queries.map { prologue + $0 }] as [String: Any] }
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: queriesOut))
        print("\nwrote the SPARQL queries to \(queriesOut)")
    }
    if let rdfOut {
        let (_, t) = try time { try Formats.write(graph, ontology: ontology, format: Formats.rdfXML, to: rdfOut) }
        print("wrote kg's RDF/XML export to \(rdfOut) in \(String(format: "%.2f", t)) s")
    }

}

try run()
