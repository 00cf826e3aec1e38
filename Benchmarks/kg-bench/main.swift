// kg-bench: benchmarks for kg. `kg-bench writers --edges 100000` times kg's GraphML and RDF/XML writers on a
// synthetic graph shaped like ../shared/tools/gen_graph.py's, and prints the peers' numbers from
// ../shared/tools/peer_bench_results.json beside ours (it says so when ../shared is absent).
//
// Build in release mode: swift build -c release --scratch-path .build-writers --product kg-bench
import Foundation
import KGCore
import KGFormats
import KGOntology

// MARK: Synthetic graph (deterministic, no Python needed)

/// The same tricky fragments gen_graph.py uses: quotes, ampersands, markup, Cyrillic, Korean, emoji,
/// newlines, backslashes, tabs.
let tricky = [
    "He said \"hello\"", "O'Brien's note", "AT&T & Johnson & Johnson", "a < b && c > d", "&amp; literally",
    "]]> CDATA terminator", "Москва — Санкт-Петербург", "서울특별시 대한민국", "emoji 🎉🚀",
    "family 👩\u{200D}👩\u{200D}👧 ZWJ", "line one\nline two", "C:\\path\\to\\file", "tab\tseparated",
]

func trickyText(_ rng: inout SplitMix64, _ k: Int) -> String {
    (0..<k).map { _ in tricky[rng.below(tricky.count)] }.joined(separator: " | ")
}

/// nodes = edges / 4; node attributes type, label, description (string), rank (long), score (double),
/// active (boolean); edge predicate, note (string), weight (double); no (s, p, o) repeats.
/// With `evidence`, each edge also gets one evidence record (sentence, document, span, trigger, date).
func syntheticGraph(edges edgeCount: Int, seed: UInt64 = 42, evidence: Bool) -> KnowledgeGraph {
    let types: [EntityType] = [.person, .place, .organization, .event]
    let predicates: [KGCore.Predicate] = [.statement, .honors, .announcement]
    let nodeCount = max(2, edgeCount / 4)
    var rng = SplitMix64(seed: seed)
    var graph = KnowledgeGraph()
    for i in 0..<nodeCount {
        let t = i < types.count ? types[i] : types[rng.below(types.count)]
        graph.insert(Node(
            id: "n\(i)", type: t, label: "\(t.rawValue) \(i): \(trickyText(&rng, 2))",
            attributes: [
                "description": .string("Description of \(t.rawValue.lowercased()) #\(i)\n\(trickyText(&rng, 3))"),
                "rank": .int(rng.below(1_000_001_000) - 1000),
                "score": .double(((rng.unit() * 2 - 1) * 1e6).rounded() / 1e6),
                "active": .bool(rng.unit() < 0.5),
            ]))
    }
    var seen = Set<UInt64>()
    var e = 0
    while e < edgeCount {
        let u = rng.below(nodeCount), v = rng.below(nodeCount)
        if u == v { continue }
        let p = rng.below(predicates.count)
        let key = (UInt64(u) << 34) | (UInt64(v) << 2) | UInt64(p)
        if !seen.insert(key).inserted { continue }
        let weight = (rng.unit() * 10 * 1e4).rounded() / 1e4
        var support: [Evidence] = []
        if evidence {
            let doc = "doc\(rng.below(1000))"
            let start = rng.below(5000)
            support = [Evidence(document: doc, sentence: "Sentence \(e): \(trickyText(&rng, 2))", span: TextSpan(start: start, end: start + 80),
                                trigger: "said", date: "2024-12-\(10 + rng.below(18))")]
        }
        graph.insert(Edge(id: "e\(e)", subject: "n\(u)", predicate: predicates[p], object: "n\(v)", confidence: weight / 10,
                          evidence: support, attributes: ["note": .string(trickyText(&rng, 1)), "weight": .double(weight)]))
        e += 1
    }
    return graph
}

// MARK: Measuring

/// Peak resident memory of this process (VmHWM), in MB.
func peakRSSMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) } ?? .nan
        return kb / 1024
    }
    return .nan
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0), so the next reading is the peak of what follows.
func resetPeakRSS() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

/// User + system CPU seconds of this process.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

struct PeerTable {
    let results: [String: Any]
    let path: String

    static func load(_ explicit: String?) -> PeerTable? {
        let candidates = explicit.map { [$0] } ?? [
            "../shared/tools/peer_bench_results.json",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/tools/peer_bench_results.json").standardized.path,
        ]
        for path in candidates {
            if let data = FileManager.default.contents(atPath: path),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let results = object["results"] as? [String: Any] {
                return PeerTable(results: results, path: path)
            }
        }
        return nil
    }

    func median(_ peer: String, edges: Int) -> (seconds: Double, mb: Double, rss: Double)? {
        guard let row = results["\(peer)@\(edges)"] as? [String: Any], row["status"] as? String == "ok",
              let s = row["median_s"] as? Double else { return nil }
        return (s, row["output_mb"] as? Double ?? .nan, row["peak_rss_mb"] as? Double ?? .nan)
    }
}

func writersBenchmark(_ args: [String]) throws {
    func option(_ name: String) -> String? {
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }
    let edges = Int(option("--edges") ?? "100000") ?? 100_000
    let repeats = max(1, Int(option("--repeat") ?? "3") ?? 3)
    let outDir = option("--out") ?? NSTemporaryDirectory() + "kg-bench-\(getpid())"
    let keep = args.contains("--keep")
    let evidence = args.contains("--evidence")
    if let threads = option("--threads").flatMap(Int.init) { Formats.writerThreads = threads }
    let formats = (option("--formats") ?? "graphml,rdfxml").split(separator: ",").compactMap { Formats.named(String($0)) }
    try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
    let ontology = try Ontology.load(from: BundledOntology.directory)

    let t0 = now()
    let graph = syntheticGraph(edges: edges, evidence: evidence)
    let buildSeconds = now() - t0
    let graphRSS = peakRSSMB()
    print("kg-bench writers: \(graph.nodeCount) nodes, \(graph.edgeCount) edges\(evidence ? " (one evidence per edge)" : "") built in \(String(format: "%.2f", buildSeconds)) s; peak RSS with the graph \(String(format: "%.0f", graphRSS)) MB (\(String(format: "%.0f", graphRSS * 1_048_576 / Double(edges))) B/edge)")
    print("median of \(repeats) runs, \(Formats.writerThreads == Int.max ? "all \(ProcessInfo.processInfo.activeProcessorCount) cores" : "\(Formats.writerThreads) thread(s)"), output to \(outDir); load average now \((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?")")

    let peers = PeerTable.load(option("--peers"))
    if let peers { print("peers: \(peers.path)") } else {
        print("peers: ../shared/tools/peer_bench_results.json is absent (no ../shared here), so no peer numbers are shown")
    }
    let peerNames = ["graphml": ["ig_write_graphml", "nx_write_graphml"], "rdfxml": ["ox_serialize", "rdflib_serialize"], "dot": ["nx_write_dot"], "jsonl": []]

    print("")
    print("format   seconds  CPU s      MB     MB/s  writer peak RSS MB  extra B/edge | peer               seconds  ratio(ours/peer)  peer MB")
    for format in formats {
        let path = outDir + "/bench.\(format.extensions[0])"
        var times: [Double] = []
        var cpu: [Double] = []
        var peak = 0.0
        var size = 0.0
        for _ in 0..<repeats {
            let before = peakRSSMB()
            resetPeakRSS()
            let base = peakRSSMB()
            let start = now(), startCPU = cpuSeconds()
            try Formats.write(graph, ontology: ontology, format: format, to: path)
            times.append(now() - start)
            cpu.append(cpuSeconds() - startCPU)
            peak = max(peak, peakRSSMB() - base)
            _ = before
            size = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0) / 1e6
        }
        times.sort()
        cpu.sort()
        let median = times[times.count / 2]
        let medianCPU = cpu[cpu.count / 2]
        var line = "\(format.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%7.3f", median)) \(String(format: "%7.3f", medianCPU)) \(String(format: "%7.1f", size)) \(String(format: "%8.1f", size / median))  \(String(format: "%18.1f", peak))  \(String(format: "%12.0f", peak * 1_048_576 / Double(edges)))"
        var first = true
        for peer in peerNames[format.name] ?? [] {
            let cell: String
            if let p = peers?.median(peer, edges: edges) {
                cell = "\(peer.padding(toLength: 18, withPad: " ", startingAt: 0)) \(String(format: "%7.3f", p.seconds))  \(String(format: "%16.2f", median / p.seconds))  \(String(format: "%7.1f", p.mb))"
            } else {
                cell = "\(peer.padding(toLength: 18, withPad: " ", startingAt: 0)) " + (peers == nil ? "(no ../shared)" : "(not measured at \(edges) edges)")
            }
            line += (first ? " | " : "\n" + String(repeating: " ", count: 85) + " | ") + cell
            first = false
        }
        print(line)
    }
    if !keep { try? FileManager.default.removeItem(atPath: outDir) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "writers":
    do { try writersBenchmark(Array(arguments.dropFirst())) } catch {
        FileHandle.standardError.write(Data("kg-bench: \(error)\n".utf8))
        exit(1)
    }
default:
    print("""
    usage: kg-bench writers [--edges N] [--repeat R] [--threads T] [--formats graphml,rdfxml,dot,jsonl] [--evidence] [--out DIR] [--keep] [--peers FILE]
      Times kg's writers on a synthetic graph shaped like ../shared/tools/gen_graph.py's (nodes = edges/4)
      and prints the peers' medians from ../shared/tools/peer_bench_results.json beside ours.
      Build first: swift build -c release --scratch-path .build-writers --product kg-bench
    """)
}
