import Foundation
import KGCore

/// One sentence of a CoNLL-2003 file: tokens and their NER tags as written (IOB1 or IOB2).
public struct CoNLLSentence: Sendable, Equatable {
    public var tokens: [String]
    public var tags: [String]
    public init(tokens: [String], tags: [String]) {
        self.tokens = tokens
        self.tags = tags
    }
}

/// One document (`-DOCSTART-` to the next) of a CoNLL-2003 file.
public struct CoNLLDocument: Sendable, Equatable {
    public var sentences: [CoNLLSentence]
    public init(sentences: [CoNLLSentence]) { self.sentences = sentences }
}

/// A typed entity span over the tokens of one sentence: `start..<end` token indices.
public struct TokenSpan: Sendable, Hashable, Comparable {
    public var start: Int
    public var end: Int
    /// PER, LOC, ORG or MISC.
    public var type: String
    public init(start: Int, end: Int, type: String) {
        self.start = start
        self.end = end
        self.type = type
    }
    public static func < (a: TokenSpan, b: TokenSpan) -> Bool {
        (a.start, a.end, a.type) < (b.start, b.end, b.type)
    }
}

/// Reads the CoNLL-2003 column format: one token a line (token first, NER tag last), a blank line
/// ends a sentence, a `-DOCSTART-` line starts a document (text before the first one is a document too).
public enum CoNLLReader {
    public static func read(contentsOf url: URL) throws -> [CoNLLDocument] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw KGError.input(file: url.path, message: "cannot read the CoNLL file (\(error.localizedDescription)); check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KGError.input(file: url.path, message: "not UTF-8 text; a CoNLL file must be UTF-8")
        }
        return try parse(text, file: url.path)
    }

    public static func parse(_ text: String, file: String = "<string>") throws -> [CoNLLDocument] {
        var docs: [CoNLLDocument] = []
        var doc: [CoNLLSentence] = []
        var tokens: [String] = [], tags: [String] = []
        func endSentence() {
            if !tokens.isEmpty { doc.append(CoNLLSentence(tokens: tokens, tags: tags)) }
            tokens = []; tags = []
        }
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if parts.isEmpty { endSentence(); continue }
            if parts[0] == "-DOCSTART-" {
                endSentence()
                if !doc.isEmpty { docs.append(CoNLLDocument(sentences: doc)) }
                doc = []
                continue
            }
            guard parts.count >= 2 else {
                throw KGError.parse(file: file, line: lineNumber, column: 1, message: "expected a token and an NER tag separated by a space")
            }
            let tag = String(parts[parts.count - 1])
            guard tag == "O" || ((tag.hasPrefix("B-") || tag.hasPrefix("I-")) && tag.count > 2) else {
                throw KGError.parse(file: file, line: lineNumber, column: line.count - tag.count + 1, message: "NER tag '\(tag)' is not O, B-TYPE or I-TYPE")
            }
            tokens.append(String(parts[0]))
            tags.append(tag)
        }
        endSentence()
        if !doc.isEmpty { docs.append(CoNLLDocument(sentences: doc)) }
        return docs
    }

    /// Entity spans of an IOB1/IOB2/BIO tag sequence, the way conlleval and `conll_eval.py` read them:
    /// an entity starts at `B-`, or at `I-` after `O` or after another type.
    public static func spans(iob tags: [String]) -> [TokenSpan] {
        var out: [TokenSpan] = []
        var cur: (type: Substring, start: Int)? = nil
        var prev: Substring = "O"
        for (i, tag) in tags.enumerated() {
            let t = Substring(tag)
            let type: Substring? = t == "O" ? nil : t.dropFirst(2)
            let prevType: Substring? = prev == "O" ? nil : prev.dropFirst(2)
            let begins = type != nil && (t.hasPrefix("B-") || t.hasPrefix("U-") || prevType == nil || prevType != type
                || prev.hasPrefix("L-") || prev.hasPrefix("U-"))
            if let c = cur, type == nil || begins {
                out.append(TokenSpan(start: c.start, end: i, type: String(c.type)))
                cur = nil
            }
            if let type, cur == nil { cur = (type, i) }
            prev = t
        }
        if let c = cur { out.append(TokenSpan(start: c.start, end: tags.count, type: String(c.type))) }
        return out
    }
}

/// conlleval-style span precision, recall and F1, per type and over the types asked for.
public struct SpanScore: Sendable, CustomStringConvertible {
    public private(set) var truePositives: [String: Int] = [:]
    public private(set) var falsePositives: [String: Int] = [:]
    public private(set) var falseNegatives: [String: Int] = [:]
    public init() {}

    public mutating func add(gold: [TokenSpan], predicted: [TokenSpan]) {
        let g = Set(gold), p = Set(predicted)
        for s in p { if g.contains(s) { truePositives[s.type, default: 0] += 1 } else { falsePositives[s.type, default: 0] += 1 } }
        for s in g where !p.contains(s) { falseNegatives[s.type, default: 0] += 1 }
    }

    /// (precision, recall, F1) over the given types.
    public func prf(_ types: [String]) -> (p: Double, r: Double, f1: Double) {
        let tp = Double(types.reduce(0) { $0 + truePositives[$1, default: 0] })
        let fp = Double(types.reduce(0) { $0 + falsePositives[$1, default: 0] })
        let fn = Double(types.reduce(0) { $0 + falseNegatives[$1, default: 0] })
        let p = tp + fp > 0 ? tp / (tp + fp) : 0, r = tp + fn > 0 ? tp / (tp + fn) : 0
        return (p, r, p + r > 0 ? 2 * p * r / (p + r) : 0)
    }

    /// F1 over PER, LOC and ORG (what `conll_eval.py` scores).
    public var scoredF1: Double { prf(["PER", "LOC", "ORG"]).f1 }

    public var description: String {
        var lines: [String] = []
        func fmt(_ x: Double) -> String { String(format: "%.4f", x) }
        for t in ["PER", "LOC", "ORG", "MISC"] {
            let s = prf([t])
            lines.append("\(t.padding(toLength: 12, withPad: " ", startingAt: 0)) p \(fmt(s.p))  r \(fmt(s.r))  f1 \(fmt(s.f1))")
        }
        let a = prf(["PER", "LOC", "ORG"]), b = prf(["PER", "LOC", "ORG", "MISC"])
        lines.append("PER+LOC+ORG  p \(fmt(a.p))  r \(fmt(a.r))  f1 \(fmt(a.f1))")
        lines.append("all four     p \(fmt(b.p))  r \(fmt(b.r))  f1 \(fmt(b.f1))")
        return lines.joined(separator: "\n")
    }
}
