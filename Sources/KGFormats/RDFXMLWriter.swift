import KGCore

/// Writes RDF/XML exactly as docs/CONTRACT.md describes, streaming through `XMLWriter` (libxml2).
///
/// Each node is a typed element (`<kg:Person rdf:about="…/id/person-…">`) holding its literals and, for
/// every edge it is the subject of, the direct triple (`<kg:honors rdf:resource="…"/>`); each edge's
/// provenance follows its subject on an `rdf:Statement` (RDF reification) whose IRI is the edge id in
/// the entity namespace. Every predicate is a QName; no blank nodes.
enum RDFXMLWriter: GraphWriter {
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
    static let skos = "http://www.w3.org/2004/02/skos/core#"
    static let owl = "http://www.w3.org/2002/07/owl#"

    /// The datatype IRI of a typed attribute value (nil: a plain literal).
    static func datatype(_ value: AttributeValue) -> String? {
        switch value {
        case .string: return nil
        case .int: return xsd + "long"
        case .double: return xsd + "double"
        case .bool: return xsd + "boolean"
        }
    }

    /// Whether a date is a full `YYYY-MM-DD` (written as `xsd:date`; other ISO 8601 forms stay plain).
    static func isFullDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(b[i] >= 0x30 && b[i] <= 0x39) { return false }
        let month = Int(b[5] - 0x30) * 10 + Int(b[6] - 0x30), day = Int(b[8] - 0x30) * 10 + Int(b[9] - 0x30)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// The ontology's prefix, checked: it names the `kg` namespace in every QName.
    static func prefix(_ ontology: Ontology, sink: OutputSink) throws -> String {
        let p = ontology.prefix
        guard WriterSupport.isNCName(p), !["rdf", "rdfs", "xsd", "skos", "owl", "xml"].contains(p), !p.lowercased().hasPrefix("xml") else {
            throw KGError.output(file: sink.name, message: "the ontology's prefix '\(p)' is not usable as an XML namespace prefix; fix \"prefix\" in ontology.json")
        }
        return p
    }

    static func write(_ graph: KnowledgeGraph, ontology: Ontology, to sink: OutputSink) throws {
        let kg = try prefix(ontology, sink: sink)
        let nodes = WriterSupport.sortedNodes(graph)
        let edges = WriterSupport.sortedEdges(graph)

        // Edges are sorted by subject and nodes by id (the same byte order): each node's edges are one run,
        // found in one pass. An edge whose subject is not a node stops the walk, and is reported.
        var edgeStart = [Int](repeating: 0, count: nodes.count + 1)
        var e = 0
        for (i, node) in nodes.enumerated() {
            edgeStart[i] = e
            while e < edges.count && edges[e].subject == node.id { e += 1 }
        }
        edgeStart[nodes.count] = e
        if e < edges.count {
            throw KGError.output(file: sink.name, message: "edge \(edges[e].id) names subject '\(edges[e].subject)', which is not a node of the graph")
        }

        let xml = try XMLWriter(sink: sink)
        try xml.startDocument()
        try xml.startElement("rdf:RDF")
        try xml.attribute("xmlns:rdf", rdf)
        try xml.attribute("xmlns:rdfs", rdfs)
        try xml.attribute("xmlns:xsd", xsd)
        try xml.attribute("xmlns:skos", skos)
        try xml.attribute(named: "xmlns:" + kg, ontology.namespace)
        try xml.flushForFragments()
        let names = Names(prefix: kg, ontology: ontology)
        let runs = edgeStart
        // Attribute names in one fixed order (sorted), so each record's attributes need no sort.
        let nodeAttributes = WriterSupport.attributeSchema(nodes.lazy.map(\.attributes)).map(\.name)
        let edgeAttributes = WriterSupport.attributeSchema(edges.lazy.map(\.attributes)).map(\.name)
        let weight = nodes.isEmpty ? 1 : max(1, (nodes.count + edges.count) / nodes.count)
        try ParallelBlocks.write(count: nodes.count, weight: weight, to: sink) { range, out in
            try writeNodes(range, nodes: nodes, edges: edges, edgeStart: runs, names: names, nodeAttributes: nodeAttributes,
                           edgeAttributes: edgeAttributes, to: out)
        }
        try xml.newline(0)
        try xml.endElement() // rdf:RDF
        try xml.endDocument()
    }

    /// The QNames and IRIs the records use, computed once.
    struct Names: Sendable {
        let prefix: String
        let base: String
        let termBase: String
        let source, mentions, evidence, document, start, end, date, trigger, confidence, provenance: String
        let xsdInteger = xsd + "integer", xsdDouble = xsd + "double", xsdDate = xsd + "date"

        init(prefix: String, ontology: Ontology) {
            self.prefix = prefix
            base = ontology.entityNamespace
            termBase = ontology.namespace
            source = prefix + ":source"; mentions = prefix + ":mentions"; evidence = prefix + ":evidence"
            document = prefix + ":document"; start = prefix + ":start"; end = prefix + ":end"; date = prefix + ":date"
            trigger = prefix + ":trigger"; confidence = prefix + ":confidence"; provenance = prefix + ":provenance"
        }
    }

    /// Writes nodes `range`, each followed by the statements of its edges, as a fragment.
    private static func writeNodes(_ range: Range<Int>, nodes: SortedNodes, edges: SortedEdges, edgeStart: [Int], names: Names,
                                   nodeAttributes: [String], edgeAttributes: [String], to sink: OutputSink) throws {
        let xml = try XMLWriter(sink: sink)
        var json = JSONBuffer(xmlSafe: true, capacity: 4096)
        let base = names.base
        var qnames: [String: String] = [:]
        func qname(_ name: String) -> String {
            if let q = qnames[name] { return q }
            let q = names.prefix + ":" + WriterSupport.localName(name)
            qnames[name] = q
            return q
        }
        var predicateIRIs: [Predicate: String] = [:]
        func predicateIRI(_ p: Predicate) -> String {
            if let iri = predicateIRIs[p] { return iri }
            let iri = names.termBase + WriterSupport.localName(p.rawValue)
            predicateIRIs[p] = iri
            return iri
        }
        @inline(__always) func jsonElement(_ name: String) throws {
            try xml.startElement(named: name)
            try json.withNulTerminated { try xml.text(nulTerminated: $0) }
            try xml.endElement()
        }
        @inline(__always) func typed(_ name: String, _ text: String, _ datatype: String?) throws {
            try xml.startElement(named: name)
            if let datatype { try xml.attribute("rdf:datatype", datatype) }
            try xml.text(text)
            try xml.endElement()
        }
        @inline(__always) func resource(_ name: StaticString, _ iri: String) throws {
            try xml.startElement(name)
            try xml.attribute("rdf:resource", iri)
            try xml.endElement()
        }
        var nodeOrder = AttributeOrder(names: nodeAttributes), edgeOrder = AttributeOrder(names: edgeAttributes)
        let nodeQNames = nodeAttributes.map(qname), edgeQNames = edgeAttributes.map(qname)

        for i in range {
            let node = nodes[i]
            guard WriterSupport.isNMTOKEN(node.id) else { throw WriterSupport.badID("node", node.id, sink: sink) }
            let subjectIRI = base + node.id
            try xml.newline(1)
            try xml.startElement(named: qname(node.type.rawValue))
            try xml.attribute("rdf:about", subjectIRI)
            try xml.element("rdfs:label", text: node.label)
            for alias in node.aliases { try xml.element("skos:altLabel", text: alias) }
            for source in node.sources { try xml.element(named: names.source, text: source) }
            if !node.mentions.isEmpty { json.reset(); json.mentions(node.mentions); try jsonElement(names.mentions) }
            try nodeOrder.forEach(node.attributes) { position, value in
                try typed(nodeQNames[position], WriterSupport.lexical(value), datatype(value))
            }
            let mine = edges[edgeStart[i]..<edgeStart[i + 1]]
            for edge in mine {
                try xml.startElement(named: qname(edge.predicate.rawValue))
                try xml.attribute("rdf:resource", base + edge.object)
                try xml.endElement()
            }
            try xml.endElement()
            for edge in mine {
                guard WriterSupport.isNMTOKEN(edge.id) else { throw WriterSupport.badID("edge", edge.id, sink: sink) }
                try xml.newline(1)
                try xml.startElement("rdf:Statement")
                try xml.attribute("rdf:about", base + edge.id)
                try resource("rdf:subject", subjectIRI)
                try resource("rdf:predicate", predicateIRI(edge.predicate))
                try resource("rdf:object", base + edge.object)
                let primary = edge.evidence.first
                if let primary, !primary.sentence.isEmpty { try xml.element(named: names.evidence, text: primary.sentence) }
                for source in WriterSupport.sources(edge) { try xml.element(named: names.source, text: source) }
                if let primary {
                    try xml.element(named: names.document, text: primary.document)
                    try typed(names.start, String(primary.span.start), names.xsdInteger)
                    try typed(names.end, String(primary.span.end), names.xsdInteger)
                }
                if let date = WriterSupport.date(edge) { try typed(names.date, date, isFullDate(date) ? names.xsdDate : nil) }
                if let trigger = primary?.trigger { try xml.element(named: names.trigger, text: trigger) }
                try typed(names.confidence, WriterSupport.lexical(edge.confidence), names.xsdDouble)
                if !edge.evidence.isEmpty { json.reset(); json.provenance(edge.evidence); try jsonElement(names.provenance) }
                try edgeOrder.forEach(edge.attributes) { position, value in
                    try typed(edgeQNames[position], WriterSupport.lexical(value), datatype(value))
                }
                try xml.endElement()
            }
        }
        try xml.endFragment()
    }
}
