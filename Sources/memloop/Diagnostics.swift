import Foundation
import Reporting

/// Messages on stderr and documented exits.
enum Diagnostics {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static func exit(_ code: ExitStatus) -> Never {
        Foundation.exit(code.rawValue)
    }

    /// One clear message on stderr, then the documented exit status.
    static func fail(_ code: ExitStatus, _ message: String) -> Never {
        error(message)
        exit(code)
    }

    /// The output folder, created and checked before any measuring starts, so that a
    /// long run cannot end on an unwritable folder (exit 6 otherwise).
    static func outputFolder(_ path: String) -> URL {
        let folder = URL(fileURLWithPath: path)
        do { try AtomicFile.prepareFolder(folder) } catch { fail(.outputFailed, "\(error)") }
        return folder
    }
}
