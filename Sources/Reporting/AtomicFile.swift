import Foundation

/// Writes files so that a reader sees either the old file or the whole new one, never
/// half of it: each goes to a temporary file beside its target, then is renamed over it.
public enum AtomicFile {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Makes sure `folder` exists and is a writable directory.
    /// - Throws: `Failure` saying whether it is a file, cannot be created, or is read-only.
    public static func prepareFolder(_ folder: URL) throws(Failure) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw Failure(path: folder.path, reason: "it is a file, not a folder; choose another --output folder")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw Failure(path: folder.path, reason: "the folder cannot be created (\(error.localizedDescription)); choose another --output folder")
            }
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw Failure(path: folder.path, reason: "the folder is not writable; choose another --output folder or fix its permissions")
        }
    }

    /// Writes every file, all or nothing: all temporary files are written first, and only
    /// when every one succeeded are they renamed into place.
    public static func write(_ files: [(URL, Data)]) throws(Failure) {
        var staged: [(URL, URL)] = []
        do throws(Failure) {
            for (target, data) in files {
                let temporary = target.deletingLastPathComponent()
                    .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
                staged.append((temporary, target))
                do {
                    try data.write(to: temporary)
                } catch {
                    throw Failure(path: target.path, reason: error.localizedDescription)
                }
            }
            for (temporary, target) in staged where rename(temporary.path, target.path) != 0 {
                throw Failure(path: target.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            for (temporary, _) in staged { try? FileManager.default.removeItem(at: temporary) }
            throw error
        }
    }
}
