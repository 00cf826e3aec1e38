import KGCore

/// One answer to a pattern query: a value per variable, and the edge matched by each pattern.
public struct PatternMatch: Hashable, Sendable {
    /// Per variable (in `PatternQuery.variables` order): a node position, or a predicate position for a
    /// predicate variable.
    public var bindings: [Int32]
    /// Per pattern (in query order): the edge position it matched.
    public var edges: [Int32]
}

/// Pattern queries, neighborhoods and paths over a `GraphIndex`.
public struct PatternEngine {
    public let index: GraphIndex
    public init(_ index: GraphIndex) { self.index = index }

    enum Slot { case entity(Set<String>), predicate }

    /// All matches of the query, sorted by bindings then edges, with notes about names that match nothing.
    ///
    /// The engine binds the most constrained pattern first (one with a named or bound end, then one
    /// with a named predicate) and walks only the adjacency lists that pattern selects.
    /// - Throws: `KGError.usage` when a variable is used both as an entity and as a predicate.
    public func matches(_ query: PatternQuery, filter: EdgeFilter = EdgeFilter(), notes: inout [String]) throws -> [PatternMatch] {
        let vars = query.variables
        var slotOf: [String: Int] = [:]
        for (i, v) in vars.enumerated() { slotOf[v] = i }
        var kinds: [Slot?] = Array(repeating: nil, count: vars.count)
        func declare(_ v: String, entity: Bool, type: String?) throws {
            let s = slotOf[v]!
            switch (kinds[s], entity) {
            case (nil, true): kinds[s] = .entity(type.map { [$0] } ?? [])
            case (nil, false): kinds[s] = .predicate
            case (.entity(var types), true): if let t = type { types.insert(t) }; kinds[s] = .entity(types)
            case (.predicate, false): break
            default: throw KGError.usage("?\(v) is used both as an entity and as a predicate; use two variables")
            }
        }
        // Compile each pattern's ends into slot references or candidate sets.
        struct End { var slot: Int?; var set: Set<Int32>?; var list: [Int32]? }
        struct Compiled { var s: End; var p: End; var o: End }
        var compiled: [Compiled] = []
        var cache: [NamePattern: [Int32]] = [:]
        func entityEnd(_ t: EntityTerm) throws -> End {
            switch t {
            case .variable(let v, let type):
                try declare(v, entity: true, type: type)
                return End(slot: slotOf[v])
            case .named(let p):
                if p.matchesEverything { return End() }
                let list = cache[p] ?? index.nodes(matching: p)
                if cache[p] == nil {
                    cache[p] = list
                    if list.isEmpty { notes.append("no entity is named '\(p.text)'") }
                }
                return End(set: Set(list), list: list)
            }
        }
        for pattern in query.patterns {
            let s = try entityEnd(pattern.subject)
            let o = try entityEnd(pattern.object)
            var p = End()
            switch pattern.predicate {
            case .variable(let v):
                try declare(v, entity: false, type: nil)
                p.slot = slotOf[v]
            case .named(let name):
                if name != "*" {
                    let np = NamePattern(name)
                    let list = index.predicates.indices.filter { np.matches(index.predicates[$0].rawValue) }.map(Int32.init)
                    if list.isEmpty {
                        notes.append("no predicate matches '\(name)'; the graph has: \(index.predicates.map(\.rawValue).joined(separator: ", "))")
                    }
                    p.set = Set(list)
                    p.list = list
                }
            }
            compiled.append(Compiled(s: s, p: p, o: o))
        }
        let types: [Set<String>?] = kinds.map { kind in
            if case .entity(let t) = kind { return t.isEmpty ? nil : t } else { return nil }
        }
        let isEntity: [Bool] = kinds.map { if case .entity = $0 { return true } else { return false } }

        var results: [PatternMatch] = []
        var binding = [Int32](repeating: -1, count: vars.count)
        var edgeOf = [Int32](repeating: -1, count: compiled.count)
        var done = [Bool](repeating: false, count: compiled.count)

        func nodeOK(_ n: Int32, slot: Int) -> Bool {
            let node = index.nodes[Int(n)]
            if let t = types[slot], !t.contains(where: { $0.lowercased() == node.type.rawValue.lowercased() }) { return false }
            return filter.accepts(node)
        }
        func bound(_ end: End) -> Bool { end.set != nil || (end.slot.map { binding[$0] >= 0 } ?? false) }
        func score(_ c: Compiled) -> Int {
            if bound(c.s) || bound(c.o) { return 0 }
            if bound(c.p) { return 1 }
            return 2
        }
        /// Edge positions worth trying for pattern c under the current binding.
        func candidates(_ c: Compiled) -> [ArraySlice<Int32>] {
            func nodesOf(_ end: End) -> [Int32]? {
                if let slot = end.slot, binding[slot] >= 0 { return [binding[slot]] }
                return end.list
            }
            let sNodes = nodesOf(c.s), oNodes = nodesOf(c.o)
            var pList: [Int32]? = c.p.list
            if let slot = c.p.slot, binding[slot] >= 0 { pList = [binding[slot]] }
            var options: [(cost: Int, lists: [ArraySlice<Int32>])] = []
            if let ns = sNodes { options.append((ns.reduce(0) { $0 + index.edges(from: $1).count }, ns.map { index.edges(from: $0) })) }
            if let ns = oNodes { options.append((ns.reduce(0) { $0 + index.edges(to: $1).count }, ns.map { index.edges(to: $0) })) }
            if let ps = pList { options.append((ps.reduce(0) { $0 + index.edges(predicate: $1).count }, ps.map { index.edges(predicate: $0) })) }
            if let best = options.min(by: { $0.cost < $1.cost }) { return best.lists }
            return [ArraySlice(0..<Int32(index.edgeCount))]
        }
        func fits(_ end: End, _ value: Int32, newlyBound: inout [Int]) -> Bool {
            if let set = end.set, !set.contains(value) { return false }
            if let slot = end.slot {
                if binding[slot] >= 0 { return binding[slot] == value }
                if isEntity[slot], !nodeOK(value, slot: slot) { return false }
                binding[slot] = value
                newlyBound.append(slot)
            }
            return true
        }
        func solve(_ remaining: Int) {
            if remaining == 0 {
                results.append(PatternMatch(bindings: binding, edges: edgeOf))
                return
            }
            var pick = -1
            for (i, c) in compiled.enumerated() where !done[i] {
                if pick < 0 || score(c) < score(compiled[pick]) { pick = i }
            }
            let c = compiled[pick]
            done[pick] = true
            for list in candidates(c) {
                for e in list {
                    var newlyBound: [Int] = []
                    defer { for slot in newlyBound { binding[slot] = -1 } }
                    guard fits(c.s, index.edgeSubject[Int(e)], newlyBound: &newlyBound),
                          fits(c.p, index.edgePredicate[Int(e)], newlyBound: &newlyBound),
                          fits(c.o, index.edgeObject[Int(e)], newlyBound: &newlyBound),
                          filter.accepts(index.edges[Int(e)]) else { continue }
                    edgeOf[pick] = e
                    solve(remaining - 1)
                }
            }
            edgeOf[pick] = -1
            done[pick] = false
        }
        solve(compiled.count)
        results.sort { a, b in
            a.bindings != b.bindings ? a.bindings.lexicographicallyPrecedes(b.bindings) : a.edges.lexicographicallyPrecedes(b.edges)
        }
        return results
    }
}
