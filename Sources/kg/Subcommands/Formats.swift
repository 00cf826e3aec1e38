import ArgumentParser
import KGFormats

/// `kg formats`: lists the formats kg reads and writes.
struct Formats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the graph formats kg reads and writes.")

    func run() throws {
        for f in KGFormats.Formats.all {
            let modes = [f.canRead ? "read" : nil, f.canWrite ? "write" : nil].compactMap { $0 }.joined(separator: "+")
            print("\(f.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(modes.padding(toLength: 11, withPad: " ", startingAt: 0)) .\(f.extensions.joined(separator: " ."))  \(f.summary)")
        }
    }
}
