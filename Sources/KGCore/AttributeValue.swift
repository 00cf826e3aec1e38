/// A typed attribute value on a node or an edge, with the four types that GraphML, RDF and JSON share.
public enum AttributeValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    /// The value's lexical form: what GraphML `<data>` and an RDF literal hold.
    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return AttributeValue.lexical(d)
        case .bool(let b): return b ? "true" : "false"
        }
    }

    /// The GraphML `attr.type` of the value (`string`, `long`, `double`, `boolean`).
    public var graphMLType: String {
        switch self {
        case .string: return "string"
        case .int: return "long"
        case .double: return "double"
        case .bool: return "boolean"
        }
    }

    /// The shortest lexical form that reads back as the same `Double` (`1.0` not `1`, no locale).
    public static func lexical(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "INF" : "-INF" }
        return "\(d)"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        }
    }
}
