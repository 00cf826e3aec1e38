/// The kind of thing a node stands for: an open set, extended by the ontology.
///
/// `EntityType` is a `RawRepresentable` struct rather than an enum so that a user's ontology can add
/// kinds (say `Product`) without breaking anybody's `switch`.
public struct EntityType: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let person = EntityType("Person")
    public static let place = EntityType("Place")
    public static let organization = EntityType("Organization")
    public static let event = EntityType("Event")

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}

/// The kind of a relation (an edge's predicate): an open set, extended by the ontology.
public struct Predicate: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// Someone said something to, or about, someone or something (CAMEO 010).
    public static let statement = Predicate("statement")
    /// Someone praised, honored or commemorated someone or something (CAMEO 051).
    public static let honors = Predicate("honors")
    /// Someone announced something; the object is the announced Event (CAMEO 01, make public statement).
    public static let announcement = Predicate("announcement")

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}
