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
        var collector = RDFTermCollector(entityNamespace: ontology.entityNamespace)
        emit(graph, into: &collector)
        return collector.triples
    }

    /// Builds every triple of the graph with `builder`: nodes sorted by id, then edges by subject,
    /// predicate, object, id. This is the one place that decides kg's RDF shape.
    public func emit<B: RDFTermBuilder>(_ graph: KnowledgeGraph, into b: inout B) {
        var properties: [String: B.Term] = [:]
        func kg(_ name: String, _ b: inout B) -> B.Term {
            if let t = properties[name] { return t }
            let t = b.iri(iri(property: name))
            properties[name] = t
            return t
        }
        var classes: [EntityType: B.Term] = [:]
        var predicates: [Predicate: B.Term] = [:]
        let rdfType = b.iri(RDFNS.type), label = b.iri(RDFNS.rdfs + "label"), altLabel = b.iri(RDFNS.skos + "altLabel")
        let statement = b.iri(RDFNS.rdf + "Statement"), rdfSubject = b.iri(RDFNS.rdf + "subject")
        let rdfPredicate = b.iri(RDFNS.rdf + "predicate"), rdfObject = b.iri(RDFNS.rdf + "object")
        let source = kg("source", &b), mentions = kg("mentions", &b), evidence = kg("evidence", &b), document = kg("document", &b)
        let start = kg("start", &b), end = kg("end", &b), date = kg("date", &b), trigger = kg("trigger", &b)
        let confidence = kg("confidence", &b), provenance = kg("provenance", &b)

        func attributes(_ s: B.Term, _ attributes: [String: AttributeValue], _ b: inout B) {
            guard !attributes.isEmpty else { return }
            for name in attributes.keys.sorted() {
                let p = kg(name, &b)
                let o: B.Term
                switch attributes[name]! {
                case .string(let v): o = b.literal(RDFView.clean(v), datatype: nil)
                case .int(let v): o = b.literal(String(v), datatype: XSD.long)
                case .double(let v): o = b.literal(AttributeValue.lexical(v), datatype: XSD.double)
                case .bool(let v): o = b.literal(v ? "true" : "false", datatype: XSD.boolean)
                }
                b.triple(s, p, o)
            }
        }

        // Nodes by id; edges by (subject, predicate, object, id), compared as integer positions.
        let nodeIDs = graph.nodes.keys.sorted()
        var position: [String: Int32] = [:]
        position.reserveCapacity(nodeIDs.count)
        for (i, id) in nodeIDs.enumerated() { position[id] = Int32(i) }
        let predicateOrder = Set(graph.edges.values.map(\.predicate)).sorted()
        let predicatePosition = Dictionary(uniqueKeysWithValues: predicateOrder.enumerated().map { ($1, Int32($0)) })
        var keyed: [(s: Int32, p: Int32, o: Int32, id: String)] = graph.edges.values.map {
            (position[$0.subject] ?? -1, predicatePosition[$0.predicate]!, position[$0.object] ?? -1, $0.id)
        }
        keyed.sort { ($0.s, $0.p, $0.o) != ($1.s, $1.p, $1.o) ? ($0.s, $0.p, $0.o) < ($1.s, $1.p, $1.o) : $0.id < $1.id }

        for node in nodeIDs.lazy.map({ graph.nodes[$0]! }) {
            let s = b.entity(node.id)
            let c: B.Term
            if let known = classes[node.type] { c = known } else { c = b.iri(iri(type: node.type)); classes[node.type] = c }
            b.triple(s, rdfType, c)
            b.triple(s, label, b.literal(RDFView.clean(node.label), datatype: nil))
            for a in node.aliases { b.triple(s, altLabel, b.literal(RDFView.clean(a), datatype: nil)) }
            for d in node.sources { b.triple(s, source, b.literal(RDFView.clean(d), datatype: nil)) }
            if !node.mentions.isEmpty { b.triple(s, mentions, b.literal(EmbeddedJSON.mentions(node.mentions), datatype: nil)) }
            attributes(s, node.attributes, &b)
        }
        for edge in keyed.lazy.map({ graph.edges[$0.id]! }) {
            let s = b.entity(edge.subject), o = b.entity(edge.object)
            let p: B.Term
            if let known = predicates[edge.predicate] { p = known } else { p = b.iri(iri(predicate: edge.predicate)); predicates[edge.predicate] = p }
            b.triple(s, p, o)
            let st = b.entity(edge.id)
            b.triple(st, rdfType, statement)
            b.triple(st, rdfSubject, s)
            b.triple(st, rdfPredicate, p)
            b.triple(st, rdfObject, o)
            if let primary = edge.evidence.first {
                if !primary.sentence.isEmpty { b.triple(st, evidence, b.literal(RDFView.clean(primary.sentence), datatype: nil)) }
                for d in edge.evidence.count == 1 ? [primary.document] : edge.sources {
                    b.triple(st, source, b.literal(RDFView.clean(d), datatype: nil))
                }
                b.triple(st, document, b.literal(RDFView.clean(primary.document), datatype: nil))
                b.triple(st, start, b.literal(String(primary.span.start), datatype: XSD.integer))
                b.triple(st, end, b.literal(String(primary.span.end), datatype: XSD.integer))
            }
            if let d = edge.evidence.count <= 1 ? edge.evidence.first?.date : edge.date {
                b.triple(st, date, RDFView.isFullDate(d) ? b.literal(d, datatype: XSD.date) : b.literal(RDFView.clean(d), datatype: nil))
            }
            if let t = edge.evidence.first?.trigger { b.triple(st, trigger, b.literal(RDFView.clean(t), datatype: nil)) }
            b.triple(st, confidence, b.literal(AttributeValue.lexical(edge.confidence), datatype: XSD.double))
            if !edge.evidence.isEmpty { b.triple(st, provenance, b.literal(EmbeddedJSON.provenance(edge.evidence), datatype: nil)) }
            attributes(st, edge.attributes, &b)
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

/// Makes the terms of the RDF view and receives its triples: `RDFTerm`s (`RDFTermCollector`), or ids in
/// a dictionary-encoded store (`TripleStore`).
public protocol RDFTermBuilder {
    associatedtype Term
    /// The IRI of a node or an edge's statement: the ontology's entity namespace + `id`.
    mutating func entity(_ id: String) -> Term
    /// Any other IRI.
    mutating func iri(_ iri: String) -> Term
    /// A literal (`datatype` nil: a plain `xsd:string`).
    mutating func literal(_ lexical: String, datatype: String?) -> Term
    mutating func triple(_ s: Term, _ p: Term, _ o: Term)
}

/// Collects the RDF view as `RDFTerm` triples.
public struct RDFTermCollector: RDFTermBuilder {
    public let entityNamespace: String
    public private(set) var triples: [(RDFTerm, RDFTerm, RDFTerm)] = []
    public init(entityNamespace: String) { self.entityNamespace = entityNamespace }
    public func entity(_ id: String) -> RDFTerm { .iri(entityNamespace + id) }
    public func iri(_ iri: String) -> RDFTerm { .iri(iri) }
    public func literal(_ lexical: String, datatype: String?) -> RDFTerm { datatype.map { .typed(lexical, $0) } ?? .plain(lexical) }
    public mutating func triple(_ s: RDFTerm, _ p: RDFTerm, _ o: RDFTerm) { triples.append((s, p, o)) }
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
