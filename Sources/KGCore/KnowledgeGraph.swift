/// The in-memory knowledge graph: nodes and (multi-)edges with provenance.
///
/// Iteration order is deterministic: `sortedNodes` by id, `sortedEdges` by subject, predicate, object, id.
/// Inserting a node or edge whose id is already present folds the two together (`absorb`), so
/// inserting the same things in any order gives the same graph.
public struct KnowledgeGraph: Sendable, Equatable {
    public private(set) var nodes: [String: Node] = [:]
    public private(set) var edges: [String: Edge] = [:]

    public init() {}

    public init(nodes: some Sequence<Node>, edges: some Sequence<Edge>) {
        for n in nodes { insert(n) }
        for e in edges { insert(e) }
    }

    public var nodeCount: Int { nodes.count }
    public var edgeCount: Int { edges.count }

    /// Adds a node, or folds it into the node with the same id.
    public mutating func insert(_ node: Node) {
        if var existing = nodes[node.id] {
            existing.absorb(node)
            nodes[node.id] = existing
        } else {
            nodes[node.id] = node
        }
    }

    /// Adds an edge, or folds it into the edge with the same id.
    /// - Precondition: both endpoints are nodes of the graph (checked in debug builds).
    public mutating func insert(_ edge: Edge) {
        assert(nodes[edge.subject] != nil && nodes[edge.object] != nil, "edge \(edge.id) has a dangling endpoint")
        if var existing = edges[edge.id] {
            existing.absorb(edge)
            edges[edge.id] = existing
        } else {
            edges[edge.id] = edge
        }
    }

    /// Replaces a node in place (same id).
    public mutating func update(_ node: Node) {
        precondition(nodes[node.id] != nil, "no node \(node.id) to update")
        nodes[node.id] = node
    }

    /// Removes a node and every edge that touches it.
    public mutating func removeNode(_ id: String) {
        nodes[id] = nil
        edges = edges.filter { $0.value.subject != id && $0.value.object != id }
    }

    public subscript(node id: String) -> Node? { nodes[id] }
    public subscript(edge id: String) -> Edge? { edges[id] }

    /// Nodes sorted by id.
    /// - Complexity: O(n log n).
    public var sortedNodes: [Node] { nodes.values.sorted { $0.id < $1.id } }

    /// Edges sorted by subject, predicate, object, then id.
    /// - Complexity: O(m log m).
    public var sortedEdges: [Edge] {
        edges.values.sorted {
            ($0.subject, $0.predicate.rawValue, $0.object, $0.id) < ($1.subject, $1.predicate.rawValue, $1.object, $1.id)
        }
    }

    /// Node types present, sorted.
    public var nodeTypes: [EntityType] { Array(Set(nodes.values.map(\.type))).sorted() }

    /// Every document id named by a node or an edge, sorted.
    public var documents: [String] {
        var docs = Set<String>()
        for n in nodes.values { docs.formUnion(n.sources) }
        for e in edges.values { docs.formUnion(e.sources) }
        return docs.sorted()
    }

    /// Debug check of the graph's invariants: no dangling endpoint, ids match keys.
    public func _checkInvariants() {
        for (id, n) in nodes { precondition(id == n.id && !id.isEmpty) }
        for (id, e) in edges {
            precondition(id == e.id && !id.isEmpty)
            precondition(nodes[e.subject] != nil && nodes[e.object] != nil, "edge \(id) is dangling")
        }
    }
}
