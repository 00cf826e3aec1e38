import KGCore

/// An in-memory RDF graph, dictionary-encoded and indexed by subject, predicate and object: what SPARQL
/// queries run on.
public final class TripleStore {
    /// Term by id.
    public private(set) var terms: [RDFTerm] = []
    /// The namespace whose IRIs are looked up by their local part (node and statement IRIs).
    let entityNamespace: String
    private var entityIDs: [String: Int32] = [:]
    private var iriIDs: [String: Int32] = [:]
    private var plainIDs: [String: Int32] = [:]
    private var typedIDs: [String: [String: Int32]] = [:]
    private var otherIDs: [RDFTerm: Int32] = [:]
    private(set) var subjects: [Int32] = []
    private(set) var predicates: [Int32] = []
    private(set) var objects: [Int32] = []
    private var bySubject: Adjacency?
    private var byPredicate: Adjacency?
    private var byObject: Adjacency?

    /// An empty store; `entityNamespace` only speeds up lookups of IRIs in that namespace.
    public init(entityNamespace: String = "") { self.entityNamespace = entityNamespace }

    /// The RDF view of a knowledge graph (see `RDFView`), indexed.
    /// - Complexity: O(t) for t triples (about 6 per node and 12 per edge).
    public convenience init(_ graph: KnowledgeGraph, ontology: Ontology) {
        self.init(entityNamespace: ontology.entityNamespace)
        var builder = Builder(store: self)
        RDFView(ontology: ontology).emit(graph, into: &builder)
        buildIndexes()
    }

    /// Interns the RDF view's terms straight into the store's dictionaries.
    struct Builder: RDFTermBuilder {
        let store: TripleStore
        func entity(_ id: String) -> Int32 { store.entityID(id) }
        func iri(_ iri: String) -> Int32 { store.intern(.iri(iri)) }
        func literal(_ lexical: String, datatype: String?) -> Int32 { store.literalID(lexical, datatype) }
        func triple(_ s: Int32, _ p: Int32, _ o: Int32) { store.append(s, p, o) }
    }

    public var count: Int { subjects.count }

    /// The id of a term, when the store holds it.
    public func id(of term: RDFTerm) -> Int32? {
        switch term {
        case .iri(let s):
            if !entityNamespace.isEmpty, s.hasPrefix(entityNamespace) { return entityIDs[String(s.dropFirst(entityNamespace.count))] }
            return iriIDs[s]
        case .literal(let lex, nil, nil): return plainIDs[lex]
        case .literal(let lex, let dt?, nil): return typedIDs[dt]?[lex]
        default: return otherIDs[term]
        }
    }

    private func newID(_ t: RDFTerm) -> Int32 {
        let id = Int32(terms.count)
        terms.append(t)
        return id
    }

    func entityID(_ local: String) -> Int32 {
        if let id = entityIDs[local] { return id }
        let id = newID(.iri(entityNamespace + local))
        entityIDs[local] = id
        return id
    }

    func literalID(_ lexical: String, _ datatype: String?) -> Int32 {
        guard let datatype, datatype != XSD.string else {
            if let id = plainIDs[lexical] { return id }
            let id = newID(.plain(lexical))
            plainIDs[lexical] = id
            return id
        }
        if let id = typedIDs[datatype]?[lexical] { return id }
        let id = newID(.literal(lexical, datatype: datatype, language: nil))
        typedIDs[datatype, default: [:]][lexical] = id
        return id
    }

    func intern(_ t: RDFTerm) -> Int32 {
        if let id = id(of: t) { return id }
        switch t {
        case .iri(let s):
            if !entityNamespace.isEmpty, s.hasPrefix(entityNamespace) { return entityID(String(s.dropFirst(entityNamespace.count))) }
            let id = newID(t)
            iriIDs[s] = id
            return id
        case .literal(let lex, let dt, nil): return literalID(lex, dt)
        default:
            let id = newID(t)
            otherIDs[t] = id
            return id
        }
    }

    func append(_ s: Int32, _ p: Int32, _ o: Int32) {
        subjects.append(s)
        predicates.append(p)
        objects.append(o)
        bySubject = nil
    }

    /// Adds a triple (a duplicate is dropped when the indexes are built: an RDF graph is a set).
    public func add(_ s: RDFTerm, _ p: RDFTerm, _ o: RDFTerm) {
        append(intern(s), intern(p), intern(o))
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
