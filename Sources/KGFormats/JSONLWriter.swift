import KGCore

/// Writes JSON Lines as docs/CONTRACT.md describes: one object a line, keys sorted; every mention
/// (sorted by document, start, end), then every node, then every relation.
///
/// JSON carries any character, so values are written exactly (controls as `\u00XX` escapes), not
/// replaced as in the XML formats. Doubles that JSON lacks (NaN, ±infinity) are written as strings.
enum JSONLWriter: GraphWriter {
    static func write(_ graph: KnowledgeGraph, ontology: Ontology, to sink: OutputSink) throws {
        let nodes = WriterSupport.sortedNodes(graph)
        let edges = WriterSupport.sortedEdges(graph)
        var json = JSONBuffer(xmlSafe: false, capacity: 4096)

        var mentions: [(mention: Mention, node: Int)] = []
        for (i, node) in nodes.enumerated() { for m in node.mentions { mentions.append((m, i)) } }
        mentions.sort { a, b in
            if a.mention.document != b.mention.document { return a.mention.document < b.mention.document }
            if a.mention.span != b.mention.span { return a.mention.span < b.mention.span }
            if a.node != b.node { return a.node < b.node }
            return a.mention.text < b.mention.text
        }
        for (m, i) in mentions {
            json.reset()
            json.raw("{\"doc\":"); json.string(m.document)
            json.raw(",\"end\":"); json.number(m.span.end)
            json.raw(",\"kind\":\"mention\",\"node\":"); json.string(nodes[i].id)
            json.raw(",\"start\":"); json.number(m.span.start)
            json.raw(",\"text\":"); json.string(m.text)
            json.raw(",\"type\":"); json.string(nodes[i].type.rawValue)
            json.raw("}\n")
            sink.write(json.bytes)
        }
        for node in nodes {
            json.reset()
            json.raw("{\"aliases\":"); json.stringArray(node.aliases)
            json.raw(",\"attributes\":"); attributes(node.attributes, &json)
            json.raw(",\"id\":"); json.string(node.id)
            json.raw(",\"kind\":\"node\",\"label\":"); json.string(node.label)
            json.raw(",\"sources\":"); json.stringArray(node.sources)
            json.raw(",\"type\":"); json.string(node.type.rawValue)
            json.raw("}\n")
            sink.write(json.bytes)
        }
        for edge in edges {
            json.reset()
            json.raw("{\"attributes\":"); attributes(edge.attributes, &json)
            json.raw(",\"confidence\":"); json.number(edge.confidence)
            json.raw(",\"date\":")
            if let date = WriterSupport.date(edge) { json.string(date) } else { json.raw("null") }
            json.raw(",\"evidence\":"); json.provenance(edge.evidence)
            json.raw(",\"id\":"); json.string(edge.id)
            json.raw(",\"kind\":\"relation\",\"object\":"); json.string(edge.object)
            json.raw(",\"predicate\":"); json.string(edge.predicate.rawValue)
            json.raw(",\"sources\":"); json.stringArray(WriterSupport.sources(edge))
            json.raw(",\"subject\":"); json.string(edge.subject)
            json.raw("}\n")
            sink.write(json.bytes)
        }
        try sink.checkError()
    }

    private static func attributes(_ attributes: [String: AttributeValue], _ json: inout JSONBuffer) {
        json.byte(0x7B)
        for (i, (name, value)) in attributes.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { json.byte(0x2C) }
            json.string(name)
            json.byte(0x3A)
            json.value(value)
        }
        json.byte(0x7D)
    }
}
