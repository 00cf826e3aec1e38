import KGCore

/// An in-memory RDF graph, dictionary-encoded and indexed by subject, predicate and object: what SPARQL
/// queries run on.
public final class TripleStore {
    /// Term by id.
    public private(set) var terms: [RDFTerm] = []
    private var ids: [RDFTerm: Int32] = [:]
    private(set) var subjects: [Int32] = []
    private(set) var predicates: [Int32] = []
    private(set) var objects: [Int32] = []
    private var bySubject: Adjacency?
    private var byPredicate: Adjacency?
    private var byObject: Adjacency?

    public init() {}

    /// The RDF view of a knowledge graph (see `RDFView`), indexed.
    /// - Complexity: O(t) for t triples (about 6 per node and 12 per edge).
    public convenience init(_ graph: KnowledgeGraph, ontology: Ontology) {
        self.init()
        RDFView(ontology: ontology).forEachTriple(graph) { add($0, $1, $2) }
        buildIndexes()
    }

    public var count: Int { subjects.count }

    /// The id of a term, when the store holds it.
    public func id(of term: RDFTerm) -> Int32? { ids[term] }

    func intern(_ t: RDFTerm) -> Int32 {
        if let id = ids[t] { return id }
        let id = Int32(terms.count)
        terms.append(t)
        ids[t] = id
        return id
    }

    /// Adds a triple (a duplicate is dropped when the indexes are built: an RDF graph is a set).
    public func add(_ s: RDFTerm, _ p: RDFTerm, _ o: RDFTerm) {
        subjects.append(intern(s))
        predicates.append(intern(p))
        objects.append(intern(o))
        bySubject = nil
    }

    /// Drops duplicate triples and builds the indexes (done by `init(_:ontology:)`; call after adding
    /// triples by hand).
    public func buildIndexes() {
        var bySubject = Adjacency(keys: subjects, keyCount: terms.count)
        var duplicate: [Bool]?
        for s in 0..<Int32(terms.count) {
            let list = bySubject[s]
            guard list.count > 1 else { continue }
            var pairs = list.map { UInt64(UInt32(predicates[Int($0)])) << 32 | UInt64(UInt32(objects[Int($0)])) }
            if list.count <= 24 {
                for i in 1..<pairs.count where pairs[..<i].contains(pairs[i]) {
                    if duplicate == nil { duplicate = Array(repeating: false, count: subjects.count) }
                    duplicate![Int(list[list.startIndex + i])] = true
                }
            } else {
                var seen = Set<UInt64>(minimumCapacity: pairs.count)
                for (i, pair) in pairs.enumerated() where !seen.insert(pair).inserted {
                    if duplicate == nil { duplicate = Array(repeating: false, count: subjects.count) }
                    duplicate![Int(list[list.startIndex + i])] = true
                }
            }
            pairs.removeAll()
        }
        if let duplicate {
            var keep = 0
            for i in subjects.indices where !duplicate[i] {
                subjects[keep] = subjects[i]; predicates[keep] = predicates[i]; objects[keep] = objects[i]
                keep += 1
            }
            subjects.removeLast(subjects.count - keep)
            predicates.removeLast(predicates.count - keep)
            objects.removeLast(objects.count - keep)
            bySubject = Adjacency(keys: subjects, keyCount: terms.count)
        }
        self.bySubject = bySubject
        byPredicate = Adjacency(keys: predicates, keyCount: terms.count)
        byObject = Adjacency(keys: objects, keyCount: terms.count)
    }

    /// Triple positions matching the bound parts (nil: any), from the smallest index list.
    func candidates(s: Int32?, p: Int32?, o: Int32?) -> ArraySlice<Int32> {
        if bySubject == nil { buildIndexes() }
        var best: ArraySlice<Int32>?
        if let s { best = bySubject![s] }
        if let o { let l = byObject![o]; if best == nil || l.count < best!.count { best = l } }
        if let p { let l = byPredicate![p]; if best == nil || l.count < best!.count { best = l } }
        return best ?? ArraySlice(0..<Int32(subjects.count))
    }

    /// How many triples `candidates` would return.
    func estimate(s: Int32?, p: Int32?, o: Int32?) -> Int { candidates(s: s, p: p, o: o).count }

    @inline(__always) func triple(_ i: Int32) -> (Int32, Int32, Int32) { (subjects[Int(i)], predicates[Int(i)], objects[Int(i)]) }
}
