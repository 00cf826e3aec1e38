import KGCore

/// A token of the SPARQL subset, with its 0-based character offset in the query.
struct SPARQLToken: Equatable {
    enum Kind: Equatable {
        case iri(String)              // <…>
        case prefixedName(String, String) // prefix, local
        case variable(String)
        case string(String)
        case langTag(String)
        case integer(String), decimal(String), double(String)
        case word(String)             // keywords and function names, as written
        case punct(String)            // { } ( ) . ; , * = != < <= > >= && || ! + - / ^^
        case end
    }
    var kind: Kind
    var offset: Int

    var text: String {
        switch kind {
        case .iri(let s): return "<\(s)>"
        case .prefixedName(let p, let l): return "\(p):\(l)"
        case .variable(let v): return "?\(v)"
        case .string(let s): return "\"\(s)\""
        case .langTag(let l): return "@\(l)"
        case .integer(let s), .decimal(let s), .double(let s): return s
        case .word(let w): return w
        case .punct(let p): return p
        case .end: return "the end of the query"
        }
    }
}

/// Splits a query into tokens; a character that starts no token is an error at its column.
struct SPARQLLexer {
    let chars: [Character]
    var i = 0

    init(_ text: String) { chars = Array(text) }

    static func error(_ offset: Int, _ message: String) -> KGError { .query(position: offset + 1, message: message) }

    mutating func tokenize() throws -> [SPARQLToken] {
        var out: [SPARQLToken] = []
        while true {
            let t = try next()
            out.append(t)
            if t.kind == .end { return out }
        }
    }

    func peek(_ k: Int = 0) -> Character? { i + k < chars.count ? chars[i + k] : nil }

    static func isPNCharBase(_ c: Character) -> Bool { c.isLetter }
    static func isPNChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" || c == "\u{B7}" }

    mutating func next() throws -> SPARQLToken {
        // Skip white space and comments.
        while let c = peek() {
            if c.isWhitespace { i += 1; continue }
            if c == "#" { while let d = peek(), d != "\n" { i += 1 }; continue }
            break
        }
        let start = i
        guard let c = peek() else { return SPARQLToken(kind: .end, offset: i) }
        func tok(_ k: SPARQLToken.Kind) -> SPARQLToken { SPARQLToken(kind: k, offset: start) }

        if c == "<" {
            // An IRI reference when the characters up to '>' are allowed in one; else the operator.
            var j = i + 1
            var ok = false
            while j < chars.count {
                let d = chars[j]
                if d == ">" { ok = true; break }
                if d.isWhitespace || "<\"{}|^`\\".contains(d) || d.unicodeScalars.first!.value < 0x20 { break }
                j += 1
            }
            if ok {
                let iri = String(chars[(i + 1)..<j])
                i = j + 1
                return tok(.iri(iri))
            }
            i += 1
            if peek() == "=" { i += 1; return tok(.punct("<=")) }
            return tok(.punct("<"))
        }
        if c == "?" || c == "$" {
            i += 1
            let s = i
            while let d = peek(), d.isLetter || d.isNumber || d == "_" || d == "\u{B7}" { i += 1 }
            if i == s { throw SPARQLLexer.error(start, "expected a variable name after '\(c)'") }
            return tok(.variable(String(chars[s..<i])))
        }
        if c == "\"" || c == "'" {
            return tok(.string(try stringLiteral(quote: c)))
        }
        if c == "@" {
            i += 1
            let s = i
            while let d = peek(), d.isASCII && (d.isLetter || d.isNumber || d == "-") { i += 1 }
            if i == s { throw SPARQLLexer.error(start, "expected a language tag after '@', e.g. @en") }
            return tok(.langTag(String(chars[s..<i]).lowercased()))
        }
        if c.isNumber && c.isASCII || (c == "." && (peek(1).map { $0.isASCII && $0.isNumber } ?? false)) {
            return number(start)
        }
        if c.isLetter || c == "_" || c == ":" {
            // A prefixed name (`kg:honors`, `:x`), or a keyword/function name.
            let s = i
            while let d = peek(), SPARQLLexer.isPNChar(d) || d == "." { i += 1 }
            while i > s, chars[i - 1] == "." { i -= 1 }
            if peek() == ":" {
                let prefix = String(chars[s..<i])
                i += 1
                let ls = i
                while let d = peek(), SPARQLLexer.isPNChar(d) || d == "." || d == ":" || d == "%" { i += 1 }
                while i > ls, chars[i - 1] == "." { i -= 1 }
                return tok(.prefixedName(prefix, String(chars[ls..<i])))
            }
            if i == s { throw SPARQLLexer.error(start, "unexpected character '\(c)'") }
            return tok(.word(String(chars[s..<i])))
        }
        let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
        if ["!=", ">=", "&&", "||", "^^"].contains(two) { i += 2; return tok(.punct(two)) }
        if "{}().;,*=>!+-/".contains(c) { i += 1; return tok(.punct(String(c))) }
        throw SPARQLLexer.error(start, "unexpected character '\(c)'")
    }

    mutating func number(_ start: Int) -> SPARQLToken {
        let s = i
        var isDecimal = false, isDouble = false
        while let d = peek(), d.isASCII && d.isNumber { i += 1 }
        if peek() == ".", let d = peek(1), d.isASCII && d.isNumber {
            isDecimal = true
            i += 1
            while let d = peek(), d.isASCII && d.isNumber { i += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, chars[j].isASCII && chars[j].isNumber {
                i = j
                while let d = peek(), d.isASCII && d.isNumber { i += 1 }
                isDouble = true
            }
        }
        let text = String(chars[s..<i])
        return SPARQLToken(kind: isDouble ? .double(text) : isDecimal ? .decimal(text) : .integer(text), offset: start)
    }

    mutating func stringLiteral(quote: Character) throws -> String {
        let start = i
        let long = peek(1) == quote && peek(2) == quote
        i += long ? 3 : 1
        var out = ""
        while true {
            guard let c = peek() else {
                throw SPARQLLexer.error(start, "unterminated string: expected a closing \(long ? String(repeating: quote, count: 3) : String(quote))")
            }
            if long {
                if c == quote && peek(1) == quote && peek(2) == quote { i += 3; return out }
            } else {
                if c == quote { i += 1; return out }
                if c == "\n" || c == "\r" { throw SPARQLLexer.error(start, "unterminated string: a line break before the closing \(quote)") }
            }
            if c == "\\" {
                guard let e = peek(1) else { i += 1; continue }
                i += 2
                switch e {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "\"", "'", "\\": out.append(e)
                case "u", "U":
                    let n = e == "u" ? 4 : 8
                    guard i + n <= chars.count, let v = UInt32(String(chars[i..<(i + n)]), radix: 16), let scalar = Unicode.Scalar(v) else {
                        throw SPARQLLexer.error(i - 2, "expected \(n) hex digits after '\\\(e)'")
                    }
                    out.unicodeScalars.append(scalar)
                    i += n
                default: throw SPARQLLexer.error(i - 2, "unknown escape '\\\(e)' (use \\t \\n \\r \\b \\f \\\" \\' \\\\ \\uXXXX)")
                }
                continue
            }
            out.append(c)
            i += 1
        }
    }
}
