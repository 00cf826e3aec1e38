#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KGCore

/// A buffered byte sink: where every writer puts its bytes.
///
/// The destination is a file (written atomically, see `OutputSink.write(to:_:)`), standard output, or
/// memory. Appends never throw: the first I/O error is kept and later appends are dropped; `finish()`
/// and `checkError()` throw it as `KGError.output` naming the file.
public final class OutputSink {
    enum Destination {
        case descriptor(Int32)
        case memory
    }

    /// The name errors use: the path, or `<stdout>`.
    public let name: String
    private let destination: Destination
    private var buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private var failure: KGError?
    /// Bytes produced so far (for in-memory sinks: the whole output).
    private(set) var memory: [UInt8] = []
    /// Total bytes appended.
    public private(set) var bytesWritten = 0

    init(name: String, destination: Destination, capacity: Int = 1 << 18) {
        self.name = name
        self.destination = destination
        self.capacity = capacity
        self.buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    /// An in-memory sink (tests, `Formats.serialize`).
    static func inMemory() -> OutputSink { OutputSink(name: "<memory>", destination: .memory) }

    // MARK: Appending

    /// Appends raw bytes.
    @inline(__always)
    public func write(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return }
        bytesWritten &+= n
        if count + n <= capacity {
            (buffer + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: n)
            count &+= n
            return
        }
        drain()
        if n >= capacity {
            emit(UnsafeRawBufferPointer(start: base, count: n))
        } else {
            buffer.update(from: base.assumingMemoryBound(to: UInt8.self), count: n)
            count = n
        }
    }

    /// Appends a string's UTF-8 bytes as they are (callers escape first).
    @inline(__always)
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a literal.
    @inline(__always)
    func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends one byte.
    @inline(__always)
    func write(byte: UInt8) {
        if count == capacity { drain() }
        buffer[count] = byte
        count &+= 1
        bytesWritten &+= 1
    }

    /// Appends bytes held in an array.
    @inline(__always)
    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    // MARK: Flushing

    /// Throws the first I/O error seen, if any.
    public func checkError() throws {
        if let failure { throw failure }
    }

    /// Records an error (the first one wins); later appends are dropped.
    func fail(_ message: String) {
        if failure == nil { failure = .output(file: name, message: message) }
    }

    /// Hands buffered bytes to the destination.
    public func flush() throws {
        drain()
        try checkError()
    }

    private func drain() {
        guard count > 0 else { return }
        emit(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        switch destination {
        case .memory:
            memory.append(contentsOf: bytes)
        case .descriptor(let fd):
            var offset = 0
            while offset < bytes.count {
                let r = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if r < 0 {
                    if errno == EINTR { continue }
                    fail("cannot write (\(String(cString: strerror(errno)))); check free disk space and permissions")
                    return
                }
                offset += r
            }
        }
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #elseif canImport(Musl)
    return Musl.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}

extension OutputSink {
    /// Runs `body` with a sink that writes to `path`, or to standard output when `path` is nil or `-`.
    ///
    /// A regular file is written atomically: the bytes go to a hidden temporary file in the same
    /// directory, which replaces `path` only when `body` and every write succeeded; on any failure the
    /// temporary file is removed and `path` is left as it was, so no partial file is ever left behind.
    /// Paths that exist and are not regular files (`/dev/null`, a FIFO) are written in place.
    /// - Throws: `KGError.output` naming the file, or whatever `body` throws.
    public static func write(to path: String?, _ body: (OutputSink) throws -> Void) throws {
        guard let path, path != "-" else {
            let sink = OutputSink(name: "<stdout>", destination: .descriptor(STDOUT_FILENO))
            try body(sink)
            try sink.flush()
            return
        }
        guard !path.isEmpty else { throw KGError.output(file: path, message: "the output path is empty; pass -o FILE") }

        var info = stat()
        let exists = stat(path, &info) == 0
        if exists && (info.st_mode & S_IFMT) == S_IFDIR {
            throw KGError.output(file: path, message: "is a directory; pass a file name such as \(path)/graph.graphml")
        }
        if exists && (info.st_mode & S_IFMT) != S_IFREG {
            // A device or a pipe: there is nothing to replace atomically.
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw KGError.output(file: path, message: "cannot open it for writing (\(String(cString: strerror(errno))))") }
            defer { close(fd) }
            let sink = OutputSink(name: path, destination: .descriptor(fd))
            try body(sink)
            try sink.flush()
            return
        }

        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let base = url.lastPathComponent
        var temporary = ""
        var fd: Int32 = -1
        for attempt in 0..<100 {
            temporary = directory + "/." + base + ".kg-\(getpid())-\(attempt).tmp"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw KGError.output(file: path, message: "cannot create a file in \(directory) (\(reason)); check that the directory exists and is writable")
        }
        var committed = false
        defer {
            if !committed {
                close(fd)
                unlink(temporary)
            }
        }
        let sink = OutputSink(name: path, destination: .descriptor(fd))
        try body(sink)
        try sink.flush()
        committed = true
        if close(fd) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw KGError.output(file: path, message: "cannot finish writing (\(reason)); check free disk space")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw KGError.output(file: path, message: "cannot replace it (\(reason)); check permissions")
        }
    }

    /// Runs `body` with an in-memory sink and returns the bytes it wrote.
    static func bytes(_ body: (OutputSink) throws -> Void) throws -> [UInt8] {
        let sink = OutputSink.inMemory()
        try body(sink)
        try sink.flush()
        return sink.memory
    }
}
