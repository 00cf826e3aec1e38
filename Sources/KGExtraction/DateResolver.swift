import Foundation

/// Dates: the document date, datelines, and dates in sentences ("On December 4").
///
/// A date the text gives with a year is written in full (`2024-12-04`). A month and day without a year take
/// the document's year (the year before when that would put the date more than 31 days after the
/// document date: news reports what has happened). Without any year anchor the date is kept as far as it
/// is known, in the ISO 8601 month-day form `--12-04`.
public enum DateResolver {
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// `YYYY-MM-DD` of an ISO 8601 date or timestamp, or nil.
    public static func parseISO(_ s: String) -> String? {
        let u = Array(s.utf8)
        guard u.count >= 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r { guard u[k] >= 0x30 && u[k] <= 0x39 else { return nil }; v = v * 10 + Int(u[k] - 0x30) }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), (1...daysIn(m, y)).contains(d) else { return nil }
        if u.count > 10 && u[10] != 0x54 && u[10] != 0x20 { return nil }
        return format(y, m, d)
    }

    static func daysIn(_ m: Int, _ y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func format(_ y: Int, _ m: Int, _ d: Int) -> String {
        String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// A full date written near the start of the text (a dateline: `MOSCOW, Dec. 5, 2024 —`,
    /// `5 December 2024`, `2024-12-05`), or nil.
    public static func dateline(in text: String) -> String? {
        let head = String(text.unicodeScalars.prefix(400))
        let tokenizer = Tokenizer()
        let tokens = tokenizer.tokenize(Array(head.unicodeScalars))
        for i in tokens.indices where mayStartDate(tokens[i]) {
            if let (date, _) = fullDate(tokens, at: i) { return date }
        }
        return nil
    }

    /// A date with a year starting at token `i`: `December 4, 2024`, `4 December 2024`, `2024-12-04`.
    /// Returns the ISO date and the index after it.
    static func fullDate(_ t: [Token], at i: Int) -> (String, Int)? {
        if t[i].kind == .number, t[i].text.utf8.count == 10, let iso = parseISO(t[i].text) { return (iso, i + 1) }
        if let (m, d, next) = monthDay(t, at: i) {
            var k = next
            if k < t.count && t[k].text == "," { k += 1 }
            if k < t.count, let y = year(t[k]), d <= daysIn(m, y) { return (format(y, m, d), k + 1) }
        }
        if i + 4 < t.count, let y = year(t[i]), t[i + 1].text == "-", let m = Int(t[i + 2].text), t[i + 3].text == "-", let d = Int(t[i + 4].text),
           (1...12).contains(m), (1...daysIn(m, y)).contains(d), t[i + 2].text.count == 2 {
            return (format(y, m, d), i + 5)
        }
        return nil
    }

    /// A cheap test before the full parse: a number or a capitalized word.
    @inline(__always) static func mayStartDate(_ t: Token) -> Bool {
        t.kind == .number || t.isCapitalized && t.text.utf8.count <= 10
    }

    static func year(_ t: Token) -> Int? {
        guard t.kind == .number, t.text.count == 4, let y = Int(t.text), (1800...2200).contains(y) else { return nil }
        return y
    }

    /// `December 4`, `Dec. 4`, `4 December`, `4th of December`: (month, day, index after).
    static func monthDay(_ t: [Token], at i: Int) -> (Int, Int, Int)? {
        guard i < t.count else { return nil }
        func day(_ tok: Token) -> Int? {
            var s = tok.lower
            for suf in ["st", "nd", "rd", "th"] where s.hasSuffix(suf) && s.count > 2 { s.removeLast(2) }
            guard let d = Int(s), (1...31).contains(d) else { return nil }
            return d
        }
        let lower = t[i].lower.hasSuffix(".") ? String(t[i].lower.dropLast()) : t[i].lower
        if t[i].isCapitalized, let m = months[lower], i + 1 < t.count, let d = day(t[i + 1]), d <= daysIn(m, 2000) {
            if lower == "may" || lower == "mar" { if t[i].text.hasSuffix(".") { return nil } }
            return (m, d, i + 2)
        }
        if let d = day(t[i]), i + 1 < t.count {
            var k = i + 1
            if t[k].lower == "of", k + 1 < t.count { k += 1 }
            let ml = t[k].lower.hasSuffix(".") ? String(t[k].lower.dropLast()) : t[k].lower
            if t[k].isCapitalized, let m = months[ml], d <= daysIn(m, 2000) { return (m, d, k + 1) }
        }
        return nil
    }

    /// The first date a sentence gives, resolved against the document date: ISO `YYYY-MM-DD`, or `--MM-DD`
    /// when no year is known.
    static func date(in t: [Token], range: Range<Int>, documentDate: String?) -> String? {
        var i = range.lowerBound
        while i < range.upperBound {
            guard mayStartDate(t[i]) else { i += 1; continue }
            if let (full, _) = fullDate(t, at: i), i < range.upperBound { return full }
            if let (m, d, _) = monthDay(t, at: i) {
                guard let doc = documentDate, let iso = parseISO(doc) else { return String(format: "--%02d-%02d", m, d) }
                let parts = iso.split(separator: "-").compactMap { Int($0) }
                var y = parts[0]
                let docOrdinal = parts[1] * 31 + parts[2]
                if m * 31 + d - docOrdinal > 31 { y -= 1 }
                if d > daysIn(m, y) { return String(format: "--%02d-%02d", m, d) }
                return format(y, m, d)
            }
            i += 1
        }
        return nil
    }
}
