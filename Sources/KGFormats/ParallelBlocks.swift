import Foundation
import KGCore

/// Serializes a long run of records (nodes, edges) on every core, in blocks, and appends the blocks to
/// the sink in order: the output is the same bytes as one writer would produce, whatever the block size
/// or the number of cores (a test checks this).
///
/// Each block is written by its own `XMLWriter` (its own libxml2 `xmlTextWriter`) into memory; a wave of
/// blocks runs at once, then is appended to the sink, so memory stays bounded (a few blocks per core).
enum ParallelBlocks {
    /// Records per block; tests set it small to check that block boundaries do not change the output.
    nonisolated(unsafe) static var recordsPerBlock = 8192
    /// The most threads to use (default: every core); the benchmark sets 1 to measure one core.
    nonisolated(unsafe) static var maxThreads = Int.max

    /// Calls `body(range, sink)` for consecutive ranges covering `0..<count` and appends what each call
    /// wrote to `sink`, in order. `weight` is how many records one index stands for (an RDF node with its
    /// edges), to keep blocks of similar size.
    /// - Throws: the first error any block throws (in block order), or the sink's error.
    static func write(count: Int, weight: Int = 1, to sink: OutputSink, _ body: @escaping @Sendable (Range<Int>, OutputSink) throws -> Void) throws {
        guard count > 0 else { return }
        let size = max(1, recordsPerBlock / max(1, weight))
        let blocks = (count + size - 1) / size
        let cores = max(1, min(maxThreads, ProcessInfo.processInfo.activeProcessorCount))
        if blocks == 1 || cores == 1 {
            // One block or one core: straight into the sink, no copies.
            for b in 0..<blocks { try body(b * size..<min(count, (b + 1) * size), sink) }
            return
        }
        let wave = cores * 2
        var first = 0
        while first < blocks {
            let n = min(wave, blocks - first)
            let results = BlockResults(count: n)
            let start = first
            DispatchQueue.concurrentPerform(iterations: n) { i in
                let b = start + i
                let memory = OutputSink.inMemory()
                do {
                    try body(b * size..<min(count, (b + 1) * size), memory)
                    try memory.flush()
                    results.set(i, .success(memory.memory))
                } catch {
                    results.set(i, .failure(error))
                }
            }
            for i in 0..<n {
                switch results.get(i) {
                case .success(let bytes): sink.write(bytes)
                case .failure(let error):
                    // Errors name the real output, not the in-memory block.
                    if case KGError.output(_, let message) = error { throw KGError.output(file: sink.name, message: message) }
                    throw error
                }
            }
            try sink.checkError()
            first += n
        }
    }
}

/// One slot per block, each written by exactly one thread.
private final class BlockResults: @unchecked Sendable {
    private var slots: [Result<[UInt8], Error>]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: .success([]), count: count) }
    func set(_ i: Int, _ r: Result<[UInt8], Error>) { lock.lock(); slots[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<[UInt8], Error> { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
