import Foundation

/// Typed values of RDF literals, as SPARQL's operators see them.
enum SPARQLValues {
    /// The value of a numeric literal; nil when the lexical form is not valid for the datatype.
    static func number(_ lex: String, _ datatype: String) -> Double? {
        if XSD.integers.contains(datatype) {
            if let i = Int(lex) { return Double(i) }
            let s = trimmed(lex)
            guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D }) else { return nil }
            return Int(s).map(Double.init) ?? Double(s)
        }
        if datatype == XSD.decimal {
            let s = trimmed(lex)
            guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) else { return nil }
            return Double(s)
        }
        let s = trimmed(lex)
        switch s {
        case "INF", "+INF": return .infinity
        case "-INF": return -.infinity
        case "NaN": return .nan
        default:
            guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E || $0 == 0x45 || $0 == 0x65 }) else { return nil }
            return Double(s)
        }
    }

    /// The lexical form without leading and trailing XML white space (XSD's whitespace facet "collapse").
    static func trimmed(_ s: String) -> String {
        let u = s.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let f = u.first, let l = u.last, isSpace(f) || isSpace(l) else { return s }
        let start = u.firstIndex { !isSpace($0) } ?? u.endIndex
        let end = u.lastIndex { !isSpace($0) }.map { u.index(after: $0) } ?? start
        return start < end ? String(s[start..<end]) : ""
    }

    /// A simple literal, `xsd:string` or language-tagged string: its text and language.
    static func stringValue(_ t: RDFTerm) -> (text: String, language: String?)? {
        guard case .literal(let s, let dt, let lang) = t else { return nil }
        if lang != nil { return (s, lang) }
        if dt == nil || dt == XSD.string { return (s, nil) }
        return nil
    }

    /// Code point order (UTF-8 byte order is code point order).
    static func codepointCompare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                if n > 0 {
                    let c = memcmp(x.baseAddress!, y.baseAddress!, n)
                    if c != 0 { return c < 0 ? -1 : 1 }
                }
                return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
            }
        }
    }

    enum Value {
        case number(Double, integer: Bool)
        case string(String, language: String?)
        case boolean(Bool)
        case date(String)       // xsd:date lexical (YYYY-MM-DD, maybe a zone)
        case dateTime(String)
        case other(RDFTerm)
    }

    /// The value of a term; nil for a literal whose lexical form is invalid for its known datatype.
    static func value(_ t: RDFTerm) -> Value? {
        guard case .literal(let lex, let dt, let lang) = t else { return .other(t) }
        if let lang { return .string(lex, language: lang) }
        guard let dt, dt != XSD.string else { return .string(lex, language: nil) }
        if XSD.numeric.contains(dt) { return number(lex, dt).map { .number($0, integer: XSD.integers.contains(dt)) } }
        if dt == XSD.boolean {
            switch lex { case "true", "1": return .boolean(true); case "false", "0": return .boolean(false); default: return nil }
        }
        if dt == XSD.date { return .date(lex) }
        if dt == XSD.dateTime { return .dateTime(lex) }
        return .other(t)
    }

    /// `a op b` for `=`, `!=`, `<`, `<=`, `>`, `>=`; nil is a type error.
    static func compare(_ op: String, _ a: RDFTerm, _ b: RDFTerm) -> Bool? {
        let c: Int?
        switch (value(a), value(b)) {
        case (.number(let x, _)?, .number(let y, _)?):
            if x.isNaN || y.isNaN { return op == "!=" }
            c = x < y ? -1 : x > y ? 1 : 0
        case (.string(let x, let lx)?, .string(let y, let ly)?):
            if lx != ly {
                return op == "=" || op == "!=" ? op == "!=" : nil
            }
            c = codepointCompare(x, y)
        case (.boolean(let x)?, .boolean(let y)?):
            c = x == y ? 0 : (!x && y) ? -1 : 1
        case (.date(let x)?, .date(let y)?), (.dateTime(let x)?, .dateTime(let y)?):
            c = codepointCompare(x, y)
        default:
            // Not comparable by value: only (in)equality of terms.
            guard op == "=" || op == "!=" else { return nil }
            if a == b { return op == "=" }
            if a.isLiteral && b.isLiteral {
                // Two literals of types kg cannot compare: SPARQL calls unequal forms an error unless one
                // side's type is known and the other's differs.
                if case .literal(_, let da, _) = a, case .literal(_, let db, _) = b, da == db { return nil }
                if value(a).map({ if case .other = $0 { return true } else { return false } }) == true,
                   value(b).map({ if case .other = $0 { return true } else { return false } }) == true { return nil }
                if value(a) == nil || value(b) == nil { return nil }
            }
            return op == "!="
        }
        guard let c else { return nil }
        switch op {
        case "=": return c == 0
        case "!=": return c != 0
        case "<": return c < 0
        case "<=": return c <= 0
        case ">": return c > 0
        case ">=": return c >= 0
        default: return nil
        }
    }

    /// Numeric `+ - * /`, with XSD's type promotion (integer < decimal < float < double).
    static func arithmetic(_ op: String, _ a: RDFTerm, _ b: RDFTerm) -> RDFTerm? {
        guard case .literal(let la, let da?, nil) = a, case .literal(let lb, let db?, nil) = b,
              XSD.numeric.contains(da), XSD.numeric.contains(db),
              let x = number(la, da), let y = number(lb, db) else { return nil }
        func rank(_ d: String) -> Int { XSD.integers.contains(d) ? 0 : d == XSD.decimal ? 1 : d == XSD.float ? 2 : 3 }
        var r = max(rank(da), rank(db))
        if op == "/" && r == 0 { r = 1 }
        let v: Double
        switch op {
        case "+": v = x + y
        case "-": v = x - y
        case "*": v = x * y
        default:
            if y == 0 && r <= 1 { return nil }
            v = x / y
        }
        switch r {
        case 0: return .typed(String(Int(v)), XSD.integer)
        case 1: return .typed(decimalLexical(v), XSD.decimal)
        case 2: return .typed(doubleLexical(v), XSD.float)
        default: return .typed(doubleLexical(v), XSD.double)
        }
    }

    static func decimalLexical(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) + ".0" }
        return "\(v)"
    }

    static func doubleLexical(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "INF" : "-INF" }
        return String(format: "%.15E", v)
    }

    /// `xsd:T(x)` casts.
    static func cast(_ t: RDFTerm, to datatype: String) -> RDFTerm? {
        let lex: String
        switch t {
        case .iri(let s): guard datatype == XSD.string else { return nil }; lex = s
        case .blank: return nil
        case .literal(let s, _, _): lex = s
        }
        switch datatype {
        case XSD.string: return .plain(lex)
        case XSD.integer:
            if case .number(let v, _)? = value(t), case .literal(_, let dt?, _) = t, XSD.numeric.contains(dt) {
                guard v.isFinite else { return nil }
                return .typed(String(Int(v.rounded(.towardZero))), XSD.integer)
            }
            if case .boolean(let b)? = value(t) { return .typed(b ? "1" : "0", XSD.integer) }
            return Int(lex.trimmingCharacters(in: .whitespaces)).map { .typed(String($0), XSD.integer) }
        case XSD.decimal, XSD.double:
            if case .boolean(let b)? = value(t) { return .typed(b ? "1" : "0", datatype) }
            guard let v = number(lex, XSD.double), v.isFinite || datatype == XSD.double else { return nil }
            return .typed(datatype == XSD.double ? lex.trimmingCharacters(in: .whitespaces) : decimalLexical(v), datatype)
        case XSD.boolean:
            if case .number(let v, _)? = value(t) { return .typed(v != 0 && !v.isNaN ? "true" : "false", XSD.boolean) }
            switch lex { case "true", "1": return .typed("true", XSD.boolean); case "false", "0": return .typed("false", XSD.boolean); default: return nil }
        case XSD.date:
            let d = String(lex.prefix(10))
            guard d.count == 10, EdgeFilterDates.isFullDate(d) else { return nil }
            return .typed(d, XSD.date)
        default: return nil
        }
    }
}

enum EdgeFilterDates {
    static func isFullDate(_ s: String) -> Bool { RDFView.isFullDate(s) }
}
