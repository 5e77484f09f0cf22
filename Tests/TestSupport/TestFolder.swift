import Foundation

/// A fresh, empty folder of one test's own under the system's temporary directory. The test
/// removes it when done: `defer { try? FileManager.default.removeItem(at: folder) }`.
package enum TestFolder {
    /// Creates `<temporary directory>/<prefix>-<UUID>` and returns it.
    package static func create(prefix: String = "memloop-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        return url
    }
}
