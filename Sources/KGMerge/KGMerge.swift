import Foundation
import KGCore

/// What `merge` did: which nodes became one, by which rule, with what score, and what it refused.
/// Deterministic: equal inputs give byte-identical `json()`, whatever their order.
public struct MergeReport: Sendable, Codable, Equatable {
    /// One reason two input nodes were joined.
    public struct Link: Sendable, Codable, Equatable {
        /// `id` (the same node id in several inputs), `name` (same normalized label), `alias` (a shared
        /// name), `acronym`, `fuzzy` (Jaro-Winkler), `containment`, `alias-file` (forced by the user).
        public var rule: String
        public var score: Double
        /// Input node ids.
        public var from: String
        public var to: String
        /// The names that matched (from's, then to's).
        public var names: [String]
    }
    public struct Member: Sendable, Codable, Equatable {
        public var id: String
        public var label: String
        public var type: String
    }
    /// Input nodes that became one output node.
    public struct Cluster: Sendable, Codable, Equatable {
        public var id: String
        public var type: String
        public var label: String
        public var members: [Member]
        public var links: [Link]
    }
    /// A join the rules proposed and a forbid in the alias file refused.
    public struct Refusal: Sendable, Codable, Equatable {
        public var link: Link
        public var reason: String
    }

    public var inputNodes = 0
    public var inputEdges = 0
    public var outputNodes = 0
    public var outputEdges = 0
    public var clusters: [Cluster] = []
    public var refused: [Refusal] = []

    /// The report as pretty-printed JSON with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// Merges graphs into one: the same entity becomes one node, with every alias, source and mention of
/// every input; edges are re-pointed and equal edges folded, with every piece of evidence kept.
///
/// Entity resolution, in layers, always within one type (a forced merge from the alias file aside):
/// 1. `name`/`alias`: a shared name after normalization (case, quotes, diacritics, possessives,
///    punctuation; leading titles and demonyms for people: `President Putin` is `Putin`);
/// 2. `acronym`: an acronym and the one name whose initials it is, leading modifiers or demonyms allowed
///    (`KCNA`, `Korean Central News Agency`, `North Korean Central News Agency`); none when several
///    clusters qualify;
/// 3. `fuzzy`: Jaro-Winkler over names that share a blocking key (type, token count, the first or the
///    last token whole and the first letters of the other end), with a per-token veto (short tokens must be equal, long ones may differ
///    by few edits: `Shamam` is `Shaman`, `Kim Jong Il` is not `Kim Jong Un`);
/// 4. `containment`: a short name joins the one longer name of its type that contains it (`Putin` joins
///    `Vladimir Putin`), only when exactly one cluster qualifies.
/// Thresholds and word lists are data (`MergeRules`, from `Ontology/merge.json`).
///
/// The output does not depend on the order of `graphs`: the canonical label of a merged node is its
/// longest name (acronyms last, titles not counted, ties broken lexicographically), its id
/// `Identifier.node(type:label:)`; a node that merged with nothing keeps its id.
///
/// - Complexity: about O(N log N) in the total number of names N, blocks being small.
public func merge(_ graphs: [KnowledgeGraph], rules: MergeRules) -> (KnowledgeGraph, MergeReport) {
    var resolver = Resolver(rules: rules)
    return resolver.run(graphs)
}

/// Union-find over atom indices with forbid tags; the smaller index is always the root.
private struct UnionFind {
    var parent: [Int]
    var left: [Set<Int>]
    var right: [Set<Int>]

    init(count: Int, left: [Set<Int>], right: [Set<Int>]) {
        parent = Array(0..<count)
        self.left = left
        self.right = right
    }

    mutating func find(_ i: Int) -> Int {
        var r = i
        while parent[r] != r { r = parent[r] }
        var j = i
        while parent[j] != r { let next = parent[j]; parent[j] = r; j = next }
        return r
    }

    enum Outcome { case joined, already, forbidden }

    mutating func union(_ a: Int, _ b: Int) -> Outcome {
        let ra = find(a), rb = find(b)
        if ra == rb { return .already }
        if !left[ra].isDisjoint(with: right[rb]) || !right[ra].isDisjoint(with: left[rb]) { return .forbidden }
        let (root, child) = ra < rb ? (ra, rb) : (rb, ra)
        parent[child] = root
        left[root].formUnion(left[child])
        right[root].formUnion(right[child])
        left[child] = []
        right[child] = []
        return .joined
    }
}

private struct Resolver {
    let rules: MergeRules

    struct Name {
        var raw: String
        var tokens: [String]
        var key: String
        var acronym: String?
        /// A single-token alias of a person (a bare surname): too common to join nodes by itself; only the
        /// containment rule, which needs a unique candidate, uses it.
        var weak: Bool
        /// For a name of two or more tokens that is no acronym, of a type acronyms apply to: the initials an
        /// acronym of it could have.
        var initials: [String]
        /// Whether the name has `initials` and is made of words: no acronym among its space-separated parts
        /// (R&D is not Rayman DS).
        var wordsOnly: Bool

        init(_ raw: String, type: EntityType, isLabel: Bool, rules: MergeRules) {
            self.raw = raw
            tokens = Normalizer.tokens(raw, type: type, rules: rules)
            key = tokens.joined(separator: " ")
            acronym = Normalizer.acronym(raw, rules: rules)
            weak = tokens.count == 1 && !isLabel && rules.containment.personTypes.contains(type.rawValue)
            initials = acronym == nil && tokens.count >= 2 && rules.acronyms.types.contains(type.rawValue)
                ? Normalizer.initials(tokens, rules: rules) : []
            wordsOnly = !initials.isEmpty && !raw.split(separator: " ").contains { Normalizer.acronym(String($0), rules: rules) != nil }
        }
    }

    /// Atoms: input nodes, one per id (nodes sharing an id are the same entity).
    var ids: [String] = []
    var nodes: [Node] = []
    var labels: [Set<String>] = []
    var names: [[Name]] = []

    struct Candidate {
        var priority: Int
        var rule: String
        var score: Double
        var a: Int
        var b: Int
        var names: [String]
    }

    init(rules: MergeRules) { self.rules = rules }

    static func rounded(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }

    mutating func run(_ graphs: [KnowledgeGraph]) -> (KnowledgeGraph, MergeReport) {
        var report = MergeReport()
        var parts: [String: [Node]] = [:]
        var inputsByID: [String: Int] = [:]
        var allEdges: [Edge] = []
        for g in graphs {
            report.inputNodes += g.nodeCount
            report.inputEdges += g.edgeCount
            for n in g.nodes.values {
                parts[n.id, default: []].append(n)
                inputsByID[n.id, default: 0] += 1
            }
            allEdges.append(contentsOf: g.edges.values)
        }
        ids = parts.keys.sorted()
        labels = ids.map { Set(parts[$0]!.map(\.label)) }
        // Atoms are independent until they are joined: their nodes and names are computed in parallel.
        let (ids, labels, rules, partsByID) = (ids, labels, rules, parts)
        nodes = concurrentMap(ids.count) { i in
            let list = partsByID[ids[i]]!
            if list.count == 1 { return list[0] }
            let types = Set(list.map(\.type))
            return Self.combine(list, id: ids[i], type: types.min()!, label: Self.bestLabel(labels[i], type: types.min()!, rules: rules))
        }
        let nodes = self.nodes
        names = concurrentMap(nodes.count) { i in
            var all = Set(nodes[i].names)
            all.formUnion(labels[i])
            return all.sorted().map { Name($0, type: nodes[i].type, isLabel: labels[i].contains($0), rules: rules) }
        }

        // Forbid tags from the alias file.
        var leftTags = [Set<Int>](repeating: [], count: ids.count)
        var rightTags = [Set<Int>](repeating: [], count: ids.count)
        for (k, forbid) in rules.aliases.forbidden.enumerated() {
            for i in atoms(matching: forbid.left) { leftTags[i].insert(k) }
            for i in atoms(matching: forbid.right) { rightTags[i].insert(k) }
        }
        var uf = UnionFind(count: ids.count, left: leftTags, right: rightTags)
        var applied: [Candidate] = []
        var refused: [Candidate] = []

        func apply(_ candidates: [Candidate]) {
            let sorted = candidates.sorted {
                ($0.priority, -$0.score, $0.a, $0.b, $0.names.joined(separator: "\u{1F}"))
                    < ($1.priority, -$1.score, $1.a, $1.b, $1.names.joined(separator: "\u{1F}"))
            }
            for c in sorted {
                switch uf.union(c.a, c.b) {
                case .joined: applied.append(c)
                case .already: continue
                case .forbidden: refused.append(c)
                }
            }
        }

        apply(forcedCandidates() + nameCandidates() + fuzzyCandidates())
        // Acronyms and containment until nothing changes: a chain (Central News Agency, Korean …, North Korean …) resolves
        // from the longest end, so that merging in steps and merging at once agree.
        while true {
            let before = applied.count
            apply(acronymCandidates(&uf))
            apply(containmentCandidates(&uf))
            if applied.count == before { break }
        }

        // Clusters, in order of their smallest atom.
        var members: [Int: [Int]] = [:]
        for i in ids.indices { members[uf.find(i), default: []].append(i) }
        let roots = members.keys.sorted()
        var graph = KnowledgeGraph()
        var newID = [String](repeating: "", count: ids.count)
        var taken = Set<String>()
        // Singletons keep their ids; merged clusters take ids from their canonical labels.
        for root in roots where members[root]!.count == 1 { taken.insert(ids[root]) }
        var clusterNodes: [(root: Int, node: Node)] = []
        for root in roots {
            let group = members[root]!
            let allLabels = group.reduce(into: Set<String>()) { $0.formUnion(labels[$1]) }
            let types = Set(group.map { nodes[$0].type })
            var type = types.first!
            var canonical = bestLabel(allLabels, type: type)
            if types.count > 1 {
                // A forced merge across types: the type of the nodes bearing the canonical label.
                let byType = types.sorted().map { ($0, bestLabel(allLabels, type: $0)) }
                canonical = byType.map(\.1).min()!
                type = group.filter { labels[$0].contains(canonical) }.map { nodes[$0].type }.min() ?? types.min()!
            }
            var node: Node
            if group.count == 1 {
                node = nodes[group[0]]
                node.relabel(canonical)
            } else {
                var id = Identifier.node(type: type, label: canonical)
                if taken.contains(id) {
                    let memberKey = group.map { ids[$0] }.joined(separator: "\u{1F}")
                    id += "-" + String(Identifier.hex(Identifier.stableHash(memberKey)).prefix(8))
                }
                taken.insert(id)
                node = Self.combine(group.map { nodes[$0] }, id: id, type: type, label: canonical)
            }
            for i in group { newID[i] = node.id }
            clusterNodes.append((root, node))
            graph.insert(node)
        }
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })

        // Edges, re-pointed; kg's triple ids recomputed so that equal relations fold together.
        allEdges.sort { ($0.id, $0.subject, $0.predicate.rawValue, $0.object) < ($1.id, $1.subject, $1.predicate.rawValue, $1.object) }
        var edgeTriples: [String: (String, String, String)] = [:]
        var edgeParts: [String: [Edge]] = [:]
        for var e in allEdges {
            guard let si = index[e.subject], let oi = index[e.object] else { continue }
            let s = newID[si], o = newID[oi]
            var id = e.id == Identifier.edge(subject: e.subject, predicate: e.predicate, object: e.object)
                ? Identifier.edge(subject: s, predicate: e.predicate, object: o) : e.id
            let triple = (s, e.predicate.rawValue, o)
            if let known = edgeTriples[id], known != triple {
                id = Identifier.edge(subject: s, predicate: e.predicate, object: o) + "-" + String(Identifier.hex(Identifier.stableHash(e.id)).prefix(8))
            }
            edgeTriples[id] = triple
            e.id = id
            e.subject = s
            e.object = o
            edgeParts[id, default: []].append(e)
        }
        for (_, list) in edgeParts {
            if list.count == 1 { graph.insert(list[0]); continue }
            let first = list[0]
            graph.insert(Edge(id: first.id, subject: first.subject, predicate: first.predicate, object: first.object,
                              confidence: list.map(\.confidence).max()!, evidence: list.flatMap(\.evidence),
                              attributes: Self.unite(list.map(\.attributes))))
        }

        // The report.
        report.outputNodes = graph.nodeCount
        report.outputEdges = graph.edgeCount
        func link(_ c: Candidate) -> MergeReport.Link {
            MergeReport.Link(rule: c.rule, score: Self.rounded(c.score), from: ids[c.a], to: ids[c.b], names: c.names)
        }
        var linksByRoot: [Int: [MergeReport.Link]] = [:]
        for c in applied { linksByRoot[uf.find(c.a), default: []].append(link(c)) }
        for (root, node) in clusterNodes {
            let group = members[root]!
            // Nodes that share an id across inputs are one entity: reported as rule `id`.
            let shared = group.filter { inputsByID[ids[$0], default: 0] > 1 }
            guard group.count > 1 || !shared.isEmpty else { continue }
            let idLinks = shared.map { i in
                MergeReport.Link(rule: "id", score: 1, from: ids[i], to: ids[i], names: labels[i].sorted())
            }
            report.clusters.append(MergeReport.Cluster(
                id: node.id, type: node.type.rawValue, label: node.label,
                members: group.map { MergeReport.Member(id: ids[$0], label: nodes[$0].label, type: nodes[$0].type.rawValue) },
                links: idLinks + (linksByRoot[root] ?? [])))
        }
        report.clusters.sort { $0.id < $1.id }
        report.refused = refused.map { MergeReport.Refusal(link: link($0), reason: "the alias file keeps these apart") }
        return (graph, report)
    }

    /// One node from several of the same entity, built at once: every name but the label becomes an
    /// alias; sources, mentions and attributes are united.
    /// - Complexity: O(k log k) in the total number of names, sources and mentions.
    static func combine(_ list: [Node], id: String, type: EntityType, label: String) -> Node {
        var aliases = Set<String>(), sources = Set<String>()
        var mentions: [Mention] = []
        for n in list {
            aliases.insert(n.label)
            aliases.formUnion(n.aliases)
            sources.formUnion(n.sources)
            mentions.append(contentsOf: n.mentions)
        }
        aliases.remove(label)
        return Node(id: id, type: type, label: label, aliases: aliases, attributes: unite(list.map(\.attributes)),
                    sources: sources, mentions: mentions)
    }

    /// Attributes united; on a conflict the smaller value wins (by lexical form, then type), whatever the order.
    static func unite(_ dictionaries: [[String: AttributeValue]]) -> [String: AttributeValue] {
        var out: [String: AttributeValue] = [:]
        for d in dictionaries {
            for (key, value) in d {
                if let mine = out[key], (mine.description, mine.graphMLType) <= (value.description, value.graphMLType) { continue }
                out[key] = value
            }
        }
        return out
    }

    /// Atoms bearing one of the rule's names (and of its type, when it names one).
    func atoms(matching rule: AliasRules.Rule) -> [Int] {
        var out: [Int] = []
        for i in ids.indices {
            if let t = rule.type, nodes[i].type != t { continue }
            let wanted = Set(rule.names.map { Normalizer.tokens($0, type: nodes[i].type, rules: rules).joined(separator: " ") })
            if names[i].contains(where: { wanted.contains($0.key) }) { out.append(i) }
        }
        return out
    }

    /// The canonical label: the longest name (not counting titles), acronyms last, ties lexicographic.
    func bestLabel(_ labels: Set<String>, type: EntityType) -> String { Self.bestLabel(labels, type: type, rules: rules) }

    static func bestLabel(_ labels: Set<String>, type: EntityType, rules: MergeRules) -> String {
        func key(_ s: String) -> (Int, Int, Int) {
            let stripped = Normalizer.tokens(s, type: type, rules: rules).joined(separator: " ")
            return (Normalizer.acronym(s, rules: rules) == nil ? 0 : 1, -stripped.count, -s.count)
        }
        return labels.min { a, b in
            let ka = key(a), kb = key(b)
            return ka != kb ? ka < kb : a < b
        }!
    }

    func forcedCandidates() -> [Candidate] {
        var out: [Candidate] = []
        for rule in rules.aliases.forced {
            let matched = atoms(matching: rule)
            guard let first = matched.first else { continue }
            for other in matched.dropFirst() {
                out.append(Candidate(priority: 0, rule: "alias-file", score: 1, a: first, b: other,
                                     names: ["line \(rule.line)", rule.names.joined(separator: " = ")]))
            }
        }
        return out
    }

    func nameCandidates() -> [Candidate] {
        var groups: [String: [(Int, String)]] = [:]
        for i in ids.indices {
            for n in names[i] where !n.key.isEmpty && !n.weak {
                groups[nodes[i].type.rawValue + "\u{1F}" + n.key, default: []].append((i, n.raw))
            }
        }
        var out: [Candidate] = []
        for (_, group) in groups {
            let sorted = group.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            guard let first = sorted.first else { continue }
            for other in sorted.dropFirst() where other.0 != first.0 {
                let bothLabels = labels[first.0].contains(first.1) && labels[other.0].contains(other.1)
                out.append(Candidate(priority: 1, rule: bothLabels ? "name" : "alias", score: 1, a: first.0, b: other.0, names: [first.1, other.1]))
            }
        }
        return out
    }

    /// Acronyms over the clusters found so far: a cluster whose names are all acronyms joins the one
    /// cluster of its type with a name whose initials one of them is; with two or more candidates (AC:
    /// Arts Council, Age Concern) it stays alone.
    func acronymCandidates(_ uf: inout UnionFind) -> [Candidate] {
        let types = Set(rules.acronyms.types)
        var expansions: [String: Set<Int>] = [:] // type + initials → clusters
        var pure: [Int: [(atom: Int, name: Name)]] = [:]
        var impure = Set<Int>()
        var atomsOf: [Int: [Int]] = [:]
        for i in ids.indices where types.contains(nodes[i].type.rawValue) {
            let r = uf.find(i)
            atomsOf[r, default: []].append(i)
            for n in names[i] where !n.tokens.isEmpty {
                if n.acronym != nil {
                    pure[r, default: []].append((i, n))
                } else {
                    impure.insert(r)
                    // An expansion is made of words: no acronym among its tokens (R&D is not Rayman DS).
                    guard n.wordsOnly else { continue }
                    for initials in n.initials {
                        expansions[nodes[i].type.rawValue + "\u{1F}" + initials, default: []].insert(r)
                    }
                }
            }
        }
        var out: [Candidate] = []
        for r in pure.keys.sorted() where !impure.contains(r) {
            let list = pure[r]!
            var candidates = Set<Int>()
            for (i, n) in list { candidates.formUnion(expansions[nodes[i].type.rawValue + "\u{1F}" + n.acronym!] ?? []) }
            candidates.remove(r)
            guard candidates.count == 1, let d = candidates.first else { continue }
            let (atom, name) = list.min { ($0.name.raw, $0.atom) < ($1.name.raw, $1.atom) }!
            // Name the expansion: a name of d whose initials are the acronym.
            var partner = (atom: -1, raw: "")
            for j in atomsOf[d] ?? [] where partner.atom < 0 {
                for m in names[j] where m.initials.contains(name.acronym!) {
                    partner = (j, m.raw)
                    break
                }
            }
            guard partner.atom >= 0 else { continue }
            if atom < partner.atom {
                out.append(Candidate(priority: 2, rule: "acronym", score: 1, a: atom, b: partner.atom, names: [name.raw, partner.raw]))
            } else {
                out.append(Candidate(priority: 2, rule: "acronym", score: 1, a: partner.atom, b: atom, names: [partner.raw, name.raw]))
            }
        }
        return out
    }

    func fuzzyCandidates() -> [Candidate] {
        let f = rules.fuzzy
        let types = Set(f.types)
        var blocks: [String: [(Int, Int)]] = [:] // key → (atom, name index)
        for i in ids.indices where types.contains(nodes[i].type.rawValue) {
            for (k, n) in names[i].enumerated() where n.acronym == nil && !n.tokens.isEmpty && !n.weak {
                // At most one token may differ, so two names that can match share their first or their last
                // token whole; the other end must share its first letters.
                let base = "\(nodes[i].type.rawValue)\u{1F}\(n.tokens.count)\u{1F}"
                let first = n.tokens.first!, last = n.tokens.last!
                if n.tokens.count == 1 {
                    blocks[base + String(first.prefix(f.blockPrefixLength)), default: []].append((i, k))
                } else {
                    blocks[base + "F" + first + "\u{1F}" + String(last.prefix(f.blockPrefixLength)), default: []].append((i, k))
                    blocks[base + "L" + last + "\u{1F}" + String(first.prefix(f.blockPrefixLength)), default: []].append((i, k))
                }
            }
        }
        var seen = Set<String>()
        var out: [Candidate] = []
        // (most blocks hold one name: only those with pairs are sorted and visited)
        for (_, block) in blocks.filter({ $0.value.count > 1 }).sorted(by: { $0.key < $1.key }) {
            for x in 0..<block.count {
                for y in (x + 1)..<block.count {
                    let (i, ki) = block[x], (j, kj) = block[y]
                    if i == j { continue }
                    let a = names[i][ki], b = names[j][kj]
                    if a.key == b.key { continue }
                    let pairKey = a.key < b.key ? a.key + "\u{1F}" + b.key : b.key + "\u{1F}" + a.key
                    let atomKey = "\(min(i, j)) \(max(i, j)) " + pairKey
                    if !seen.insert(atomKey).inserted { continue }
                    guard let score = similar(a.tokens, b.tokens) else { continue }
                    let (lo, hi) = i < j ? (a, b) : (b, a)
                    out.append(Candidate(priority: 3, rule: "fuzzy", score: score, a: min(i, j), b: max(i, j), names: [lo.raw, hi.raw]))
                }
            }
        }
        return out
    }

    /// The Jaro-Winkler score of two token lists of equal length when they pass every gate, else nil.
    func similar(_ a: [String], _ b: [String]) -> Double? {
        let f = rules.fuzzy
        guard a.count == b.count else { return nil }
        if a.count == 1 && (f.singleTokenSameLength && a[0].unicodeScalars.count != b[0].unicodeScalars.count) { return nil }
        var differing = 0
        for (x, y) in zip(a, b) where x != y {
            differing += 1
            guard differing <= f.maxDifferingTokens,
                  x.count >= f.minTokenLength, y.count >= f.minTokenLength,
                  !x.contains(where: \.isNumber), !y.contains(where: \.isNumber),
                  Similarity.editDistance(x, y) <= f.maxTokenEdits,
                  Similarity.jaroWinkler(x, y, prefixScale: f.prefixScale) >= f.tokenThreshold
            else { return nil }
        }
        let score = Similarity.jaroWinkler(a.joined(separator: " "), b.joined(separator: " "), prefixScale: f.prefixScale)
        return score >= (a.count == 1 ? max(f.threshold, f.singleTokenThreshold) : f.threshold) ? score : nil
    }

    /// Containment over the clusters found so far: a cluster all of whose (non-acronym) names are contained
    /// in names of exactly one other cluster of its type joins it.
    func containmentCandidates(_ uf: inout UnionFind) -> [Candidate] {
        let c = rules.containment
        let types = Set(c.types), personTypes = Set(c.personTypes)
        var clusterOf = [Int](repeating: 0, count: ids.count)
        var clusterType: [Int: EntityType?] = [:]
        var clusterNames: [Int: [(atom: Int, name: Name)]] = [:]
        for i in ids.indices {
            let r = uf.find(i)
            clusterOf[i] = r
            let t = nodes[i].type
            if let known = clusterType[r] { if known != t { clusterType[r] = .some(nil) } } else { clusterType[r] = t }
            for n in names[i] where n.acronym == nil && !n.tokens.isEmpty { clusterNames[r, default: []].append((i, n)) }
        }
        func isQualifier(_ token: String) -> Bool {
            rules.demonyms.contains(token) || rules.acronyms.leadingModifiers.contains(token)
        }
        // Index of containers: key → clusters with a longer name that contains a name with that key.
        var index: [String: Set<Int>] = [:]
        var firstLast: [String: [(count: Int, cluster: Int)]] = [:]
        for (r, list) in clusterNames {
            guard let t = clusterType[r] ?? nil, types.contains(t.rawValue) else { continue }
            for (_, n) in list {
                let tk = n.tokens
                if personTypes.contains(t.rawValue) {
                    guard tk.count >= 2 else { continue }
                    index["\(t.rawValue)\u{1F}1\u{1F}\(tk.last!)", default: []].insert(r)
                    if tk.count >= 3 { firstLast["\(t.rawValue)\u{1F}\(tk.first!) \(tk.last!)", default: []].append((tk.count, r)) }
                } else {
                    guard tk.count > c.minTokens else { continue }
                    for length in c.minTokens..<tk.count {
                        // With `qualifiersOnly`, the longer name may add only leading qualifiers (North, Korean,
                        // Russia…): Central Bank does not join European Central Bank.
                        if c.qualifiersOnly && !tk.prefix(tk.count - length).allSatisfy(isQualifier) { continue }
                        index["\(t.rawValue)\u{1F}s\u{1F}" + tk.suffix(length).joined(separator: " "), default: []].insert(r)
                    }
                }
            }
        }
        func containers(_ n: Name, _ t: EntityType) -> Set<Int> {
            let tk = n.tokens
            if personTypes.contains(t.rawValue) {
                if tk.count == 1 { return index["\(t.rawValue)\u{1F}1\u{1F}\(tk[0])"] ?? [] }
                // first and last tokens equal, more tokens between: any longer count
                return Set((firstLast["\(t.rawValue)\u{1F}\(tk.first!) \(tk.last!)"] ?? []).filter { $0.count > tk.count }.map(\.cluster))
            }
            guard tk.count >= c.minTokens else { return [] }
            return index["\(t.rawValue)\u{1F}s\u{1F}" + tk.joined(separator: " ")] ?? []
        }
        var out: [Candidate] = []
        for r in clusterNames.keys.sorted() {
            guard let t = clusterType[r] ?? nil, types.contains(t.rawValue), let list = clusterNames[r] else { continue }
            var candidates: Set<Int>?
            for (_, n) in list {
                var s = containers(n, t)
                s.remove(r)
                candidates = candidates.map { $0.intersection(s) } ?? s
                if candidates!.isEmpty { break }
            }
            guard let only = candidates, only.count == 1, let d = only.first else { continue }
            // Name the pair: the longest contained name and a container name holding it.
            let short = list.max { ($0.name.tokens.count, $1.name.raw) < ($1.name.tokens.count, $0.name.raw) }!
            let long = (clusterNames[d] ?? []).filter { $0.name.tokens.count > short.name.tokens.count && $0.name.tokens.last == short.name.tokens.last }
                .min { ($0.name.raw, $0.atom) < ($1.name.raw, $1.atom) } ?? clusterNames[d]!.min { $0.name.raw < $1.name.raw }!
            let (a, b) = short.atom < long.atom ? (short, long) : (long, short)
            out.append(Candidate(priority: 4, rule: "containment", score: 1, a: a.atom, b: b.atom, names: [a.name.raw, b.name.raw]))
        }
        return out
    }
}

/// `(0..<count).map(transform)`, computed in parallel chunks; the result is in order.
func concurrentMap<T>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        guard let base = buffer.baseAddress else { return }
        let slots = Slots(base: base)
        let chunk = max(1, count / 64)
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { c in
            for i in (c * chunk)..<min(count, (c + 1) * chunk) { (slots.base + i).initialize(to: transform(i)) }
        }
        initialized = count
    }
}

/// The result buffer of `concurrentMap`: each slot is written by exactly one thread.
private struct Slots<T>: @unchecked Sendable { let base: UnsafeMutablePointer<T> }
