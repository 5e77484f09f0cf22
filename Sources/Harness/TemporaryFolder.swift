import Foundation

/// The scratch folders of MemLoop's processes (`memloop-<prefix>-<pid>-<uuid>`: `arm`,
/// `loop`, …), named after the `memloop` process that made them, so that a later run can
/// remove the ones a killed run left behind, whatever their prefix.
package enum TemporaryFolder {
    /// Why a scratch folder could not be made.
    package struct Failure: Error, CustomStringConvertible, Sendable {
        package let path: String
        package let reason: String
        package var description: String { "could not create \(path): \(reason)" }
    }

    /// Creates a fresh, empty folder for this process, named with `prefix` (a word without
    /// `-`, such as `arm` or `loop`). The caller removes it when done.
    package static func make(_ prefix: String) throws(Failure) -> URL {
        precondition(!prefix.isEmpty && !prefix.contains("-"), "a scratch folder's prefix is one word without '-'")
        removeAbandoned()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-\(prefix)-\(getpid())-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: folder.path, reason: error.localizedDescription)
        }
        return folder
    }

    /// Removes scratch folders whose owning process no longer exists. Once per process.
    package static func removeAbandoned() {
        _ = cleaned
    }

    /// The owning process of a scratch folder's name `memloop-<prefix>-<pid>-<uuid>`, or
    /// `nil` when the name is not one `make` gives.
    package static func owner(ofFolderNamed name: String) -> pid_t? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        // memloop, prefix, pid, and the UUID's five groups.
        guard parts.count == 8, parts[0] == "memloop", !parts[1].isEmpty,
            let pid = pid_t(parts[2]), pid > 0,
            UUID(uuidString: parts[3...].joined(separator: "-")) != nil
        else { return nil }
        return pid
    }

    private static let cleaned: Bool = {
        let folder = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return true }
        for name in names where name.hasPrefix("memloop-") {
            guard let pid = owner(ofFolderNamed: name), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        return true
    }()
}
