import Foundation
import TestSupport
import Testing

@testable import memloop

/// `memloop analyze` and `memloop gate` on samples with a metric of the loop's own
/// (`device_bytes`), end to end.
@Suite(.serialized) struct UserMetricsCLITests {
    static let growing = UserMetricFixtures.url("device_growing").path
    static let flat = UserMetricFixtures.url("device_flat").path

    /// `summary.json`'s `device_bytes` slope per model and each arm's verdict, by arm.
    static func figures(_ folder: URL) throws -> (perModel: [String: Double], verdicts: [String: String], primary: Set<String>) {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any])
        var perModel: [String: Double] = [:], verdicts: [String: String] = [:], primary: Set<String> = []
        for arm in try #require(json["arms"] as? [[String: Any]]) {
            let label = try #require(arm["arm"] as? String)
            verdicts[label] = arm["verdict"] as? String
            primary.insert((arm["primary"] as? [String: Any])?["metric"] as? String ?? "?")
            let metrics = try #require(arm["metrics"] as? [[String: Any]])
            perModel[label] = metrics.first { $0["metric"] as? String == "device_bytes" }?["perModel"] as? Double
        }
        return (perModel, verdicts, primary)
    }

    @Test func analyzeReportsTheLoopsOwnMetricBesideTheBuiltIns() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try InProcessCommand.run(["analyze", Self.growing, "--epsilon", "4", "--output", folder.path])
        #expect(result.outcome == .success, "\(result)")
        #expect(result.stdout.contains("The loop's own metrics, per model:"), "\(result.stdout)")
        #expect(result.stdout.contains("Verdicts on live_bytes"), "the data's choice is a built-in")
        let figures = try Self.figures(folder)
        #expect(figures.perModel == ["clear": 4096, "noclear": 4096, "control": 0])
        #expect(figures.verdicts == ["clear": "CONSTANT", "noclear": "CONSTANT", "control": "CONSTANT"])
        let svg = try String(contentsOf: folder.appendingPathComponent("memory.svg"), encoding: .utf8)
        #expect(svg.contains(">device_bytes (recorded by the loop)</text>") && svg.contains(">noclear: GROWING, 4096.0 bytes/model</text>"))
        #expect(try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8).contains("device_bytes (bytes)"))
    }

    @Test func primaryNamesTheLoopsOwnMetricToDecide() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let growing = try InProcessCommand.run(["analyze", Self.growing, "--primary", "device_bytes", "--output", folder.appendingPathComponent("g").path])
        #expect(growing.outcome == .success, "\(growing)")
        #expect(
            growing.stdout.contains("Verdicts on device_bytes") && growing.stdout.contains("Metric: device_bytes, as asked (--primary)."), "\(growing.stdout)")
        let decided = try Self.figures(folder.appendingPathComponent("g"))
        #expect(decided.verdicts == ["clear": "GROWING", "noclear": "GROWING", "control": "CONSTANT"])
        #expect(decided.primary == ["device_bytes"])
        let flat = try InProcessCommand.run(["analyze", Self.flat, "--primary", "device_bytes", "--output", folder.appendingPathComponent("f").path])
        #expect(flat.outcome == .success, "\(flat)")
        #expect(try Self.figures(folder.appendingPathComponent("f")).verdicts == ["clear": "CONSTANT", "noclear": "CONSTANT", "control": "CONSTANT"])
    }

    @Test func aMetricTheDataLacksOrABadColumnIsRefusedAsBadInput() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.csv")
        try Data("arm,iteration,models_built,live_bytes,allocated,allocated\nclear,0,1,5,5,5\nclear,1,2,5,5,5\n".utf8).write(to: bad)
        let cases: [([String], String)] = [
            (
                ["analyze", Self.growing, "--primary", "gpu_bytes"],
                "arm \"clear\" has no gpu_bytes column to decide on; pass --primary with a metric every arm has (live_bytes, allocated, device_bytes)"
            ),
            (["compare", Self.growing, Self.flat, "--label", "a", "--label", "b", "--primary", "gpu_bytes"], "has no gpu_bytes column to decide on"),
            (["analyze", bad.path], "column \"allocated\" appears twice in the header; allocated is a metric MemLoop reads itself"),
        ]
        for (arguments, message) in cases {
            let result = try InProcessCommand.run(arguments + ["--output", folder.appendingPathComponent("out").path])
            #expect(result.status == .invalidInput, "\(arguments): \(result)")
            #expect(result.message.contains(message), "\(arguments): \(result.message)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "nothing written for a refused input")
    }

    @Test func metricToleranceTakesTheLoopsOwnMetric() throws {
        let parsed = try Gate.parseMetricTolerance("device_bytes=0.05,4")
        #expect(parsed.metric.rawValue == "device_bytes" && parsed.tolerance.relative == 0.05 && parsed.tolerance.absolute == 4)
        #expect(throws: (any Error).self) { try Gate.parseMetricTolerance("Device-Bytes=0.05,4") }
        #expect(throws: (any Error).self) { try Gate.parseMetricTolerance("device_bytes=inf,4") }
    }

    /// `run --command`: an outside loop's own column decides when named; named but not
    /// written, it is refused; the reference loop, which records none, refuses it at once.
    @Test func runDecidesOnTheLoopsOwnMetricOrRefusesOneItLacks() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = ["--iterations", "40", "--warm-up", "5", "--sample-every", "1", "--", "/bin/sh", "-c", Self.replay]
        let decided = try MemLoopBinary.run(
            ["run", "--primary", "device_bytes", "--output", folder.appendingPathComponent("g").path] + loop, environment: ["RECORDING": Self.growing])
        #expect(decided.exitStatus == .success, "\(decided.stdout)\n\(decided.stderr)")
        #expect(try Self.figures(folder.appendingPathComponent("g")).verdicts == ["clear": "GROWING", "noclear": "GROWING", "control": "CONSTANT"])
        let samples = try String(contentsOf: folder.appendingPathComponent("g/samples.csv"), encoding: .utf8)
        #expect(samples.hasPrefix("arm,iteration,models_built,elapsed_ns,live_bytes,allocated,warmup,loop_ns,device_bytes\n"), "the column is kept")

        let lacking = try MemLoopBinary.run(
            ["run", "--primary", "gpu_bytes", "--output", folder.appendingPathComponent("l").path] + loop, environment: ["RECORDING": Self.growing])
        #expect(lacking.exitStatus == .invalidInput, "\(lacking.stdout)\n\(lacking.stderr)")
        #expect(lacking.stderr.contains("cannot be decided on --primary gpu_bytes: arm \"clear\" has no gpu_bytes column"), "\(lacking.stderr)")

        let reference = try InProcessCommand.run(["run", "--primary", "device_bytes", "--output", folder.appendingPathComponent("r").path])
        #expect(reference.status == .usage, "\(reference)")
        #expect(reference.message.contains("--primary device_bytes names a metric of a loop's own, which the reference loop does not record"))
    }

    /// One arm's rows of the recording named by `RECORDING`, written where the protocol says.
    static let replay = #"head -n 1 "$RECORDING" > "$MEMLOOP_SAMPLES" && grep "^$MEMLOOP_ARM," "$RECORDING" >> "$MEMLOOP_SAMPLES""#

    /// The gate on an outside loop that replays a recording (the file named by
    /// `RECORDING`, one arm's rows per arm): a baseline taken on the flat recording gates
    /// `device_bytes`, and the growing one regresses unless its tolerance is widened.
    @Test func theGateHoldsTheLoopsOwnMetricToItsBaseline() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenarios: [String: Any] = [
            "scenarios": [
                ["name": "device", "command": ["/bin/sh", "-c", Self.replay], "iterations": 40, "warmUp": 5, "sampleEvery": "1"],
                [
                    "name": "device-decides", "command": ["/bin/sh", "-c", Self.replay], "iterations": 40, "warmUp": 5, "sampleEvery": "1",
                    "primary": "device_bytes",
                ],
            ]
        ]
        let file = folder.appendingPathComponent("memloop.json")
        try JSONSerialization.data(withJSONObject: scenarios).write(to: file)
        let common = [
            "gate", "--scenarios", file.path, "--scenario", "device", "--baselines", folder.appendingPathComponent("baselines").path,
            "--output", folder.appendingPathComponent("out").path,
        ]
        let update = try MemLoopBinary.run(common + ["--update-baseline"], environment: ["RECORDING": Self.flat])
        #expect(update.exitStatus == .success, "\(update.stdout)\n\(update.stderr)")
        let baseline = try String(contentsOf: folder.appendingPathComponent("baselines/device.json"), encoding: .utf8)
        #expect(baseline.contains("\"device_bytes\" : 0"), "\(baseline)")

        let clean = try MemLoopBinary.run(common, environment: ["RECORDING": Self.flat])
        #expect(clean.exitStatus == .success, "\(clean.stdout)\n\(clean.stderr)")
        #expect(try JUnitCases(folder.appendingPathComponent("out/device/junit.xml")).cases["baseline:clear:device_bytes"]?.failed == false)

        let leaky = try MemLoopBinary.run(common, environment: ["RECORDING": Self.growing])
        #expect(leaky.exitStatus == .regression, "\(leaky.stdout)\n\(leaky.stderr)")
        let failed = try JUnitCases(folder.appendingPathComponent("out/device/junit.xml")).cases
        #expect(failed["baseline:clear:device_bytes"]?.failed == true && failed["baseline:noclear:device_bytes"]?.failed == true)
        #expect(failed["clear-constant"]?.failed == false && failed["baseline:clear:live_bytes"]?.failed == false)

        let widened = try MemLoopBinary.run(common + ["--metric-tolerance", "device_bytes=0.05,5000"], environment: ["RECORDING": Self.growing])
        #expect(widened.exitStatus == .success, "\(widened.stdout)\n\(widened.stderr)")

        // A scenario whose primary is the loop's own metric: the clear rule reads it.
        let decides = try MemLoopBinary.run(
            [
                "gate", "--scenarios", file.path, "--scenario", "device-decides", "--baselines", folder.appendingPathComponent("none").path,
                "--output", folder.appendingPathComponent("out").path,
            ], environment: ["RECORDING": Self.growing])
        #expect(decides.exitStatus == .regression, "\(decides.stdout)\n\(decides.stderr)")
        let rules = try JUnitCases(folder.appendingPathComponent("out/device-decides/junit.xml")).cases
        #expect(rules["clear-constant"]?.failed == true && rules["control-constant"]?.failed == false)
    }
}
