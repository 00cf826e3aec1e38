/// One value in a query answer.
public enum ResultCell: Hashable, Sendable {
    case null
    case string(String)
    case int(Int)
    case double(Double)
    /// An RDF term (SPARQL answers).
    case term(RDFTerm)

    /// The value as shown in a table, TSV or CSV cell.
    public var text: String {
        switch self {
        case .null: return ""
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .term(let t): return t.displayText
        }
    }
}

/// The answer to a query: named columns and rows, plus notes for the user (printed on standard error).
public struct QueryResult: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Pattern, neighborhood and path queries.
        case relations
        /// SPARQL SELECT: cells are RDF terms or null (unbound).
        case sparql
    }

    public var kind: Kind
    public var columns: [String]
    public var rows: [[ResultCell]]
    public var notes: [String]

    public init(kind: Kind = .relations, columns: [String], rows: [[ResultCell]], notes: [String] = []) {
        self.kind = kind
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }

    /// The values of one column, in row order.
    public func column(_ name: String) -> [ResultCell] {
        guard let i = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0[i] }
    }
}
