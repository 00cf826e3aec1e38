import ArgumentParser
import Foundation
import KGCore
import KGFormats
import KGMerge
import KGQuery

/// `kg query GRAPH... [PATTERN]`: answers questions about graph files from the terminal and from scripts.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Query graph files: triple patterns, a compact pattern language, neighbors, paths, SPARQL.",
        discussion: """
        GRAPH: GraphML or RDF/XML files kg reads; several are merged on the fly. Names match labels and \
        aliases ignoring case and diacritics; '*' is a wildcard; a name also finds the longer names that \
        contain its words ('Smith' finds 'John Smith').

        Pattern language: ENTITY -PREDICATE-> ENTITY, where ENTITY is a name, "a quoted name", ?var, \
        ?var:Type or *, and PREDICATE a name, ?var or *; chain arrows (A -p-> ?x -q-> ?y), join \
        patterns with ';', write an arrow backwards as <-p-.

        Examples:
          kg query g.graphml 'Smith -honors-> ?who'
          kg query g.graphml '?x -announcement-> ?e' --since 2025-12-01 --evidence
          kg query g.graphml '?x -*-> "John Smith"' --format json
          kg query mon.graphml tue.rdf --subject 'Smith' --predicate statement
          kg query g.graphml --around 'John Smith' --depth 2
          kg query g.graphml --path 'John Smith' 'Acme Corp'
          kg query g.rdf --sparql 'PREFIX kg: <https://w3id.org/kg-news/ontology#>
            SELECT ?s ?o WHERE { ?s kg:honors ?o } LIMIT 10'

        Output: an aligned table on a terminal, TSV when piped, or --format table|tsv|csv|json (SPARQL \
        answers as W3C SPARQL JSON). Columns (--columns): a variable (?x, ?x.id, ?x.type) or subject, \
        predicate, object, subject_id, object_id, subject_type, object_type, edge, evidence, sources, \
        document, date, confidence, trigger, span.

        SPARQL subset: PREFIX, BASE, SELECT [DISTINCT] vars or *, basic graph patterns (; , a), FILTER \
        (regex with flags, = != < <= > >= && || ! IN, bound str lang langMatches datatype isIRI \
        isLiteral contains strstarts strends lcase ucase strlen year month day, xsd casts), OPTIONAL, \
        UNION, ORDER BY ASC/DESC, LIMIT, OFFSET.
        """
    )

    @Argument(help: ArgumentHelp("Graph files, then optionally a pattern such as 'NAME -honors-> ?who'.", valueName: "GRAPH"))
    var arguments: [String] = []

    @Option(name: [.short, .customLong("pattern")], help: ArgumentHelp("A pattern (instead of giving it after the files).", valueName: "PATTERN"))
    var pattern: String?

    @Option(help: ArgumentHelp("Edges whose subject has this name.", valueName: "NAME"))
    var subject: String?
    @Option(help: ArgumentHelp("Edges with this predicate (also restricts --around and --path).", valueName: "NAME"))
    var predicate: String?
    @Option(help: ArgumentHelp("Edges whose object has this name.", valueName: "NAME"))
    var object: String?

    @Option(help: ArgumentHelp("Types the answers must have (repeat or separate by commas: Person,Event): every entity a ?variable, a free --subject/--object end, or --around/--path reaches. For one variable only, write ?x:Person in the pattern.", valueName: "TYPE"))
    var type: [String] = []
    @Option(help: ArgumentHelp("Only evidence dated on or after DATE (ISO 8601: 2025, 2025-12, 2025-12-01).", valueName: "DATE"))
    var since: String?
    @Option(help: ArgumentHelp("Only evidence dated on or before DATE (inclusive: 2025-12 means to the end of December).", valueName: "DATE"))
    var until: String?
    @Option(help: ArgumentHelp("Only evidence from this document (repeatable; '*' wildcards).", valueName: "DOC"))
    var source: [String] = []

    @Option(help: ArgumentHelp("The edges around the entities with this name.", valueName: "NAME"))
    var around: String?
    @Option(help: "How many steps --around goes.")
    var depth: Int = 1
    @Option(parsing: .upToNextOption, help: ArgumentHelp("A shortest path between two entities (any edge direction).", valueName: "FROM TO"))
    var path: [String] = []

    @Option(help: ArgumentHelp("A SPARQL SELECT query over the graph's RDF view (what kg's RDF/XML export holds); @FILE reads it from a file.", valueName: "QUERY"))
    var sparql: String?

    @Option(help: ArgumentHelp("table, tsv, csv or json (default: table on a terminal, else tsv).", valueName: "FORMAT"))
    var format: String?
    @Option(help: ArgumentHelp("Columns, separated by commas (see below).", valueName: "LIST"))
    var columns: String?
    @Flag(help: "Add the evidence sentence, its sources and date as columns.")
    var evidence = false
    @Option(help: ArgumentHelp("At most N rows.", valueName: "N"))
    var limit: Int?
    @Flag(help: "Print load and query times on standard error.")
    var timing = false

    @OptionGroup var ontologyOptions: OntologyOptions

    /// The graph files and the pattern, split: a trailing argument that is not an existing file is the pattern.
    var split: (files: [String], pattern: String?) {
        var files = arguments
        if pattern == nil, let last = files.last, files.count >= 1, !FileManager.default.fileExists(atPath: last),
           last.contains("->") || last.contains("<-") || files.count >= 2 {
            files.removeLast()
            return (files, last)
        }
        return (files, pattern)
    }

    func validate() throws {
        let (files, pattern) = split
        if files.isEmpty { throw ValidationError("give at least one graph file (GraphML or RDF/XML) to query") }
        for f in files where !FileManager.default.fileExists(atPath: f) {
            throw ValidationError("\(f): no such file; give graph files first, then the pattern in quotes")
        }
        let modes = [pattern != nil, subject != nil || object != nil || (predicate != nil && around == nil && path.isEmpty),
                     around != nil, !path.isEmpty, sparql != nil].filter { $0 }.count
        if modes > 1 { throw ValidationError("use one of: a pattern, --subject/--predicate/--object, --around, --path, --sparql") }
        if modes == 0 { throw ValidationError("nothing to ask: give a pattern such as 'NAME -honors-> ?who', or --subject/--predicate/--object, --around, --path or --sparql") }
        if !path.isEmpty, path.count != 2 { throw ValidationError("--path takes two names: --path FROM TO (found \(path.count))") }
        if depth < 1 { throw ValidationError("--depth must be at least 1") }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        if let format, ResultFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format \(format): use table, tsv, csv or json")
        }
        if sparql != nil, !(type.isEmpty && since == nil && until == nil && source.isEmpty) {
            throw ValidationError("--type, --since, --until and --source do not apply to --sparql; write a FILTER instead")
        }
    }

    func run() throws {
        let (files, patternText) = split
        let clock = ContinuousClock()
        let t0 = clock.now
        let ontology = try ontologyOptions.load()
        var graphs: [KnowledgeGraph] = []
        for f in files { graphs.append(try KGFormats.Formats.read(path: f, ontology: ontology)) }
        let graph = graphs.count == 1 ? graphs[0] : KGMerge.merge(graphs, rules: try MergeRules.load(from: ontologyOptions.directory)).0
        let tRead = clock.now
        let filter = try EdgeFilter(types: Set(type.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }),
                                    since: since, until: until, sources: source).validated()
        let columnList = (columns?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
            + (evidence ? ["evidence", "sources", "date"] : [])
        var result: QueryResult
        var prefixes: [String: String] = [:]
        var tIndex = tRead
        if let sparql {
            let text = try Query.queryText(sparql)
            let parsed: SPARQLQuery
            do { parsed = try SPARQLQuery(parsing: text) } catch let error as KGError { throw Query.report(error, in: text) }
            let store = TripleStore(graph, ontology: ontology)
            tIndex = clock.now
            result = try SPARQLEvaluator(store: store).run(parsed)
            prefixes = parsed.prefixes
            prefixes[ontology.prefix] = prefixes[ontology.prefix] ?? ontology.namespace
        } else {
            let index = GraphIndex(graph)
            tIndex = clock.now
            let engine = PatternEngine(index)
            var notes: [String] = []
            if let around {
                let edges = engine.neighborhood(of: NamePattern(around), depth: depth, predicate: predicate, filter: filter, notes: &notes)
                result = try ResultBuilder.edgeTable(edges.map { ($0.edge, $0.depth) }, rankColumn: "depth", columns: Query.withRank(columnList, "depth"), index: index, notes: notes)
            } else if path.count == 2 {
                let steps = engine.shortestPath(from: NamePattern(path[0]), to: NamePattern(path[1]), predicate: predicate, filter: filter, notes: &notes)
                if steps == nil, notes.isEmpty { notes.append("no path between '\(path[0])' and '\(path[1])'") }
                result = try ResultBuilder.edgeTable((steps ?? []).enumerated().map { ($1, $0 + 1) }, rankColumn: "step", columns: Query.withRank(columnList, "step"), index: index, notes: notes)
            } else {
                let query: PatternQuery
                let defaultColumns: [String]
                if let patternText {
                    do { query = try PatternQuery(parsing: patternText) } catch let error as KGError { throw Query.report(error, in: patternText) }
                    defaultColumns = query.variables.isEmpty ? ["subject", "predicate", "object"] : query.variables
                } else {
                    query = PatternQuery(patterns: [EdgePattern(
                        subject: subject.map { .named(NamePattern($0)) } ?? .variable("subject", type: nil),
                        predicate: .named(predicate ?? "*"),
                        object: object.map { .named(NamePattern($0)) } ?? .variable("object", type: nil))])
                    defaultColumns = ["subject", "predicate", "object"]
                }
                let matches = try engine.matches(query, filter: filter, notes: &notes)
                let cols = columns == nil ? defaultColumns + columnList : columnList
                result = try ResultBuilder.matchTable(matches, query: query, columns: cols, index: index, notes: notes)
            }
        }
        if let limit, result.rows.count > limit { result.rows.removeLast(result.rows.count - limit) }
        let tQuery = clock.now
        let chosen = format.flatMap { ResultFormat(rawValue: $0.lowercased()) } ?? (isatty(STDOUT_FILENO) != 0 ? .table : .tsv)
        FileHandle.standardOutput.write(Data(ResultFormatter.format(result, as: chosen, prefixes: prefixes).utf8))
        for note in result.notes { FileHandle.standardError.write(Data("kg: note: \(note)\n".utf8)) }
        if timing {
            func ms(_ d: Duration) -> String { String(format: "%.1f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15) }
            let line = "kg: timing: read \(ms(tRead - t0)), index \(ms(tIndex - tRead)), query \(ms(tQuery - tIndex)), \(result.rows.count) rows, \(graph.nodeCount) nodes, \(graph.edgeCount) edges\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// `--columns` for --around/--path: the rank column first unless the user placed it.
    static func withRank(_ columns: [String], _ rank: String) -> [String] {
        columns.isEmpty || columns.contains(rank) ? columns : [rank, "subject", "predicate", "object"] + columns.filter { !["subject", "predicate", "object"].contains($0) }
    }

    /// The query text, or a file's content for `@FILE`.
    static func queryText(_ argument: String) throws -> String {
        guard argument.hasPrefix("@") else { return argument }
        let path = String(argument.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KGError.input(file: path, message: "cannot read the query file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw KGError.input(file: path, message: "the query file is not UTF-8 text") }
        return text
    }

    /// Prints a query error with the query's line and a caret under the column, and returns the exit.
    static func report(_ error: KGError, in text: String) -> Error {
        guard case .query(let position, let message) = error else { return error }
        var line = 1, column = position
        var lineText = ""
        var offset = 0
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let count = l.count + 1
            if position - 1 < offset + count {
                column = position - offset
                lineText = String(l)
                break
            }
            offset += count
            line += 1
        }
        if lineText.isEmpty, let last = text.split(separator: "\n", omittingEmptySubsequences: false).last {
            lineText = String(last)
        }
        let display = String(lineText.map { $0 == "\t" ? " " : $0 })
        let place = text.contains("\n") ? "line \(line), column \(column)" : "column \(column)"
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        FileHandle.standardError.write(Data("Error: query, \(place): \(message)\n  \(display)\n  \(caret)\n".utf8))
        return ExitCode.failure
    }
}
