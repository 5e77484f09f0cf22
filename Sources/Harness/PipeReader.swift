import Foundation

/// Reads a pipe to its end with read(2), retrying on EINTR.
///
/// Why: Foundation's `readDataToEndOfFile()` traps (`try!`) when a read is interrupted by
/// a signal, and MemLoop handles SIGINT, SIGTERM and SIGCHLD while children run.
package enum PipeReader {
    package static func readToEnd(_ handle: FileHandle) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let descriptor = handle.fileDescriptor
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }
}
