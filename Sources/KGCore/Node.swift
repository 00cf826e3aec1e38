/// An entity in the graph: a person, place, organization or event (or a kind the ontology adds).
public struct Node: Hashable, Sendable, Codable {
    /// Stable, non-empty id: an XML NMTOKEN, also the last segment of the node's IRI.
    public var id: String
    public var type: EntityType
    /// The canonical name (the fullest form found).
    public var label: String
    /// Other names the entity goes by, sorted, without the label.
    public private(set) var aliases: [String]
    /// Typed attributes (`role`: "President", …), by name.
    public var attributes: [String: AttributeValue]
    /// Ids of the documents the entity was found in, sorted and unique.
    public private(set) var sources: [String]
    /// Every place the entity is named, sorted and unique.
    public private(set) var mentions: [Mention]

    public init(
        id: String, type: EntityType, label: String, aliases: some Sequence<String> = [String](),
        attributes: [String: AttributeValue] = [:], sources: some Sequence<String> = [String](),
        mentions: some Sequence<Mention> = [Mention]()
    ) {
        precondition(!id.isEmpty, "a node id must not be empty")
        self.id = id
        self.type = type
        self.label = label
        self.aliases = []
        self.attributes = attributes
        self.mentions = Node.sortedUnique(Array(mentions))
        self.sources = Node.sortedUnique(Array(sources) + self.mentions.map(\.document))
        addAliases(aliases)
    }

    /// Sorted, equal elements kept once (sorting first: cheaper than hashing into a set). An array, so that
    /// the sort is specialized for `Mention` and `String` even when `init` is called from other modules.
    static func sortedUnique<T: Comparable>(_ items: [T]) -> [T] {
        var out = items.sorted()
        guard out.count > 1 else { return out }
        var kept = 1
        for k in 1..<out.count where out[k] != out[kept - 1] {
            out.swapAt(kept, k)
            kept += 1
        }
        out.removeLast(out.count - kept)
        return out
    }

    /// Adds names (dropping empty ones and the label itself), keeping the list sorted and unique.
    public mutating func addAliases(_ names: some Sequence<String>) {
        var set = Set(aliases)
        for name in names where !name.isEmpty && name != label { set.insert(name) }
        aliases = set.sorted()
    }

    /// Adds document ids, keeping the list sorted and unique.
    public mutating func addSources(_ documents: some Sequence<String>) {
        sources = Array(Set(sources).union(documents)).sorted()
    }

    /// Adds mentions (and their documents as sources), keeping the list sorted and unique.
    public mutating func addMentions(_ more: some Sequence<Mention>) {
        let more = Array(more)
        mentions = Array(Set(mentions).union(more)).sorted()
        addSources(more.map(\.document))
    }

    /// Folds `other` (the same entity) into this node: aliases, attributes, sources and mentions are united;
    /// on an attribute conflict the smaller value (by lexical form) wins, so the result does not depend on order.
    public mutating func absorb(_ other: Node) {
        if other.label != label { addAliases([other.label]) }
        addAliases(other.aliases)
        for (key, value) in other.attributes {
            if let mine = attributes[key], mine.description <= value.description { continue }
            attributes[key] = value
        }
        addSources(other.sources)
        addMentions(other.mentions)
    }

    /// Every name of the node: the label first, then the aliases.
    public var names: [String] { [label] + aliases }

    /// Changes the canonical label; the old label becomes an alias.
    public mutating func relabel(_ newLabel: String) {
        guard newLabel != label, !newLabel.isEmpty else { return }
        let old = label
        label = newLabel
        aliases.removeAll { $0 == newLabel }
        addAliases([old])
    }
}
