import Foundation
import KGCore

/// Reads GraphML: kg's own contract (docs/CONTRACT.md) losslessly, and ordinary GraphML written by
/// NetworkX, igraph, Gephi or yEd.
///
/// Mapping of foreign files:
/// - keys are matched by `attr.name` (their ids, `d0`, `d1`…, do not matter); `for="all"` keys apply to
///   nodes and edges, graph-level keys are ignored; `<default>` values apply to elements without data;
/// - a node without `label` takes a yEd `y:NodeLabel`, else a `name` attribute, else its id; a node without
///   `type` gets `Thing`; an edge without `predicate` takes `relation`, `label` or a yEd `y:EdgeLabel`, else
///   `related`;
/// - `aliases` and `sources` are JSON arrays, or names joined by `|`;
/// - every other key becomes a typed attribute (`int`/`long` → integer, `float`/`double` → double,
///   `boolean` → boolean, else string);
/// - nested graphs (yEd groups) are flattened; hyperedges and ports are skipped; elements of other
///   namespaces (yEd's `y:`, `yfiles`) are ignored;
/// - ids that are not made of ASCII letters, digits, `.`, `_` and `-` are replaced by a slug and a hash
///   (node ids must be NMTOKENs and IRI segments); edges without an id, or whose id repeats, get one
///   from what they say.
public struct GraphMLReader: Sendable {
    public static let namespace = "http://graphml.graphdrawing.org/xmlns"
    public static let genericType = EntityType("Thing")
    public static let genericPredicate = Predicate("related")

    var limits: XMLReadLimits = .default

    public init() {}

    /// Reads a GraphML file.
    /// - Throws: `KGError.input` when the file cannot be read, `KGError.parse` (file, line, column) when it
    ///   is malformed, unsafe, or not GraphML.
    public func read(path: String) throws -> KnowledgeGraph {
        try read(XMLReader(path: path, limits: limits))
    }

    /// Reads GraphML held in memory; `name` is the file name errors report.
    public func read(data: Data, name: String) throws -> KnowledgeGraph {
        try read(XMLReader(data: data, name: name, limits: limits))
    }

    // MARK: - Parsing

    private struct Key {
        var id: String
        var domain: String // node, edge, graph, all, …
        var name: String
        var type: String
        var defaultValue: String?
        var yEdGraphics: Bool
    }

    private struct Element {
        var id: String?
        var source: String = ""
        var target: String = ""
        var data: [String: String] = [:] // key id → raw text
        var dataPosition: [String: (Int, Int)] = [:]
    }

    func read(_ xml: XMLReader) throws -> KnowledgeGraph {
        var keys: [String: Key] = [:]
        var nodes: [Element] = []
        var edges: [Element] = []
        var nodeStack: [Element] = []
        var sawRoot = false

        while let event = try xml.next() {
            guard case .start(let el) = event else { continue }
            if !sawRoot {
                guard el.localName == "graphml", el.namespace == Self.namespace || el.namespace.isEmpty else {
                    throw xml.error("not a GraphML file: the root element is <\(el.localName)>, expected <graphml>", line: el.line, column: el.column)
                }
                sawRoot = true
                continue
            }
            guard el.namespace == Self.namespace || el.namespace.isEmpty else {
                try xml.skipElement() // yEd, yfiles and other foreign elements
                continue
            }
            switch el.localName {
            case "key":
                guard let id = el.attribute("id"), !id.isEmpty else {
                    throw xml.error("<key> without an id", line: el.line, column: el.column)
                }
                var key = Key(id: id, domain: el.attribute("for") ?? "all", name: el.attribute("attr.name") ?? id,
                              type: (el.attribute("attr.type") ?? "string").lowercased(), defaultValue: nil,
                              yEdGraphics: el.attribute("yfiles.type") != nil)
                // <default> child, maybe
                while let inner = try xml.next() {
                    if case .start(let child) = inner {
                        if child.localName == "default" { key.defaultValue = try xml.readText(of: child) } else { try xml.skipElement() }
                    } else if case .end = inner { break }
                }
                guard keys[id] == nil else { throw xml.error("key '\(id)' is declared twice", line: el.line, column: el.column) }
                keys[id] = key
            case "graph", "graphml":
                continue
            case "node":
                try readNode(xml, el, keys: keys, stack: &nodeStack, nodes: &nodes, edges: &edges)
            case "edge":
                edges.append(try readEdge(xml, el, keys: keys))
            case "data":
                try xml.skipElement() // graph-level data
            default:
                try xml.skipElement() // desc, hyperedge, port, locator…
            }
        }
        guard sawRoot else { throw xml.error("empty document: no <graphml> element") }
        return try build(nodes: nodes, edges: edges, keys: keys, file: xml.file)
    }

    /// Reads a `<node>` whose start tag is `el`, with its content, so that its end is matched here.
    private func readNode(_ xml: XMLReader, _ el: XMLElementStart, keys: [String: Key], stack: inout [Element], nodes: inout [Element], edges: inout [Element]) throws {
        guard let id = el.attribute("id"), !id.isEmpty else {
            throw xml.error("<node> without an id", line: el.line, column: el.column)
        }
        stack.append(Element(id: id))
        try readNodeContent(xml, keys: keys, stack: &stack, nodes: &nodes, edges: &edges)
    }

    /// Reads an `<edge>` whose start tag is `el`, with its data.
    private func readEdge(_ xml: XMLReader, _ el: XMLElementStart, keys: [String: Key]) throws -> Element {
        guard let s = el.attribute("source"), let t = el.attribute("target") else {
            throw xml.error("<edge> without source or target", line: el.line, column: el.column)
        }
        var edge = Element(id: el.attribute("id"), source: s, target: t)
        try readData(xml, keys: keys, into: &edge)
        return edge
    }

    /// Reads the inside of the `<node>` on top of `stack` up to its end: data, ports, nested graphs.
    private func readNodeContent(_ xml: XMLReader, keys: [String: Key], stack: inout [Element], nodes: inout [Element], edges: inout [Element]) throws {
        while let event = try xml.next() {
            switch event {
            case .text: continue
            case .end(_, let name) where name == "node":
                nodes.append(stack.removeLast())
                return
            case .end: continue // a nested </graph>
            case .start(let el):
                guard el.namespace == Self.namespace || el.namespace.isEmpty else { try xml.skipElement(); continue }
                switch el.localName {
                case "data":
                    var top = stack.removeLast()
                    try readOneData(xml, el, keys: keys, into: &top)
                    stack.append(top)
                case "graph": continue
                case "node":
                    try readNode(xml, el, keys: keys, stack: &stack, nodes: &nodes, edges: &edges)
                case "edge":
                    edges.append(try readEdge(xml, el, keys: keys))
                default: try xml.skipElement()
                }
            }
        }
        throw xml.error("the file ends inside <node>")
    }

    /// Reads the `<data>` children of an edge up to its end.
    private func readData(_ xml: XMLReader, keys: [String: Key], into element: inout Element) throws {
        while let event = try xml.next() {
            switch event {
            case .text: continue
            case .end: return
            case .start(let el):
                if el.localName == "data", el.namespace == Self.namespace || el.namespace.isEmpty {
                    try readOneData(xml, el, keys: keys, into: &element)
                } else {
                    try xml.skipElement()
                }
            }
        }
        throw xml.error("the file ends inside <edge>")
    }

    /// Reads one `<data>`: its text, or for yEd graphics the text of the first `NodeLabel`/`EdgeLabel`.
    private func readOneData(_ xml: XMLReader, _ el: XMLElementStart, keys: [String: Key], into element: inout Element) throws {
        guard let keyID = el.attribute("key") else { throw xml.error("<data> without a key", line: el.line, column: el.column) }
        guard let key = keys[keyID] else {
            throw xml.error("<data> refers to undeclared key '\(keyID)'", line: el.line, column: el.column)
        }
        var text = ""
        var label: String?
        var depth = 1
        var inLabel = 0
        var labelText = ""
        while depth > 0, let event = try xml.next() {
            switch event {
            case .text(let t):
                if depth == 1 { text += t }
                if inLabel > 0 { labelText += t }
            case .start(let child):
                depth += 1
                if inLabel > 0 { inLabel += 1 } else if label == nil, child.localName == "NodeLabel" || child.localName == "EdgeLabel" {
                    inLabel = 1
                    labelText = ""
                }
            case .end:
                depth -= 1
                if inLabel > 0 {
                    inLabel -= 1
                    if inLabel == 0 { label = labelText.trimmingCharacters(in: .whitespacesAndNewlines) }
                }
            }
        }
        if key.yEdGraphics {
            if let label, !label.isEmpty { element.data["\u{0}yedlabel"] = label }
        } else {
            element.data[keyID] = text
            element.dataPosition[keyID] = (el.line, el.column)
        }
    }

    // MARK: - Building the graph

    private struct MentionJSON: Codable { var doc: String; var start: Int; var end: Int; var text: String }
    private struct EvidenceJSON: Codable {
        var doc: String; var sentence: String; var start: Int; var end: Int; var trigger: String?; var date: String?
    }

    private func build(nodes: [Element], edges: [Element], keys: [String: Key], file: String) throws -> KnowledgeGraph {
        let nodeKeys = keys.values.filter { $0.domain == "node" || $0.domain == "all" }
        let edgeKeys = keys.values.filter { $0.domain == "edge" || $0.domain == "all" }
        var idMap: [String: String] = [:]
        func nodeID(_ raw: String) -> String {
            if let id = idMap[raw] { return id }
            let id = Self.safeID(raw)
            idMap[raw] = id
            return id
        }

        var graphNodes: [String: Node] = [:]
        for element in nodes {
            let raw = element.id!
            var values = try typedValues(element, keys: nodeKeys, file: file)
            let typeName = values.removeValue(forKey: "type").map { v -> String in
                let t = v.description
                return t.utf8.first == 0x20 || t.utf8.last == 0x20 ? t.trimmingCharacters(in: .whitespaces) : t
            }
            var label = values.removeValue(forKey: "label")?.description
            if label == nil || label!.isEmpty { label = element.data["\u{0}yedlabel"] }
            if label == nil || label!.isEmpty, case .string(let name)? = values["name"], !name.isEmpty { label = name }
            let aliases = Self.list(values.removeValue(forKey: "aliases")?.description)
            let sources = Self.list(values.removeValue(forKey: "sources")?.description)
            var mentions: [Mention] = []
            if let text = values.removeValue(forKey: "mentions")?.description, !text.isEmpty {
                guard let decoded = JSONText.decode([MentionJSON].self, from: text) else {
                    let p = position(element, "mentions", keys: nodeKeys)
                    throw KGError.parse(file: file, line: p.0, column: p.1, message: "node '\(raw)': mentions is not a JSON array of {doc,start,end,text}")
                }
                for m in decoded where m.start >= 0 && m.start <= m.end {
                    mentions.append(Mention(document: m.doc, span: TextSpan(start: m.start, end: m.end), text: m.text))
                }
            }
            let id = nodeID(raw)
            let node = Node(id: id, type: typeName.flatMap { $0.isEmpty ? nil : EntityType($0) } ?? Self.genericType,
                            label: label ?? raw, aliases: aliases, attributes: values, sources: sources, mentions: mentions)
            if var existing = graphNodes[id] { existing.absorb(node); graphNodes[id] = existing } else { graphNodes[id] = node }
        }

        var graphEdges: [Edge] = []
        var usedEdgeIDs: [String: (String, String, String)] = [:]
        for element in edges {
            var values = try typedValues(element, keys: edgeKeys, file: file)
            let s = nodeID(element.source), o = nodeID(element.target)
            for (raw, id) in [(element.source, s), (element.target, o)] where graphNodes[id] == nil {
                graphNodes[id] = Node(id: id, type: Self.genericType, label: raw)
            }
            var predicateName = values.removeValue(forKey: "predicate")?.description
            for alternative in ["relation", "label"] where predicateName == nil || predicateName!.isEmpty {
                if let v = values[alternative]?.description, !v.isEmpty { predicateName = v; values[alternative] = nil }
            }
            if predicateName == nil || predicateName!.isEmpty { predicateName = element.data["\u{0}yedlabel"] }
            let predicate = predicateName.flatMap { $0.isEmpty ? nil : Predicate($0) } ?? Self.genericPredicate
            var confidence = 1.0
            switch values.removeValue(forKey: "confidence") {
            case .double(let d)?: confidence = d
            case .int(let i)?: confidence = Double(i)
            case .string(let text)?: confidence = Double(text) ?? 1.0
            default: break
            }
            let sentence = values.removeValue(forKey: "evidence")?.description ?? ""
            let sources = Self.list(values.removeValue(forKey: "sources")?.description)
            let document = values.removeValue(forKey: "document")?.description ?? ""
            let spanText = values.removeValue(forKey: "span")?.description ?? ""
            let date = values.removeValue(forKey: "date")?.description
            let trigger = values.removeValue(forKey: "trigger")?.description
            var evidence: [Evidence] = []
            if let text = values.removeValue(forKey: "provenance")?.description, !text.isEmpty {
                guard let decoded = JSONText.decode([EvidenceJSON].self, from: text) else {
                    let p = position(element, "provenance", keys: edgeKeys)
                    throw KGError.parse(file: file, line: p.0, column: p.1,
                                        message: "edge \(element.source)->\(element.target): provenance is not a JSON array of {doc,sentence,start,end}")
                }
                for e in decoded where e.start >= 0 && e.start <= e.end {
                    evidence.append(Evidence(document: e.doc, sentence: e.sentence, span: TextSpan(start: e.start, end: e.end), trigger: e.trigger, date: e.date))
                }
            } else if !document.isEmpty || !sentence.isEmpty {
                let span = TextSpan(parsing: spanText) ?? TextSpan(start: 0, end: 0)
                evidence.append(Evidence(document: document.isEmpty ? (sources.first ?? "") : document, sentence: sentence, span: span,
                                         trigger: trigger?.isEmpty == false ? trigger : nil, date: date?.isEmpty == false ? date : nil))
            }
            let covered = Set(evidence.map(\.document))
            for doc in sources where !covered.contains(doc) {
                evidence.append(Evidence(document: doc, sentence: "", span: TextSpan(start: 0, end: 0)))
            }
            // An id that is missing, unsafe, or reused by an edge saying something else gets one from the triple.
            var id = element.id.map(Self.safeID) ?? ""
            let triple = (s, predicate.rawValue, o)
            if id.isEmpty || (usedEdgeIDs[id].map { $0 != triple } ?? false) {
                let base = Identifier.edge(subject: s, predicate: predicate, object: o)
                id = base
                var k = 1
                while let used = usedEdgeIDs[id], used != triple {
                    k += 1
                    id = base + "-\(k)"
                }
            }
            usedEdgeIDs[id] = triple
            graphEdges.append(Edge(id: id, subject: s, predicate: predicate, object: o, confidence: confidence, evidence: evidence, attributes: values))
        }
        return KnowledgeGraph(nodes: graphNodes.values, edges: graphEdges)
    }

    private func position(_ element: Element, _ name: String, keys: [Key]) -> (Int, Int) {
        for key in keys where key.name == name { if let p = element.dataPosition[key.id] { return p } }
        return (0, 0)
    }

    /// The element's data (and key defaults) by attribute name, typed by `attr.type`.
    private func typedValues(_ element: Element, keys: [Key], file: String) throws -> [String: AttributeValue] {
        var out: [String: AttributeValue] = [:]
        for key in keys {
            guard let text = element.data[key.id] ?? key.defaultValue else { continue }
            guard let value = Self.typed(text, as: key.type) else {
                let p = element.dataPosition[key.id] ?? (0, 0)
                throw KGError.parse(file: file, line: p.0, column: p.1, message: "'\(text.prefix(40))' is not a valid \(key.type) for key '\(key.name)'")
            }
            out[key.name] = value
        }
        return out
    }

    /// A GraphML value typed by `attr.type`, or nil when the text is not of that type.
    static func typed(_ text: String, as type: String) -> AttributeValue? {
        switch type {
        case "int", "long", "float", "double", "boolean": break
        default: return .string(text)
        }
        let trimmed = text.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
            ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        switch type {
        case "int", "long":
            return Int(trimmed).map(AttributeValue.int)
        case "float", "double":
            switch trimmed {
            case "INF", "inf", "Infinity", "+INF": return .double(.infinity)
            case "-INF", "-inf", "-Infinity": return .double(-.infinity)
            case "NaN", "nan": return .double(.nan)
            default: return Double(trimmed).map(AttributeValue.double)
            }
        case "boolean":
            switch trimmed.lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: return nil
            }
        default:
            return .string(text)
        }
    }

    /// A JSON array of strings, or names joined by `|`.
    static func list(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        if text.hasPrefix("["), let array = JSONText.decode([String].self, from: text) { return array }
        return text.split(separator: "|").map(String.init).filter { !$0.isEmpty }
    }

    /// The id unchanged when it is made of ASCII letters, digits, `.`, `_` and `-`; else a slug and a hash.
    static func safeID(_ raw: String) -> String {
        let ok = !raw.isEmpty && raw.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95
        }
        if ok { return raw }
        let slug = Identifier.slug(raw)
        let hash = String(Identifier.hex(Identifier.stableHash(raw)).prefix(8))
        return slug.isEmpty ? "n-\(hash)" : "\(slug)-\(hash)"
    }
}
