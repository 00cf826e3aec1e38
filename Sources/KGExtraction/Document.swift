/// One input article, as read: its id is unique within a run.
public struct Document: Sendable, Hashable {
    /// The document id: the file name without extension (made unique when two inputs share one),
    /// or the JSONL `id`.
    public var id: String
    /// The text as read (after HTML to text, for HTML input); spans index into it in code points.
    public var text: String
    public var title: String?
    /// The document date, ISO 8601, anchoring relative dates ("On December 4").
    public var date: String?
    public var url: String?
    /// Where it came from (a path, `-` for standard input, `path:line` for a JSONL line).
    public var origin: String

    public init(id: String, text: String, title: String? = nil, date: String? = nil, url: String? = nil, origin: String) {
        self.id = id
        self.text = text
        self.title = title
        self.date = date
        self.url = url
        self.origin = origin
    }
}
