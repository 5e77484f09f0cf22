import Foundation
import Model

/// The executable a heap profile came from, read from the profile itself: jemalloc ends
/// every dump with the process's memory map (`MAPPED_LIBRARIES:`), whose first mapped
/// file is the program. This finds the real interpreter behind a `/bin/sh -c` line or a
/// version-manager shim, which the command line alone would not.
package enum ProfileExecutable {
    package static func read(profile path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return executable(inProfile: text)
    }

    package static func executable(inProfile text: String) -> String? {
        guard let section = text.range(of: "MAPPED_LIBRARIES:") else { return nil }
        for line in text[section.upperBound...].split(separator: "\n") {
            // address perms offset device inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6 else { continue }
            let path = fields[5].trimmingCharacters(in: .whitespaces)
            if path.hasPrefix("/") { return path }
        }
        return nil
    }
}
