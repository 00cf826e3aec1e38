/// An RDF term: an IRI, a blank node or a literal (RDF 1.1: a literal without datatype or language is
/// an `xsd:string`).
public enum RDFTerm: Hashable, Sendable, CustomStringConvertible {
    case iri(String)
    case blank(String)
    /// A literal: lexical form, datatype IRI (nil: xsd:string or, with a language, rdf:langString),
    /// language tag (lower-cased).
    case literal(String, datatype: String?, language: String?)

    public static func plain(_ s: String) -> RDFTerm { .literal(s, datatype: nil, language: nil) }
    public static func typed(_ s: String, _ datatype: String) -> RDFTerm {
        datatype == XSD.string ? .plain(s) : .literal(s, datatype: datatype, language: nil)
    }

    /// The text a table shows: the IRI, the blank node label, or the literal's lexical form.
    public var displayText: String {
        switch self {
        case .iri(let s): return s
        case .blank(let b): return "_:" + b
        case .literal(let s, _, _): return s
        }
    }

    /// N-Triples form.
    public var description: String {
        switch self {
        case .iri(let s): return "<\(s)>"
        case .blank(let b): return "_:\(b)"
        case .literal(let s, let dt, let lang):
            var escaped = ""
            for c in s.unicodeScalars {
                switch c {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\r": escaped += "\\r"
                case "\t": escaped += "\\t"
                default: escaped.unicodeScalars.append(c)
                }
            }
            if let lang { return "\"\(escaped)\"@\(lang)" }
            if let dt { return "\"\(escaped)\"^^<\(dt)>" }
            return "\"\(escaped)\""
        }
    }

    public var isLiteral: Bool { if case .literal = self { return true } else { return false } }
    public var isIRI: Bool { if case .iri = self { return true } else { return false } }
    public var isBlank: Bool { if case .blank = self { return true } else { return false } }
}

/// Well-known IRIs.
public enum RDFNS {
    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    public static let xsd = "http://www.w3.org/2001/XMLSchema#"
    public static let skos = "http://www.w3.org/2004/02/skos/core#"
    public static let owl = "http://www.w3.org/2002/07/owl#"
    public static let type = rdf + "type"
    public static let langString = rdf + "langString"
}

/// XML Schema datatype IRIs.
public enum XSD {
    public static let string = RDFNS.xsd + "string"
    public static let boolean = RDFNS.xsd + "boolean"
    public static let integer = RDFNS.xsd + "integer"
    public static let decimal = RDFNS.xsd + "decimal"
    public static let double = RDFNS.xsd + "double"
    public static let float = RDFNS.xsd + "float"
    public static let long = RDFNS.xsd + "long"
    public static let date = RDFNS.xsd + "date"
    public static let dateTime = RDFNS.xsd + "dateTime"

    /// Datatypes whose values are numbers (XSD's numeric hierarchy).
    public static let numeric: Set<String> = Set(["integer", "decimal", "double", "float", "long", "int", "short", "byte",
        "nonNegativeInteger", "nonPositiveInteger", "negativeInteger", "positiveInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte"].map { RDFNS.xsd + $0 })
    /// Datatypes derived from xsd:integer.
    public static let integers: Set<String> = numeric.subtracting([decimal, double, float])
}
