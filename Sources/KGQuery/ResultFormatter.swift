/// Writes a `QueryResult` as an aligned table, TSV, CSV or JSON.
public enum ResultFormat: String, CaseIterable, Sendable {
    case table, tsv, csv, json
}

public enum ResultFormatter {
    /// The whole output, ending in a newline (empty table: the header only).
    ///
    /// - `table`: columns padded to their widest cell (cells cut at `maxCellWidth` characters with `…`),
    ///   line breaks and tabs shown as spaces; IRIs shortened with `prefixes` (`kg:honors`).
    /// - `tsv`: a header line, then one line per row; tab, newline, carriage return and backslash in a
    ///   value are written `\t`, `\n`, `\r`, `\\`; an unbound value is empty.
    /// - `csv`: RFC 4180 (fields with `,`, `"` or line breaks quoted, lines ended by CRLF).
    /// - `json`: SPARQL answers in the W3C SPARQL 1.1 Query Results JSON format; other answers as an
    ///   array of objects, one per row, keys in column order, `null` for a missing value.
    public static func format(_ result: QueryResult, as format: ResultFormat, prefixes: [String: String] = [:],
                              maxCellWidth: Int = 80) -> String {
        switch format {
        case .table: return table(result, prefixes: prefixes, maxCellWidth: maxCellWidth)
        case .tsv:
            var out = result.columns.map(tsvEscape).joined(separator: "\t") + "\n"
            for row in result.rows { out += row.map { tsvEscape($0.text) }.joined(separator: "\t") + "\n" }
            return out
        case .csv:
            var out = result.columns.map(csvEscape).joined(separator: ",") + "\r\n"
            for row in result.rows { out += row.map { csvEscape($0.text) }.joined(separator: ",") + "\r\n" }
            return out
        case .json:
            return result.kind == .sparql ? sparqlJSON(result) : rowsJSON(result)
        }
    }

    static func tsvEscape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\\" || $0 == "\r\n" }) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func csvEscape(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The text of a cell in a table: IRIs shortened, control characters as spaces, cut to `width`.
    static func tableText(_ cell: ResultCell, prefixes: [(String, String)], width: Int) -> String {
        var text = cell.text
        if case .term(.iri(let iri)) = cell {
            for (p, ns) in prefixes where iri.hasPrefix(ns) && iri.count > ns.count {
                text = p + ":" + iri.dropFirst(ns.count)
                break
            }
        }
        var out = String.UnicodeScalarView()
        for c in text.unicodeScalars { out.append(c.value < 0x20 || c.value == 0x7F ? " " : c) }
        text = String(out)
        if text.count > width { text = String(text.prefix(max(1, width - 1))) + "…" }
        return text
    }

    static func table(_ result: QueryResult, prefixes: [String: String], maxCellWidth: Int) -> String {
        // Longest namespace first, so the most specific prefix wins.
        let pfx = prefixes.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }.map { ($0.key, $0.value) }
        let cells = result.rows.map { $0.map { tableText($0, prefixes: pfx, width: maxCellWidth) } }
        var widths = result.columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ values: [String]) -> String {
            var s = ""
            for (i, v) in values.enumerated() {
                if i > 0 { s += "  " }
                s += i == values.count - 1 ? v : v + String(repeating: " ", count: widths[i] - v.count)
            }
            return s + "\n"
        }
        var out = line(result.columns)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { out += line(row) }
        return out
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    static func rowsJSON(_ result: QueryResult) -> String {
        var out = "["
        for (r, row) in result.rows.enumerated() {
            out += r == 0 ? "\n  {" : ",\n  {"
            for (i, cell) in row.enumerated() {
                if i > 0 { out += ", " }
                out += jsonString(result.columns[i]) + ": "
                switch cell {
                case .null: out += "null"
                case .int(let v): out += String(v)
                case .double(let d): out += d.isFinite ? "\(d)" : jsonString("\(d)")
                case .string(let s): out += jsonString(s)
                case .term(let t): out += jsonString(t.displayText)
                }
            }
            out += "}"
        }
        return out + (result.rows.isEmpty ? "]\n" : "\n]\n")
    }

    static func sparqlJSON(_ result: QueryResult) -> String {
        var out = "{\"head\": {\"vars\": [" + result.columns.map(jsonString).joined(separator: ", ") + "]},\n \"results\": {\"bindings\": ["
        for (r, row) in result.rows.enumerated() {
            out += r == 0 ? "\n  {" : ",\n  {"
            var first = true
            for (i, cell) in row.enumerated() {
                guard case .term(let t) = cell else { continue }
                if !first { out += ", " }
                first = false
                out += jsonString(result.columns[i]) + ": "
                switch t {
                case .iri(let s): out += "{\"type\": \"uri\", \"value\": \(jsonString(s))}"
                case .blank(let b): out += "{\"type\": \"bnode\", \"value\": \(jsonString(b))}"
                case .literal(let s, let dt, let lang):
                    out += "{\"type\": \"literal\", \"value\": \(jsonString(s))"
                    if let lang { out += ", \"xml:lang\": \(jsonString(lang))" }
                    else if let dt { out += ", \"datatype\": \(jsonString(dt))" }
                    out += "}"
                }
            }
            out += "}"
        }
        return out + (result.rows.isEmpty ? "]}}\n" : "\n ]}}\n")
    }
}
