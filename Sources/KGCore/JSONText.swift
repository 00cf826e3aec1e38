import Foundation

/// Deterministic compact JSON for values embedded in other formats (GraphML `aliases`, JSONL lines).
public enum JSONText {
    /// `["a","b"]`: keys sorted, slashes unescaped, non-ASCII kept as UTF-8.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain Codable values of our own types cannot fail.
        let data = try! encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes JSON text, or returns nil when it is not of the expected shape.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
