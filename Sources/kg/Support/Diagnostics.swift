import Foundation
import KGCore

/// Prints what kg recovered from (warnings, notes) on standard error, after the work is done.
enum Diagnostics {
    static func print(_ diagnostics: [Diagnostic]) {
        for d in diagnostics {
            FileHandle.standardError.write(Data("kg: \(d)\n".utf8))
        }
    }
}
