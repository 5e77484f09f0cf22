import Foundation

/// The programs attribution runs: `jeprof` (a Perl script shipped with libjemalloc-dev)
/// to diff heap profiles, and `swift demangle` to read Swift symbols. Found on `PATH`
/// before any arm runs, so that a missing tool refuses the run instead of wasting it.
package struct AttributionTools: Sendable {
    package let jeprof: String?
    package let swift: String?

    /// Why attribution cannot run, with what to install.
    package struct Unavailable: Error, CustomStringConvertible, Sendable {
        package let description: String
        package init(_ description: String) { self.description = description }
    }

    /// - Parameter native: heap profiles are wanted (needs jeprof, perl and `swift demangle`);
    ///   Python-only attribution needs none of them.
    package static func locate(native: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Unavailable) -> AttributionTools {
        guard native else { return AttributionTools(jeprof: nil, swift: nil) }
        var missing: [String] = []
        let perl = which("perl", environment: environment)
        if perl == nil { missing.append("perl (jeprof is a Perl script: sudo apt-get install perl)") }
        let jeprof = which("jeprof", environment: environment)
        if jeprof == nil { missing.append("jeprof (it comes with libjemalloc-dev: sudo apt-get install libjemalloc-dev)") }
        var swift = which("swift", environment: environment)
        if let found = swift, (try? run(found, ["demangle", "--simplified"], input: "$sSiD\n"))?.output.contains("Int") != true {
            swift = nil
        }
        if swift == nil { missing.append("`swift demangle` (it comes with the Swift toolchain; put its bin folder on PATH)") }
        guard missing.isEmpty else { throw Unavailable("attribution unavailable: missing " + missing.joined(separator: "; ")) }
        return AttributionTools(jeprof: jeprof, swift: swift)
    }

    /// `jeprof --collapsed --base=BASE BINARY END`: the difference's stacks, folded.
    package func collapsed(base: String, end: String, binary: String) throws(Unavailable) -> String {
        try jeprofOutput(["--collapsed", "--base=\(base)", binary, end])
    }

    /// `jeprof --text --show_bytes --nodefraction=0 --base=BASE BINARY END`: flat and
    /// cumulative bytes per function, every function kept.
    package func text(base: String, end: String, binary: String) throws(Unavailable) -> String {
        try jeprofOutput(["--text", "--show_bytes", "--nodefraction=0", "--edgefraction=0", "--base=\(base)", binary, end])
    }

    /// Names through `swift demangle` (`--simplified` for display); anything that is not a
    /// Swift symbol comes back unchanged. One line in, one line out.
    package func demangle(_ names: [String], simplified: Bool) throws(Unavailable) -> [String: String] {
        guard let swift, !names.isEmpty else { return Dictionary(uniqueKeysWithValues: names.map { ($0, $0) }) }
        let result = try Self.run(swift, ["demangle"] + (simplified ? ["--simplified"] : []), input: names.joined(separator: "\n") + "\n")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard result.status == 0, lines.count >= names.count else { throw Unavailable("swift demangle failed: \(result.error)") }
        return Dictionary(zip(names, lines), uniquingKeysWith: { first, _ in first })
    }

    /// Text through `swift demangle --simplified`, symbols replaced in place.
    package func demangleText(_ text: String) throws(Unavailable) -> String {
        guard let swift else { return text }
        let result = try Self.run(swift, ["demangle", "--simplified"], input: text)
        guard result.status == 0 else { throw Unavailable("swift demangle failed: \(result.error)") }
        return result.output
    }

    private func jeprofOutput(_ arguments: [String]) throws(Unavailable) -> String {
        guard let jeprof else { throw Unavailable("attribution unavailable: jeprof not found (sudo apt-get install libjemalloc-dev)") }
        let result = try Self.run(jeprof, arguments, input: nil)
        guard result.status == 0 else {
            throw Unavailable("jeprof \(arguments.joined(separator: " ")) failed (status \(result.status)): \(result.error.suffix(500))")
        }
        return result.output
    }

    static func which(_ name: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a tool with `input` on stdin (see `Subprocess.run`).
    static func run(_ executable: String, _ arguments: [String], input: String?) throws(Unavailable) -> (status: Int32, output: String, error: String) {
        do { return try Subprocess.run(executable, arguments, input: input) } catch {
            throw Unavailable("could not start \(executable): \(error.localizedDescription)")
        }
    }
}
