import Foundation

/// Where the system's `libjemalloc.so.2` is, to preload it into an outside loop.
///
/// Found, in order: `MEMLOOP_JEMALLOC_LIBRARY`; the library this process itself is
/// linked with (from `/proc/self/maps` — the very allocator MemLoop reads); the dynamic
/// linker's cache (`ldconfig -p`); `pkg-config --variable=libdir jemalloc`. Never a
/// hard-coded, architecture-specific path.
package enum JemallocLibrary {
    package static let environmentOverride = "MEMLOOP_JEMALLOC_LIBRARY"

    /// The library's path, or `nil` with nothing found.
    package static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment[environmentOverride], !path.isEmpty { return path }
        if let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8),
            let path = maps.split(separator: "\n").lazy.compactMap({ $0.split(separator: " ").last.map(String.init) })
                .first(where: { $0.hasSuffix("/libjemalloc.so.2") })
        {
            return path
        }
        if let cache = output(of: "/sbin/ldconfig", ["-p"]) ?? output(of: "/usr/sbin/ldconfig", ["-p"]) {
            for line in cache.split(separator: "\n") where line.contains("libjemalloc.so.2 ") {
                if let path = line.split(separator: ">").last?.trimmingCharacters(in: .whitespaces), FileManager.default.fileExists(atPath: path) {
                    return path
                }
            }
        }
        if let libdir = output(of: "/usr/bin/pkg-config", ["--variable=libdir", "jemalloc"])?.trimmingCharacters(in: .whitespacesAndNewlines) {
            let path = libdir + "/libjemalloc.so.2"
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// What to tell a user when no library is found.
    package static let installHint =
        "install it (sudo apt-get install libjemalloc2, or Scripts/install-deps.sh) or name it with \(environmentOverride)=/path/to/libjemalloc.so.2"

    /// What `executable` prints on stdout, or `nil` when it is missing or fails.
    private static func output(of executable: String, _ arguments: [String]) -> String? {
        guard FileManager.default.isExecutableFile(atPath: executable),
            let result = try? Subprocess.run(executable, arguments, input: nil), result.status == 0
        else { return nil }
        return result.output
    }
}
