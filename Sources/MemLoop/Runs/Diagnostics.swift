import Foundation
import Model
import Reports

#if canImport(Glibc)
import Glibc
#endif

/// Messages on stderr.
package enum Diagnostics {
    package static func error(_ message: String) { note("error: \(message)") }

    /// One line on stderr with `write(2)`: a closed or full stderr loses the line but
    /// never the exit status (FileHandle would trap on EBADF/ENOSPC).
    package static func note(_ message: String) {
        let line = Array("\(message)\n".utf8)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }

    /// The output folder, created and checked before any measuring starts, so that a
    /// long run cannot end on an unwritable folder (exit 6 otherwise).
    package static func outputFolder(_ path: String) throws(CommandFailure) -> URL {
        guard !path.isEmpty else { throw CommandFailure(.usage, "the output folder is empty; name a folder, e.g. --output Reports/latest") }
        let folder = URL(fileURLWithPath: path)
        do { try AtomicFile.prepareFolder(folder) } catch { throw CommandFailure(.outputFailed, "\(error)") }
        return folder
    }
}
