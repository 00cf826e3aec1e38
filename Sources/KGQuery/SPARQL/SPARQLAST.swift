/// The SPARQL SELECT subset kg evaluates, as a syntax tree.
public struct SPARQLQuery: Sendable, Equatable {
    public var prefixes: [String: String]
    public var distinct: Bool
    /// Projected variables; nil for `SELECT *`.
    public var projection: [String]?
    public var pattern: SPARQLGroup
    public var orderBy: [SPARQLOrderCondition]
    public var limit: Int?
    public var offset: Int
}

public struct SPARQLOrderCondition: Sendable, Equatable {
    public var expression: SPARQLExpression
    public var ascending: Bool
}

/// A subject, predicate or object in a triple pattern.
public enum SPARQLPatternTerm: Sendable, Equatable {
    case variable(String)
    case term(RDFTerm)
}

public struct SPARQLTriplePattern: Sendable, Equatable {
    public var subject: SPARQLPatternTerm
    public var predicate: SPARQLPatternTerm
    public var object: SPARQLPatternTerm
}

/// A group graph pattern `{ … }`: its elements in order; its filters apply to the whole group.
public struct SPARQLGroup: Sendable, Equatable {
    public indirect enum Element: Sendable, Equatable {
        case triples([SPARQLTriplePattern])
        case filter(SPARQLExpression)
        case optional(SPARQLGroup)
        case group(SPARQLGroup)
        case union([SPARQLGroup])
    }
    public var elements: [Element]
}

/// A FILTER or ORDER BY expression.
public indirect enum SPARQLExpression: Sendable, Equatable {
    case variable(String)
    case constant(RDFTerm)
    case or(SPARQLExpression, SPARQLExpression)
    case and(SPARQLExpression, SPARQLExpression)
    case not(SPARQLExpression)
    /// `=`, `!=`, `<`, `<=`, `>`, `>=`
    case compare(String, SPARQLExpression, SPARQLExpression)
    /// `+`, `-`, `*`, `/`
    case arithmetic(String, SPARQLExpression, SPARQLExpression)
    case negate(SPARQLExpression)
    /// `IN` / `NOT IN`
    case inList(SPARQLExpression, [SPARQLExpression], negated: Bool)
    /// A built-in (lower-cased name: `regex`, `bound`, `str`…) or a cast (`xsd:integer` as a full IRI).
    case call(String, [SPARQLExpression])
}

extension SPARQLGroup {
    /// Variables in order of first appearance (patterns, then filters).
    var variables: [String] {
        var out: [String] = []
        func add(_ v: String) { if !out.contains(v) { out.append(v) } }
        func visit(_ g: SPARQLGroup) {
            for e in g.elements {
                switch e {
                case .triples(let ts):
                    for t in ts {
                        for term in [t.subject, t.predicate, t.object] { if case .variable(let v) = term { add(v) } }
                    }
                case .optional(let sub), .group(let sub): visit(sub)
                case .union(let gs): gs.forEach(visit)
                case .filter: break
                }
            }
        }
        visit(self)
        return out
    }
}

extension SPARQLExpression {
    /// Variables the expression mentions.
    func collectVariables(into out: inout [String]) {
        switch self {
        case .variable(let v): if !out.contains(v) { out.append(v) }
        case .constant: break
        case .or(let a, let b), .and(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b):
            a.collectVariables(into: &out); b.collectVariables(into: &out)
        case .not(let a), .negate(let a): a.collectVariables(into: &out)
        case .inList(let a, let list, _): a.collectVariables(into: &out); list.forEach { $0.collectVariables(into: &out) }
        case .call(_, let args): args.forEach { $0.collectVariables(into: &out) }
        }
    }
}
