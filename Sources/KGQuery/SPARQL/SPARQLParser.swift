import KGCore

extension SPARQLQuery {
    /// Parses a SPARQL SELECT query of the subset kg supports.
    ///
    /// Supported: `BASE`/`PREFIX`, `SELECT [DISTINCT|REDUCED] ?v… | *`, `WHERE { … }` with triple
    /// patterns (`;` and `,` lists, `a`), `FILTER`, `OPTIONAL`, nested groups and `UNION`, then
    /// `ORDER BY [ASC|DESC]`, `LIMIT`, `OFFSET`. Expressions: `|| && ! = != < <= > >= + - * /`, `IN`,
    /// and the functions in `SPARQLEvaluator.functions`.
    /// - Throws: `KGError.query` with the 1-based column of the offending token and what was expected.
    public init(parsing text: String) throws {
        var lexer = SPARQLLexer(text)
        var parser = SPARQLParser(tokens: try lexer.tokenize())
        self = try parser.query()
    }
}

struct SPARQLParser {
    let tokens: [SPARQLToken]
    var pos = 0
    var prefixes: [String: String] = [
        "rdf": RDFNS.rdf, "rdfs": RDFNS.rdfs, "xsd": RDFNS.xsd,
    ]
    var base: String?
    var declared: Set<String> = []

    init(tokens: [SPARQLToken]) { self.tokens = tokens }

    var current: SPARQLToken { tokens[pos] }

    func fail(_ expected: String, at token: SPARQLToken? = nil) -> KGError {
        let t = token ?? current
        return .query(position: t.offset + 1, message: "expected \(expected), found \(t.kind == .end ? t.text : "'\(t.text)'")")
    }

    func isWord(_ w: String) -> Bool {
        if case .word(let x) = current.kind { return x.lowercased() == w.lowercased() }
        return false
    }
    func isPunct(_ p: String) -> Bool { current.kind == .punct(p) }

    mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }

    mutating func expectWord(_ w: String, _ what: String? = nil) throws {
        guard isWord(w) else { throw fail(what ?? w.uppercased()) }
        advance()
    }
    mutating func expectPunct(_ p: String, _ what: String) throws {
        guard isPunct(p) else { throw fail(what) }
        advance()
    }

    mutating func query() throws -> SPARQLQuery {
        while true {
            if isWord("PREFIX") {
                advance()
                guard case .prefixedName(let p, let local) = current.kind, local.isEmpty else {
                    throw fail("a prefix name ending in ':' after PREFIX, e.g. PREFIX kg: <…>")
                }
                advance()
                guard case .iri(let iri) = current.kind else { throw fail("an IRI in <…> for prefix '\(p):'") }
                prefixes[p] = resolve(iri)
                declared.insert(p)
                advance()
            } else if isWord("BASE") {
                advance()
                guard case .iri(let iri) = current.kind else { throw fail("an IRI in <…> after BASE") }
                base = iri
                advance()
            } else { break }
        }
        guard isWord("SELECT") else {
            if case .word(let w) = current.kind, ["ask", "construct", "describe", "insert", "delete"].contains(w.lowercased()) {
                throw KGError.query(position: current.offset + 1, message: "only SELECT queries are supported, found '\(w)'")
            }
            throw fail("SELECT (or PREFIX/BASE before it)")
        }
        advance()
        var distinct = false
        if isWord("DISTINCT") || isWord("REDUCED") { distinct = isWord("DISTINCT"); advance() }
        var projection: [String]? = []
        if isPunct("*") {
            projection = nil
            advance()
        } else {
            while case .variable(let v) = current.kind {
                projection!.append(v)
                advance()
            }
            if isPunct("(") {
                throw KGError.query(position: current.offset + 1, message: "expressions in SELECT (… AS ?x) are not supported; select variables")
            }
            if projection!.isEmpty { throw fail("'*' or variables such as ?s after SELECT") }
        }
        if isWord("FROM") { throw KGError.query(position: current.offset + 1, message: "FROM is not supported: kg queries the graph files given on the command line") }
        if isWord("WHERE") { advance() }
        guard isPunct("{") else { throw fail("'{' to open the WHERE pattern") }
        let group = try groupPattern()
        var order: [SPARQLOrderCondition] = []
        if isWord("ORDER") {
            advance()
            try expectWord("BY", "BY after ORDER")
            while true {
                if isWord("ASC") || isWord("DESC") {
                    let asc = isWord("ASC")
                    advance()
                    guard isPunct("(") else { throw fail("'(' after \(asc ? "ASC" : "DESC")") }
                    order.append(SPARQLOrderCondition(expression: try bracketed(), ascending: asc))
                } else if case .variable(let v) = current.kind {
                    order.append(SPARQLOrderCondition(expression: .variable(v), ascending: true))
                    advance()
                } else if isPunct("(") {
                    order.append(SPARQLOrderCondition(expression: try bracketed(), ascending: true))
                } else if case .word = current.kind, !isWord("LIMIT"), !isWord("OFFSET") {
                    order.append(SPARQLOrderCondition(expression: try primary(), ascending: true))
                } else { break }
            }
            if order.isEmpty { throw fail("a variable, ASC(…) or DESC(…) after ORDER BY") }
        }
        var limit: Int?, offset = 0
        var seenLimit = false, seenOffset = false
        while isWord("LIMIT") || isWord("OFFSET") {
            let isLimit = isWord("LIMIT")
            let keyword = current
            if isLimit ? seenLimit : seenOffset { throw fail("one \(isLimit ? "LIMIT" : "OFFSET") only", at: keyword) }
            advance()
            guard case .integer(let n) = current.kind, let value = Int(n) else {
                throw fail("a non-negative integer after \(isLimit ? "LIMIT" : "OFFSET")")
            }
            advance()
            if isLimit { limit = value; seenLimit = true } else { offset = value; seenOffset = true }
        }
        guard current.kind == .end else {
            throw fail(order.isEmpty && limit == nil ? "ORDER BY, LIMIT, OFFSET or the end of the query" : "LIMIT, OFFSET or the end of the query")
        }
        return SPARQLQuery(prefixes: prefixes, distinct: distinct, projection: projection, pattern: group, orderBy: order,
                           limit: limit, offset: offset)
    }

    func resolve(_ iri: String) -> String {
        guard let base, !iri.contains(":") else { return iri }
        if iri.isEmpty { return base }
        if iri.hasPrefix("#") { return (base.split(separator: "#", maxSplits: 1).first.map(String.init) ?? base) + iri }
        if let slash = base.lastIndex(of: "/") { return String(base[...slash]) + iri }
        return base + iri
    }

    /// `{ … }` with the current token the `{`.
    mutating func groupPattern() throws -> SPARQLGroup {
        let open = current
        try expectPunct("{", "'{'")
        var elements: [SPARQLGroup.Element] = []
        var triples: [SPARQLTriplePattern] = []
        func flush() { if !triples.isEmpty { elements.append(.triples(triples)); triples = [] } }
        while true {
            if isPunct("}") { advance(); break }
            if current.kind == .end { throw fail("'}' to close the group opened at column \(open.offset + 1)") }
            if isWord("FILTER") {
                advance()
                flush()
                elements.append(.filter(try constraint()))
            } else if isWord("OPTIONAL") {
                advance()
                flush()
                guard isPunct("{") else { throw fail("'{' after OPTIONAL") }
                elements.append(.optional(try groupPattern()))
            } else if isPunct("{") {
                flush()
                var alternatives = [try groupPattern()]
                while isWord("UNION") {
                    advance()
                    guard isPunct("{") else { throw fail("'{' after UNION") }
                    alternatives.append(try groupPattern())
                }
                elements.append(alternatives.count == 1 ? .group(alternatives[0]) : .union(alternatives))
            } else if case .word(let w) = current.kind, ["minus", "graph", "service", "bind", "values"].contains(w.lowercased()) {
                throw KGError.query(position: current.offset + 1, message: "\(w.uppercased()) is not supported; use triple patterns, FILTER, OPTIONAL, UNION")
            } else {
                try triplesSameSubject(into: &triples)
                if isPunct(".") { advance(); continue }
                if current.kind == .end { throw fail("'}' to close the group opened at column \(open.offset + 1)") }
                if isPunct("}") || isWord("FILTER") || isWord("OPTIONAL") || isPunct("{") { continue }
                throw fail("'.', ';', ',' or '}' after a triple pattern")
            }
            if isPunct(".") { advance() }
        }
        flush()
        return SPARQLGroup(elements: elements)
    }

    mutating func triplesSameSubject(into out: inout [SPARQLTriplePattern]) throws {
        let subject = try patternTerm(role: "a subject (?var, <iri> or prefix:name)")
        if case .term(let t) = subject, t.isLiteral {
            // Allowed by SPARQL's grammar, but a literal subject never matches RDF data.
        }
        while true {
            let verb: SPARQLPatternTerm
            if isWord("a") {
                verb = .term(.iri(RDFNS.type))
                advance()
            } else {
                let t = current
                verb = try patternTerm(role: "a predicate (?var, <iri>, prefix:name or a)")
                if case .term(let term) = verb, !term.isIRI { throw fail("a predicate (?var, <iri>, prefix:name or a)", at: t) }
            }
            while true {
                let object = try patternTerm(role: "an object (?var, <iri>, prefix:name or a literal)")
                out.append(SPARQLTriplePattern(subject: subject, predicate: verb, object: object))
                if isPunct(",") { advance(); continue }
                break
            }
            if isPunct(";") {
                while isPunct(";") { advance() }
                if isPunct(".") || isPunct("}") { return }
                continue
            }
            return
        }
    }

    mutating func patternTerm(role: String) throws -> SPARQLPatternTerm {
        if case .variable(let v) = current.kind { advance(); return .variable(v) }
        if case .punct("[") = current.kind { throw KGError.query(position: current.offset + 1, message: "blank node patterns [ … ] are not supported; use a variable") }
        guard let t = try termIfAny() else { throw fail(role) }
        return .term(t)
    }

    mutating func iri(from token: SPARQLToken) throws -> String? {
        switch token.kind {
        case .iri(let s): return resolve(s)
        case .prefixedName(let p, let local):
            guard let ns = prefixes[p] else {
                throw KGError.query(position: token.offset + 1, message: "unknown prefix '\(p):'; declare it with PREFIX \(p): <…>")
            }
            return ns + local.replacingOccurrences(of: "\\", with: "")
        default: return nil
        }
    }

    /// An IRI, literal, number or boolean at the current token (nil when it is none of these).
    mutating func termIfAny() throws -> RDFTerm? {
        let t = current
        if let iri = try iri(from: t) { advance(); return .iri(iri) }
        switch t.kind {
        case .string(let s):
            advance()
            if case .langTag(let l) = current.kind { advance(); return .literal(s, datatype: nil, language: l) }
            if isPunct("^^") {
                advance()
                guard let dt = try iri(from: current) else { throw fail("a datatype IRI after '^^', e.g. xsd:date") }
                advance()
                return .typed(s, dt)
            }
            return .plain(s)
        case .integer(let n): advance(); return .typed(n, XSD.integer)
        case .decimal(let n): advance(); return .typed(n, XSD.decimal)
        case .double(let n): advance(); return .typed(n, XSD.double)
        case .punct(let sign) where sign == "+" || sign == "-":
            // A signed number literal.
            let next = tokens[min(pos + 1, tokens.count - 1)]
            switch next.kind {
            case .integer(let n): pos += 2; return .typed(sign == "-" ? "-" + n : n, XSD.integer)
            case .decimal(let n): pos += 2; return .typed(sign == "-" ? "-" + n : n, XSD.decimal)
            case .double(let n): pos += 2; return .typed(sign == "-" ? "-" + n : n, XSD.double)
            default: return nil
            }
        case .word(let w) where w == "true" || w == "false": advance(); return .typed(w, XSD.boolean)
        default: return nil
        }
    }

    // MARK: Expressions

    /// `FILTER` constraint: a bracketed expression or a function call.
    mutating func constraint() throws -> SPARQLExpression {
        if isPunct("(") { return try bracketed() }
        if case .word = current.kind { return try functionCall() }
        if case .prefixedName = current.kind { return try functionCall() }
        if case .iri = current.kind { return try functionCall() }
        throw fail("'(' or a function such as regex(…) after FILTER")
    }

    mutating func bracketed() throws -> SPARQLExpression {
        try expectPunct("(", "'('")
        let e = try expression()
        try expectPunct(")", "')' to close the expression")
        return e
    }

    mutating func expression() throws -> SPARQLExpression {
        var e = try conjunction()
        while isPunct("||") { advance(); e = .or(e, try conjunction()) }
        return e
    }

    mutating func conjunction() throws -> SPARQLExpression {
        var e = try relational()
        while isPunct("&&") { advance(); e = .and(e, try relational()) }
        return e
    }

    mutating func relational() throws -> SPARQLExpression {
        let left = try additive()
        for op in ["=", "!=", "<", "<=", ">", ">="] where isPunct(op) {
            advance()
            return .compare(op, left, try additive())
        }
        if isWord("IN") || isWord("NOT") {
            let negated = isWord("NOT")
            advance()
            if negated { try expectWord("IN", "IN after NOT") }
            try expectPunct("(", "'(' to open the IN list")
            var list: [SPARQLExpression] = []
            if !isPunct(")") {
                list.append(try expression())
                while isPunct(",") { advance(); list.append(try expression()) }
            }
            try expectPunct(")", "')' or ',' in the IN list")
            return .inList(left, list, negated: negated)
        }
        return left
    }

    mutating func additive() throws -> SPARQLExpression {
        var e = try multiplicative()
        while isPunct("+") || isPunct("-") {
            let op = isPunct("+") ? "+" : "-"
            advance()
            e = .arithmetic(op, e, try multiplicative())
        }
        return e
    }

    mutating func multiplicative() throws -> SPARQLExpression {
        var e = try unary()
        while isPunct("*") || isPunct("/") {
            let op = isPunct("*") ? "*" : "/"
            advance()
            e = .arithmetic(op, e, try unary())
        }
        return e
    }

    mutating func unary() throws -> SPARQLExpression {
        if isPunct("!") { advance(); return .not(try unary()) }
        if isPunct("-") { advance(); return .negate(try unary()) }
        if isPunct("+") { advance(); return try unary() }
        return try primary()
    }

    mutating func primary() throws -> SPARQLExpression {
        if isPunct("(") { return try bracketed() }
        if case .variable(let v) = current.kind { advance(); return .variable(v) }
        if case .word(let w) = current.kind, w != "true", w != "false" { _ = w; return try functionCall() }
        // An IRI followed by '(' is a cast (xsd:integer(?x)); otherwise a constant.
        if case .iri = current.kind, tokens[pos + 1].kind == .punct("(") { return try functionCall() }
        if case .prefixedName = current.kind, tokens[pos + 1].kind == .punct("(") { return try functionCall() }
        if let t = try termIfAny() { return .constant(t) }
        throw fail("an expression (?var, a literal, a function call or '(')")
    }

    mutating func functionCall() throws -> SPARQLExpression {
        let t = current
        let name: String
        if case .word(let w) = t.kind {
            name = w.lowercased()
            guard SPARQLEvaluator.functions.contains(name) else {
                throw KGError.query(position: t.offset + 1, message: "unknown function '\(w)'; supported: \(SPARQLEvaluator.functions.sorted().joined(separator: ", "))")
            }
        } else if let iri = try iri(from: t) {
            guard SPARQLEvaluator.casts.contains(iri) else {
                throw KGError.query(position: t.offset + 1, message: "unsupported function <\(iri)>; casts to xsd:string, xsd:integer, xsd:decimal, xsd:double, xsd:boolean, xsd:date work")
            }
            name = iri
        } else {
            throw fail("a function name")
        }
        advance()
        try expectPunct("(", "'(' after \(t.text)")
        var args: [SPARQLExpression] = []
        if name == "bound" {
            guard case .variable(let v) = current.kind else { throw fail("a variable in bound(…)") }
            advance()
            args = [.variable(v)]
        } else if !isPunct(")") {
            args.append(try expression())
            while isPunct(",") { advance(); args.append(try expression()) }
        }
        try expectPunct(")", args.isEmpty ? "')' or an argument" : "',' or ')' after the argument")
        if let arity = SPARQLEvaluator.arity[name], !arity.contains(args.count) {
            throw KGError.query(position: t.offset + 1, message: "\(t.text) takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") argument\(arity.upperBound == 1 ? "" : "s"), found \(args.count)")
        }
        return .call(name, args)
    }
}
