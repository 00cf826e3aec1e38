/// A relation between two nodes, with the evidence that supports it.
///
/// Multi-edges are allowed: two edges may share subject, predicate and object (found in different places);
/// the edge id tells them apart.
public struct Edge: Hashable, Sendable, Codable {
    /// Stable, non-empty id: an XML NMTOKEN.
    public var id: String
    /// The id of the subject node.
    public var subject: String
    public var predicate: Predicate
    /// The id of the object node.
    public var object: String
    /// How sure the extractor is, in `0...1`.
    public var confidence: Double
    /// Every piece of support, sorted and unique; the first is the primary one.
    public private(set) var evidence: [Evidence]
    /// Further typed attributes, by name.
    public var attributes: [String: AttributeValue]

    public init(
        id: String, subject: String, predicate: Predicate, object: String, confidence: Double = 1.0,
        evidence: some Sequence<Evidence> = [Evidence](), attributes: [String: AttributeValue] = [:]
    ) {
        precondition(!id.isEmpty, "an edge id must not be empty")
        self.id = id
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.confidence = confidence
        self.evidence = Array(Set(evidence)).sorted()
        self.attributes = attributes
    }

    /// Ids of the documents that support the edge, sorted and unique.
    public var sources: [String] { Array(Set(evidence.map(\.document))).sorted() }
    /// The primary evidence sentence (empty when there is none).
    public var evidenceSentence: String { evidence.first?.sentence ?? "" }
    /// The earliest date any evidence gives, ISO 8601.
    public var date: String? { evidence.compactMap(\.date).min() }
    /// The primary evidence's span.
    public var span: TextSpan? { evidence.first?.span }

    /// Adds support, keeping the list sorted and unique.
    public mutating func addEvidence(_ more: some Sequence<Evidence>) {
        evidence = Array(Set(evidence).union(more)).sorted()
    }

    /// Folds `other` (the same relation) into this edge: evidence and attributes are united and the
    /// confidence becomes the larger of the two, so the result does not depend on order.
    public mutating func absorb(_ other: Edge) {
        addEvidence(other.evidence)
        confidence = max(confidence, other.confidence)
        for (key, value) in other.attributes {
            if let mine = attributes[key], mine.description <= value.description { continue }
            attributes[key] = value
        }
    }
}
