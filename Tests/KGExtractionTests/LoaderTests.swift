import Foundation
import Testing
import KGCore
@testable import KGExtraction

@Suite("DocumentLoader")
struct LoaderTests {
    @Test("a folder is read recursively, sorted, with clashing ids made distinct by the parent folder")
    func folder() throws {
        let (docs, notes) = try DocumentLoader.load(paths: [Fixture.path("corpus")])
        #expect(docs.map(\.id) == ["a/001", "b/001", "page"])
        #expect(notes.isEmpty)
        // the byte order mark is dropped
        #expect(docs[0].text.hasPrefix("Mayor Jane"))
    }

    @Test("HTML: title and body kept; scripts, styles, navigation, header, footer and share boxes dropped")
    func html() throws {
        let (docs, _) = try DocumentLoader.load(paths: [Fixture.path("corpus/b/page.html")])
        let d = try #require(docs.first)
        #expect(d.id == "page")
        #expect(d.title == "Harbour festival opens")
        #expect(d.text == "Harbour festival opens\n\nThe mayor of Lisbon, Ana Ribeiro, welcomed visitors on Friday.\n\nFireworks & music followed.")
    }

    @Test("HTML: an article's own header (its headline) is kept, the page's header and footer are not")
    func articleHeader() throws {
        let (docs, _) = try DocumentLoader.load(paths: [Fixture.path("article.html")])
        let d = try #require(docs.first)
        #expect(d.title == "Bridge opens | Example News")
        #expect(d.text == "Bridge opens\n\nBy A. Writer\n\nMayor Jane Okafor opened the bridge.")
    }

    @Test("JSONL: one article a line, text or html, date and title kept")
    func jsonl() throws {
        let (docs, _) = try DocumentLoader.load(paths: [Fixture.path("batch.jsonl")])
        #expect(docs.map(\.id) == ["wire-1", "wire-2"])
        #expect(docs[0].date == "2024-03-05")
        #expect(docs[0].title == "Talks to resume")
        #expect(docs[0].text.hasPrefix("Prime Minister"))
        #expect(docs[1].text == "The Nordic Shipping Council announced plans to build a research station.")
        #expect(docs[1].url == "https://example.org/2")
    }

    @Test("a bad JSONL line is an error naming file:line")
    func badJSONL() throws {
        #expect { try DocumentLoader.load(paths: [Fixture.path("bad.jsonl")]) } throws: { error in
            guard case KGError.input(let file, _) = error else { return false }
            return file.hasSuffix("bad.jsonl:2")
        }
    }

    @Test("invalid UTF-8, NUL bytes and control characters are errors naming the file and byte offset",
          arguments: [([0x41, 0x42, 0xC3, 0x28] as [UInt8], "byte offset 2"), ([0x41, 0x00, 0x42], "NUL byte at byte offset 1"),
                      ([0x41, 0x1B, 0x42], "byte offset 1"), ([0xFF, 0xFE, 0x41, 0x00], "UTF-16")])
    func hostile(bytes: [UInt8], expected: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kg-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.txt")
        try Data(bytes).write(to: file)
        #expect { try DocumentLoader.load(paths: [file.path]) } throws: { error in
            guard case KGError.input(let f, let message) = error else { return false }
            return f == file.path && message.contains(expected)
        }
    }

    @Test("Latin-1 text: an error by default, an announced Windows-1252 reading on request")
    func latin1() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kg-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pounds.txt")
        try Data([0x43, 0x6F, 0x73, 0x74, 0x20, 0xA3, 0x35, 0x20, 0x93, 0x6F, 0x6B, 0x94]).write(to: file)
        #expect(throws: KGError.self) { try DocumentLoader.load(paths: [file.path]) }
        let (docs, notes) = try DocumentLoader.load(paths: [file.path], latin1Fallback: true)
        #expect(docs.first?.text == "Cost £5 “ok”")
        #expect(notes.count == 1 && notes[0].description.contains("byte offset 5"))
    }

    @Test("a line over the limit is an error")
    func longLine() throws {
        let bytes = [UInt8](repeating: 0x61, count: DocumentLoader.maxLineBytes + 10)
        #expect(throws: KGError.self) { try DocumentLoader.decode(bytes, file: "x.txt") }
    }

    @Test("a missing file and a bad --date are errors")
    func missing() {
        #expect(throws: KGError.self) { try DocumentLoader.load(paths: ["/nonexistent/x.txt"]) }
        #expect(throws: KGError.self) { try DocumentLoader.load(paths: [Fixture.path("batch.jsonl")], defaultDate: "yesterday") }
    }

    @Test("ids stay unique when a JSONL id repeats a file's id")
    func clash() throws {
        let (docs, notes) = try DocumentLoader.load(paths: [Fixture.path("batch.jsonl"), Fixture.path("batch.jsonl")])
        // the same file named twice is read once
        #expect(docs.count == 2)
        #expect(notes.isEmpty)
    }
}
