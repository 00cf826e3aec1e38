/// Errors that stop a kg operation. Each prints as one line that names the file (and place) and says
/// what to do next; `code` is stable for scripts.
public enum KGError: Error, Equatable, CustomStringConvertible, Sendable {
    /// An input could not be read or decoded (missing, binary, not UTF-8, too large…).
    case input(file: String, message: String)
    /// A file in a graph format is malformed or unsafe.
    case parse(file: String, line: Int, column: Int, message: String)
    /// An output could not be written.
    case output(file: String, message: String)
    /// The ontology or a lexicon is missing or malformed.
    case ontology(file: String, message: String)
    /// A query is malformed; `position` is a 1-based column into the query.
    case query(position: Int, message: String)
    /// Anything the user asked for that kg cannot do.
    case usage(String)

    public var code: String {
        switch self {
        case .input: return "KG001"
        case .parse: return "KG002"
        case .output: return "KG003"
        case .ontology: return "KG004"
        case .query: return "KG005"
        case .usage: return "KG006"
        }
    }

    public var description: String {
        switch self {
        case .input(let file, let m): return "\(file): \(m)"
        case .parse(let file, let line, let column, let m): return "\(file):\(line):\(column): \(m)"
        case .output(let file, let m): return "\(file): \(m)"
        case .ontology(let file, let m): return "\(file): \(m)"
        case .query(let position, let m): return "query, column \(position): \(m)"
        case .usage(let m): return m
        }
    }
}

/// A problem kg recovered from (a skipped line, a fallback decoding), collected and printed at the end.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case warning, note }
    public var severity: Severity
    public var file: String
    public var message: String
    public init(_ severity: Severity, file: String, _ message: String) {
        self.severity = severity
        self.file = file
        self.message = message
    }
    public var description: String { "\(severity.rawValue): \(file): \(message)" }
}
