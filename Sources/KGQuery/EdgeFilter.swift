import KGCore

/// Filters that apply to every edge and entity a query touches: entity types, a date range on the
/// evidence, and the documents the evidence comes from.
public struct EdgeFilter: Sendable, Equatable {
    /// Entity types the answers must have (empty: any).
    public var types: Set<String> = []
    /// Earliest evidence date, ISO 8601 (`2025`, `2025-12`, `2025-12-01`), inclusive.
    public var since: String?
    /// Latest evidence date, inclusive (`2025-12` includes every day of December).
    public var until: String?
    /// Document patterns (`*` wildcards); an edge passes when one of its documents matches one.
    public var sources: [String] = []

    public init(types: Set<String> = [], since: String? = nil, until: String? = nil, sources: [String] = []) {
        self.types = types
        self.since = since
        self.until = until
        self.sources = sources
    }

    /// Checks that dates are ISO 8601 and returns the filter.
    /// - Throws: `KGError.usage` naming the option and the expected form.
    public func validated() throws -> EdgeFilter {
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let v = value, !EdgeFilter.isISODate(v) {
                throw KGError.usage("\(flag) '\(v)' is not an ISO 8601 date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-12-01)")
            }
        }
        if let s = since, let u = until, s > u, !u.hasPrefix(s) {
            throw KGError.usage("--since \(s) is after --until \(u): no date can match")
        }
        return self
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally followed by `T…` (a time, ignored).
    public static func isISODate(_ s: String) -> Bool {
        let date = s.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return false }
        if parts.count >= 2, let m = Int(parts[1]), !(1...12).contains(m) { return false }
        if parts.count == 3, let d = Int(parts[2]), !(1...31).contains(d) { return false }
        return true
    }

    var hasEdgeConditions: Bool { since != nil || until != nil || !sources.isEmpty }

    /// Whether an evidence date lies in the range (comparing the common precision).
    func dateInRange(_ date: String) -> Bool {
        if let s = since {
            let d = date.prefix(s.count)
            if d < s.prefix(d.count) { return false }
        }
        if let u = until {
            if date.prefix(u.count) > u { return false }
        }
        return true
    }

    /// Whether the edge passes the date and document conditions: some piece of its evidence must be
    /// dated within the range (when one is given) and come from a matching document (when given).
    public func accepts(_ edge: Edge) -> Bool {
        guard hasEdgeConditions else { return true }
        let patterns = sources.map(DocumentPattern.init)
        return edge.evidence.contains { ev in
            if since != nil || until != nil {
                guard let d = ev.date, dateInRange(d) else { return false }
            }
            if !patterns.isEmpty, !patterns.contains(where: { $0.matches(ev.document) }) { return false }
            return true
        }
    }

    /// Whether a node's type passes the type condition.
    public func accepts(_ node: Node) -> Bool {
        types.isEmpty || types.contains(node.type.rawValue) || types.contains { $0.lowercased() == node.type.rawValue.lowercased() }
    }
}

/// A document id pattern: exact, or a glob with `*`; also matches the last path component of the id.
struct DocumentPattern {
    let pieces: [String]
    init(_ text: String) { pieces = text.split(separator: "*", omittingEmptySubsequences: false).map(String.init) }
    func matches(_ document: String) -> Bool {
        if NamePattern.glob(pieces, document) { return true }
        if let slash = document.lastIndex(of: "/") { return NamePattern.glob(pieces, String(document[document.index(after: slash)...])) }
        return false
    }
}
