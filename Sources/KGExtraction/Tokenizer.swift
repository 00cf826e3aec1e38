/// A token: a word, number, or punctuation mark, with its place in code points.
public struct Token: Sendable, Hashable {
    public enum Kind: UInt8, Sendable {
        case word, number, punctuation, symbol
    }
    /// `[start, end)` in Unicode code points into the document text.
    public var start: Int
    public var end: Int
    public var kind: Kind
    /// The text as written, except that curly apostrophes are straightened (`’s` → `'s`).
    public var text: String
    /// `text` lower-cased (ASCII fast path).
    public var lower: String
    /// Whether whitespace precedes the token.
    public var spaceBefore: Bool
    /// Whether a line break precedes the token, and whether a blank line (paragraph break) does.
    public var newlineBefore: Bool
    public var paragraphBefore: Bool

    /// Starts with an upper-case letter.
    public var isCapitalized: Bool {
        guard let b = text.utf8.first else { return false }
        if b < 0x80 { return b >= 0x41 && b <= 0x5A }
        return first.map { $0.properties.isUppercase } ?? false
    }
    /// At least two letters, none lower-case (`NATO`, `U.S.`).
    public var isAllCaps: Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var letters = 0
            for b in text.utf8 {
                if b >= 0x61 && b <= 0x7A { return false }
                if b >= 0x41 && b <= 0x5A { letters += 1 }
            }
            return letters >= 2
        }
        var letters = 0
        for s in text.unicodeScalars where s.properties.isAlphabetic {
            if s.properties.isLowercase { return false }
            letters += 1
        }
        return letters >= 2
    }
    var first: Unicode.Scalar? { text.unicodeScalars.first }
}

/// Splits text into tokens with code-point offsets.
///
/// - Words keep inner apostrophes (`don't`, `O'Brien`), but possessive `'s` / `’s` and a plural
///   possessive's trailing apostrophe are tokens of their own (`Korea` `’s`).
/// - Words joined by hyphens stay one token (`state-run`, `Chester-le-Street`, `1996-08-30`), as in
///   CoNLL-2003, unless `splitCompound` says otherwise (kg splits `Russia-North Korea` at a known name);
///   dashes and spaced hyphens are tokens of their own.
/// - Periods stay on abbreviations and initials (`Dec.`, `U.S.`, `J.`) — the list is data
///   (`Ontology/lexicons/abbreviations.tsv`) — and inside numbers (`1.13`, `3,000`).
/// - `...` and `…` are one token; curly and straight quotes are tokens.
public struct Tokenizer: Sendable {
    /// Lower-case abbreviations without their final period (`dec`, `mr`, `u.s`).
    public var abbreviations: Set<String>

    /// Whether a hyphenated token should be split into its parts and hyphens (given the parts).
    public var splitCompound: (@Sendable ([String]) -> Bool)?

    public init(abbreviations: Set<String> = Tokenizer.defaultAbbreviations, splitCompound: (@Sendable ([String]) -> Bool)? = nil) {
        self.abbreviations = abbreviations
        self.splitCompound = splitCompound
    }

    public static let defaultAbbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gov", "gen", "sen", "rep", "st", "jr", "sr", "lt", "col", "capt", "sgt",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "inc", "corp", "ltd", "co", "vs", "etc", "no", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
    ]

    @inline(__always) static func isLetterOrDigit(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
    }
    @inline(__always) static func isSpace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0x0C || v == 0x0B }
        return s.properties.isWhitespace
    }
    @inline(__always) static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    @inline(__always) static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s == "'" || s == "\u{2019}" }
    @inline(__always) static func isDash(_ s: Unicode.Scalar) -> Bool {
        s == "-" || s == "\u{2010}" || s == "\u{2011}" || s == "\u{2012}" || s == "\u{2013}" || s == "\u{2014}" || s == "\u{2015}" || s == "\u{2212}"
    }

    /// Tokens of `scalars`, in order.
    /// - Complexity: O(n).
    public func tokenize(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5)
        let n = scalars.count
        var i = 0
        var space = true, newline = true, paragraph = true
        var newlinesSeen = 0
        func emit(_ s: Int, _ e: Int, _ kind: Token.Kind) {
            let text: String
            let lower: String
            if scalars[s..<e].allSatisfy({ $0.value < 0x80 }) {
                // ASCII: build both strings straight from bytes
                var hasUpper = false
                text = String(unsafeUninitializedCapacity: e - s) { buf in
                    for k in s..<e {
                        let v = UInt8(scalars[k].value)
                        if v >= 0x41 && v <= 0x5A { hasUpper = true }
                        buf[k - s] = v
                    }
                    return e - s
                }
                lower = !hasUpper ? text : String(unsafeUninitializedCapacity: e - s) { buf in
                    for k in s..<e {
                        let v = UInt8(scalars[k].value)
                        buf[k - s] = v >= 0x41 && v <= 0x5A ? v + 32 : v
                    }
                    return e - s
                }
            } else {
                var t = String()
                t.unicodeScalars.reserveCapacity(e - s)
                for k in s..<e { t.unicodeScalars.append(scalars[k] == "\u{2019}" ? "'" : scalars[k]) }
                text = t
                lower = Tokenizer.lowercase(t)
            }
            tokens.append(Token(start: s, end: e, kind: kind, text: text, lower: lower,
                                spaceBefore: space, newlineBefore: newline, paragraphBefore: paragraph))
            space = false; newline = false; paragraph = false; newlinesSeen = 0
        }
        while i < n {
            let c = scalars[i]
            if Tokenizer.isSpace(c) {
                space = true
                if c == "\n" { newline = true; newlinesSeen += 1; if newlinesSeen >= 2 { paragraph = true } }
                else if c != "\r" && c != " " && c != "\t" { /* other spaces */ }
                if c != "\n" && c != "\r" && c != " " && c != "\t" && c != "\u{0C}" { /* keep count */ }
                i += 1
                continue
            }
            if Tokenizer.isLetterOrDigit(c) {
                var j = i
                var allDigits = true
                while j < n {
                    let d = scalars[j]
                    if Tokenizer.isLetterOrDigit(d) { if !Tokenizer.isDigit(d) { allDigits = false }; j += 1; continue }
                    // apostrophe inside a word: keep unless it starts a possessive 's / ’s at the word's end
                    if Tokenizer.isApostrophe(d), j + 1 < n, Tokenizer.isLetterOrDigit(scalars[j + 1]) {
                        let isPossessive = (scalars[j + 1] == "s" || scalars[j + 1] == "S") && (j + 2 >= n || !Tokenizer.isLetterOrDigit(scalars[j + 2]))
                        if isPossessive { break }
                        j += 1; continue
                    }
                    // decimal point or thousands separator inside a number
                    if (d == "." || d == ","), j > i, Tokenizer.isDigit(scalars[j - 1]), j + 1 < n, Tokenizer.isDigit(scalars[j + 1]) { j += 1; continue }
                    // hyphens and slashes inside a word or number: "state-run", "1996-08-30", "9/11"
                    if (d == "-" || d == "\u{2010}" || d == "\u{2011}" || d == "/" && Tokenizer.isDigit(scalars[j - 1])), j > i, j + 1 < n,
                       Tokenizer.isLetterOrDigit(scalars[j + 1]), d != "/" || Tokenizer.isDigit(scalars[j + 1]) { j += 1; continue }
                    // dotted abbreviations: U.S., e.g.
                    if d == ".", j + 1 < n, j - i <= 2, Tokenizer.isLetterOrDigit(scalars[j + 1]), !Tokenizer.isDigit(scalars[j + 1]),
                       j + 2 >= n || !Tokenizer.isLetterOrDigit(scalars[j + 2]) || scalars[j + 2] == "." {
                        j += 1; continue
                    }
                    break
                }
                // a final period belongs to an abbreviation, an initial or a dotted form
                var end = j
                if end < n, scalars[end] == "." {
                    let isInitial = end - i == 1 && scalars[i].properties.isUppercase
                    if isInitial || scalars[i..<end].contains(".") || abbreviations.contains(Tokenizer.lowercase(Tokenizer.string(scalars[i..<end]))) { end += 1 }
                }
                if let split = splitCompound, let hyphens = Optional((i..<end).filter { Tokenizer.isDash(scalars[$0]) }), !hyphens.isEmpty {
                    var parts: [String] = []
                    var a = i
                    for h in hyphens + [end] { parts.append(Tokenizer.string(scalars[a..<h])); a = h + 1 }
                    if split(parts) {
                        a = i
                        for h in hyphens {
                            if h > a { emit(a, h, Tokenizer.isDigit(scalars[a]) ? .number : .word) }
                            emit(h, h + 1, .punctuation)
                            a = h + 1
                        }
                        if end > a { emit(a, end, Tokenizer.isDigit(scalars[a]) ? .number : .word) }
                        i = end
                        continue
                    }
                }
                emit(i, end, allDigits || Tokenizer.isDigit(c) ? .number : .word)
                i = end
                continue
            }
            // possessive 's after a word (also spaced off it, as in CoNLL-style tokenized text: "France 's")
            if Tokenizer.isApostrophe(c), let last = tokens.last, !space || last.kind == .word && !newline, i + 1 < n, scalars[i + 1] == "s" || scalars[i + 1] == "S",
               i + 2 >= n || !Tokenizer.isLetterOrDigit(scalars[i + 2]) {
                emit(i, i + 2, .word)
                i += 2
                continue
            }
            if c == "." && i + 2 < n && scalars[i + 1] == "." && scalars[i + 2] == "." {
                var j = i + 3
                while j < n && scalars[j] == "." { j += 1 }
                emit(i, j, .punctuation)
                i = j
                continue
            }
            let isPunct: Bool
            switch c.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation: isPunct = true
            default: isPunct = false
            }
            emit(i, i + 1, isPunct ? .punctuation : .symbol)
            i += 1
        }
        return tokens
    }

    /// The text of code points (ASCII straight from bytes).
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        guard scalars.allSatisfy({ $0.value < 0x80 }) else { return String(String.UnicodeScalarView(scalars)) }
        return String(unsafeUninitializedCapacity: scalars.count) { buffer in
            for (k, s) in scalars.enumerated() { buffer[k] = UInt8(s.value) }
            return scalars.count
        }
    }

    /// Lower-cases with an ASCII fast path.
    @inline(__always) public static func lowercase(_ s: String) -> String {
        var ascii = true
        var hasUpper = false
        for b in s.utf8 { if b >= 0x80 { ascii = false; break }; if b >= 0x41 && b <= 0x5A { hasUpper = true } }
        if ascii {
            guard hasUpper else { return s }
            return String(unsafeUninitializedCapacity: s.utf8.count) { buffer in
                var k = 0
                for b in s.utf8 { buffer[k] = b >= 0x41 && b <= 0x5A ? b + 32 : b; k += 1 }
                return k
            }
        }
        return s.lowercased()
    }
}
