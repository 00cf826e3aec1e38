#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KGCore
import KGFormats

/// Reads articles from files, folders, JSONL batches and standard input.
///
/// **Inputs.** `.txt`, `.md` (and any other explicitly named file): plain text. `.html`, `.htm`: the page's
/// title and body text (see `HTMLText`). `.jsonl`: one article a line, an object with `id`, `text` or `html`,
/// and optional `title`, `date`, `url`. A folder: every `.txt`, `.md`, `.html`, `.htm` and `.jsonl` file
/// under it, recursively, in sorted path order (other files are skipped with a note). `-`: standard input,
/// as plain text with the id `stdin`.
///
/// **Document ids.** A file's id is its name without extension (`001.txt` → `001`); a JSONL line's is its
/// `id`. When two files would get the same id, each of them gets its parent folder names prepended, as few
/// as make them distinct (`business/001.txt` and `tech/001.txt` → `business/001`, `tech/001`). Any clash
/// left (the same JSONL id twice) gets `~2`, `~3`… in input order, with a warning. So the ids of one run
/// are always unique, and the same inputs give the same ids.
///
/// **Text.** UTF-8 with or without a byte order mark (the mark is dropped and spans count from the first
/// character after it). Invalid UTF-8, NUL bytes or other control characters (all but tab, line feed,
/// carriage return and form feed), lines longer than `maxLineBytes` and files larger than `maxFileBytes`
/// throw `KGError.input` naming the file and the byte offset.
public enum DocumentLoader {
    /// The longest line accepted, in bytes.
    public static let maxLineBytes = 1 << 20
    /// The largest file accepted, in bytes.
    public static let maxFileBytes = 256 << 20
    static let folderExtensions: Set<String> = ["txt", "md", "html", "htm", "jsonl"]

    /// Loads every input, in order.
    /// - Parameters:
    ///   - paths: files, folders or `-` for standard input.
    ///   - defaultDate: the date (`YYYY-MM-DD`) of documents that carry none (`--date`).
    ///   - latin1Fallback: read a text file that is not valid UTF-8 as Windows-1252 (Latin-1) instead of
    ///     refusing it, with a warning naming the file and the first bad byte.
    /// - Returns: the documents (ids unique) and notes about skipped files, fallback decodings and renamed ids.
    /// - Throws: `KGError.input` for a missing file or undecodable content; `KGError.usage` for a bad date.
    public static func load(paths: [String], defaultDate: String? = nil, latin1Fallback: Bool = false) throws -> ([Document], [Diagnostic]) {
        if let d = defaultDate, DateResolver.parseISO(d) == nil {
            throw KGError.usage("--date '\(d)' is not a date: use YYYY-MM-DD")
        }
        var diagnostics: [Diagnostic] = []
        // 1. Expand folders.
        var files: [String] = []
        var seen = Set<String>()
        for path in paths {
            if path == "-" { files.append("-"); continue }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw KGError.input(file: path, message: "no such file or folder")
            }
            if isDir.boolValue {
                for f in try listFolder(path, diagnostics: &diagnostics) where seen.insert(canonical(f)).inserted { files.append(f) }
            } else if seen.insert(canonical(path)).inserted {
                files.append(path)
            }
        }
        // 2. Ids for files, made distinct by parent folders.
        let fileIDs = distinctIDs(files.filter { $0 != "-" && ext($0) != "jsonl" })
        // 3. Read, files in parallel (results and the first error kept in input order).
        let results = ResultBox(count: files.count)
        let allFiles = files
        DispatchQueue.concurrentPerform(iterations: allFiles.count) { k in
            let file = allFiles[k]
            guard file != "-" else { return }
            results.set(k, Result { try readFile(file, id: fileIDs[file], defaultDate: defaultDate, latin1Fallback: latin1Fallback) })
        }
        var docs: [Document] = []
        for (k, file) in files.enumerated() {
            if file == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                let text = try decode([UInt8](data), file: "<stdin>")
                docs.append(Document(id: "stdin", text: text, date: defaultDate ?? DateResolver.dateline(in: text), origin: "-"))
                continue
            }
            let (read, notes) = try results.get(k)
            docs.append(contentsOf: read)
            diagnostics.append(contentsOf: notes)
        }
        // 4. Any clash left.
        var used = Set<String>()
        for i in docs.indices {
            let base = docs[i].id
            var id = base
            var n = 2
            while used.contains(id) { id = "\(base)~\(n)"; n += 1 }
            if id != base { diagnostics.append(Diagnostic(.warning, file: docs[i].origin, "document id '\(base)' is taken; using '\(id)'")) }
            docs[i].id = id
            used.insert(id)
        }
        return (docs, diagnostics)
    }

    /// Reads one file (not standard input): its documents and any note.
    static func readFile(_ file: String, id: String?, defaultDate: String?, latin1Fallback: Bool) throws -> ([Document], [Diagnostic]) {
        let bytes = try readBytes(file)
        switch ext(file) {
        case "jsonl":
            return (try jsonl(bytes, file: file, defaultDate: defaultDate), [])
        case "html", "htm":
            try validate(bytes, file: file, allowLongLines: true)
            let (title, text) = try HTMLText.extract(stripBOM(bytes), file: file)
            try checkText(text, file: file)
            return ([Document(id: id!, text: text, title: title, date: defaultDate ?? DateResolver.dateline(in: text), origin: file)], [])
        default:
            var notes: [Diagnostic] = []
            let text: String
            do { text = try decode(bytes, file: file) } catch let KGError.input(_, message) where latin1Fallback && message.contains("not valid UTF-8") {
                text = windows1252(bytes)
                try checkText(text, file: file)
                notes.append(Diagnostic(.warning, file: file, "\(message.components(separatedBy: ";")[0]); read as Windows-1252 (--latin1-fallback)"))
            }
            return ([Document(id: id!, text: text, date: defaultDate ?? DateResolver.dateline(in: text), origin: file)], notes)
        }
    }

    /// Per-file results filled in from worker threads.
    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result<([Document], [Diagnostic]), Error>?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ r: Result<([Document], [Diagnostic]), Error>) { lock.lock(); results[k] = r; lock.unlock() }
        func get(_ k: Int) throws -> ([Document], [Diagnostic]) { try results[k]!.get() }
    }

    /// Decodes one text: UTF-8 with an optional BOM, checked as described on the type.
    public static func decode(_ bytes: [UInt8], file: String) throws -> String {
        try validate(bytes, file: file, allowLongLines: false)
        return String(decoding: stripBOM(bytes), as: UTF8.self)
    }

    /// Windows-1252 (a superset of the printable Latin-1), byte by byte.
    static func windows1252(_ bytes: [UInt8]) -> String {
        let high: [UInt32] = [0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
                              0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178]
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(b >= 0x80 && b < 0xA0 ? high[Int(b - 0x80)] : UInt32(b))!) }
        return String(s)
    }

    // MARK: - Files and ids

    static func ext(_ path: String) -> String { URL(fileURLWithPath: path).pathExtension.lowercased() }
    /// The path with links resolved, to tell inputs apart: realpath(3), one call per file (Foundation's
    /// resolution, the fallback, costs much more).
    static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func listFolder(_ path: String, diagnostics: inout [Diagnostic]) throws -> [String] {
        let root = URL(fileURLWithPath: path, isDirectory: true)
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey], options: [.skipsHiddenFiles]) else {
            throw KGError.input(file: path, message: "cannot list the folder")
        }
        var out: [String] = []
        let rootPath = root.standardizedFileURL.path
        for case let url as URL in e {
            // lstat and stat directly: `URL.resourceValues` costs much more, for every file
            let kind = fileType(url.path, followingLinks: false)
            if kind == S_IFLNK {
                // A link to a file is read; a link to a folder is not followed (no cycles).
                guard fileType(url.path, followingLinks: true) == S_IFREG else {
                    diagnostics.append(Diagnostic(.note, file: url.path, "skipped: a link to a folder or to nothing (links to folders are not followed)"))
                    continue
                }
            } else if kind != S_IFREG {
                continue
            }
            let rel = String(url.standardizedFileURL.path.dropFirst(rootPath.count)).drop { $0 == "/" }
            let full = path.hasSuffix("/") ? path + rel : path + "/" + rel
            if folderExtensions.contains(ext(full)) { out.append(full) } else {
                diagnostics.append(Diagnostic(.note, file: full, "skipped: not .txt, .md, .html, .htm or .jsonl"))
            }
        }
        return out.sorted()
    }

    /// The file type bits (`S_IFREG`, `S_IFLNK`, …) of a path, or nil when it cannot be read.
    static func fileType(_ path: String, followingLinks: Bool) -> mode_t? {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// File name without extension, with as many parent folders prepended as make clashing ids distinct.
    static func distinctIDs(_ files: [String]) -> [String: String] {
        func components(_ f: String) -> [String] {
            let url = URL(fileURLWithPath: f).standardizedFileURL
            var parts = url.pathComponents.filter { $0 != "/" }
            if let last = parts.popLast() { parts.append(URL(fileURLWithPath: last).deletingPathExtension().lastPathComponent) }
            return parts
        }
        let comps = Dictionary(uniqueKeysWithValues: files.map { ($0, components($0)) })
        var depth = Dictionary(uniqueKeysWithValues: files.map { ($0, 1) })
        func id(_ f: String) -> String { comps[f]!.suffix(depth[f]!).joined(separator: "/") }
        while true {
            let groups = Dictionary(grouping: files, by: id)
            var changed = false
            for (_, group) in groups where group.count > 1 {
                for f in group where depth[f]! < comps[f]!.count { depth[f]! += 1; changed = true }
            }
            if !changed { break }
        }
        return Dictionary(uniqueKeysWithValues: files.map { ($0, id($0)) })
    }

    static func readBytes(_ file: String) throws -> [UInt8] {
        guard let h = FileHandle(forReadingAtPath: file) else { throw KGError.input(file: file, message: "cannot open it for reading") }
        defer { try? h.close() }
        var info = stat()
        let size = fstat(h.fileDescriptor, &info) == 0 ? Int(info.st_size) : 0
        if size > maxFileBytes { throw KGError.input(file: file, message: "is \(size) bytes, more than the \(maxFileBytes)-byte limit") }
        let data: Data
        do { data = try h.readToEnd() ?? Data() } catch { throw KGError.input(file: file, message: "cannot read it (\(error.localizedDescription))") }
        if data.count > maxFileBytes { throw KGError.input(file: file, message: "is more than \(maxFileBytes) bytes") }
        return [UInt8](data)
    }

    static func stripBOM(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    /// Checks UTF-8 well-formedness, control characters and line length in one pass.
    static func validate(_ bytes: [UInt8], file: String, allowLongLines: Bool) throws {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw KGError.input(file: file, message: "is UTF-16 (byte order mark at offset 0); kg reads UTF-8: convert it with iconv -f UTF-16 -t UTF-8")
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var i = start
        var lineStart = start
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { lineStart = i + 1 }
                else if b == 0 { throw KGError.input(file: file, message: "is binary (NUL byte at byte offset \(i)), not UTF-8 text") }
                else if b < 0x20 && b != 0x09 && b != 0x0D && b != 0x0C {
                    throw KGError.input(file: file, message: String(format: "has control character U+%04X at byte offset %d; not plain text", b, i))
                }
                i += 1
            } else {
                let len: Int
                var minValue: UInt32
                var v: UInt32
                if b & 0xE0 == 0xC0 { len = 2; v = UInt32(b & 0x1F); minValue = 0x80 }
                else if b & 0xF0 == 0xE0 { len = 3; v = UInt32(b & 0x0F); minValue = 0x800 }
                else if b & 0xF8 == 0xF0 { len = 4; v = UInt32(b & 0x07); minValue = 0x10000 }
                else { throw invalid(file, i) }
                guard i + len <= n else { throw invalid(file, i) }
                for k in 1..<len {
                    let c = bytes[i + k]
                    guard c & 0xC0 == 0x80 else { throw invalid(file, i) }
                    v = (v << 6) | UInt32(c & 0x3F)
                }
                if v < minValue || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { throw invalid(file, i) }
                i += len
            }
            if !allowLongLines && i - lineStart > maxLineBytes {
                throw KGError.input(file: file, message: "has a line longer than \(maxLineBytes) bytes (from byte offset \(lineStart)); not an article")
            }
        }
    }

    static func invalid(_ file: String, _ offset: Int) -> KGError {
        .input(file: file, message: "is not valid UTF-8 (byte offset \(offset)); convert it with iconv -t UTF-8")
    }

    static func checkText(_ text: String, file: String) throws {
        for (i, s) in text.unicodeScalars.enumerated() where s.value < 0x20 && s != "\n" && s != "\t" && s != "\r" && s != "\u{0C}" {
            throw KGError.input(file: file, message: String(format: "has control character U+%04X (character %d of its text)", s.value, i))
        }
    }

    // MARK: - JSONL

    static func jsonl(_ bytes: [UInt8], file: String, defaultDate: String?) throws -> [Document] {
        let body = stripBOM(bytes)
        var docs: [Document] = []
        var lineNo = 0
        var offset = bytes.count - body.count
        for raw in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            defer { offset += raw.count + 1 }
            let place = "\(file):\(lineNo)"
            var line = Array(raw)
            if line.last == 0x0D { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if line.count > maxFileBytes { throw KGError.input(file: place, message: "line is too long") }
            do { try validate(line, file: place, allowLongLines: true) } catch let KGError.input(_, m) {
                throw KGError.input(file: place, message: "line " + m.replacingOccurrences(of: "byte offset ", with: "byte offset \(offset)+"))
            }
            let object: Any
            do { object = try JSONSerialization.jsonObject(with: Data(line), options: []) } catch {
                throw KGError.input(file: place, message: "is not a JSON object (\(shortJSONError(error))); each line must be {\"id\":…, \"text\":… or \"html\":…}")
            }
            guard let dict = object as? [String: Any] else {
                throw KGError.input(file: place, message: "is not a JSON object; each line must be {\"id\":…, \"text\":… or \"html\":…}")
            }
            func string(_ key: String) throws -> String? {
                guard let v = dict[key], !(v is NSNull) else { return nil }
                if let s = v as? String { return s }
                if key == "id", !(v is Bool), let n = v as? Int { return String(n) }
                throw KGError.input(file: place, message: "\"\(key)\" must be a string")
            }
            guard let id = try string("id"), !id.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw KGError.input(file: place, message: "has no \"id\"; each line needs a non-empty id")
            }
            let title = try string("title")
            var date = try string("date")
            if let d = date {
                guard let parsed = DateResolver.parseISO(d) else {
                    throw KGError.input(file: place, message: "\"date\" '\(d)' is not a date; use YYYY-MM-DD (or a full ISO 8601 timestamp)")
                }
                date = parsed
            }
            let url = try string("url")
            let text: String
            var pageTitle: String? = nil
            if let t = try string("text") {
                text = t
            } else if let h = try string("html") {
                (pageTitle, text) = try HTMLText.extract(Array(h.utf8), file: place)
            } else {
                throw KGError.input(file: place, message: "has neither \"text\" nor \"html\"")
            }
            try checkText(text, file: place)
            docs.append(Document(id: id, text: text, title: title ?? pageTitle, date: date ?? defaultDate ?? DateResolver.dateline(in: text), url: url, origin: place))
        }
        return docs
    }

    static func shortJSONError(_ error: Error) -> String {
        let ns = error as NSError
        if let d = ns.userInfo[NSDebugDescriptionErrorKey] as? String { return d }
        return "malformed JSON"
    }
}
