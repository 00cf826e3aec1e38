import KGCore

extension PatternEngine {
    /// The edges within `depth` steps of the entities a name designates, ignoring edge direction.
    ///
    /// Returns edge positions with the distance of their farther end, sorted by distance then edge order.
    /// An edge is reached when one end is within `depth - 1` steps; `predicate` restricts the edges
    /// walked (`*` wildcards), `filter` their dates and documents and the types of the nodes reached.
    public func neighborhood(of name: NamePattern, depth: Int, predicate: String? = nil, filter: EdgeFilter = EdgeFilter(),
                             notes: inout [String]) -> [(edge: Int32, depth: Int)] {
        let start = index.nodes(matching: name)
        if start.isEmpty { notes.append("no entity is named '\(name.text)'") }
        let allowed = predicateSet(predicate, notes: &notes)
        var distance: [Int32: Int] = [:]
        for s in start { distance[s] = 0 }
        var frontier = start
        var reached: [Int32: Int] = [:]
        var level = 0
        while level < depth, !frontier.isEmpty {
            level += 1
            var next: [Int32] = []
            for n in frontier {
                for (e, other) in incident(n) {
                    guard allowed?.contains(index.edgePredicate[Int(e)]) ?? true, filter.accepts(index.edges[Int(e)]) else { continue }
                    if distance[other] == nil {
                        guard filter.accepts(index.nodes[Int(other)]) else { continue }
                        distance[other] = level
                        next.append(other)
                    }
                    if reached[e] == nil { reached[e] = max(distance[n]!, distance[other]!) }
                }
            }
            frontier = next.sorted()
        }
        return reached.map { (edge: $0.key, depth: $0.value) }.sorted { ($0.depth, $0.edge) < ($1.depth, $1.edge) }
    }

    /// A shortest path (fewest edges, any direction) from an entity `from` names to one `to` names.
    ///
    /// Breadth-first from every start at once, visiting neighbors in edge order, so the path returned
    /// is the same on every run. Returns the edges in order from `from` to `to`, or nil when none.
    public func shortestPath(from: NamePattern, to: NamePattern, predicate: String? = nil, filter: EdgeFilter = EdgeFilter(),
                             maxDepth: Int = .max, notes: inout [String]) -> [Int32]? {
        let start = index.nodes(matching: from)
        let goal = Set(index.nodes(matching: to))
        if start.isEmpty { notes.append("no entity is named '\(from.text)'") }
        if goal.isEmpty { notes.append("no entity is named '\(to.text)'") }
        guard !start.isEmpty, !goal.isEmpty else { return nil }
        let allowed = predicateSet(predicate, notes: &notes)
        // Parent edge and node per node position (-1: not reached).
        var parentEdge = [Int32](repeating: -1, count: index.nodeCount)
        var parentNode = [Int32](repeating: -1, count: index.nodeCount)
        var seen = [Bool](repeating: false, count: index.nodeCount)
        for s in start { seen[Int(s)] = true }
        var frontier = start
        var depth = 0
        func path(to end: Int32) -> [Int32] {
            var edges: [Int32] = []
            var n = end
            while parentEdge[Int(n)] >= 0 { edges.append(parentEdge[Int(n)]); n = parentNode[Int(n)] }
            return edges.reversed()
        }
        if let hit = start.first(where: { goal.contains($0) }) { return path(to: hit) }
        while !frontier.isEmpty, depth < maxDepth {
            depth += 1
            var next: [Int32] = []
            for n in frontier {
                for (list, useObject) in [(index.edges(from: n), true), (index.edges(to: n), false)] {
                    for e in list {
                        let other = useObject ? index.edgeObject[Int(e)] : index.edgeSubject[Int(e)]
                        guard !seen[Int(other)] else { continue }
                        guard allowed?.contains(index.edgePredicate[Int(e)]) ?? true, filter.accepts(index.edges[Int(e)]) else { continue }
                        parentEdge[Int(other)] = e
                        parentNode[Int(other)] = n
                        if goal.contains(other) { return path(to: other) }
                        seen[Int(other)] = true
                        guard filter.accepts(index.nodes[Int(other)]) else { continue }
                        next.append(other)
                    }
                }
            }
            frontier = next
        }
        return nil
    }

    /// Edges touching node n with the node at their other end: outgoing then incoming, in edge order.
    func incident(_ n: Int32) -> [(Int32, Int32)] {
        index.edges(from: n).map { ($0, index.edgeObject[Int($0)]) } + index.edges(to: n).map { ($0, index.edgeSubject[Int($0)]) }
    }

    func predicateSet(_ predicate: String?, notes: inout [String]) -> Set<Int32>? {
        guard let predicate, predicate != "*" else { return nil }
        let np = NamePattern(predicate)
        let set = Set(index.predicates.indices.filter { np.matches(index.predicates[$0].rawValue) }.map(Int32.init))
        if set.isEmpty { notes.append("no predicate matches '\(predicate)'; the graph has: \(index.predicates.map(\.rawValue).joined(separator: ", "))") }
        return set
    }
}
