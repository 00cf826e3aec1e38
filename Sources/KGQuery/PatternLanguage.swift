import KGCore

/// An end of an edge pattern: a variable (optionally typed, `?who:Person`), or entities named by a name
/// pattern (`Smith`, `"John Smith"`, `Jo*`; `*` alone is any entity).
public enum EntityTerm: Hashable, Sendable {
    case variable(String, type: String?)
    case named(NamePattern)
}

/// The predicate of an edge pattern: a variable, or a name (with `*` wildcards; `*` alone is any).
public enum PredicateTerm: Hashable, Sendable {
    case variable(String)
    case named(String)
}

/// One edge pattern: `subject -predicate-> object`.
public struct EdgePattern: Hashable, Sendable {
    public var subject: EntityTerm
    public var predicate: PredicateTerm
    public var object: EntityTerm
    public init(subject: EntityTerm, predicate: PredicateTerm, object: EntityTerm) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }
}

/// A query in kg's compact pattern language: edge patterns that share variables.
///
/// ```
/// Smith -honors-> ?who
/// ?x -announcement-> ?e:Event
/// ?x -*-> "John Smith"
/// ?a -honors-> ?b -locatedIn-> ?place          (a chain: two patterns sharing ?b)
/// ?p -affiliatedWith-> ?org ; ?p -statement-> ?topic
/// ?who <-honors- Smith                          (an arrow written backwards)
/// ```
/// Names match labels and aliases ignoring case and diacritics; quote a name that contains `->`, `;`
/// or leading/trailing spaces. Predicates match case-insensitively and may use `*`.
public struct PatternQuery: Hashable, Sendable {
    public var patterns: [EdgePattern]

    public init(patterns: [EdgePattern]) { self.patterns = patterns }

    /// Variables in order of first appearance (without `?`).
    public var variables: [String] {
        var out: [String] = []
        func add(_ v: String) { if !out.contains(v) { out.append(v) } }
        for p in patterns {
            if case .variable(let v, _) = p.subject { add(v) }
            if case .variable(let v) = p.predicate { add(v) }
            if case .variable(let v, _) = p.object { add(v) }
        }
        return out
    }

    /// Parses the pattern language.
    /// - Throws: `KGError.query` with the 1-based column where the text stops making sense.
    public init(parsing text: String) throws {
        var parser = PatternParser(text)
        self.patterns = try parser.parse()
    }
}

struct PatternParser {
    let chars: [Character]
    var i = 0
    /// Where a `-` that looks like the start of an unfinished arrow was seen inside a bare name.
    var unclosedArrow: Int?
    init(_ text: String) { chars = Array(text) }

    func fail(_ message: String, at position: Int? = nil) -> KGError {
        .query(position: (position ?? i) + 1, message: message)
    }

    var found: String {
        guard i < chars.count else { return "the end of the query" }
        let rest = String(chars[i...].prefix(12))
        return "'\(rest)'"
    }

    mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

    mutating func parse() throws -> [EdgePattern] {
        var patterns: [EdgePattern] = []
        skipSpace()
        if i == chars.count { throw fail("expected a pattern such as 'NAME -predicate-> ?x', found an empty query") }
        while true {
            skipSpace()
            unclosedArrow = nil
            var subject = try entity()
            var sawArrow = false
            while true {
                skipSpace()
                guard let arrow = try arrow() else { break }
                sawArrow = true
                skipSpace()
                let object = try entity()
                patterns.append(arrow.reversed
                    ? EdgePattern(subject: object, predicate: arrow.predicate, object: subject)
                    : EdgePattern(subject: subject, predicate: arrow.predicate, object: object))
                subject = object
            }
            if let at = unclosedArrow {
                throw fail("expected an arrow such as -honors-> (a '-', the predicate, then '->'); this one is not closed (quote a name that contains ' -')", at: at)
            }
            if !sawArrow { throw fail("expected an arrow such as -honors-> or -*-> after the entity, found \(found)") }
            skipSpace()
            if i == chars.count { break }
            if chars[i] == ";" { i += 1; skipSpace(); if i == chars.count { break }; continue }
            throw fail("expected ';' between patterns or the end of the query, found \(found)")
        }
        return patterns
    }

    static func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// A variable name after `?`.
    mutating func variableName() throws -> String {
        let start = i
        while i < chars.count, PatternParser.isNameChar(chars[i]) { i += 1 }
        if i == start { throw fail("expected a variable name (letters, digits, _) after '?', found \(found)") }
        return String(chars[start..<i])
    }

    mutating func entity() throws -> EntityTerm {
        guard i < chars.count else { throw fail("expected an entity: a name, \"a quoted name\", ?variable or *, found the end of the query") }
        let c = chars[i]
        if c == "?" || c == "$" {
            i += 1
            let name = try variableName()
            var type: String?
            if i < chars.count, chars[i] == ":" {
                i += 1
                let start = i
                while i < chars.count, PatternParser.isNameChar(chars[i]) { i += 1 }
                if i == start { throw fail("expected a type name after '?\(name):', e.g. ?\(name):Person, found \(found)") }
                type = String(chars[start..<i])
            }
            return .variable(name, type: type)
        }
        if c == "\"" || c == "'" {
            let open = i
            i += 1
            var text = ""
            while i < chars.count, chars[i] != c {
                if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                text.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw fail("unterminated quoted name: expected a closing \(c) for the quote opened here", at: open) }
            i += 1
            if text.isEmpty { throw fail("expected a name between the quotes, found an empty name", at: open) }
            return .named(NamePattern(text))
        }
        if c == "-" && arrowAhead() || c == "<" && arrowAhead() || c == ";" {
            throw fail("expected an entity: a name, \"a quoted name\", ?variable or *, found \(found)")
        }
        // A bare name runs up to the next arrow, ';', or the end.
        let start = i
        while i < chars.count {
            if chars[i] == ";" { break }
            if (chars[i] == "-" || chars[i] == "<"), i > start, chars[i - 1].isWhitespace {
                if arrowAhead() { break }
                if unclosedArrow == nil { unclosedArrow = i }
            }
            i += 1
        }
        let name = String(chars[start..<i]).trimmingCharacters(in: .whitespaces)
        return .named(NamePattern(name))
    }

    /// Whether an arrow (`-p->` or `<-p-`) starts at `i` (a malformed arrow counts, so its error shows).
    func arrowAhead() -> Bool {
        var probe = self
        do { return try probe.arrow() != nil } catch { return true }
    }

    static func isPredicateChar(_ c: Character) -> Bool { isNameChar(c) || c == "*" || c == ":" || c == "." || c == "?" || c == "$" }

    /// An arrow at `i`, or nil when none starts there.
    mutating func arrow() throws -> (predicate: PredicateTerm, reversed: Bool)? {
        guard i < chars.count else { return nil }
        let start = i
        let reversed: Bool
        if chars[i] == "-" { reversed = false; i += 1 }
        else if chars[i] == "<", i + 1 < chars.count, chars[i + 1] == "-" { reversed = true; i += 2 }
        else { return nil }
        let nameStart = i
        while i < chars.count, PatternParser.isPredicateChar(chars[i]) { i += 1 }
        let name = String(chars[nameStart..<i])
        let closed: Bool
        if reversed {
            closed = i < chars.count && chars[i] == "-" && !(i + 1 < chars.count && chars[i + 1] == ">")
            if closed { i += 1 }
        } else {
            closed = i + 1 < chars.count && chars[i] == "-" && chars[i + 1] == ">"
            if closed { i += 2 }
        }
        if !closed || name.isEmpty {
            i = start
            return nil
        }
        if name.hasPrefix("?") || name.hasPrefix("$") {
            let v = String(name.dropFirst())
            guard !v.isEmpty, v.allSatisfy(PatternParser.isNameChar) else {
                throw fail("expected a variable name after '?' in the arrow", at: nameStart + 1)
            }
            return (.variable(v), reversed)
        }
        return (.named(name), reversed)
    }
}
