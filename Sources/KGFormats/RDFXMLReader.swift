import Foundation
import KGCore

/// An RDF term.
enum RDFTerm: Hashable, Sendable {
    case iri(String)
    case blank(String)
    case literal(String, datatype: String?, language: String?)

    var isResource: Bool { if case .literal = self { return false } else { return true } }
}

/// An RDF triple.
struct RDFTriple: Hashable, Sendable {
    var subject: RDFTerm
    var predicate: String
    var object: RDFTerm
}

/// Streams RDF/XML into triples (the RDF/XML grammar of the W3C 2014 recommendation, minus XML literals'
/// exact serialization): `rdf:RDF` or a single node element as root, typed node elements, `rdf:about`,
/// `rdf:ID`, `rdf:nodeID`, property attributes, `rdf:resource`, `rdf:datatype`, `xml:lang`, `xml:base`,
/// nested node elements, `rdf:li`, `rdf:parseType="Resource"`, `"Collection"` and `"Literal"` (kept as its
/// text), and `rdf:ID` on property elements (reification).
struct RDFXMLParser {
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xmlNS = "http://www.w3.org/XML/1998/namespace"

    let xml: XMLReader
    private(set) var triples: [RDFTriple] = []
    private var blankCounter = 0

    init(_ xml: XMLReader) { self.xml = xml }

    mutating func parse(base: String) throws -> [RDFTriple] {
        while let event = try xml.next() {
            guard case .start(let root) = event else { continue }
            let base = Self.resolve(root.attribute("base", namespace: Self.xmlNS) ?? "", against: base)
            let lang = root.attribute("lang", namespace: Self.xmlNS)
            if root.namespace == Self.rdf && root.localName == "RDF" {
                while let inner = try xml.next() {
                    switch inner {
                    case .start(let el): _ = try nodeElement(el, base: base, lang: lang)
                    case .end: return triples
                    case .text(let t): try requireWhitespace(t)
                    }
                }
                throw xml.error("the file ends inside <rdf:RDF>")
            } else {
                guard root.attributes.contains(where: { $0.namespace == Self.rdf }) else {
                    throw xml.error("not an RDF/XML file: the root element is <\(root.localName)>, expected <rdf:RDF>", line: root.line, column: root.column)
                }
                _ = try nodeElement(root, base: base, lang: lang)
                return triples
            }
        }
        throw xml.error("empty document: no RDF/XML element")
    }

    private func requireWhitespace(_ text: String) throws {
        guard text.allSatisfy(\.isWhitespace) else {
            throw xml.error("text '\(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(30))' where RDF/XML expects an element")
        }
    }

    private mutating func freshBlank() -> RDFTerm {
        blankCounter += 1
        return .blank("g\(blankCounter)")
    }

    private func iri(_ el: XMLElementStart) -> String { el.namespace + el.localName }

    /// Parses a node element whose start was just read, up to its end; returns its subject.
    private mutating func nodeElement(_ el: XMLElementStart, base parentBase: String, lang parentLang: String?) throws -> RDFTerm {
        let base = el.attribute("base", namespace: Self.xmlNS).map { Self.resolve($0, against: parentBase) } ?? parentBase
        let lang = el.attribute("lang", namespace: Self.xmlNS) ?? parentLang
        let subject: RDFTerm
        if let about = el.attribute("about", namespace: Self.rdf) {
            subject = .iri(Self.resolve(about, against: base))
        } else if let id = el.attribute("ID", namespace: Self.rdf) {
            subject = .iri(Self.resolve("#" + id, against: base))
        } else if let nodeID = el.attribute("nodeID", namespace: Self.rdf) {
            subject = .blank("n" + nodeID)
        } else {
            subject = freshBlank()
        }
        if !(el.namespace == Self.rdf && el.localName == "Description") {
            guard !el.namespace.isEmpty else { throw xml.error("node element <\(el.localName)> has no namespace", line: el.line, column: el.column) }
            triples.append(RDFTriple(subject: subject, predicate: Self.rdf + "type", object: .iri(iri(el))))
        }
        for a in el.attributes {
            if a.namespace == Self.xmlNS { continue }
            if a.namespace == Self.rdf {
                switch a.localName {
                case "about", "ID", "nodeID": continue
                case "type":
                    triples.append(RDFTriple(subject: subject, predicate: Self.rdf + "type", object: .iri(Self.resolve(a.value, against: base))))
                    continue
                default: break
                }
            }
            guard !a.namespace.isEmpty else { continue } // unqualified attributes are not RDF
            triples.append(RDFTriple(subject: subject, predicate: a.namespace + a.localName, object: .literal(a.value, datatype: nil, language: lang)))
        }
        try propertyElements(of: subject, base: base, lang: lang)
        return subject
    }

    /// Parses property elements up to the end of the enclosing element.
    private mutating func propertyElements(of subject: RDFTerm, base: String, lang: String?) throws {
        var li = 0
        while let event = try xml.next() {
            switch event {
            case .text(let t): try requireWhitespace(t)
            case .end: return
            case .start(let pe): try propertyElement(pe, subject: subject, base: base, lang: lang, li: &li)
            }
        }
        throw xml.error("the file ends inside a node element")
    }

    private mutating func propertyElement(_ pe: XMLElementStart, subject: RDFTerm, base parentBase: String, lang parentLang: String?, li: inout Int) throws {
        let base = pe.attribute("base", namespace: Self.xmlNS).map { Self.resolve($0, against: parentBase) } ?? parentBase
        let lang = pe.attribute("lang", namespace: Self.xmlNS) ?? parentLang
        guard !pe.namespace.isEmpty else { throw xml.error("property element <\(pe.localName)> has no namespace", line: pe.line, column: pe.column) }
        var predicate = iri(pe)
        if predicate == Self.rdf + "li" {
            li += 1
            predicate = Self.rdf + "_\(li)"
        }
        let reifyID = pe.attribute("ID", namespace: Self.rdf).map { Self.resolve("#" + $0, against: base) }
        func emit(_ object: RDFTerm) {
            triples.append(RDFTriple(subject: subject, predicate: predicate, object: object))
            if let reifyID {
                let r = RDFTerm.iri(reifyID)
                triples.append(RDFTriple(subject: r, predicate: Self.rdf + "type", object: .iri(Self.rdf + "Statement")))
                triples.append(RDFTriple(subject: r, predicate: Self.rdf + "subject", object: subject))
                triples.append(RDFTriple(subject: r, predicate: Self.rdf + "predicate", object: .iri(predicate)))
                triples.append(RDFTriple(subject: r, predicate: Self.rdf + "object", object: object))
            }
        }
        let propertyAttributes = pe.attributes.filter { a in
            !a.namespace.isEmpty && a.namespace != Self.xmlNS
                && !(a.namespace == Self.rdf && ["resource", "nodeID", "datatype", "parseType", "ID"].contains(a.localName))
        }
        func addPropertyAttributes(to node: RDFTerm) {
            for a in propertyAttributes {
                if a.namespace == Self.rdf && a.localName == "type" {
                    triples.append(RDFTriple(subject: node, predicate: Self.rdf + "type", object: .iri(Self.resolve(a.value, against: base))))
                } else {
                    triples.append(RDFTriple(subject: node, predicate: a.namespace + a.localName, object: .literal(a.value, datatype: nil, language: lang)))
                }
            }
        }

        switch pe.attribute("parseType", namespace: Self.rdf) {
        case "Resource"?:
            let node = freshBlank()
            emit(node)
            try propertyElements(of: node, base: base, lang: lang)
            return
        case "Collection"?:
            var items: [RDFTerm] = []
            while let event = try xml.next() {
                if case .start(let el) = event { items.append(try nodeElement(el, base: base, lang: lang)) }
                else if case .end = event { break }
                else if case .text(let t) = event { try requireWhitespace(t) }
            }
            var list = RDFTerm.iri(Self.rdf + "nil")
            var cells: [(RDFTerm, RDFTerm)] = []
            for item in items.reversed() {
                let cell = freshBlank()
                cells.append((cell, item))
                triples.append(RDFTriple(subject: cell, predicate: Self.rdf + "first", object: item))
                triples.append(RDFTriple(subject: cell, predicate: Self.rdf + "rest", object: list))
                list = cell
            }
            emit(list)
            return
        case "Literal"?:
            // XML literal: kept as the text it holds (the markup is not re-serialized).
            var text = ""
            var depth = 1
            while depth > 0, let event = try xml.next() {
                switch event {
                case .text(let t): text += t
                case .start: depth += 1
                case .end: depth -= 1
                }
            }
            emit(.literal(text, datatype: Self.rdf + "XMLLiteral", language: nil))
            return
        default: break
        }

        if let resource = pe.attribute("resource", namespace: Self.rdf) {
            let node = RDFTerm.iri(Self.resolve(resource, against: base))
            emit(node)
            addPropertyAttributes(to: node)
            try skipEmptyContent(pe)
            return
        }
        if let nodeID = pe.attribute("nodeID", namespace: Self.rdf) {
            let node = RDFTerm.blank("n" + nodeID)
            emit(node)
            addPropertyAttributes(to: node)
            try skipEmptyContent(pe)
            return
        }
        // Literal text, or one nested node element, or (empty, with property attributes) a blank node.
        var text = ""
        var object: RDFTerm?
        while let event = try xml.next() {
            switch event {
            case .text(let t): text += t
            case .start(let child):
                guard object == nil else { throw xml.error("property <\(pe.localName)> holds more than one node element", line: child.line, column: child.column) }
                try requireWhitespace(text)
                text = ""
                object = try nodeElement(child, base: base, lang: lang)
            case .end:
                if let object {
                    try requireWhitespace(text)
                    emit(object)
                } else if !propertyAttributes.isEmpty && text.isEmpty {
                    let node = freshBlank()
                    emit(node)
                    addPropertyAttributes(to: node)
                } else {
                    let datatype = pe.attribute("datatype", namespace: Self.rdf).map { Self.resolve($0, against: base) }
                    emit(.literal(text, datatype: datatype, language: datatype == nil ? lang : nil))
                }
                return
            }
        }
        throw xml.error("the file ends inside <\(pe.localName)>")
    }

    private func skipEmptyContent(_ pe: XMLElementStart) throws {
        while let event = try xml.next() {
            switch event {
            case .end: return
            case .text(let t): try requireWhitespace(t)
            case .start(let child):
                throw xml.error("property <\(pe.localName)> has rdf:resource and content", line: child.line, column: child.column)
            }
        }
    }

    /// Resolves a (possibly relative) IRI reference against a base (RFC 3986, without dot-segment removal).
    static func resolve(_ reference: String, against base: String) -> String {
        if let colon = reference.firstIndex(of: ":"),
           !reference[..<colon].contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }), colon != reference.startIndex {
            return reference
        }
        let baseNoFragment = base.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? base
        if reference.isEmpty { return baseNoFragment }
        if reference.hasPrefix("#") { return baseNoFragment + reference }
        guard let schemeEnd = base.range(of: "://") ?? base.range(of: ":") else { return reference }
        if reference.hasPrefix("//") { return String(base[..<schemeEnd.lowerBound]) + ":" + reference }
        let afterScheme = base[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        if reference.hasPrefix("/") { return String(base[..<authorityEnd]) + reference }
        if reference.hasPrefix("?") {
            let q = baseNoFragment.firstIndex(of: "?") ?? baseNoFragment.endIndex
            return String(baseNoFragment[..<q]) + reference
        }
        var path = baseNoFragment
        if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
        if let slash = path.lastIndex(of: "/"), slash >= authorityEnd { path = String(path[...slash]) } else { path += "/" }
        return path + reference
    }
}

/// Reads RDF/XML into a knowledge graph: kg's own shape (docs/CONTRACT.md) losslessly, and general
/// RDF/XML such as rdflib, Jena or Oxigraph write.
///
/// Mapping back:
/// - nodes are the resources typed with a class of the ontology's namespace (or its schema.org
///   alignment, or a class of another namespace with the same local name, `ex:Person`), and any other
///   typed resource that has a label; `rdf:Statement`s and RDF/RDFS/OWL
///   terms are not nodes. A node's id is its IRI minus the ontology's `entityNamespace`, else its local
///   name (made safe); `rdfs:label` (else `skos:prefLabel`, `schema:name`, `foaf:name`, another vocabulary's
///   `label` or `name`, else the id) is the label, `skos:altLabel` the aliases, `kg:source` the sources, `kg:mentions` the mentions; other
///   literals become typed attributes (`xsd:long`/`integer`… → integer, `xsd:double`/`float`/`decimal` →
///   double, `xsd:boolean` → boolean, else string) named by their property's local name;
/// - edges are the direct triples between two nodes, predicate by the property's local name, joined
///   with the `rdf:Statement` that reifies them (its IRI gives the edge id; `kg:provenance`, or else
///   `kg:evidence`, `kg:document`, `kg:start`, `kg:end`, `kg:trigger`, `kg:date`, gives the evidence;
///   `kg:confidence`; other literals are attributes). A statement without its direct triple is still an
///   edge; a direct triple without a statement is an edge without evidence.
public struct RDFXMLReader: Sendable {
    public let ontology: Ontology
    var limits: XMLReadLimits = .default

    public init(ontology: Ontology) { self.ontology = ontology }

    /// Reads an RDF/XML file.
    /// - Throws: `KGError.input` when the file cannot be read, `KGError.parse` when it is malformed or unsafe.
    public func read(path: String) throws -> KnowledgeGraph {
        let xml = try XMLReader(path: path, limits: limits)
        let base = URL(fileURLWithPath: path).absoluteString
        var parser = RDFXMLParser(xml)
        return try graph(from: parser.parse(base: base), file: path)
    }

    /// Reads RDF/XML held in memory; `name` is the file name errors report.
    public func read(data: Data, name: String) throws -> KnowledgeGraph {
        let xml = try XMLReader(data: data, name: name, limits: limits)
        var parser = RDFXMLParser(xml)
        return try graph(from: parser.parse(base: "file:///" + name), file: name)
    }

    static let rdf = RDFXMLParser.rdf
    static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
    static let skos = "http://www.w3.org/2004/02/skos/core#"
    static let owl = "http://www.w3.org/2002/07/owl#"

    private struct Resource {
        var types: [String] = []
        var literals: [(predicate: String, value: String, datatype: String?, language: String?)] = []
        var links: [(predicate: String, object: RDFTerm)] = []
    }

    private struct MentionJSON: Codable { var doc: String; var start: Int; var end: Int; var text: String }
    private struct EvidenceJSON: Codable {
        var doc: String; var sentence: String; var start: Int; var end: Int; var trigger: String?; var date: String?
    }

    func graph(from triples: [RDFTriple], file: String) throws -> KnowledgeGraph {
        var resources: [RDFTerm: Resource] = [:]
        for t in triples {
            var r = resources[t.subject] ?? Resource()
            switch t.object {
            case .literal(let v, let dt, let lang): r.literals.append((t.predicate, v, dt, lang))
            case .iri(let iri) where t.predicate == Self.rdf + "type": r.types.append(iri)
            default: r.links.append((t.predicate, t.object))
            }
            resources[t.subject] = r
        }

        // Classes: the ontology's namespace, and its schema.org alignments.
        var schemaClasses: [String: String] = [:]
        for c in ontology.classes {
            guard let s = c.schemaOrg else { continue }
            schemaClasses[s] = c.name
            if s.hasPrefix("http://") { schemaClasses["https://" + s.dropFirst(7)] = c.name }
        }
        let ontologyClassNames = Set(ontology.classes.map(\.name))
        let statementClass = Self.rdf + "Statement"
        let vocabularies = [Self.rdf, Self.rdfs, Self.owl, Self.xsd, Self.skos]
        func entityType(_ r: Resource) -> EntityType? {
            if r.types.contains(statementClass) { return nil }
            var own: [String] = [], foreign: [String] = []
            for t in r.types {
                if t.hasPrefix(ontology.namespace) { own.append(String(t.dropFirst(ontology.namespace.count))) }
                else if let c = schemaClasses[t] { own.append(c) }
                else if ontologyClassNames.contains(Self.localName(t)), !vocabularies.contains(where: { t.hasPrefix($0) }) { own.append(Self.localName(t)) }
                else if !vocabularies.contains(where: { t.hasPrefix($0) }) { foreign.append(Self.localName(t)) }
            }
            if let t = own.min() { return EntityType(t) }
            if let t = foreign.min(), !t.isEmpty, labelOf(r) != nil { return EntityType(t) }
            return nil
        }
        func labelOf(_ r: Resource) -> String? { labelSource(r)?.value }
        /// The label and the property it comes from.
        func labelSource(_ r: Resource) -> (value: String, predicate: String)? {
            for p in [Self.rdfs + "label", Self.skos + "prefLabel", "http://schema.org/name", "https://schema.org/name", "http://xmlns.com/foaf/0.1/name"] {
                let values = r.literals.filter { $0.predicate == p }
                if values.isEmpty { continue }
                let preferred = values.filter { $0.language == nil || $0.language!.lowercased().hasPrefix("en") }
                return ((preferred.isEmpty ? values : preferred).map(\.value).min()!, p)
            }
            // Another vocabulary's `label` or `name` property.
            for local in ["label", "name"] {
                if let l = r.literals.filter({ Self.localName($0.predicate) == local }).min(by: { ($0.value, $0.predicate) < ($1.value, $1.predicate) }) {
                    return (l.value, l.predicate)
                }
            }
            return nil
        }

        // Node ids, assigned in sorted IRI order so that collisions resolve the same way every time.
        var nodeIDs: [RDFTerm: String] = [:]
        var taken: Set<String> = []
        let nodeTerms = resources.compactMap { term, r in entityType(r) != nil ? term : nil }.sorted { Self.key($0) < Self.key($1) }
        for term in nodeTerms {
            var id: String
            switch term {
            case .iri(let iri) where iri.hasPrefix(ontology.entityNamespace) && iri.count > ontology.entityNamespace.count:
                id = GraphMLReader.safeID(String(iri.dropFirst(ontology.entityNamespace.count)))
            case .iri(let iri): id = GraphMLReader.safeID(Self.localName(iri))
            case .blank(let b): id = GraphMLReader.safeID("b-" + b)
            case .literal: continue
            }
            if taken.contains(id) { id += "-" + String(Identifier.hex(Identifier.stableHash(Self.key(term))).prefix(8)) }
            taken.insert(id)
            nodeIDs[term] = id
        }

        var graph = KnowledgeGraph()
        let reservedNode: Set<String> = [Self.rdfs + "label", Self.skos + "altLabel", ontology.term("source"), ontology.term("mentions")]
        for term in nodeTerms {
            let r = resources[term]!
            let id = nodeIDs[term]!
            let source = labelSource(r)
            let label = source?.value ?? id
            let labelPredicate = source?.predicate ?? Self.rdfs + "label"
            var aliases = r.literals.filter { $0.predicate == Self.skos + "altLabel" }.map(\.value)
            aliases += r.literals.filter { $0.predicate == labelPredicate && $0.value != label }.map(\.value)
            let sources = r.literals.filter { $0.predicate == ontology.term("source") }.map(\.value)
            var mentions: [Mention] = []
            for m in r.literals where m.predicate == ontology.term("mentions") {
                guard let decoded = JSONText.decode([MentionJSON].self, from: m.value) else {
                    throw KGError.parse(file: file, line: 0, column: 0, message: "node <\(Self.key(term))>: kg:mentions is not a JSON array of {doc,start,end,text}")
                }
                for d in decoded where d.start >= 0 && d.start <= d.end {
                    mentions.append(Mention(document: d.doc, span: TextSpan(start: d.start, end: d.end), text: d.text))
                }
            }
            var attributes: [String: AttributeValue] = [:]
            for l in r.literals.sorted(by: { ($0.predicate, $0.value) < ($1.predicate, $1.value) }) where !reservedNode.contains(l.predicate) && l.predicate != labelPredicate {
                let name = Self.localName(l.predicate)
                guard !name.isEmpty, attributes[name] == nil else { continue }
                attributes[name] = Self.typed(l.value, datatype: l.datatype)
            }
            graph.insert(Node(id: id, type: entityType(r)!, label: label, aliases: aliases, attributes: attributes, sources: sources, mentions: mentions))
        }

        func predicate(_ iri: String) -> KGCore.Predicate {
            KGCore.Predicate(iri.hasPrefix(ontology.namespace) ? String(iri.dropFirst(ontology.namespace.count)) : Self.localName(iri))
        }
        func endpoint(_ term: RDFTerm) -> String? {
            if let id = nodeIDs[term] { return id }
            guard case .iri(let iri) = term else { return nil }
            // A statement about a resource that is not typed: a generic node.
            var id = iri.hasPrefix(ontology.entityNamespace) ? GraphMLReader.safeID(String(iri.dropFirst(ontology.entityNamespace.count))) : GraphMLReader.safeID(Self.localName(iri))
            if taken.contains(id) { id += "-" + String(Identifier.hex(Identifier.stableHash(iri)).prefix(8)) }
            taken.insert(id)
            nodeIDs[term] = id
            graph.insert(Node(id: id, type: GraphMLReader.genericType, label: id))
            return id
        }

        // Statements.
        let reservedStatement: Set<String> = Set([Self.rdf + "subject", Self.rdf + "predicate", Self.rdf + "object"]
            + ["evidence", "source", "document", "start", "end", "date", "trigger", "confidence", "provenance"].map(ontology.term))
        var reified = Set<RDFTriple>()
        let statementTerms = resources.compactMap { term, r in r.types.contains(statementClass) ? term : nil }.sorted { Self.key($0) < Self.key($1) }
        for term in statementTerms {
            let r = resources[term]!
            guard let s = r.links.first(where: { $0.predicate == Self.rdf + "subject" })?.object,
                  case .iri(let p)? = r.links.first(where: { $0.predicate == Self.rdf + "predicate" })?.object,
                  let o = r.links.first(where: { $0.predicate == Self.rdf + "object" })?.object,
                  let sid = endpoint(s), let oid = endpoint(o) else { continue }
            reified.insert(RDFTriple(subject: s, predicate: p, object: o))
            let pred = predicate(p)
            func literal(_ name: String) -> String? { r.literals.first { $0.predicate == ontology.term(name) }?.value }
            var evidence: [Evidence] = []
            if let text = literal("provenance") {
                guard let decoded = JSONText.decode([EvidenceJSON].self, from: text) else {
                    throw KGError.parse(file: file, line: 0, column: 0, message: "statement <\(Self.key(term))>: kg:provenance is not a JSON array of {doc,sentence,start,end}")
                }
                for e in decoded where e.start >= 0 && e.start <= e.end {
                    evidence.append(Evidence(document: e.doc, sentence: e.sentence, span: TextSpan(start: e.start, end: e.end), trigger: e.trigger, date: e.date))
                }
            } else if literal("document") != nil || literal("evidence") != nil {
                let start = literal("start").flatMap { Int($0) } ?? 0
                let end = literal("end").flatMap { Int($0) } ?? start
                evidence.append(Evidence(document: literal("document") ?? "", sentence: literal("evidence") ?? "",
                                         span: TextSpan(start: max(0, start), end: max(max(0, start), end)), trigger: literal("trigger"), date: literal("date")))
            }
            let covered = Set(evidence.map(\.document))
            for l in r.literals where l.predicate == ontology.term("source") && !covered.contains(l.value) {
                evidence.append(Evidence(document: l.value, sentence: "", span: TextSpan(start: 0, end: 0)))
            }
            var attributes: [String: AttributeValue] = [:]
            for l in r.literals.sorted(by: { ($0.predicate, $0.value) < ($1.predicate, $1.value) }) where !reservedStatement.contains(l.predicate) {
                let name = Self.localName(l.predicate)
                guard !name.isEmpty, attributes[name] == nil else { continue }
                attributes[name] = Self.typed(l.value, datatype: l.datatype)
            }
            let id: String
            if case .iri(let iri) = term, iri.hasPrefix(ontology.entityNamespace), iri.count > ontology.entityNamespace.count {
                id = GraphMLReader.safeID(String(iri.dropFirst(ontology.entityNamespace.count)))
            } else {
                id = Identifier.edge(subject: sid, predicate: pred, object: oid)
            }
            let confidence = literal("confidence").flatMap { GraphMLReader.typed($0, as: "double") }.flatMap { v -> Double? in
                if case .double(let d) = v { return d } else { return nil }
            } ?? 1.0
            graph.insert(Edge(id: id, subject: sid, predicate: pred, object: oid, confidence: confidence, evidence: evidence, attributes: attributes))
        }

        // Direct triples between nodes that no statement reifies.
        for term in nodeTerms {
            for link in resources[term]!.links {
                guard let oid = nodeIDs[link.object], let sid = nodeIDs[term] else { continue }
                if reified.contains(RDFTriple(subject: term, predicate: link.predicate, object: link.object)) { continue }
                let pred = predicate(link.predicate)
                graph.insert(Edge(id: Identifier.edge(subject: sid, predicate: pred, object: oid), subject: sid, predicate: pred, object: oid))
            }
        }
        return graph
    }

    static func key(_ term: RDFTerm) -> String {
        switch term {
        case .iri(let i): return i
        case .blank(let b): return "_:" + b
        case .literal(let v, _, _): return "\"" + v
        }
    }

    /// The part of an IRI after its last `#` or `/`.
    static func localName(_ iri: String) -> String {
        if let i = iri.lastIndex(where: { $0 == "#" || $0 == "/" }) { return String(iri[iri.index(after: i)...]) }
        return iri
    }

    /// A literal typed by its datatype.
    static func typed(_ value: String, datatype: String?) -> AttributeValue {
        guard let dt = datatype, dt.hasPrefix(xsd) else { return .string(value) }
        switch String(dt.dropFirst(xsd.count)) {
        case "long", "int", "integer", "short", "byte", "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong", "negativeInteger", "nonPositiveInteger":
            return GraphMLReader.typed(value, as: "long") ?? .string(value)
        case "double", "float", "decimal":
            return GraphMLReader.typed(value, as: "double") ?? .string(value)
        case "boolean":
            return GraphMLReader.typed(value, as: "boolean") ?? .string(value)
        default:
            return .string(value)
        }
    }
}
