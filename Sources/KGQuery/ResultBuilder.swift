import KGCore

/// Turns matched edges into result tables with the columns a user asks for. Equal rows are shown once.
///
/// Edge columns: `subject`, `predicate`, `object` (labels), `subject_id`, `object_id`, `subject_type`,
/// `object_type`, `edge` (id), `evidence` (primary sentence), `sources`, `document`, `date`,
/// `confidence`, `trigger`, `span`. Pattern queries also take a variable name (its label), or
/// `?name.id` / `?name.type`.
public enum ResultBuilder {
    public static let edgeColumns = ["subject", "predicate", "object", "subject_id", "object_id", "subject_type", "object_type",
                                     "edge", "evidence", "sources", "document", "date", "confidence", "trigger", "span"]

    /// The value of an edge column for one edge.
    public static func edgeCell(_ column: String, edge e: Int32, in index: GraphIndex) -> ResultCell? {
        let edge = index.edges[Int(e)]
        let s = index.nodes[Int(index.edgeSubject[Int(e)])], o = index.nodes[Int(index.edgeObject[Int(e)])]
        switch column {
        case "subject": return .string(s.label)
        case "predicate": return .string(edge.predicate.rawValue)
        case "object": return .string(o.label)
        case "subject_id": return .string(s.id)
        case "object_id": return .string(o.id)
        case "subject_type": return .string(s.type.rawValue)
        case "object_type": return .string(o.type.rawValue)
        case "edge": return .string(edge.id)
        case "evidence": return edge.evidence.isEmpty ? .null : .string(edge.evidenceSentence)
        case "sources": return .string(edge.sources.joined(separator: " "))
        case "document": return edge.evidence.first.map { .string($0.document) } ?? .null
        case "date": return edge.date.map(ResultCell.string) ?? .null
        case "confidence": return .double(edge.confidence)
        case "trigger": return edge.evidence.first?.trigger.map(ResultCell.string) ?? .null
        case "span": return edge.span.map { .string($0.description) } ?? .null
        default: return nil
        }
    }

    static func unknownColumn(_ c: String, extra: [String]) -> KGError {
        .usage("unknown column '\(c)'; choose from \((extra + edgeColumns).joined(separator: ", "))")
    }

    /// A table of edges (for `--around` and `--path`), with a leading numeric column (`depth`, `step`).
    public static func edgeTable(_ edges: [(edge: Int32, rank: Int)], rankColumn: String, columns: [String], index: GraphIndex,
                                 notes: [String]) throws -> QueryResult {
        let columns = columns.isEmpty ? [rankColumn, "subject", "predicate", "object"] : columns
        var rows: [[ResultCell]] = []
        for (e, rank) in edges {
            rows.append(try columns.map { c in
                if c == rankColumn { return .int(rank) }
                guard let cell = edgeCell(c, edge: e, in: index) else { throw unknownColumn(c, extra: [rankColumn]) }
                return cell
            })
        }
        return QueryResult(columns: columns, rows: distinct(rows), notes: notes)
    }

    /// The rows without repeats (the first of equal rows is kept): two parallel edges, or two matches
    /// that differ only in what no column shows, make one answer.
    static func distinct(_ rows: [[ResultCell]]) -> [[ResultCell]] {
        var seen = Set<[ResultCell]>()
        return rows.filter { seen.insert($0).inserted }
    }

    /// A table of pattern matches. Without `columns`: one column per variable, or subject, predicate,
    /// object when the query has none. Edge columns of a query with several patterns join the values of
    /// every pattern's edge with " ; ".
    public static func matchTable(_ matches: [PatternMatch], query: PatternQuery, columns: [String], index: GraphIndex,
                                  notes: [String]) throws -> QueryResult {
        let vars = query.variables
        let columns = columns.isEmpty ? (vars.isEmpty ? ["subject", "predicate", "object"] : vars) : columns
        let predicateVars = Set(query.patterns.compactMap { if case .variable(let v) = $0.predicate { return v } else { return nil } })
        var getters: [(PatternMatch) -> ResultCell] = []
        for c in columns {
            let name = c.hasPrefix("?") ? String(c.dropFirst()) : c
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            if let slot = vars.firstIndex(of: parts[0]) {
                let field = parts.count > 1 ? parts[1] : "label"
                if predicateVars.contains(parts[0]) {
                    getters.append { .string(index.predicates[Int($0.bindings[slot])].rawValue) }
                    continue
                }
                switch field {
                case "label": getters.append { .string(index.nodes[Int($0.bindings[slot])].label) }
                case "id": getters.append { .string(index.nodes[Int($0.bindings[slot])].id) }
                case "type": getters.append { .string(index.nodes[Int($0.bindings[slot])].type.rawValue) }
                default: throw KGError.usage("unknown field '\(field)' in column '\(c)'; use ?\(parts[0]), ?\(parts[0]).id or ?\(parts[0]).type")
                }
                continue
            }
            guard edgeColumns.contains(name) else { throw unknownColumn(c, extra: vars) }
            getters.append { m in
                let cells = m.edges.map { edgeCell(name, edge: $0, in: index)! }
                if cells.count == 1 { return cells[0] }
                return .string(cells.map(\.text).joined(separator: " ; "))
            }
        }
        let rows = matches.map { m in getters.map { $0(m) } }
        return QueryResult(columns: columns, rows: distinct(rows), notes: notes)
    }
}
