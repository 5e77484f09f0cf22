import Foundation
import Model

/// The scratch folders of arm processes (`memloop-arm-<pid>-<uuid>`, `memloop-loop-…`),
/// named after the `memloop` process that made them, so that a later run can remove the
/// ones a killed run left behind.
enum TemporaryFolder {
    /// A fresh folder name for this process, with `prefix` (`arm` or `loop`).
    static func make(_ prefix: String) -> URL {
        removeAbandoned()
        return FileManager.default.temporaryDirectory.appendingPathComponent("memloop-\(prefix)-\(getpid())-\(UUID().uuidString)")
    }

    /// Removes scratch folders whose owning process no longer exists. Once per process.
    static func removeAbandoned() {
        _ = cleaned
    }

    private static let cleaned: Bool = {
        let folder = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return true }
        for name in names where name.hasPrefix("memloop-arm-") || name.hasPrefix("memloop-loop-") {
            let parts = name.split(separator: "-")
            guard parts.count > 3, let pid = pid_t(parts[2]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
        return true
    }()
}
