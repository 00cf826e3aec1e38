import KGCore

/// The RDF triples of a knowledge graph, exactly as kg's RDF/XML writer exports them (docs/CONTRACT.md):
/// SPARQL queries run over these, so a query gives the same answers in kg and in a triple store that
/// loaded kg's `.rdf` file.
///
/// For a node: `rdf:type` its class, `rdfs:label`, `skos:altLabel` per alias, `kg:source` per document,
/// `kg:mentions` (JSON, when any), `kg:<attribute>` (typed). For an edge: the direct triple
/// `subject kg:<predicate> object`, and an `rdf:Statement` named by the edge id with `rdf:subject`,
/// `rdf:predicate`, `rdf:object`, `kg:evidence`, `kg:source`, `kg:document`, `kg:start`, `kg:end`,
/// `kg:date`, `kg:trigger`, `kg:confidence`, `kg:provenance` and `kg:<attribute>`.
/// Values lose the characters XML 1.0 forbids (replaced by U+FFFD) as in the file.
public struct RDFView {
    public let ontology: Ontology

    public init(ontology: Ontology) { self.ontology = ontology }

    /// The IRI of a node.
    public func iri(node id: String) -> String { ontology.entityIRI(id) }
    /// The class IRI of an entity type.
    public func iri(type: EntityType) -> String { ontology.term(RDFView.localName(type.rawValue)) }
    /// The property IRI of a predicate.
    public func iri(predicate: Predicate) -> String { ontology.term(RDFView.localName(predicate.rawValue)) }
    /// The property IRI of one of kg's own properties (`source`, `evidence`…) or an attribute name.
    public func iri(property name: String) -> String { ontology.term(RDFView.localName(name)) }

    /// Every triple of the graph, nodes (sorted by id) first, then edges (sorted), each once.
    public func triples(_ graph: KnowledgeGraph) -> [(RDFTerm, RDFTerm, RDFTerm)] {
        var out: [(RDFTerm, RDFTerm, RDFTerm)] = []
        forEachTriple(graph) { out.append(($0, $1, $2)) }
        return out
    }

    /// Calls `body` with every triple: nodes sorted by id, then edges by subject, predicate, object, id.
    public func forEachTriple(_ graph: KnowledgeGraph, _ body: (RDFTerm, RDFTerm, RDFTerm) -> Void) {
        let nodes = graph.nodes.values.sorted { $0.id < $1.id }
        for n in nodes { forEachTriple(of: n, body) }
        let edges = graph.edges.values.sorted {
            ($0.subject, $0.predicate.rawValue, $0.object, $0.id) < ($1.subject, $1.predicate.rawValue, $1.object, $1.id)
        }
        for e in edges { forEachTriple(of: e, body) }
    }

    private var rdfType: RDFTerm { .iri(RDFNS.type) }

    /// The triples describing one node.
    public func forEachTriple(of node: Node, _ body: (RDFTerm, RDFTerm, RDFTerm) -> Void) {
        let s = RDFTerm.iri(iri(node: node.id))
        body(s, rdfType, .iri(iri(type: node.type)))
        body(s, .iri(RDFNS.rdfs + "label"), .plain(RDFView.clean(node.label)))
        let alt = RDFTerm.iri(RDFNS.skos + "altLabel")
        for a in node.aliases { body(s, alt, .plain(RDFView.clean(a))) }
        let source = RDFTerm.iri(iri(property: "source"))
        for d in node.sources { body(s, source, .plain(RDFView.clean(d))) }
        if !node.mentions.isEmpty { body(s, .iri(iri(property: "mentions")), .plain(EmbeddedJSON.mentions(node.mentions))) }
        for name in node.attributes.keys.sorted() {
            body(s, .iri(iri(property: name)), RDFView.literal(node.attributes[name]!))
        }
    }

    /// The direct triple and the reified statement of one edge.
    public func forEachTriple(of edge: Edge, _ body: (RDFTerm, RDFTerm, RDFTerm) -> Void) {
        let s = RDFTerm.iri(iri(node: edge.subject)), o = RDFTerm.iri(iri(node: edge.object))
        let p = RDFTerm.iri(iri(predicate: edge.predicate))
        body(s, p, o)
        let st = RDFTerm.iri(iri(node: edge.id))
        func kg(_ name: String) -> RDFTerm { .iri(iri(property: name)) }
        body(st, rdfType, .iri(RDFNS.rdf + "Statement"))
        body(st, .iri(RDFNS.rdf + "subject"), s)
        body(st, .iri(RDFNS.rdf + "predicate"), p)
        body(st, .iri(RDFNS.rdf + "object"), o)
        if let primary = edge.evidence.first {
            if !primary.sentence.isEmpty { body(st, kg("evidence"), .plain(RDFView.clean(primary.sentence))) }
            for d in edge.sources { body(st, kg("source"), .plain(RDFView.clean(d))) }
            body(st, kg("document"), .plain(RDFView.clean(primary.document)))
            body(st, kg("start"), .typed(String(primary.span.start), XSD.integer))
            body(st, kg("end"), .typed(String(primary.span.end), XSD.integer))
        }
        if let date = edge.date {
            body(st, kg("date"), RDFView.isFullDate(date) ? .typed(date, XSD.date) : .plain(RDFView.clean(date)))
        }
        if let trigger = edge.evidence.first?.trigger { body(st, kg("trigger"), .plain(RDFView.clean(trigger))) }
        body(st, kg("confidence"), .typed(AttributeValue.lexical(edge.confidence), XSD.double))
        if !edge.evidence.isEmpty { body(st, kg("provenance"), .plain(EmbeddedJSON.provenance(edge.evidence))) }
        for name in edge.attributes.keys.sorted() {
            body(st, kg(name), RDFView.literal(edge.attributes[name]!))
        }
    }

    /// A typed attribute value as a literal: `xsd:long`, `xsd:double`, `xsd:boolean`, or a plain string.
    public static func literal(_ v: AttributeValue) -> RDFTerm {
        switch v {
        case .string(let s): return .plain(clean(s))
        case .int: return .typed(v.description, XSD.long)
        case .double: return .typed(v.description, XSD.double)
        case .bool: return .typed(v.description, XSD.boolean)
        }
    }

    /// `YYYY-MM-DD` with a month 01–12 and a day 01–31 (written as `xsd:date`; other forms stay plain).
    public static func isFullDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return false }
        guard u.enumerated().allSatisfy({ i, b in i == 4 || i == 7 || (b >= 0x30 && b <= 0x39) }) else { return false }
        let month = Int(u[5] - 0x30) * 10 + Int(u[6] - 0x30), day = Int(u[8] - 0x30) * 10 + Int(u[9] - 0x30)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// The text with the characters XML 1.0 forbids replaced by U+FFFD, as the writer does.
    public static func clean(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { !isXMLChar($0.value) }) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars { out.append(isXMLChar(c.value) ? c : "\u{FFFD}") }
        return String(out)
    }

    static func isXMLChar(_ v: UInt32) -> Bool {
        if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0D }
        return v != 0xFFFE && v != 0xFFFF
    }

    /// A name usable after `kg:` (the writer's rule): itself when a plain ASCII NCName, else its slug,
    /// with `_` before a leading digit, or `_` and a hash when nothing usable is left.
    public static func localName(_ name: String) -> String {
        if isSimpleNCName(name) { return name }
        let slug = Identifier.slug(name)
        if slug.isEmpty { return "_" + Identifier.hex(Identifier.stableHash(name)) }
        if let f = slug.utf8.first, f >= 0x30 && f <= 0x39 { return "_" + slug }
        return slug
    }

    static func isSimpleNCName(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        let isLetter = { (b: UInt8) in (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }
        guard isLetter(first) || first == 0x5F else { return false }
        return s.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E }
    }
}

/// The JSON values kg embeds in its files (`kg:mentions`, `kg:provenance`), written exactly as the
/// writers write them: keys sorted, RFC 8259 escapes, `/` and non-ASCII kept, XML-forbidden characters
/// replaced by U+FFFD.
enum EmbeddedJSON {
    static func string(_ s: String, into out: inout String) {
        out.append("\"")
        for c in s.unicodeScalars {
            switch c.value {
            case 0x22: out.append("\\\"")
            case 0x5C: out.append("\\\\")
            case 0x0A: out.append("\\n")
            case 0x0D: out.append("\\r")
            case 0x09: out.append("\\t")
            case 0..<0x20, 0xFFFE, 0xFFFF: out.unicodeScalars.append("\u{FFFD}")
            default: out.unicodeScalars.append(c)
            }
        }
        out.append("\"")
    }

    static func mentions(_ mentions: [Mention]) -> String {
        var out = "["
        for (i, m) in mentions.enumerated() {
            if i > 0 { out.append(",") }
            out.append("{\"doc\":"); string(m.document, into: &out)
            out.append(",\"end\":\(m.span.end),\"start\":\(m.span.start),\"text\":"); string(m.text, into: &out)
            out.append("}")
        }
        return out + "]"
    }

    static func provenance(_ evidence: [Evidence]) -> String {
        var out = "["
        for (i, e) in evidence.enumerated() {
            if i > 0 { out.append(",") }
            out.append("{")
            if let d = e.date { out.append("\"date\":"); string(d, into: &out); out.append(",") }
            out.append("\"doc\":"); string(e.document, into: &out)
            out.append(",\"end\":\(e.span.end),\"sentence\":"); string(e.sentence, into: &out)
            out.append(",\"start\":\(e.span.start)")
            if let t = e.trigger { out.append(",\"trigger\":"); string(t, into: &out) }
            out.append("}")
        }
        return out + "]"
    }
}
