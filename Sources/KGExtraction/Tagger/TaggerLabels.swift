/// The tagger's label set: `O` plus BILOU positions (Begin, Inside, Last, Unit) for each entity type.
public enum TaggerLabels {
    /// Entity types, in label order.
    public static let types = ["PER", "LOC", "ORG", "MISC"]
    /// Number of labels: 1 + 4 × types.
    public static let count = 1 + 4 * types.count
    /// Label names: O, B-PER, I-PER, L-PER, U-PER, B-LOC, ...
    public static let names: [String] = ["O"] + types.flatMap { t in ["B-", "I-", "L-", "U-"].map { $0 + t } }

    static let outside = 0
    @inline(__always) static func label(type: Int, position: Int) -> Int { 1 + type * 4 + position }
    /// The entity type index of a label, or -1 for O.
    @inline(__always) static func type(of label: Int) -> Int { label == 0 ? -1 : (label - 1) >> 2 }
    /// 0 B, 1 I, 2 L, 3 U; -1 for O.
    @inline(__always) static func position(of label: Int) -> Int { label == 0 ? -1 : (label - 1) & 3 }

    /// Whether `next` may follow `prev` (`prev == nil`: sentence start) in a well-formed BILOU sequence.
    static func allowed(_ prev: Int?, _ next: Int) -> Bool {
        let open = prev.map { p in p != 0 && (position(of: p) == 0 || position(of: p) == 1) } ?? false
        if open {
            let t = type(of: prev!)
            return type(of: next) == t && (position(of: next) == 1 || position(of: next) == 2)
        }
        return next == 0 || position(of: next) == 0 || position(of: next) == 3
    }

    /// Whether a sentence may end with `label`.
    static func allowedAtEnd(_ label: Int) -> Bool { label == 0 || position(of: label) >= 2 }

    /// BILOU label indices for the given spans over `count` tokens.
    static func encode(spans: [TokenSpan], count: Int) -> [Int] {
        var out = Array(repeating: 0, count: count)
        for s in spans {
            guard let t = types.firstIndex(of: s.type) else { continue }
            if s.end - s.start == 1 { out[s.start] = label(type: t, position: 3); continue }
            out[s.start] = label(type: t, position: 0)
            for i in (s.start + 1)..<(s.end - 1) { out[i] = label(type: t, position: 1) }
            out[s.end - 1] = label(type: t, position: 2)
        }
        return out
    }

    /// Spans of a BILOU label sequence (tolerant of ill-formed sequences).
    static func spans(labels: [Int]) -> [TokenSpan] {
        var out: [TokenSpan] = []
        var i = 0
        while i < labels.count {
            let l = labels[i]
            if l == 0 { i += 1; continue }
            let t = type(of: l)
            var j = i + 1
            if position(of: l) == 0 || position(of: l) == 1 {
                while j < labels.count, type(of: labels[j]) == t, position(of: labels[j]) == 1 { j += 1 }
                if j < labels.count, type(of: labels[j]) == t, position(of: labels[j]) == 2 { j += 1 }
            }
            out.append(TokenSpan(start: i, end: j, type: types[t]))
            i = j
        }
        return out
    }

    /// IOB2 strings (B-PER, I-PER, O) of a BILOU label sequence.
    static func bio(labels: [Int]) -> [String] {
        var out = Array(repeating: "O", count: labels.count)
        for s in spans(labels: labels) {
            out[s.start] = "B-" + s.type
            for k in (s.start + 1)..<s.end { out[k] = "I-" + s.type }
        }
        return out
    }
}
