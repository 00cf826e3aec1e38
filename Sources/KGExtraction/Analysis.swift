/// A document after tokenization and sentence splitting: what every later stage reads.
public struct AnalyzedDocument: Sendable {
    public var document: Document
    /// The text as Unicode scalars: spans index into this array.
    public var scalars: [Unicode.Scalar]
    public var tokens: [Token]
    public var sentences: [Sentence]
    /// Title-case sentences (headlines), where capitalization says little.
    public var isHeadline: [Bool]
    /// Sentence index of every token.
    public var sentenceOf: [Int]
    /// The text as UTF-8, and the UTF-8 offset of every code point and of the end: `text(_:_:)` copies bytes.
    let utf8: [UInt8]
    let utf8Offsets: [Int]

    public init(_ document: Document, tokenizer: Tokenizer, splitter: SentenceSplitter, functionWords: Set<String>) {
        self.document = document
        utf8 = Array(document.text.utf8)
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(utf8.count)
        offsets.reserveCapacity(utf8.count + 1)
        var offset = 0
        for s in document.text.unicodeScalars {
            scalars.append(s)
            offsets.append(offset)
            offset += UTF8.width(s)
        }
        offsets.append(offset)
        self.scalars = scalars
        utf8Offsets = offsets
        tokens = tokenizer.tokenize(scalars)
        var splitter = splitter
        splitter.newlineBoundaries = splitter.newlineBoundaries || SentenceSplitter.linesAreSentences(scalars)
        sentences = splitter.split(tokens)
        sentenceOf = [Int](repeating: 0, count: tokens.count)
        isHeadline = []
        for (k, s) in sentences.enumerated() {
            for i in s.tokenRange { sentenceOf[i] = k }
            isHeadline.append(AnalyzedDocument.looksLikeHeadline(tokens[s.tokenRange], functionWords: functionWords))
        }
    }

    /// No final punctuation and most content words capitalized.
    static func looksLikeHeadline(_ toks: ArraySlice<Token>, functionWords: Set<String>) -> Bool {
        guard let last = toks.last else { return false }
        if [".", "!", "?", "\u{2026}", "\"", "\u{201D}", "'"].contains(last.text) || last.text.hasSuffix(".") { return false }
        // a headline has words and no figures (a results table's rows have figures)
        if toks.contains(where: { $0.kind == .number }) || toks.filter({ $0.kind == .word }).count < 5 { return false }
        var content = 0, caps = 0
        for t in toks where t.kind == .word && t.text.count > 3 && !functionWords.contains(t.lower) {
            content += 1
            if t.isCapitalized { caps += 1 }
        }
        return content >= 3 && Double(caps) >= 0.7 * Double(content)
    }

    /// The document text of `[start, end)` code points.
    public func text(_ start: Int, _ end: Int) -> String {
        String(decoding: utf8[utf8Offsets[start]..<utf8Offsets[end]], as: UTF8.self)
    }

    /// The text of tokens `[a, b)` exactly as in the document.
    public func text(tokens r: Range<Int>) -> String { text(tokens[r.lowerBound].start, tokens[r.upperBound - 1].end) }

    /// A normalized name for tokens `[a, b)`: tokens joined by single spaces (none around hyphens and
    /// before possessives), straight apostrophes.
    public func name(tokens r: Range<Int>) -> String {
        var out = ""
        for i in r {
            let t = tokens[i]
            if i > r.lowerBound && t.spaceBefore && !(t.text == "'s") { out += " " }
            out += t.text
        }
        return out
    }
}
