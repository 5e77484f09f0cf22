import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads an input file — a samples CSV, a baseline, a scenarios file — only when it is a
/// regular file of bounded size, and says exactly why not otherwise.
///
/// The file type is checked with `stat`, then again on the open descriptor (opened
/// non-blocking), so a FIFO or device is refused without ever blocking on it, and a file
/// swapped in between is caught.
package enum RegularFile {
    /// Why a file was not read.
    package enum Problem: Error, Sendable, Equatable {
        case missing
        case folder
        /// A FIFO, socket or device.
        case notRegular
        case tooLarge(bytes: Int, limit: Int)
        case unreadable(String)

        /// The reason in words, without what to do about it (each caller adds its own).
        package var reason: String {
            switch self {
            case .missing: return "no such file"
            case .folder: return "it is a folder, not a file"
            case .notRegular: return "not a regular file (a FIFO, socket or device)"
            case let .tooLarge(bytes, limit): return "\(bytes) bytes, more than the \(limit) this reads"
            case let .unreadable(cause): return "unreadable (\(cause))"
            }
        }
    }

    /// The most bytes of a samples CSV MemLoop reads, wherever it comes from — an outside
    /// loop's arm (`run`, `gate`) or a file given to `analyze` and `compare`: 1 GiB, about
    /// 5 million rows (parsing holds the text and about 0.2 KB of columns per row).
    package static let samplesLimit = 1 << 30

    /// The most bytes of a JSON settings file MemLoop reads — a baseline or a scenarios
    /// file (a few hundred bytes to a few KB each): 16 MiB, to refuse a runaway file.
    package static let settingsLimit = 16 << 20

    /// The file's contents.
    /// - Parameter limit: the most bytes accepted.
    package static func read(_ path: String, limit: Int) throws(Problem) -> Data {
        func check(_ info: stat) throws(Problem) {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw .folder
            default: throw .notRegular
            }
            guard Int(info.st_size) <= limit else { throw .tooLarge(bytes: Int(info.st_size), limit: limit) }
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(String(cString: strerror(errno)))
        }
        try check(info)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        try check(info)
        do { return try handle.readToEnd() ?? Data() } catch { throw .unreadable(FileErrorCause.describe(error)) }
    }
}
