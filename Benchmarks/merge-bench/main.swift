// merge-bench: how `kg merge` scales. Extracts one graph per BBC News article (../shared/corpus/bbc,
// round-robin over its sections), writes each as GraphML into a cache folder, then for each size N reads
// the first N graphs back and merges them, reporting read time, merge time, time per input node and the
// peak memory of the merge (Linux VmHWM, reset before each merge through /proc/self/clear_refs).
//
//   swift build -c release --scratch-path .build-merge --product merge-bench
//   .build-merge/release/merge-bench [--corpus DIR] [--sizes 10,100,1000] [--cache DIR]
//   .build-merge/release/merge-bench --read big.graphml big.rdf     (reader throughput)
//
// It needs ../shared/corpus/bbc (or --corpus) and says so plainly when it is absent.
import Foundation
import KGCore
import KGExtraction
import KGFormats
import KGMerge
import KGOntology

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("merge-bench: \(message)\n".utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
// `--read FILE...`: time kg's readers on big files (streaming through xmlTextReader) and stop.
if let i = arguments.firstIndex(of: "--read") {
    let ontology: Ontology
    do { ontology = try Ontology.load(from: BundledOntology.directory) } catch { fail("\(error)") }
    for path in arguments[(i + 1)...] {
        var usage = rusage()
        let t = Date()
        do {
            let g = try Formats.read(path: path, ontology: ontology)
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0) / 1_048_576
            print(String(format: "%@: %.1f MiB, %d nodes, %d edges, %.2f s, peak RSS %.0f MiB", path, size, g.nodeCount, g.edgeCount,
                         Date().timeIntervalSince(t), Double(usage.ru_maxrss) / 1024))
        } catch { fail("\(error)") }
    }
    exit(0)
}
let corpusCandidates = [option("--corpus"), "../shared/corpus/bbc", "/work/shared/corpus/bbc"].compactMap { $0 }
guard let corpus = corpusCandidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
    print("merge-bench: the BBC corpus is absent (looked in \(corpusCandidates.joined(separator: ", "))); nothing measured.")
    exit(0)
}
let sizes = (option("--sizes") ?? "10,100,1000").split(separator: ",").compactMap { Int($0) }
let cache = URL(fileURLWithPath: option("--cache") ?? NSTemporaryDirectory() + "kg-merge-bench-cache", isDirectory: true)

// Articles, round-robin over the sections so that every size mixes them.
let fm = FileManager.default
let sections = ((try? fm.contentsOfDirectory(atPath: corpus)) ?? []).sorted().filter {
    var d: ObjCBool = false
    return fm.fileExists(atPath: corpus + "/" + $0, isDirectory: &d) && d.boolValue
}
var perSection = sections.map { s in
    ((try? fm.contentsOfDirectory(atPath: corpus + "/" + s)) ?? []).filter { $0.hasSuffix(".txt") }.sorted().map { (s, $0) }
}
var articles: [(section: String, file: String)] = []
while perSection.contains(where: { !$0.isEmpty }) {
    for i in perSection.indices where !perSection[i].isEmpty { articles.append(perSection[i].removeFirst()) }
}
let needed = min(sizes.max() ?? 0, articles.count)
guard needed > 0 else { fail("no .txt articles under \(corpus)") }

// One graph per article, cached as GraphML.
let ontology: Ontology
do { ontology = try Ontology.load(from: BundledOntology.directory) } catch { fail("\(error)") }
try? fm.createDirectory(at: cache, withIntermediateDirectories: true)
var extractor: Extractor?
var paths: [String] = []
let extractStart = Date()
var extracted = 0
for (section, file) in articles.prefix(needed) {
    let id = section + "-" + file.replacingOccurrences(of: ".txt", with: "")
    let path = cache.appendingPathComponent(id + ".graphml").path
    paths.append(path)
    if fm.fileExists(atPath: path) { continue }
    if extractor == nil {
        do { extractor = try Extractor(lexiconDirectory: BundledOntology.directory, ontology: ontology) } catch { fail("\(error)") }
    }
    guard let data = fm.contents(atPath: corpus + "/" + section + "/" + file) else { fail("cannot read \(section)/\(file)") }
    let text = String(decoding: data, as: UTF8.self)
    let graph = extractor!.extract(Document(id: id, text: text, origin: section + "/" + file))
    do { try Formats.write(graph, ontology: ontology, format: Formats.graphML, to: path) } catch { fail("\(error)") }
    extracted += 1
}
if extracted > 0 {
    print(String(format: "extracted %d articles into %@ in %.1f s (cached for the next run)", extracted, cache.path, Date().timeIntervalSince(extractStart)))
}

var rules: MergeRules
do { rules = try MergeRules.load(from: BundledOntology.directory) } catch { fail("\(error)") }

/// Peak resident memory since the last reset, in KiB (Linux), or nil.
func peakKiB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
    return nil
}
func currentKiB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
    return nil
}
/// User plus system CPU time of the process, in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

print("corpus: \(corpus) (\(articles.count) articles; sections \(sections.joined(separator: ", ")))")
print("(read and merge: wall seconds, CPU seconds in brackets; the machine is shared, CPU time is the steadier measure)")
print("graphs   in nodes  in edges  out nodes  out edges   read s (cpu)     merge s (cpu)   cpu us/in-node  RSS before  merge peak  clusters")
var rows: [[String: Double]] = []
for n in sizes where n <= articles.count {
    let readStart = Date(), readCPU = cpuSeconds()
    var graphs: [KnowledgeGraph] = []
    do { graphs = try paths.prefix(n).map { try Formats.read(path: $0, ontology: ontology) } } catch { fail("\(error)") }
    let readSeconds = Date().timeIntervalSince(readStart), readCPUSeconds = cpuSeconds() - readCPU
    let before = currentKiB() ?? 0
    resetPeak()
    var best = Double.infinity, bestCPU = Double.infinity
    var result: (KnowledgeGraph, MergeReport)?
    for _ in 0..<(n >= 1000 ? 1 : 3) {
        let t = Date(), c = cpuSeconds()
        result = merge(graphs, rules: rules)
        best = min(best, Date().timeIntervalSince(t))
        bestCPU = min(bestCPU, cpuSeconds() - c)
    }
    let peak = peakKiB() ?? 0
    let (merged, report) = result!
    let inNodes = graphs.reduce(0) { $0 + $1.nodeCount }, inEdges = graphs.reduce(0) { $0 + $1.edgeCount }
    print(String(format: "%6d  %9d  %8d  %9d  %9d  %6.3f (%6.3f)  %6.3f (%6.3f)  %14.1f  %6.1f MiB  %6.1f MiB  %8d",
                 n, inNodes, inEdges, merged.nodeCount, merged.edgeCount, readSeconds, readCPUSeconds, best, bestCPU, bestCPU * 1e6 / Double(max(inNodes, 1)),
                 Double(before) / 1024, Double(peak) / 1024, report.clusters.count))
    rows.append(["graphs": Double(n), "inputNodes": Double(inNodes), "mergeSeconds": bestCPU, "peakMiB": Double(peak) / 1024])
}
if rows.count >= 2, let first = rows.first, let last = rows.last {
    let perNodeGrowth = (last["mergeSeconds"]! / last["inputNodes"]!) / (first["mergeSeconds"]! / first["inputNodes"]!)
    print(String(format: "CPU time per input node grew %.2fx from %d to %d graphs (1.0x is linear)", perNodeGrowth, Int(first["graphs"]!), Int(last["graphs"]!)))
}
if let largest = sizes.max(), largest > articles.count {
    print("note: \(largest) graphs asked for, the corpus has \(articles.count) articles")
}
