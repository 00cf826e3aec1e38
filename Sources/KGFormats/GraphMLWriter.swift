import KGCore

/// Writes GraphML exactly as docs/CONTRACT.md describes, streaming through `XMLWriter` (libxml2).
///
/// ```xml
/// <graphml xmlns="http://graphml.graphdrawing.org/xmlns" …>
///   <key id="n_label" for="node" attr.name="label" attr.type="string"/> …
///   <graph id="G" edgedefault="directed">
///     <node id="person-…"><data key="n_label">…</data> …</node>
///     <edge id="e…" source="…" target="…"><data key="e_predicate">honors</data> …</edge>
/// ```
enum GraphMLWriter: GraphWriter {
    static let namespace = "http://graphml.graphdrawing.org/xmlns"
    static let schemaLocation = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

    /// A declared `<key>`.
    struct Key {
        var id: String
        var name: String
        var type: String
    }

    /// Reserved keys, in the order they are declared and written.
    static let nodeKeys: [Key] = [
        Key(id: "n_label", name: "label", type: "string"), Key(id: "n_type", name: "type", type: "string"),
        Key(id: "n_aliases", name: "aliases", type: "string"), Key(id: "n_sources", name: "sources", type: "string"),
        Key(id: "n_mentions", name: "mentions", type: "string"),
    ]
    static let edgeKeys: [Key] = [
        Key(id: "e_predicate", name: "predicate", type: "string"), Key(id: "e_evidence", name: "evidence", type: "string"),
        Key(id: "e_sources", name: "sources", type: "string"), Key(id: "e_document", name: "document", type: "string"),
        Key(id: "e_span", name: "span", type: "string"), Key(id: "e_date", name: "date", type: "string"),
        Key(id: "e_trigger", name: "trigger", type: "string"), Key(id: "e_confidence", name: "confidence", type: "double"),
        Key(id: "e_provenance", name: "provenance", type: "string"),
    ]

    /// Keys for the attributes found in the graph, after the reserved ones: id `<prefix><local name>`,
    /// made unique with `_2`, `_3`… (names are sorted, so the choice is deterministic). The XSD requires
    /// `attr.name` to be an NMTOKEN: a name that is not one is written with `_` for each character an
    /// NMTOKEN cannot hold (`founded year` → `founded_year`).
    static func attributeKeys(_ schema: [(name: String, type: String)], prefix: String, reserved: [Key]) -> [Key] {
        var used = Set(reserved.map(\.id))
        var keys: [Key] = []
        for (name, type) in schema {
            let base = prefix + WriterSupport.localName(name)
            var id = base
            var n = 2
            while used.contains(id) { id = "\(base)_\(n)"; n += 1 }
            used.insert(id)
            keys.append(Key(id: id, name: name, type: type))
        }
        return keys
    }

    static func write(_ graph: KnowledgeGraph, ontology: Ontology, to sink: OutputSink) throws {
        let nodes = WriterSupport.sortedNodes(graph)
        let edges = WriterSupport.sortedEdges(graph)
        let nodeAttributeKeys = attributeKeys(WriterSupport.attributeSchema(nodes.lazy.map(\.attributes)), prefix: "n_", reserved: nodeKeys)
        let edgeAttributeKeys = attributeKeys(WriterSupport.attributeSchema(edges.lazy.map(\.attributes)), prefix: "e_", reserved: edgeKeys)

        let xml = try XMLWriter(sink: sink)
        try xml.startDocument()
        try xml.startElement("graphml")
        try xml.attribute("xmlns", "http://graphml.graphdrawing.org/xmlns")
        try xml.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        try xml.attribute("xsi:schemaLocation", "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")
        for (keys, domain) in [(nodeKeys + nodeAttributeKeys, "node"), (edgeKeys + edgeAttributeKeys, "edge")] {
            for key in keys {
                try xml.newline(1)
                try xml.startElement("key")
                try xml.attribute("id", key.id)
                try xml.attribute("for", domain)
                try xml.attribute("attr.name", WriterSupport.nmtoken(key.name))
                try xml.attribute("attr.type", key.type)
                try xml.endElement()
            }
        }
        try xml.newline(1)
        try xml.startElement("graph")
        try xml.attribute("id", "G")
        try xml.attribute("edgedefault", "directed")
        try xml.flushForFragments()

        // Nodes then edges, as one run of records written in blocks on every core.
        let nodeNames = nodeAttributeKeys.map(\.name), edgeNames = edgeAttributeKeys.map(\.name)
        let nodeKeyIDs = nodeAttributeKeys.map(\.id), edgeKeyIDs = edgeAttributeKeys.map(\.id)
        try ParallelBlocks.write(count: nodes.count + edges.count, to: sink) { range, out in
            try writeRecords(range, nodes: nodes, edges: edges, nodeNames: nodeNames, nodeKeyIDs: nodeKeyIDs,
                             edgeNames: edgeNames, edgeKeyIDs: edgeKeyIDs, to: out)
        }

        try xml.newline(1)
        try xml.endElement() // graph
        try xml.newline(0)
        try xml.endElement() // graphml
        try xml.endDocument()
    }

    /// Writes records `range` (indices below `nodes.count` are nodes, the rest edges) as a fragment.
    private static func writeRecords(_ range: Range<Int>, nodes: SortedNodes, edges: SortedEdges, nodeNames: [String], nodeKeyIDs: [String],
                                     edgeNames: [String], edgeKeyIDs: [String], to sink: OutputSink) throws {
        let xml = try XMLWriter(sink: sink)
        var json = JSONBuffer(xmlSafe: true, capacity: 4096)
        var nodeOrder = AttributeOrder(names: nodeNames)
        var edgeOrder = AttributeOrder(names: edgeNames)

        @inline(__always) func data(_ key: StaticString, _ text: String) throws {
            try xml.startElement("data")
            try xml.attribute("key", key)
            try xml.text(text)
            try xml.endElement()
        }
        @inline(__always) func data(_ key: String, _ text: String) throws {
            try xml.startElement("data")
            try xml.attribute("key", key)
            try xml.text(text)
            try xml.endElement()
        }
        @inline(__always) func jsonData(_ key: StaticString) throws {
            try xml.startElement("data")
            try xml.attribute("key", key)
            try json.withNulTerminated { try xml.text(nulTerminated: $0) }
            try xml.endElement()
        }

        for record in range where record < nodes.count {
            let node = nodes[record]
            guard WriterSupport.isNMTOKEN(node.id) else { throw WriterSupport.badID("node", node.id, sink: sink) }
            try xml.newline(2)
            try xml.startElement("node")
            try xml.attribute("id", node.id)
            try data("n_label", node.label)
            try data("n_type", node.type.rawValue)
            json.reset(); json.stringArray(node.aliases); try jsonData("n_aliases")
            json.reset(); json.stringArray(node.sources); try jsonData("n_sources")
            if !node.mentions.isEmpty { json.reset(); json.mentions(node.mentions); try jsonData("n_mentions") }
            try nodeOrder.forEach(node.attributes) { position, value in try data(nodeKeyIDs[position], WriterSupport.lexical(value)) }
            try xml.endElement()
        }
        for record in range where record >= nodes.count {
            let edge = edges[record - nodes.count]
            guard WriterSupport.isNMTOKEN(edge.id) else { throw WriterSupport.badID("edge", edge.id, sink: sink) }
            try xml.newline(2)
            try xml.startElement("edge")
            try xml.attribute("id", edge.id)
            try xml.attribute("source", edge.subject)
            try xml.attribute("target", edge.object)
            try data("e_predicate", edge.predicate.rawValue)
            let primary = edge.evidence.first
            if let primary, !primary.sentence.isEmpty { try data("e_evidence", primary.sentence) }
            json.reset(); json.stringArray(WriterSupport.sources(edge)); try jsonData("e_sources")
            if let primary {
                try data("e_document", primary.document)
                try data("e_span", primary.span.description)
            }
            if let date = WriterSupport.date(edge) { try data("e_date", date) }
            if let trigger = primary?.trigger { try data("e_trigger", trigger) }
            try data("e_confidence", WriterSupport.lexical(edge.confidence))
            if !edge.evidence.isEmpty { json.reset(); json.provenance(edge.evidence); try jsonData("e_provenance") }
            try edgeOrder.forEach(edge.attributes) { position, value in try data(edgeKeyIDs[position], WriterSupport.lexical(value)) }
            try xml.endElement()
        }
        try xml.endFragment()
    }
}
