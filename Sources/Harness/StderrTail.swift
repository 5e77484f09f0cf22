import Foundation
import Synchronization

/// Passes a child's stderr through to ours as it comes, keeping only its last bytes for
/// an error message: a chatty loop (TensorFlow logs) cannot fill the parent's memory.
final class StderrTail: Sendable {
    static let keptBytes = 4_096
    private let tail = Mutex<[UInt8]>([])
    private let ended = DispatchSemaphore(value: 0)

    /// Reads `pipe` until its end on a background thread.
    func drain(_ pipe: Pipe) {
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                ended.signal()
                return
            }
            data.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
            tail.withLock { kept in
                kept.append(contentsOf: data)
                if kept.count > Self.keptBytes { kept.removeFirst(kept.count - Self.keptBytes) }
            }
        }
    }

    /// Waits until the pipe's end is read (every writer closed it), at most `seconds`:
    /// a process the loop left running in the background may hold it open.
    func waitForEnd(seconds: Double) {
        _ = ended.wait(timeout: .now() + seconds)
    }

    /// The last few lines, trimmed.
    var text: String {
        let bytes = tail.withLock { $0 }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).suffix(12)
        return lines.joined(separator: "\n")
    }
}
