/// A half-open range `[start, end)` of Unicode code points into a document's text as read
/// (the convention of Python strings and spaCy).
public struct TextSpan: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) {
        precondition(start <= end, "TextSpan start \(start) is after end \(end)")
        self.start = start
        self.end = end
    }
    public var length: Int { end - start }
    public var description: String { "\(start)-\(end)" }
    public static func < (a: Self, b: Self) -> Bool { (a.start, a.end) < (b.start, b.end) }

    /// Parses the `start-end` form written by `description`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let s = Int(parts[0]), let e = Int(parts[1]), s >= 0, s <= e else { return nil }
        self.init(start: s, end: e)
    }
}

/// One place where an entity is named in a document.
public struct Mention: Hashable, Comparable, Sendable, Codable {
    /// The document's id (unique within a run: see `DocumentID`).
    public var document: String
    public var span: TextSpan
    /// The text of the mention exactly as in the document.
    public var text: String

    public init(document: String, span: TextSpan, text: String) {
        self.document = document
        self.span = span
        self.text = text
    }
    public static func < (a: Self, b: Self) -> Bool { (a.document, a.span, a.text) < (b.document, b.span, b.text) }
}

/// The support for one relation found in one place: the sentence, where it is, and what triggered it.
public struct Evidence: Hashable, Comparable, Sendable, Codable {
    public var document: String
    /// The supporting sentence, exactly as in the document.
    public var sentence: String
    /// Where the sentence (or the relation's words within it) lies in the document.
    public var span: TextSpan
    /// The word or phrase that signalled the relation ("lauded", "announced plans"), if any.
    public var trigger: String?
    /// The date the text gives for the event, ISO 8601 (`2024-12-04`), if any.
    public var date: String?

    public init(document: String, sentence: String, span: TextSpan, trigger: String? = nil, date: String? = nil) {
        self.document = document
        self.sentence = sentence
        self.span = span
        self.trigger = trigger
        self.date = date
    }
    public static func < (a: Self, b: Self) -> Bool {
        (a.document, a.span, a.sentence, a.trigger ?? "", a.date ?? "") < (b.document, b.span, b.sentence, b.trigger ?? "", b.date ?? "")
    }
}
