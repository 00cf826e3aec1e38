import Foundation
import KGCore

/// Evaluates `SPARQLQuery`s over a `TripleStore` with SPARQL 1.1 semantics for the subset: solution
/// multisets, OPTIONAL as a left join (its filters see the joined solution), FILTER errors as false,
/// effective boolean values, typed comparisons (numbers, strings, booleans, xsd:date/dateTime) and
/// the ORDER BY ordering (unbound < blank nodes < IRIs < literals).
///
/// Basic graph patterns are joined one triple pattern at a time, always taking next the pattern whose
/// bound terms select the fewest triples from the store's indexes.
public final class SPARQLEvaluator {
    public let store: TripleStore

    /// Built-in functions (lower-cased).
    public static let functions: Set<String> = [
        "regex", "bound", "str", "lang", "langmatches", "datatype", "isiri", "isuri", "isliteral", "isblank", "isnumeric",
        "contains", "strstarts", "strends", "lcase", "ucase", "strlen", "sameterm", "year", "month", "day", "abs",
        "coalesce", "if",
    ]
    static let arity: [String: ClosedRange<Int>] = [
        "regex": 2...3, "bound": 1...1, "str": 1...1, "lang": 1...1, "langmatches": 2...2, "datatype": 1...1,
        "isiri": 1...1, "isuri": 1...1, "isliteral": 1...1, "isblank": 1...1, "isnumeric": 1...1, "contains": 2...2,
        "strstarts": 2...2, "strends": 2...2, "lcase": 1...1, "ucase": 1...1, "strlen": 1...1, "sameterm": 2...2,
        "year": 1...1, "month": 1...1, "day": 1...1, "abs": 1...1, "coalesce": 1...64, "if": 3...3,
        XSD.string: 1...1, XSD.integer: 1...1, XSD.decimal: 1...1, XSD.double: 1...1, XSD.boolean: 1...1, XSD.date: 1...1,
    ]
    /// Cast functions (datatype IRIs).
    public static let casts: Set<String> = [XSD.string, XSD.integer, XSD.decimal, XSD.double, XSD.boolean, XSD.date]

    public init(store: TripleStore) { self.store = store }

    /// A solution: a term id per variable slot, -1 when unbound.
    typealias Row = [Int32]

    private var slots: [String: Int] = [:]
    private var extraTerms: [RDFTerm] = []
    private var extraIDs: [RDFTerm: Int32] = [:]
    private var regexCache: [String: NSRegularExpression] = [:]

    /// Runs a query; answers are RDF terms (null when unbound), in the order ORDER BY asks, else in
    /// the evaluation's deterministic order.
    public func run(_ query: SPARQLQuery) throws -> QueryResult {
        var variables = query.pattern.variables
        var mentioned: [String] = []
        func filters(_ g: SPARQLGroup) {
            for e in g.elements {
                switch e {
                case .filter(let f): f.collectVariables(into: &mentioned)
                case .optional(let s), .group(let s): filters(s)
                case .union(let gs): gs.forEach(filters)
                case .triples: break
                }
            }
        }
        filters(query.pattern)
        for o in query.orderBy { o.expression.collectVariables(into: &mentioned) }
        let projected = query.projection ?? variables
        for v in mentioned + projected where !variables.contains(v) { variables.append(v) }
        slots = Dictionary(uniqueKeysWithValues: variables.enumerated().map { ($1, $0) })

        var rows = evaluate(query.pattern, seed: [Row(repeating: -1, count: variables.count)])
        if !query.orderBy.isEmpty {
            rows = order(rows, by: query.orderBy)
        }
        let projectedSlots = projected.map { slots[$0]! }
        var out: [[Int32]] = rows.map { r in projectedSlots.map { r[$0] } }
        if query.distinct {
            var seen = Set<[Int32]>()
            out = out.filter { seen.insert($0).inserted }
        }
        let start = min(query.offset, out.count)
        let end = query.limit.map { min(out.count, start + $0) } ?? out.count
        let cells: [[ResultCell]] = out[start..<end].map { r in r.map { $0 < 0 ? .null : .term(term($0)) } }
        return QueryResult(kind: .sparql, columns: projected, rows: cells)
    }

    /// Sorts rows for ORDER BY. A key that is a plain variable is compared through integer ranks
    /// (its distinct terms are sorted once), so sorting many rows compares integers, not terms.
    func order(_ rows: [Row], by conditions: [SPARQLOrderCondition]) -> [Row] {
        var keys: [[Int]] = Array(repeating: [], count: rows.count)
        for cond in conditions {
            if case .variable(let v) = cond.expression, let slot = slots[v] {
                let distinct = Array(Set(rows.map { $0[slot] })).sorted()
                let sortedIDs = distinct.sorted { a, b in
                    SPARQLEvaluator.orderCompare(a < 0 ? nil : term(a), b < 0 ? nil : term(b)) < 0
                }
                var rank: [Int32: Int] = [:]
                var r = 0
                for (i, id) in sortedIDs.enumerated() {
                    if i > 0, SPARQLEvaluator.orderCompare(sortedIDs[i - 1] < 0 ? nil : term(sortedIDs[i - 1]), id < 0 ? nil : term(id)) != 0 { r += 1 }
                    rank[id] = r
                }
                for i in rows.indices { keys[i].append(cond.ascending ? rank[rows[i][slot]]! : -rank[rows[i][slot]]!) }
            } else {
                let values = rows.map { evaluate(cond.expression, $0) }
                var order = Array(values.indices)
                order.sort { SPARQLEvaluator.orderCompare(values[$0], values[$1]) < 0 }
                var rank = [Int](repeating: 0, count: values.count)
                var r = 0
                for (i, idx) in order.enumerated() {
                    if i > 0, SPARQLEvaluator.orderCompare(values[order[i - 1]], values[idx]) != 0 { r += 1 }
                    rank[idx] = r
                }
                for i in rows.indices { keys[i].append(cond.ascending ? rank[i] : -rank[i]) }
            }
        }
        var indices = Array(rows.indices)
        indices.sort { a, b in
            let c = keys[a].lexicographicallyPrecedes(keys[b]) ? -1 : (keys[b].lexicographicallyPrecedes(keys[a]) ? 1 : 0)
            return c != 0 ? c < 0 : a < b
        }
        return indices.map { rows[$0] }
    }

    func term(_ id: Int32) -> RDFTerm {
        id < Int32(store.terms.count) ? store.terms[Int(id)] : extraTerms[Int(id) - store.terms.count]
    }

    // MARK: Patterns

    func evaluate(_ group: SPARQLGroup, seed: [Row]) -> [Row] {
        var rows = seed
        var filters: [SPARQLExpression] = []
        let groupFilters: [(expression: SPARQLExpression, variables: [String])] = group.elements.compactMap {
            guard case .filter(let f) = $0 else { return nil }
            var vars: [String] = []
            f.collectVariables(into: &vars)
            return (f, vars)
        }
        for element in group.elements {
            if rows.isEmpty { break }
            switch element {
            case .triples(let patterns):
                // A filter whose variables this block binds is checked as soon as they are bound, so
                // rows it rejects are not extended further (it is checked again at the end: harmless).
                var bgpVars = Set<String>()
                for t in patterns { for term in [t.subject, t.predicate, t.object] { if case .variable(let v) = term { bgpVars.insert(v) } } }
                let pushed = groupFilters.filter { !$0.variables.isEmpty && $0.variables.allSatisfy(bgpVars.contains) }
                    .map { (expression: $0.expression, slots: $0.variables.map { slots[$0]! }) }
                rows = rows.flatMap { matchBGP(patterns, from: $0, filters: pushed) }
            case .optional(let sub):
                rows = rows.flatMap { r -> [Row] in
                    let extended = evaluate(sub, seed: [r])
                    return extended.isEmpty ? [r] : extended
                }
            case .group(let sub):
                rows = rows.flatMap { evaluate(sub, seed: [$0]) }
            case .union(let alternatives):
                rows = rows.flatMap { r in alternatives.flatMap { evaluate($0, seed: [r]) } }
            case .filter(let f):
                filters.append(f)
            }
        }
        if filters.isEmpty { return rows }
        return rows.filter { r in filters.allSatisfy { SPARQLEvaluator.effectiveBoolean(evaluate($0, r)) == true } }
    }

    /// A pattern part resolved against a row: a term id, a variable slot to bind, or a constant the
    /// store lacks (matches nothing).
    enum Resolved { case bound(Int32), free(Int), missing }

    func resolve(_ t: SPARQLPatternTerm, _ row: Row) -> Resolved {
        switch t {
        case .variable(let v):
            let slot = slots[v]!
            return row[slot] >= 0 ? .bound(row[slot]) : .free(slot)
        case .term(let term):
            return store.id(of: term).map(Resolved.bound) ?? .missing
        }
    }

    func matchBGP(_ patterns: [SPARQLTriplePattern], from row: Row,
                  filters: [(expression: SPARQLExpression, slots: [Int])] = []) -> [Row] {
        var out: [Row] = []
        var done = [Bool](repeating: false, count: patterns.count)
        var checked = [Bool](repeating: false, count: filters.count)
        var row = row
        /// Checks the filters that just became fully bound; records them in `newly`.
        func filtersPass(_ newly: inout [Int]) -> Bool {
            for (i, f) in filters.enumerated() where !checked[i] && f.slots.allSatisfy({ row[$0] >= 0 }) {
                checked[i] = true
                newly.append(i)
                if SPARQLEvaluator.effectiveBoolean(evaluate(f.expression, row)) != true { return false }
            }
            return true
        }
        var initial: [Int] = []
        if !filtersPass(&initial) { return [] }
        func step(_ remaining: Int) {
            if remaining == 0 { out.append(row); return }
            // Pick the pattern with the fewest candidate triples under the current bindings.
            var best = -1, bestCount = Int.max
            var bestParts: (Resolved, Resolved, Resolved) = (.missing, .missing, .missing)
            for (i, p) in patterns.enumerated() where !done[i] {
                let parts = (resolve(p.subject, row), resolve(p.predicate, row), resolve(p.object, row))
                func id(_ r: Resolved) -> Int32? { if case .bound(let x) = r { return x } else { return nil } }
                let n: Int
                if case .missing = parts.0 { n = 0 } else if case .missing = parts.1 { n = 0 } else if case .missing = parts.2 { n = 0 }
                else { n = store.estimate(s: id(parts.0), p: id(parts.1), o: id(parts.2)) }
                if n < bestCount { best = i; bestCount = n; bestParts = parts }
            }
            if bestCount == 0 { return }
            done[best] = true
            defer { done[best] = false }
            func id(_ r: Resolved) -> Int32? { if case .bound(let x) = r { return x } else { return nil } }
            let (rs, rp, ro) = bestParts
            for t in store.candidates(s: id(rs), p: id(rp), o: id(ro)) {
                let (s, p, o) = store.triple(t)
                var bound: [Int] = []
                func unify(_ r: Resolved, _ value: Int32) -> Bool {
                    switch r {
                    case .bound(let x): return x == value
                    case .missing: return false
                    case .free(let slot):
                        if row[slot] >= 0 { return row[slot] == value } // the same variable twice in a pattern
                        row[slot] = value
                        bound.append(slot)
                        return true
                    }
                }
                if unify(rs, s), unify(rp, p), unify(ro, o) {
                    var newly: [Int] = []
                    if filtersPass(&newly) { step(remaining - 1) }
                    for i in newly { checked[i] = false }
                }
                for slot in bound { row[slot] = -1 }
            }
        }
        step(patterns.count)
        return out
    }

    // MARK: Expressions

    /// The value of an expression for a row; nil is a SPARQL expression error.
    func evaluate(_ e: SPARQLExpression, _ row: Row) -> RDFTerm? {
        switch e {
        case .variable(let v):
            guard let slot = slots[v], row[slot] >= 0 else { return nil }
            return term(row[slot])
        case .constant(let t): return t
        case .or(let a, let b):
            let x = SPARQLEvaluator.effectiveBoolean(evaluate(a, row)), y = SPARQLEvaluator.effectiveBoolean(evaluate(b, row))
            if x == true || y == true { return Self.bool(true) }
            if x == false && y == false { return Self.bool(false) }
            return nil
        case .and(let a, let b):
            let x = SPARQLEvaluator.effectiveBoolean(evaluate(a, row)), y = SPARQLEvaluator.effectiveBoolean(evaluate(b, row))
            if x == false || y == false { return Self.bool(false) }
            if x == true && y == true { return Self.bool(true) }
            return nil
        case .not(let a):
            return SPARQLEvaluator.effectiveBoolean(evaluate(a, row)).map { Self.bool(!$0) }
        case .compare(let op, let a, let b):
            guard let x = evaluate(a, row), let y = evaluate(b, row) else { return nil }
            return SPARQLValues.compare(op, x, y).map(Self.bool)
        case .arithmetic(let op, let a, let b):
            guard let x = evaluate(a, row), let y = evaluate(b, row) else { return nil }
            return SPARQLValues.arithmetic(op, x, y)
        case .negate(let a):
            guard let x = evaluate(a, row) else { return nil }
            return SPARQLValues.arithmetic("-", .typed("0", XSD.integer), x)
        case .inList(let a, let list, let negated):
            guard let x = evaluate(a, row) else { return nil }
            var sawError = false
            for item in list {
                guard let y = evaluate(item, row), let eq = SPARQLValues.compare("=", x, y) else { sawError = true; continue }
                if eq { return Self.bool(!negated) }
            }
            return sawError ? nil : Self.bool(negated)
        case .call(let name, let args):
            return call(name, args, row)
        }
    }

    static func bool(_ b: Bool) -> RDFTerm { .typed(b ? "true" : "false", XSD.boolean) }

    /// SPARQL's effective boolean value; nil is a type error.
    static func effectiveBoolean(_ t: RDFTerm?) -> Bool? {
        guard case .literal(let lex, let dt, let lang)? = t else { return nil }
        if lang != nil { return nil }
        guard let dt, dt != XSD.string else { return !lex.isEmpty }
        if dt == XSD.boolean { return lex == "true" || lex == "1" }
        if XSD.numeric.contains(dt) {
            guard let v = SPARQLValues.number(lex, dt) else { return false }
            return v != 0 && !v.isNaN
        }
        return nil
    }

    func call(_ name: String, _ args: [SPARQLExpression], _ row: Row) -> RDFTerm? {
        switch name {
        case "bound":
            guard case .variable(let v) = args[0], let slot = slots[v] else { return Self.bool(false) }
            return Self.bool(row[slot] >= 0)
        case "coalesce":
            for a in args { if let v = evaluate(a, row) { return v } }
            return nil
        case "if":
            guard let c = SPARQLEvaluator.effectiveBoolean(evaluate(args[0], row)) else { return nil }
            return evaluate(c ? args[1] : args[2], row)
        default: break
        }
        let values = args.map { evaluate($0, row) }
        if name == "sameterm" {
            guard let a = values[0], let b = values[1] else { return nil }
            return Self.bool(a == b)
        }
        if name.hasPrefix("http") { return values[0].flatMap { SPARQLValues.cast($0, to: name) } }
        guard let x = values[0] else { return nil }
        switch name {
        case "str":
            switch x {
            case .iri(let s): return .plain(s)
            case .literal(let s, _, _): return .plain(s)
            case .blank: return nil
            }
        case "lang":
            guard case .literal(_, _, let lang) = x else { return nil }
            return .plain(lang ?? "")
        case "langmatches":
            guard case .literal(let tag, nil, nil)? = values[0], case .literal(let range, nil, nil)? = values[1] else { return nil }
            if range == "*" { return Self.bool(!tag.isEmpty) }
            let t = tag.lowercased(), r = range.lowercased()
            return Self.bool(t == r || t.hasPrefix(r + "-"))
        case "datatype":
            guard case .literal(_, let dt, let lang) = x else { return nil }
            return .iri(lang != nil ? RDFNS.langString : (dt ?? XSD.string))
        case "isiri", "isuri": return Self.bool(x.isIRI)
        case "isliteral": return Self.bool(x.isLiteral)
        case "isblank": return Self.bool(x.isBlank)
        case "isnumeric":
            guard case .literal(let lex, let dt?, nil) = x, XSD.numeric.contains(dt) else { return Self.bool(false) }
            return Self.bool(SPARQLValues.number(lex, dt) != nil)
        case "strlen":
            guard let s = SPARQLValues.stringValue(x) else { return nil }
            return .typed(String(s.text.unicodeScalars.count), XSD.integer)
        case "lcase", "ucase":
            guard case .literal(let s, let dt, let lang) = x, SPARQLValues.stringValue(x) != nil else { return nil }
            return .literal(name == "lcase" ? s.lowercased() : s.uppercased(), datatype: dt, language: lang)
        case "contains", "strstarts", "strends":
            guard let a = SPARQLValues.stringValue(x), let bt = values[1], let b = SPARQLValues.stringValue(bt) else { return nil }
            if b.language != nil && a.language != b.language { return nil }
            let hay = Array(a.text.unicodeScalars), needle = Array(b.text.unicodeScalars)
            switch name {
            case "contains":
                if needle.isEmpty { return Self.bool(true) }
                if needle.count > hay.count { return Self.bool(false) }
                return Self.bool((0...(hay.count - needle.count)).contains { hay[$0..<($0 + needle.count)].elementsEqual(needle) })
            case "strstarts": return Self.bool(hay.starts(with: needle))
            default: return Self.bool(hay.reversed().starts(with: needle.reversed()))
            }
        case "regex":
            guard let text = SPARQLValues.stringValue(x), case .literal(let pattern, nil, nil)? = values[1] else { return nil }
            var flags = ""
            if values.count == 3 {
                guard case .literal(let f, nil, nil)? = values[2] else { return nil }
                flags = f
            }
            guard let re = regex(pattern, flags: flags) else { return nil }
            let ns = text.text as NSString
            return Self.bool(re.firstMatch(in: text.text, range: NSRange(location: 0, length: ns.length)) != nil)
        case "year", "month", "day":
            guard case .literal(let lex, let dt?, nil) = x, dt == XSD.date || dt == XSD.dateTime else { return nil }
            let parts = lex.split(separator: "T")[0].split(separator: "-", omittingEmptySubsequences: false)
            let negative = lex.hasPrefix("-")
            let p = negative ? Array(parts.dropFirst()) : parts
            guard p.count >= 3 else { return nil }
            let index = name == "year" ? 0 : name == "month" ? 1 : 2
            guard let v = Int(p[index].prefix(name == "day" ? 2 : p[index].count)) else { return nil }
            return .typed(String(negative && index == 0 ? -v : v), XSD.integer)
        case "abs":
            guard case .literal(let lex, let dt?, nil) = x, XSD.numeric.contains(dt), let v = SPARQLValues.number(lex, dt) else { return nil }
            return v < 0 ? SPARQLValues.arithmetic("-", .typed("0", XSD.integer), x) : x
        default:
            return nil
        }
    }

    func regex(_ pattern: String, flags: String) -> NSRegularExpression? {
        let key = flags + "\u{0}" + pattern
        if let r = regexCache[key] { return r }
        var options: NSRegularExpression.Options = []
        var pattern = pattern
        for f in flags {
            switch f {
            case "i": options.insert(.caseInsensitive)
            case "s": options.insert(.dotMatchesLineSeparators)
            case "m": options.insert(.anchorsMatchLines)
            case "x": options.insert(.allowCommentsAndWhitespace)
            case "q": pattern = NSRegularExpression.escapedPattern(for: pattern)
            default: return nil
            }
        }
        guard let re = try? NSRegularExpression(pattern: pattern, options: options) else { return nil }
        regexCache[key] = re
        return re
    }

    /// ORDER BY's total order: unbound (errors) < blank nodes < IRIs < literals; literals by value when
    /// comparable, else by lexical form then datatype.
    static func orderCompare(_ a: RDFTerm?, _ b: RDFTerm?) -> Int {
        func rank(_ t: RDFTerm?) -> Int {
            switch t {
            case nil: return 0
            case .blank?: return 1
            case .iri?: return 2
            case .literal?: return 3
            }
        }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        guard let a, let b else { return 0 }
        switch (a, b) {
        case (.blank(let x), .blank(let y)), (.iri(let x), .iri(let y)):
            return SPARQLValues.codepointCompare(x, y)
        default:
            if SPARQLValues.compare("<", a, b) == true { return -1 }
            if SPARQLValues.compare("<", b, a) == true { return 1 }
            if case .literal(let x, let dx, let lx) = a, case .literal(let y, let dy, let ly) = b {
                let c = SPARQLValues.codepointCompare(x, y)
                if c != 0 { return c }
                return SPARQLValues.codepointCompare((dx ?? "") + (lx ?? ""), (dy ?? "") + (ly ?? ""))
            }
            return 0
        }
    }
}
