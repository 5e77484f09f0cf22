import Foundation
import TestSupport
import Testing

/// `gate.json`, as far as these tests read it.
struct GateJSON: Decodable {
    let scenario: String
    let exitStatus: ExitStatus
    let regressions: [String]

    static func read(_ url: URL) throws -> GateJSON { try JSONDecoder().decode(GateJSON.self, from: Data(contentsOf: url)) }
}

@Suite struct GateTests {
    var committedBaselines: String { MemLoopBinary.packageRoot.appendingPathComponent("Reports/baselines").path }

    @Test func passesOnTheCommittedBaseline() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run(["gate", "--baselines", committedBaselines, "--output", folder.path])
        #expect(output.exitStatus == .success, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stdout.contains("Gate PASSED for scenario default"))
        for file in ["gate.json", "junit.xml", "gate.md", "summary.json", "samples.csv", "memory.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("default/\(file)").path), "\(file)")
        }
        let junit = try JUnitCases(folder.appendingPathComponent("default/junit.xml"))
        #expect(!junit.cases.isEmpty && junit.cases.values.allSatisfy { !$0.failed }, "\(junit.cases)")
        let gate = try GateJSON.read(folder.appendingPathComponent("default/gate.json"))
        #expect(gate.scenario == "default" && gate.exitStatus == .success && gate.regressions.isEmpty, "\(gate)")
    }

    @Test func anInjectedSixteenByteLeakFailsAndNamesTheRule() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        for _ in 0..<3 {
            let output = try MemLoopBinary.run(["gate", "--inject-leak-bytes", "16", "--baselines", committedBaselines, "--output", folder.path])
            #expect(output.exitStatus == .regression, "\(output.stdout)\n\(output.stderr)")
            #expect(output.stdout.contains("clear-constant   ") && output.stdout.contains("FAIL    16.0"))
            #expect(output.stdout.contains("Regressions: baseline:clear:live_bytes"))
            let junit = try JUnitCases(folder.appendingPathComponent("default/junit.xml"))
            let clear = try #require(junit.cases["clear-constant"], "\(junit.cases.keys)")
            #expect(clear.classname == "memloop.gate.default")
            #expect(clear.failed, "\(clear)")
            #expect(junit.cases["baseline:clear:live_bytes"]?.failed == true)
            let noclear = try #require(junit.cases["noclear-growing"], "\(junit.cases.keys)")
            #expect(!noclear.failed && noclear.systemOut?.isEmpty == false, "\(noclear)")
            let gate = try GateJSON.read(folder.appendingPathComponent("default/gate.json"))
            #expect(gate.exitStatus == .regression && gate.regressions.first == "baseline:clear:live_bytes", "\(gate)")
        }
    }

    @Test(
        arguments: [
            ("", "empty"),
            ("{not json", "not a JSON object"),
            ("{\"schemaVersion\": 99}", "schema version 99, expected 1"),
        ] as [(String?, String)])
    func aCorruptBaselineHasItsOwnCodeAndSaysHowToMakeOne(content: String?, message: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        if let content { try Data(content.utf8).write(to: folder.appendingPathComponent("default.json")) }
        let result = try InProcessCommand.run(["gate", "--baselines", folder.path, "--output", folder.appendingPathComponent("out").path])
        #expect(result.status == .baselineInvalid, "\(result)")
        #expect(result.message.contains(message), "\(result.message)")
        #expect(result.message.contains("memloop gate --scenario default --update-baseline"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/default/gate.json").path), "no verdict on a broken baseline")
    }

    /// Without a baseline file the absolute rules still run — a leak fails the gate (exit 1)
    /// — and a clean run cannot pass either: exit 4, the baseline rule saying how to make one.
    @Test(arguments: [(0, ExitStatus.baselineInvalid), (64, .regression)])
    func withoutABaselineTheAbsoluteRulesRunAndTheGateCannotPass(leak: Int, status: ExitStatus) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        var arguments = ["gate", "--scenario", "default", "--baselines", folder.path, "--output", output.path]
        if leak > 0 { arguments += ["--inject-leak-bytes", String(leak)] }
        let run = try MemLoopBinary.run(arguments)
        #expect(run.exitStatus == status, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("no baseline at \(folder.path)/default.json"), "\(run.stdout)")
        #expect(run.stdout.contains("memloop gate --scenario default --update-baseline"), "\(run.stdout)")
        let gate = try String(contentsOf: output.appendingPathComponent("default/gate.json"), encoding: .utf8)
        #expect(gate.contains("\"baseline-present\""), "\(gate)")
        #expect(gate.contains("\"clear-constant\""), "the absolute rules ran: \(gate)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("default.json").path), "no baseline written by a plain gate")
    }

    @Test func baselinesThatAreAFileAreRefusedBeforeMeasuring() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("baselines")
        try Data("{}".utf8).write(to: file)
        let result = try InProcessCommand.run(["gate", "--baselines", file.path, "--output", folder.appendingPathComponent("out").path])
        #expect(result.status == .baselineInvalid, "\(result)")
        #expect(result.message.contains("--baselines \(file.path) is a file"), "\(result.message)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "nothing measured or written")
    }

    @Test func updatingRefusesToLoosenUnlessAllowed() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = folder.appendingPathComponent("default.json")
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: committedBaselines + "/default.json"))) as? [String: Any])
        var arms = try #require(object["arms"] as? [String: [String: Double]])
        arms["noclear"]!["live_bytes"] = 100  // far below what the run measures: updating would loosen it
        object["arms"] = arms
        let tightened = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try tightened.write(to: baseline)
        let refused = try MemLoopBinary.run(["gate", "--update-baseline", "--baselines", folder.path, "--output", folder.appendingPathComponent("out").path])
        #expect(refused.exitStatus == .regression, "\(refused.stderr)")
        #expect(refused.stderr.contains("not loosening"))
        #expect(try Data(contentsOf: baseline) == tightened)
        let allowed = try MemLoopBinary.run([
            "gate", "--update-baseline", "--allow-loosen", "--baselines", folder.path, "--output", folder.appendingPathComponent("out").path,
        ])
        #expect(allowed.exitStatus == .success, "\(allowed.stderr)")
        let rewritten = try JSONSerialization.jsonObject(with: Data(contentsOf: baseline)) as? [String: Any]
        let rewrittenArms = rewritten?["arms"] as? [String: [String: Double]]
        #expect(rewrittenArms?["noclear"]?["live_bytes"].map { abs($0 - 356) < 5 } == true, "the baseline now holds the measured figure")
    }

    @Test(
        arguments: [
            (["gate", "--scenario", "nope"], "unknown scenario \"nope\"; known: default, built, batch, keep"),
            (["gate", "--metric-tolerance", "live_bytes=lots"], "--metric-tolerance \"live_bytes=lots\" must look like live_bytes=0.05,4"),
            (["gate", "--scenario", "default", "--scenario", "default"], "--scenario lists a scenario twice"),
            (["gate", "--update-baseline", "--inject-leak-bytes", "16"], "a baseline must come from a clean run"),
            (["gate", "--allow-loosen"], "--allow-loosen applies with --update-baseline"),
            (["gate", "--inject-leak-bytes", "2000000"], "--inject-leak-bytes must be between 0 and 1048576, got 2000000"),
        ] as [([String], String)])
    func unknownScenariosAndBadGateOptionsAreUsageErrors(arguments: [String], message: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try InProcessCommand.run(arguments + ["--baselines", committedBaselines, "--output", folder.appendingPathComponent("out").path])
        #expect(result.status == .usage, "\(arguments): \(result)")
        #expect(result.message.contains(message), "\(result.message)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "refused before measuring")
    }

    @Test func calibrationFindsTheLeakAndNoFalsePositives() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run(["calibrate", "--leaks", "8", "16", "--repeats", "2", "--clean-runs", "5", "--output", folder.path])
        #expect(output.exitStatus == .success, "\(output.stderr)")
        #expect(output.stdout.contains("Detection limit: 8 B/iteration."))
        #expect(output.stdout.contains("false positives (GROWING): 0"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("calibration.json").path))
    }
}
