import Foundation
import KGCore

/// What `Extractor.extract` returns: the graph of every document, and what it recovered from.
public struct ExtractionResult: Sendable {
    public var graph: KnowledgeGraph
    public var diagnostics: [Diagnostic]
}

/// The learned tagger as a `MentionSource`: PER → Person, LOC → Place, ORG → Organization, MISC →
/// `EntityRecognizer.misc` (a name that is none of the four: the rules drop it unless they know better).
public struct TaggerMentionSource: MentionSource {
    public var tagger: SequenceTagger
    public init(tagger: SequenceTagger) { self.tagger = tagger }
    public func spans(sentences: [[String]]) -> [[(range: Range<Int>, type: EntityType)]] {
        tagger.entities(sentences: sentences).map { spans in
            spans.compactMap { s in
                switch s.type {
                case "PER": return (s.start..<s.end, .person)
                case "LOC": return (s.start..<s.end, .place)
                case "ORG": return (s.start..<s.end, .organization)
                case "MISC": return (s.start..<s.end, EntityRecognizer.misc)
                default: return nil
                }
            }
        }
    }
}

/// The extraction pipeline: `Document → AnalyzedDocument (tokens, sentences) → mentions → entities
/// (coreference) → relations → KnowledgeGraph`.
///
/// Configured by data: the lexicons under `DIR/lexicons/` and, when present, the tagger weights
/// `DIR/models/ner.bin`.
public struct Extractor: Sendable {
    public var lexicon: Lexicon
    public var ontology: Ontology
    public var tokenizer: Tokenizer
    public var splitter = SentenceSplitter()
    public var recognizer: EntityRecognizer
    public var coreference: Coreference
    public var relations: RelationExtractor
    /// Notes from loading (a missing tagger model).
    public var loadDiagnostics: [Diagnostic] = []
    /// Node ids already computed (`Identifier.node` folds diacritics through Foundation: worth remembering).
    let nodeIDs = NodeIDCache()

    /// - Parameters:
    ///   - lexiconDirectory: the ontology folder (holding `lexicons/` and `models/`).
    ///   - ontology: the ontology (its classes and relation types).
    ///   - useTagger: whether to load the sequence tagger when its weights are present.
    /// - Throws: `KGError.ontology` for a missing or malformed lexicon or model.
    public init(lexiconDirectory: URL, ontology: Ontology, useTagger: Bool = true) throws {
        lexicon = try Lexicon(ontologyDirectory: lexiconDirectory)
        self.ontology = ontology
        let lex = lexicon
        // "Russia-North Korea", "Moscow-based": split a compound at a part that starts a known name
        tokenizer = Tokenizer(abbreviations: lexicon.abbreviations, splitCompound: { parts in
            parts.contains { p in
                guard let f = p.unicodeScalars.first, f.properties.isUppercase else { return false }
                let l = Tokenizer.lowercase(p)
                return lex.gazetteer[l] != nil || lex.demonymFirst[l] != nil
            }
        })
        var source: (any MentionSource)? = nil
        if useTagger {
            let models = lexiconDirectory.appendingPathComponent("models")
            let f = "ner.bin"
            if FileManager.default.fileExists(atPath: models.appendingPathComponent(f).path) {
                do { source = TaggerMentionSource(tagger: try SequenceTagger.load(from: models.appendingPathComponent(f))) } catch {
                    throw KGError.ontology(file: models.appendingPathComponent(f).path, message: "cannot load the tagger model: \(error)")
                }
            } else {
                loadDiagnostics.append(Diagnostic(.note, file: models.path, "no tagger model (ner.bin); using lexicons and rules only"))
            }
        }
        recognizer = EntityRecognizer(lexicon: lexicon, source: source)
        coreference = Coreference(lexicon: lexicon)
        relations = RelationExtractor(lexicon: lexicon)
    }

    /// Tokens and sentences of a document.
    public func analyze(_ document: Document) -> AnalyzedDocument {
        AnalyzedDocument(document, tokenizer: tokenizer, splitter: splitter, functionWords: lexicon.functionWords)
    }

    /// The graph of one document.
    public func extract(_ document: Document) -> KnowledgeGraph {
        let d = analyze(document)
        let raw = recognizer.recognize(d)
        var (mentions, entities, entityOf) = coreference.resolve(d, raw)
        let found = relations.extract(d, mentions: &mentions, entities: &entities, entityOf: &entityOf)
        return buildGraph(d, mentions: mentions, entities: entities, entityOf: entityOf, relations: found)
    }

    /// The graph of all documents, united by node and edge id (in parallel over documents; the result does
    /// not depend on order). To resolve entities across documents as well (`Putin` in one article, `Vladimir
    /// Putin` in another), merge `documentGraphs(_:)` with KGMerge instead, as `kg extract` does.
    public func extract(_ documents: [Document]) -> ExtractionResult {
        ExtractionResult(graph: Extractor.union(documentGraphs(documents)), diagnostics: loadDiagnostics)
    }

    /// One graph per document, in the order given, extracted in parallel.
    public func documentGraphs(_ documents: [Document]) -> [KnowledgeGraph] {
        let box = GraphBox(count: documents.count)
        let chunk = max(1, documents.count / 64)
        let chunks = (documents.count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var local: [(Int, KnowledgeGraph)] = []
            for i in (c * chunk)..<min(documents.count, (c + 1) * chunk) { local.append((i, extract(documents[i]))) }
            box.store(local)
        }
        return box.graphs
    }

    /// The union of per-document graphs: each node and edge is built once from all its parts (inserting
    /// one by one would re-sort a frequent node's mentions for every document).
    /// - Complexity: O(m log m) in the number of mentions and evidence items.
    static func union(_ graphs: [KnowledgeGraph]) -> KnowledgeGraph {
        var nodeParts: [String: [Node]] = [:]
        var edgeParts: [String: [Edge]] = [:]
        for g in graphs {
            for (id, n) in g.nodes { nodeParts[id, default: []].append(n) }
            for (id, e) in g.edges { edgeParts[id, default: []].append(e) }
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(nodeParts.count)
        for (id, parts) in nodeParts {
            if parts.count == 1 { nodes.append(parts[0]); continue }
            // the label and attributes as `Node.absorb` would settle them, in an order-independent way
            let sorted = parts.sorted { ($0.sources.first ?? "") < ($1.sources.first ?? "") }
            var labels = Set<String>()
            var aliases = Set<String>()
            var attributes: [String: AttributeValue] = [:]
            for p in sorted {
                labels.insert(p.label)
                aliases.formUnion(p.aliases)
                for (k, v) in p.attributes {
                    if let mine = attributes[k], mine.description <= v.description { continue }
                    attributes[k] = v
                }
            }
            let label = sorted[0].label
            aliases.formUnion(labels)
            aliases.remove(label)
            nodes.append(Node(id: id, type: sorted[0].type, label: label, aliases: aliases, attributes: attributes,
                              sources: parts.flatMap(\.sources), mentions: parts.flatMap(\.mentions)))
        }
        var edges: [Edge] = []
        edges.reserveCapacity(edgeParts.count)
        for (id, parts) in edgeParts {
            if parts.count == 1 { edges.append(parts[0]); continue }
            let p = parts[0]
            var attributes: [String: AttributeValue] = [:]
            for q in parts {
                for (k, v) in q.attributes {
                    if let mine = attributes[k], mine.description <= v.description { continue }
                    attributes[k] = v
                }
            }
            edges.append(Edge(id: id, subject: p.subject, predicate: p.predicate, object: p.object, confidence: parts.map(\.confidence).max()!,
                              evidence: parts.flatMap(\.evidence), attributes: attributes))
        }
        return KnowledgeGraph(nodes: nodes, edges: edges)
    }

    func buildGraph(_ d: AnalyzedDocument, mentions: [EntityMention], entities: [DocumentEntity], entityOf: [Int], relations found: [FoundRelation]) -> KnowledgeGraph {
        let doc = d.document.id
        // groups ("North Korean troops") are kept only when a relation needs them
        var used = Set<Int>()
        for r in found { used.insert(r.subject); used.insert(r.object) }
        var nodeID = [String?](repeating: nil, count: entities.count)
        var graph = KnowledgeGraph()
        var idsByCountry: [String: String] = [:]
        for (e, ent) in entities.enumerated() {
            if ent.kind == .group && !used.contains(e) { continue }
            if ent.mentions.isEmpty && !used.contains(e) { continue }
            let id = nodeIDs.id(type: ent.type, label: ent.label)
            nodeID[e] = id
            var attrs: [String: AttributeValue] = [:]
            if let r = ent.role { attrs["role"] = .string(r) }
            let ms = ent.mentions.map { mi -> Mention in
                let m = mentions[mi]
                return Mention(document: doc, span: TextSpan(start: m.start, end: m.end), text: d.text(m.start, m.end))
            }
            let node = Node(id: id, type: ent.type, label: ent.label, aliases: ent.aliases, attributes: attrs, sources: [doc], mentions: ms)
            graph.insert(node)
            if ent.type == .place { idsByCountry[ent.label] = id }
        }
        for r in found {
            guard let s = nodeID[r.subject], let o = nodeID[r.object], s != o else { continue }
            let sent = d.sentences[r.sentence]
            let trigger = d.text(d.tokens[r.triggerStart].start, d.tokens[r.triggerEnd - 1].end)
            let date = DateResolver.date(in: d.tokens, range: sent.tokenRange, documentDate: d.document.date)
            let ev = Evidence(document: doc, sentence: d.text(sent.start, sent.end), span: TextSpan(start: sent.start, end: sent.end), trigger: trigger, date: date)
            let conf = (r.confidence * min(entities[r.subject].confidence, entities[r.object].confidence) * 1000).rounded() / 1000
            graph.insert(Edge(id: Identifier.edge(subject: s, predicate: r.predicate, object: o), subject: s, predicate: r.predicate, object: o, confidence: conf, evidence: [ev]))
        }
        // affiliatedWith: "Russian President X" → Russia, when the country is named in the document
        for (e, ent) in entities.enumerated() where ent.type == .person {
            guard let s = nodeID[e], let a = ent.affiliation, let o = idsByCountry[a] ?? entities.indices.first(where: { entities[$0].label == a && nodeID[$0] != nil }).flatMap({ nodeID[$0] }) else { continue }
            guard let mi = ent.mentions.first(where: { mentions[$0].affiliation != nil }) ?? ent.mentions.first else { continue }
            let m = mentions[mi]
            let sent = d.sentences[m.sentence]
            let ev = Evidence(document: doc, sentence: d.text(sent.start, sent.end), span: TextSpan(start: m.start, end: m.end), trigger: ent.role,
                              date: nil)
            graph.insert(Edge(id: Identifier.edge(subject: s, predicate: KGCore.Predicate("affiliatedWith"), object: o), subject: s, predicate: KGCore.Predicate("affiliatedWith"), object: o,
                              confidence: 0.8, evidence: [ev]))
        }
        return graph
    }
}

/// A thread-safe memo of `Identifier.node`.
final class NodeIDCache: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String: String] = [:]
    func id(type: EntityType, label: String) -> String {
        let key = type.rawValue + "\u{1F}" + label
        lock.lock()
        if let id = ids[key] { lock.unlock(); return id }
        lock.unlock()
        let id = Identifier.node(type: type, label: label)
        lock.lock()
        if ids.count > 1_000_000 { ids.removeAll(keepingCapacity: true) }
        ids[key] = id
        lock.unlock()
        return id
    }
}

/// Per-document graphs filled in from worker threads.
final class GraphBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var graphs: [KnowledgeGraph]
    init(count: Int) { graphs = [KnowledgeGraph](repeating: KnowledgeGraph(), count: count) }
    func store(_ items: [(Int, KnowledgeGraph)]) {
        lock.lock()
        defer { lock.unlock() }
        for (i, g) in items { graphs[i] = g }
    }
}
