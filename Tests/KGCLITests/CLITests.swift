import Foundation
import Testing
import KGTestSupport

/// The `kg` command as a user meets it: exit codes, one-line errors, atomic output, determinism,
/// provenance, and the committed example exports.
@Suite(.serialized) struct CLITests {
    let root = TestSupport.packageRoot
    var examples: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Examples").path))?
            .filter { $0.hasSuffix(".txt") }.sorted().map { "Examples/" + $0 } ?? []
    }

    @Test func formatsListsEveryFormat() throws {
        let r = try CLI.run(["formats"])
        #expect(r.status == 0)
        for name in ["graphml", "rdfxml", "dot", "jsonl"] { #expect(r.out.contains(name)) }
    }

    @Test func helpShowsExamples() throws {
        let r = try CLI.run(["extract", "--help"])
        #expect(r.status == 0)
        #expect(r.out.contains("kg extract"))
        #expect(r.out.contains("-o"))
    }

    /// `Exports/` holds what the code writes today; regenerate with `bash Scripts/regenerate-exports`.
    @Test(arguments: ["graphml", "rdf", "dot", "jsonl"])
    func committedExportsMatchWhatTheCodeWrites(ext: String) throws {
        #expect(examples.count == 2)
        let tmp = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("examples.\(ext)").path
        let r = try CLI.run(["extract"] + examples + ["-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try Data(contentsOf: URL(fileURLWithPath: out))
        let committed = try Data(contentsOf: root.appendingPathComponent("Exports/examples.\(ext)"))
        #expect(written == committed, "Exports/examples.\(ext) drifted from what kg writes: run `bash Scripts/regenerate-exports`")
    }

    @Test(arguments: ["graphml", "rdf", "dot", "jsonl"])
    func sameInputGivesByteIdenticalOutput(ext: String) throws {
        let tmp = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let a = try CLI.run(["extract"] + examples + ["--format", ext == "rdf" ? "rdfxml" : ext])
        // Reversed input order: the graph must not depend on it.
        let b = try CLI.run(["extract"] + examples.reversed() + ["--format", ext == "rdf" ? "rdfxml" : ext])
        #expect(a.status == 0 && b.status == 0)
        #expect(!a.stdout.isEmpty)
        #expect(a.stdout == b.stdout)
    }

    /// Monday's batch, then Tuesday's added with --into, gives the graph of both extracted together, and so
    /// does `kg merge` of the two separate extractions.
    @Test func addingABatchEqualsExtractingBothAndEqualsMerging() throws {
        let tmp = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let (a, b) = (examples[0], examples[1])
        let steps: [[String]] = [
            ["extract", a, "-o", tmp.appendingPathComponent("a.graphml").path],
            ["extract", b, "-o", tmp.appendingPathComponent("b.graphml").path],
            ["extract", b, "--into", tmp.appendingPathComponent("a.graphml").path, "-o", tmp.appendingPathComponent("into.graphml").path],
            ["extract", a, b, "-o", tmp.appendingPathComponent("both.graphml").path],
            ["merge", tmp.appendingPathComponent("b.graphml").path, tmp.appendingPathComponent("a.graphml").path, "-o", tmp.appendingPathComponent("merged.graphml").path],
        ]
        for args in steps {
            let r = try CLI.run(args)
            #expect(r.status == 0, "kg \(args.joined(separator: " ")): \(r.stderr)")
        }
        let both = try Data(contentsOf: tmp.appendingPathComponent("both.graphml"))
        #expect(try Data(contentsOf: tmp.appendingPathComponent("into.graphml")) == both)
        #expect(try Data(contentsOf: tmp.appendingPathComponent("merged.graphml")) == both)
    }

    @Test func standardInputIsADocument() throws {
        let r = try CLI.run(["extract", "--format", "jsonl"], stdin: Data("President Emmanuel Macron praised the firefighters of Paris on Monday.\n".utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.contains("\"kind\":\"node\""))
    }

    @Test func sameFileNameInTwoFoldersGivesTwoDocuments() throws {
        let tmp = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        for folder in ["a", "b"] {
            try FileManager.default.createDirectory(at: tmp.appendingPathComponent(folder), withIntermediateDirectories: true)
            try Data("Chancellor Olaf Scholz visited Paris.\n".utf8).write(to: tmp.appendingPathComponent("\(folder)/001.txt"))
        }
        let r = try CLI.run(["extract", "a/001.txt", "b/001.txt", "--format", "jsonl"], in: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        let docs = Set(r.out.split(separator: "\n").compactMap { line -> String? in
            guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], obj["kind"] as? String == "mention" else { return nil }
            return obj["doc"] as? String
        })
        #expect(docs.count == 2, "documents: \(docs)")
    }

    @Test func linkedFilesInAFolderAreRead() throws {
        let tmp = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("in"), withIntermediateDirectories: true)
        try Data("Chancellor Olaf Scholz visited Paris.\n".utf8).write(to: tmp.appendingPathComponent("real.txt"))
        try FileManager.default.createSymbolicLink(atPath: tmp.appendingPathComponent("in/linked.txt").path, withDestinationPath: tmp.appendingPathComponent("real.txt").path)
        let r = try CLI.run(["extract", "in", "--format", "jsonl"], in: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.contains("\"doc\":\"linked\""), "\(r.out)")
    }

    /// Hostile inputs: a one-line error naming the file, a non-zero exit, and no output file.
    @Test(arguments: [
        ("binary.txt", Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x02, 0xFF, 0xFE])),
        ("latin1.txt", Data("Caf".utf8) + Data([0xE9]) + Data(" au lait\n".utf8)),
        ("nul.txt", Data("text\u{0}more\n".utf8)),
        ("broken.jsonl", Data("{\"id\": \"x\", \"text\": \"fine\"}\n{\"id\": \"y\", \"text\": \n".utf8)),
    ])
    func hostileInputFailsCleanly(name: String, bytes: Data) throws {
        let tmp = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try bytes.write(to: tmp.appendingPathComponent(name))
        let r = try CLI.run(["extract", name, "-o", "out.graphml"], in: tmp)
        #expect(r.status != 0)
        #expect(r.stderr.contains(name), "error should name the file: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count <= 2, "one-line error: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("out.graphml").path))
        #expect((try FileManager.default.contentsOfDirectory(atPath: tmp.path)) == [name], "no temporary file left behind")
    }

    @Test func missingInputNamesTheFile() throws {
        let r = try CLI.run(["extract", "no-such-file.txt", "-o", "/tmp/kg-never-written.graphml"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no-such-file.txt"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/kg-never-written.graphml"))
    }

    @Test func unknownOutputExtensionIsAUsageError() throws {
        let r = try CLI.run(["extract"] + examples + ["-o", "/tmp/kg-out.xyz"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--format"))
    }

    /// Malicious XML given to a reading command: refused with file, line and column; nothing written.
    @Test(arguments: [
        ("bomb.graphml", """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="&lol3;"/></graph></graphml>
        """),
        ("xxe.graphml", """
        <?xml version="1.0"?>
        <!DOCTYPE g [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="n0"><data key="d0">&xxe;</data></node></graph></graphml>
        """),
        ("truncated.graphml", "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"><graph edgedefault=\"directed\"><node id=\"n0\">"),
    ])
    func maliciousXMLIsRefused(name: String, text: String) throws {
        let tmp = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try Data(text.utf8).write(to: tmp.appendingPathComponent(name))
        let r = try CLI.run(["convert", name, "-o", "out.rdf"], in: tmp)
        #expect(r.status != 0)
        #expect(r.stderr.contains(name), "\(r.stderr)")
        #expect(!r.stderr.contains("root:"), "external entity must not be expanded")
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("out.rdf").path))
    }
}
