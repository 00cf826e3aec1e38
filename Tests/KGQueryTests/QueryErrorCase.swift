import Testing
import KGCore

/// A malformed query, the 1-based column its error must point at, and words the message must contain.
struct BadCase: Sendable, CustomStringConvertible {
    var query: String
    var column: Int
    var words: String
    var description: String { query }

    /// Checks that `parse` throws `KGError.query` at `column` with `words` in its message.
    func expectError(_ parse: (String) throws -> Void) {
        do {
            try parse(query)
            Issue.record("no error for \(query)")
        } catch let KGError.query(position, message) {
            #expect(position == column, "\(message)")
            #expect(message.contains(words), "\(message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
