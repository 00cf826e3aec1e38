import KGCore

/// Writes the ontology as OWL in RDF/XML (what `kg ontology` prints and `Ontology/kg.owl` holds), through
/// `XMLWriter` (libxml2), so Protégé and any RDF tool can read kg's vocabulary.
///
/// - `owl:Ontology` with a label and comment;
/// - `owl:Class` per class: `rdfs:label`, `rdfs:comment`, `owl:equivalentClass` its schema.org class;
/// - `owl:ObjectProperty` per relation type: label, comment, `kg:cameoCode` (an annotation property),
///   `rdfs:domain` / `rdfs:range` when the relation names exactly one class;
/// - `owl:DatatypeProperty` for the literals kg writes (`evidence`, `source`, `document`, `start`, `end`,
///   `date`, `trigger`, `confidence`, `provenance`, `mentions`), with ranges where they are fixed.
enum OntologyWriter {
    /// The datatype properties kg's RDF/XML uses: local name, label, comment, range (xsd local name).
    static let datatypeProperties: [(name: String, label: String, comment: String, range: String?)] = [
        ("evidence", "evidence", "The primary sentence supporting a relation, on its rdf:Statement.", "string"),
        ("source", "source document", "The id of a document an entity or a relation was found in (one triple per document).", "string"),
        ("document", "primary document", "The id of the document of a relation's primary evidence.", "string"),
        ("start", "start", "Start of the primary evidence span, in Unicode code points from the start of the document.", "integer"),
        ("end", "end", "End (exclusive) of the primary evidence span, in Unicode code points.", "integer"),
        ("date", "date", "The earliest date the evidence gives for a relation: xsd:date when a full date, else a plain ISO 8601 literal.", nil),
        ("trigger", "trigger", "The word or phrase that signalled the relation in its primary evidence.", "string"),
        ("confidence", "confidence", "How sure the extractor is of a relation, from 0 to 1.", "double"),
        ("provenance", "provenance", "Every piece of evidence of a relation, as a JSON array of {doc, sentence, start, end, trigger?, date?}.", "string"),
        ("mentions", "mentions", "Every place an entity is named, as a JSON array of {doc, start, end, text} (code points, end exclusive).", "string"),
    ]

    static func write(_ ontology: Ontology, to sink: OutputSink) throws {
        let kg = try RDFXMLWriter.prefix(ontology, sink: sink)
        let rdf = RDFXMLWriter.self
        let xml = try XMLWriter(sink: sink, indent: true)
        try xml.startDocument()
        try xml.startElement("rdf:RDF")
        try xml.attribute("xmlns:rdf", rdf.rdf)
        try xml.attribute("xmlns:rdfs", rdf.rdfs)
        try xml.attribute("xmlns:xsd", rdf.xsd)
        try xml.attribute("xmlns:skos", rdf.skos)
        try xml.attribute("xmlns:owl", rdf.owl)
        try xml.attribute(named: "xmlns:" + kg, ontology.namespace)

        func literal(_ name: StaticString, _ text: String) throws {
            try xml.startElement(name)
            try xml.attribute("xml:lang", "en")
            try xml.text(text)
            try xml.endElement()
        }
        func resource(_ name: StaticString, _ iri: String) throws {
            try xml.startElement(name)
            try xml.attribute("rdf:resource", iri)
            try xml.endElement()
        }
        func header(_ element: StaticString, _ localName: String, label: String, comment: String) throws {
            try xml.startElement(element)
            try xml.attribute("rdf:about", ontology.term(localName))
            try literal("rdfs:label", label)
            if !comment.isEmpty { try literal("rdfs:comment", comment) }
            try resource("rdfs:isDefinedBy", ontology.iri)
        }

        try xml.startElement("owl:Ontology")
        try xml.attribute("rdf:about", ontology.iri)
        try literal("rdfs:label", "kg news ontology")
        try literal("rdfs:comment", "Classes and relation types of the knowledge graphs kg builds from news articles, aligned to schema.org and CAMEO. Generated from ontology.json by `kg ontology`; do not edit by hand.")
        try xml.endElement()

        try header("owl:AnnotationProperty", "cameoCode", label: "CAMEO code",
                   comment: "The CAMEO (Conflict and Mediation Event Observations) event code a relation type corresponds to.")
        try xml.endElement()
        try xml.startElement("owl:AnnotationProperty")
        try xml.attribute("rdf:about", rdf.skos + "altLabel")
        try xml.endElement()

        for c in ontology.classes {
            try header("owl:Class", c.name, label: c.label, comment: c.comment)
            if let schema = c.schemaOrg, !schema.isEmpty { try resource("owl:equivalentClass", schema) }
            try xml.endElement()
        }
        for r in ontology.relations {
            try header("owl:ObjectProperty", r.name, label: r.label, comment: r.comment)
            if let cameo = r.cameo, !cameo.isEmpty { try xml.element(named: kg + ":cameoCode", text: cameo) }
            if r.domain.count == 1 { try resource("rdfs:domain", ontology.term(r.domain[0])) }
            if r.range.count == 1 { try resource("rdfs:range", ontology.term(r.range[0])) }
            try xml.endElement()
        }
        for p in datatypeProperties {
            try header("owl:DatatypeProperty", p.name, label: p.label, comment: p.comment)
            if let range = p.range { try resource("rdfs:range", rdf.xsd + range) }
            try xml.endElement()
        }
        try xml.endElement() // rdf:RDF
        try xml.endDocument()
    }
}
