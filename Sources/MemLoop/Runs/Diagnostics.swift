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
        line.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// The output folder, created and checked before any measuring starts, so that a
    /// long run cannot end on an unwritable folder (exit 6 otherwise).
    package static func outputFolder(_ path: String) throws(CommandFailure) -> URL {
        guard !path.isEmpty else { throw CommandFailure(.usage, "the output folder is empty; name a folder, e.g. --output Reports/latest") }
        let folder = URL(fileURLWithPath: path)
        do { try AtomicFile.prepareFolder(folder) } catch { throw CommandFailure(.outputFailed, "\(error)") }
        return folder
    }

    /// Renders a command's report files (name, contents) and writes them into its output
    /// folder, all or none; a file that cannot be rendered or written is exit 6.
    package static func write(_ files: [(String, () throws -> Data)], in folder: URL) throws(CommandFailure) {
        do { try AtomicFile.write(files.map { (folder.appendingPathComponent($0.0), try $0.1()) }) } catch {
            throw CommandFailure(.outputFailed, "\(error)")
        }
    }
}
