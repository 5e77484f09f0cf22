import Foundation
import TestSupport
import Testing

/// `summary.json`'s `attribution` key, as far as these tests read it.
struct AttributionSummary: Decodable {
    struct Site: Decodable {
        let function: String
        let location: String?
        let bytesPerIteration: Double
        let shareOfSlope: Double?
    }
    struct Census: Decodable {
        let arenaSitesBytesPerIteration: Double
        let censusReservedBytesPerIteration: Double
        let ratio: Double
        let agrees: Bool
    }
    struct Arm: Decodable {
        let arm: String
        let method: String
        let sites: [Site]
        let explainedShare: Double?
        let noiseBytesPerIteration: Double
        let census: Census?
        let note: String?
    }
    struct Report: Decodable {
        let arms: [Arm]
        let files: [String]
    }
    let attribution: Report

    static func read(_ folder: URL) throws -> Report {
        try JSONDecoder().decode(AttributionSummary.self, from: Data(contentsOf: folder.appendingPathComponent("summary.json"))).attribution
    }
}

/// `memloop run --attribute`: growth per call site, run as a user would.
@Suite(.serialized) struct AttributionTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (MemLoopBinary.Output, URL) {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        let output = try MemLoopBinary.run(["run", "--output", folder.path] + arguments, environment: environment)
        return (output, folder)
    }

    @Test func aLeakPlantedInLeakInjectorIsAttributedToIt() throws {
        let (output, folder) = try run(["--attribute", "--arms", "clear", "--inject-leak-bytes", "64"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(output.exitStatus == .success, "\(output.stderr)")
        let clear = try #require(try AttributionSummary.read(folder).arms.first { $0.arm == "clear" })
        let top = try #require(clear.sites.first, "no site: \(output.stdout)")
        #expect(top.function.contains("LeakInjector.leak"), "\(clear.sites)")
        #expect((top.shareOfSlope ?? 0) >= 0.9, "\(top)")
        #expect(output.stdout.contains("Where it grows"))
        #expect(output.stdout.contains("LeakInjector.leak()"))
        for file in ["growth.folded", "growth.svg", "growth-clear.txt"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        // Folded stacks: `frame;frame;… bytes` per line.
        let folded = try String(contentsOf: folder.appendingPathComponent("growth.folded"), encoding: .utf8).split(separator: "\n")
        let leakBytes = folded.filter { $0.contains("LeakInjector.leak()") }.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect(!leakBytes.isEmpty && leakBytes.allSatisfy { $0 > 0 }, "\(folded)")
        let graph = try ParsedXML.parse(folder.appendingPathComponent("growth.svg"))
        #expect(graph.name == "svg")
        #expect(graph.elements(named: "title").contains { $0.allText.contains("LeakInjector.leak()") }, "a box for the leaking frame")
        #expect(try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8).contains("### Where it grows"))
    }

    @Test func theNoclearArmGrowsInTheArenasAsTheCensusSays() throws {
        let (output, folder) = try run(["--attribute", "--arms", "noclear"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(output.exitStatus == .success, "\(output.stderr)")
        let noclear = try #require(try AttributionSummary.read(folder).arms.first { $0.arm == "noclear" })
        let census = try #require(noclear.census, "\(noclear)")
        #expect(census.agrees && abs(census.ratio - 1) <= 0.10, "\(census)")
        #expect(noclear.sites.first.map { $0.function.contains("NodeArena") } == true, "\(noclear.sites)")
    }

    @Test func aCleanClearArmAttributesNothingAboveTheNoise() throws {
        let (output, folder) = try run(["--attribute", "--arms", "clear"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(output.exitStatus == .success, "\(output.stderr)")
        let clear = try #require(try AttributionSummary.read(folder).arms.first { $0.arm == "clear" })
        #expect(clear.sites.isEmpty, "\(clear.sites)")
        #expect(clear.noiseBytesPerIteration >= 4)
        #expect(output.stdout.contains("no site above the noise"))
    }

    @Test func aPythonLeakIsAttributedToItsSourceLine() throws {
        let script = MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/leaky_loop.py").path
        let (output, folder) = try run(["--attribute", "python", "--arms", "clear", "control", "--iterations", "100", "--", "/usr/bin/env", "python3", script])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(output.exitStatus == .success, "\(output.stderr)")
        let clear = try #require(try AttributionSummary.read(folder).arms.first { $0.arm == "clear" })
        #expect(clear.method == "tracemalloc")
        let top = try #require(clear.sites.first, "\(output.stdout)")
        #expect(top.function == "leak_64_bytes", "\(clear.sites)")
        #expect(top.location?.hasSuffix("leaky_loop.py:25") == true, "\(top)")
        #expect((top.shareOfSlope ?? 0) >= 0.9, "\(top)")
    }

    @Test func aPythonLoopsNativeStacksEndInTheInterpreter() throws {
        let script = MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/leaky_loop.py").path
        let (output, folder) = try run(["--attribute", "--arms", "clear", "--iterations", "20", "--command", "python3 \(script)"])
        defer { try? FileManager.default.removeItem(at: folder) }
        // The probe dumps native profiles; their site is an interpreter function
        // (`--attribute python` names the line), found through the profile's own memory map.
        #expect(output.exitStatus == .success, "\(output.stderr)")
        let clear = try #require(try AttributionSummary.read(folder).arms.first)
        #expect(clear.method == "jemalloc-heap-profile")
        #expect(clear.note == nil)
        #expect(!clear.sites.isEmpty)
    }

    @Test func missingToolsRefuseWithExit9AndWhatToInstall() throws {
        let empty = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: empty) }
        let (output, folder) = try run(["--attribute", "--arms", "clear"], environment: ["PATH": empty.path])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(output.exitStatus == .attributionUnavailable, "\(output.stderr)")
        #expect(output.stderr.contains("attribution unavailable"))
        #expect(output.stderr.contains("libjemalloc-dev"))
        #expect(output.stderr.contains("swift demangle"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("summary.json").path))
    }

    @Test(
        arguments: [
            (["--attribute", "python"], "--attribute python applies to a Python loop"),
            (["--attribute", "--in-process"], "--attribute needs the arms in child processes"),
            (["--attribute", "--attribute-lg-sample", "31"], "--attribute-lg-sample must be between 0 and 30, got 31"),
            (["--attribute-lg-sample", "10"], "--attribute-lg-sample and --attribute-binary apply with --attribute"),
            (["--attribute", "--attribute-binary", "/bin/true"], "--attribute-binary applies to a loop given with --command or after --"),
        ] as [([String], String)])
    func attributionOptionsThatDoNotFitAreUsageErrors(arguments: [String], message: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try InProcessCommand.run(["run", "--output", folder.path] + arguments)
        #expect(result.status == .usage, "\(arguments): \(result)")
        #expect(result.message.contains(message), "\(result.message)")
    }

    /// A bare `--attribute` means native, before another option or at the end, as `main()` reads it.
    @Test func aBareAttributeIsNativeWhereverItStands() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = ["--output", folder.path]
        for arguments in [["run"] + output + ["--attribute", "--in-process"], ["run"] + output + ["--in-process", "--attribute"]] {
            let result = try InProcessCommand.run(arguments)
            #expect(result.status == .usage, "\(arguments): \(result)")
            #expect(result.message.contains("--attribute needs the arms in child processes"), "\(arguments): \(result.message)")
        }
    }
}
