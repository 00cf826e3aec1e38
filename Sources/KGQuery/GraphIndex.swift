import KGCore

/// A read-only, indexed view of a `KnowledgeGraph` for queries.
///
/// Nodes and edges get dense integer positions (nodes sorted by id, edges by subject, predicate, object,
/// id, so every answer comes out in a deterministic order). Edges are indexed by subject, by object and by
/// predicate (compressed adjacency lists), and nodes by their normalized names (label and aliases), so
/// a pattern that names an entity or a predicate touches only the edges it needs.
public final class GraphIndex {
    /// Nodes sorted by id.
    public let nodes: [Node]
    /// Edges sorted by subject, predicate, object, id.
    public let edges: [Edge]
    /// Distinct predicates, sorted.
    public let predicates: [Predicate]
    /// The node position of each edge's subject, predicate position, and object position.
    public let edgeSubject: [Int32]
    public let edgePredicate: [Int32]
    public let edgeObject: [Int32]

    let nodePosition: [String: Int32]
    let predicatePosition: [String: Int32]
    let outgoing: Adjacency
    let incoming: Adjacency
    let byPredicate: Adjacency
    /// Normalized name → nodes bearing it (as label or alias), each list sorted.
    let names: [String: [Int32]]
    /// Word → nodes whose label or an alias contains the word; built on first use.
    private var _tokens: [Substring: [Int32]]?

    /// Builds the indexes.
    /// - Complexity: O(n log n + m log m) for n nodes and m edges.
    public init(_ graph: KnowledgeGraph) {
        let nodes = graph.nodes.values.sorted { $0.id < $1.id }
        var nodePosition = [String: Int32](minimumCapacity: nodes.count)
        for (i, n) in nodes.enumerated() { nodePosition[n.id] = Int32(i) }
        let predicates = Array(Set(graph.edges.values.map(\.predicate))).sorted()
        var predicatePosition = [String: Int32]()
        for (i, p) in predicates.enumerated() { predicatePosition[p.rawValue] = Int32(i) }

        // Sort edges by integer keys: the same order as (subject id, predicate, object id, edge id).
        var keyed: [(s: Int32, p: Int32, o: Int32, edge: Edge)] = []
        keyed.reserveCapacity(graph.edgeCount)
        for e in graph.edges.values {
            guard let s = nodePosition[e.subject], let o = nodePosition[e.object] else { continue } // dangling: skip
            keyed.append((s, predicatePosition[e.predicate.rawValue]!, o, e))
        }
        keyed.sort { a, b in
            if a.s != b.s { return a.s < b.s }
            if a.p != b.p { return a.p < b.p }
            if a.o != b.o { return a.o < b.o }
            return a.edge.id < b.edge.id
        }
        self.nodes = nodes
        self.predicates = predicates
        self.nodePosition = nodePosition
        self.predicatePosition = predicatePosition
        self.edges = keyed.map(\.edge)
        self.edgeSubject = keyed.map(\.s)
        self.edgePredicate = keyed.map(\.p)
        self.edgeObject = keyed.map(\.o)
        self.outgoing = Adjacency(keys: edgeSubject, keyCount: nodes.count)
        self.incoming = Adjacency(keys: edgeObject, keyCount: nodes.count)
        self.byPredicate = Adjacency(keys: edgePredicate, keyCount: predicates.count)

        var names = [String: [Int32]]()
        var folder = NameKey.Folder()
        for (i, n) in nodes.enumerated() {
            let label = folder.normalize(n.label)
            names[label, default: []].append(Int32(i))
            guard !n.aliases.isEmpty else { continue }
            var seen: Set<String> = [label]
            for name in n.aliases {
                let key = folder.normalize(name)
                if seen.insert(key).inserted { names[key, default: []].append(Int32(i)) }
            }
        }
        self.names = names
    }

    public var nodeCount: Int { nodes.count }
    public var edgeCount: Int { edges.count }

    /// The position of the node with this id.
    public func node(id: String) -> Int32? { nodePosition[id] }
    /// The position of a predicate, by exact name, or else case-insensitively.
    public func predicate(named name: String) -> Int32? {
        if let p = predicatePosition[name] { return p }
        let lower = name.lowercased()
        return predicates.firstIndex { $0.rawValue.lowercased() == lower }.map(Int32.init)
    }

    /// Edges whose subject is node `n`, in edge order.
    public func edges(from n: Int32) -> ArraySlice<Int32> { outgoing[n] }
    /// Edges whose object is node `n`, in edge order.
    public func edges(to n: Int32) -> ArraySlice<Int32> { incoming[n] }
    /// Edges with predicate `p`, in edge order.
    public func edges(predicate p: Int32) -> ArraySlice<Int32> { byPredicate[p] }

    /// The nodes a name pattern designates, sorted by position.
    ///
    /// A pattern without `*` matches a label or alias exactly (after normalization), or a node id; when
    /// nothing matches so, it matches the nodes one of whose names contains the pattern's words in a row
    /// (`Smith` finds `John Smith`). A pattern with `*` is a glob over labels and aliases.
    /// - Complexity: O(1) for an exact name; O(number of distinct names) for a wildcard.
    public func nodes(matching pattern: NamePattern) -> [Int32] {
        if pattern.matchesEverything { return Array(0..<Int32(nodes.count)) }
        if pattern.isWildcard {
            var hits = Set<Int32>()
            for (key, list) in names where pattern.matches(normalized: key) { hits.formUnion(list) }
            return hits.sorted()
        }
        var hits = Set(names[pattern.key] ?? [])
        if let p = nodePosition[pattern.text] { hits.insert(p) }
        if !hits.isEmpty { return hits.sorted() }
        let words = NameKey.tokens(ofNormalized: pattern.key)
        guard let firstWord = words.first else { return [] }
        let candidates = tokenIndex()[firstWord] ?? []
        return candidates.filter { n in
            nodes[Int(n)].names.contains { name in
                let tokens = NameKey.tokens(ofNormalized: NameKey.normalize(name))
                guard tokens.count >= words.count else { return false }
                return (0...(tokens.count - words.count)).contains { start in
                    tokens[start..<(start + words.count)].elementsEqual(words)
                }
            }
        }
    }

    private func tokenIndex() -> [Substring: [Int32]] {
        if let t = _tokens { return t }
        var t = [Substring: [Int32]]()
        for (key, list) in names {
            for token in Set(NameKey.tokens(ofNormalized: key)) { t[token, default: []].append(contentsOf: list) }
        }
        for k in t.keys { t[k] = Array(Set(t[k]!)).sorted() }
        _tokens = t
        return t
    }
}

/// Compressed adjacency lists: for each key, the edge positions having it, in edge order.
struct Adjacency {
    let offsets: [Int32]
    let items: [Int32]

    init(keys: [Int32], keyCount: Int) {
        var counts = [Int32](repeating: 0, count: keyCount + 1)
        for k in keys { counts[Int(k) + 1] += 1 }
        for i in 0..<keyCount { counts[i + 1] += counts[i] }
        var next = counts
        var items = [Int32](repeating: 0, count: keys.count)
        for (i, k) in keys.enumerated() {
            items[Int(next[Int(k)])] = Int32(i)
            next[Int(k)] += 1
        }
        offsets = counts
        self.items = items
    }

    subscript(key: Int32) -> ArraySlice<Int32> {
        items[Int(offsets[Int(key)])..<Int(offsets[Int(key) + 1])]
    }
}
