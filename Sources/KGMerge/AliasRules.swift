import Foundation
import KGCore

/// A user's alias file: merges to force and merges to forbid.
///
/// The format, one rule a line (UTF-8 text; `#` starts a comment at the start of a line or after a space):
///
///     # names joined by `=` are one entity, whatever the rules say
///     Vladimir Putin = Putin = V. V. Putin
///     # names joined by `!=` are never one node
///     Kursk Region != International Kursk Airport
///     # an optional `Type:` prefix limits a rule to nodes of that type
///     Person: Georgia = Georgia Smith
///
/// Names are compared as `kg merge` compares them (case, quotes, diacritics and punctuation folded; titles
/// stripped for people) against every name (label or alias) of every node. A forced merge joins all nodes
/// that bear any of the names; a forbidden pair keeps the nodes bearing the left names and the nodes
/// bearing the right names in different clusters (the forbid wins over every rule but a node id shared
/// by two input graphs).
public struct AliasRules: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        /// The type the rule is limited to, if any.
        public var type: EntityType?
        public var names: [String]
        /// 1-based line in the alias file.
        public var line: Int
    }

    public var forced: [Rule] = []
    /// A pair of name sets that must stay apart.
    public struct Forbid: Sendable, Equatable {
        public var left: Rule
        public var right: Rule
    }
    public var forbidden: [Forbid] = []

    public init() {}

    public var isEmpty: Bool { forced.isEmpty && forbidden.isEmpty }

    /// Reads an alias file.
    /// - Throws: `KGError.input` when it cannot be read or is not UTF-8, `KGError.parse` (file, line,
    ///   column) for a line that is not a rule.
    public static func load(path: String) throws -> AliasRules {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KGError.input(file: path, message: "cannot read the alias file; check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KGError.input(file: path, message: "the alias file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses alias rules from text; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws -> AliasRules {
        var rules = AliasRules()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            if let r = line.range(of: " #") ?? line.range(of: "\t#") { line = String(line[..<r.lowerBound]) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            func fail(_ m: String) -> KGError { .parse(file: file, line: lineNumber, column: 1, message: m) }
            guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) else {
                throw fail("control characters in an alias rule")
            }
            var body = Substring(trimmed)
            var type: EntityType?
            if let colon = body.firstIndex(of: ":") {
                let prefix = body[..<colon].trimmingCharacters(in: .whitespaces)
                if !prefix.isEmpty, prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !prefix.contains(" ") {
                    type = EntityType(prefix)
                    body = body[body.index(after: colon)...]
                }
            }
            func names(_ part: some StringProtocol, separator: String) -> [String] {
                part.components(separatedBy: separator).map { $0.trimmingCharacters(in: .whitespaces) }
            }
            if body.contains("!=") {
                let sides = names(body, separator: "!=")
                guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty, !sides[0].contains("="), !sides[1].contains("=") else {
                    throw fail("a forbid rule is 'NAME != NAME'")
                }
                rules.forbidden.append(Forbid(left: Rule(type: type, names: [sides[0]], line: lineNumber), right: Rule(type: type, names: [sides[1]], line: lineNumber)))
            } else if body.contains("=") {
                let all = names(body, separator: "=")
                guard all.count >= 2, all.allSatisfy({ !$0.isEmpty }) else { throw fail("a merge rule is 'NAME = NAME [= NAME…]'") }
                rules.forced.append(Rule(type: type, names: all, line: lineNumber))
            } else {
                throw fail("expected 'NAME = NAME' (merge) or 'NAME != NAME' (keep apart)")
            }
        }
        return rules
    }
}
