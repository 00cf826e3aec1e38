/// A sentence: a run of tokens and its place in code points.
public struct Sentence: Sendable, Hashable {
    /// Indices into the document's tokens, `[tokenStart, tokenEnd)`.
    public var tokenStart: Int
    public var tokenEnd: Int
    /// `[start, end)` in code points: from the first token's start to the last token's end.
    public var start: Int
    public var end: Int
    public var tokenRange: Range<Int> { tokenStart..<tokenEnd }
}

/// Splits tokens into sentences.
///
/// A sentence ends at `.`, `!`, `?` or an ellipsis when what follows (after closing quotes and brackets)
/// starts a new sentence: a capital letter, a digit, an opening quote, or the end. Not at an abbreviation
/// of a title (`Mr.`, `Gov.`), nor at an initial followed by a name (`J. Smith`); other abbreviations
/// (`U.S.`, `Dec.`, `Inc.`) end a sentence only when a function word follows (`… in the U.S. The …`).
/// A blank line always ends a sentence, so a headline is a sentence of its own.
public struct SentenceSplitter: Sendable {
    public var titleAbbreviations: Set<String> = ["mr.", "mrs.", "ms.", "dr.", "prof.", "gov.", "gen.", "sen.", "rep.", "st.", "lt.", "col.", "capt.", "sgt.", "rev.", "jr.", "sr.", "no.", "vs.", "messrs.", "adm.", "supt.", "insp.", "det."]
    public var sentenceStarters: Set<String> = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "or", "in", "on", "at", "this",
        "that", "these", "those", "there", "his", "her", "its", "their", "our", "my", "if", "when", "while", "after",
        "before", "however", "meanwhile", "so", "yet", "as", "for", "with", "since", "although", "mr.", "mrs.", "ms.", "dr.",
    ]

    /// Whether a line break ends a sentence (texts written one sentence or paragraph a line).
    public var newlineBoundaries = false

    public init(newlineBoundaries: Bool = false) { self.newlineBoundaries = newlineBoundaries }

    /// Whether a text is written one sentence (or paragraph) a line rather than hard-wrapped at a fixed
    /// width. Wrapped prose breaks lines mid-sentence, so many of its lines go on with a lower-case word;
    /// and nobody wraps under 50 or over 100 characters a line. Lists, tables, headlines and text written
    /// one sentence a line go on with capitals, digits and quotes.
    public static func linesAreSentences(_ scalars: [Unicode.Scalar]) -> Bool {
        var width = 0, length = 0
        var breaks = 0, lowerStarts = 0
        var lineHasText = false, previousHadText = false, atLineStart = true
        for c in scalars {
            if c == "\n" {
                width = max(width, length)
                previousHadText = lineHasText
                lineHasText = false
                atLineStart = true
                length = 0
            } else if c == " " || c == "\t" || c == "\r" {
                if lineHasText { length += 1 }
            } else {
                if atLineStart && previousHadText {
                    breaks += 1
                    if c.properties.isLowercase { lowerStarts += 1 }
                }
                atLineStart = false
                lineHasText = true
                length += 1
            }
        }
        width = max(width, length)
        guard breaks > 0 else { return false }
        return width < 50 || width > 100 || lowerStarts * 10 < breaks * 4
    }

    static let closers: Set<String> = ["\"", "'", "\u{201D}", "\u{2019}", ")", "]", "}", "\u{BB}"]
    static let openers: Set<String> = ["\"", "'", "\u{201C}", "\u{2018}", "(", "[", "\u{AB}"]

    /// The sentences of `tokens`, in order; every token is in exactly one sentence.
    /// - Complexity: O(n).
    public func split(_ tokens: [Token]) -> [Sentence] {
        var out: [Sentence] = []
        var start = 0
        func close(_ end: Int) {
            guard end > start else { return }
            out.append(Sentence(tokenStart: start, tokenEnd: end, start: tokens[start].start, end: tokens[end - 1].end))
            start = end
        }
        var i = 0
        let n = tokens.count
        while i < n {
            if i > start && (tokens[i].paragraphBefore || newlineBoundaries && tokens[i].newlineBefore) { close(i) }
            let t = tokens[i]
            var boundary = false
            // (the first and last bytes rule out most tokens before any string comparison)
            let firstByte = t.text.utf8.first ?? 0
            if firstByte == 0x2E || firstByte == 0x21 || firstByte == 0x3F || firstByte == 0xE2,
               t.text == "." || t.text == "!" || t.text == "?" || t.text == "\u{2026}" || t.text.hasPrefix("...") || t.text == "?!" {
                boundary = true
            } else if t.kind == .word, t.text.utf8.last == 0x2E, t.text.hasSuffix("."), t.text.count > 1 {
                // an abbreviation or initial that may also end the sentence
                var k = i + 1
                while k < n && SentenceSplitter.closers.contains(tokens[k].text) && !tokens[k].spaceBefore { k += 1 }
                if k >= n { boundary = true }
                else if titleAbbreviations.contains(t.lower) { boundary = false }
                else if t.text.count == 2, t.isCapitalized { boundary = false } // initial
                else { boundary = sentenceStarters.contains(tokens[k].lower) && tokens[k].isCapitalized }
            }
            if boundary {
                var k = i + 1
                // closing quotes and brackets stay with the sentence
                while k < n && SentenceSplitter.closers.contains(tokens[k].text) && !tokens[k].paragraphBefore && !(newlineBoundaries && tokens[k].newlineBefore)
                    && !(tokens[k].spaceBefore && SentenceSplitter.openers.contains(tokens[k].text) && k + 1 < n && !tokens[k + 1].spaceBefore) {
                    k += 1
                }
                if k >= n { i = k; break }
                let next = tokens[k]
                let ellipsis = t.text == "\u{2026}" || t.text.hasPrefix("...")
                let starts = next.paragraphBefore || newlineBoundaries && next.newlineBefore || next.isCapitalized || next.kind == .number && !ellipsis
                    || SentenceSplitter.openers.contains(next.text) || next.text == "-" || next.text == "\u{2014}"
                if starts && (next.spaceBefore || next.paragraphBefore) {
                    close(k)
                }
                i = k
                continue
            }
            i += 1
        }
        close(n)
        return out
    }
}
