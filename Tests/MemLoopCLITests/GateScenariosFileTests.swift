import Foundation
import TestSupport
import Testing

/// `memloop gate` on the user's own loops, from a scenarios file.
@Suite(.serialized) struct GateScenariosFileTests {
    @Test func aScenarioFromTheFilePassesCleanAndFailsLeakingWithJUnit() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = try OutsideLoopTests.compileCLoop(into: folder)
        let file = folder.appendingPathComponent("memloop.json")
        let scenarios = """
            {"scenarios": [{"name": "c-loop", "command": "\(loop.path) ${LEAK:-0}", "iterations": 40, "warmUp": 5, "tolerance": "strict", "sampleEvery": "2"}]}
            """
        try Data(scenarios.utf8).write(to: file)
        let baselines = folder.appendingPathComponent("baselines").path
        let common = [
            "gate", "--scenarios", file.path, "--scenario", "c-loop", "--baselines", baselines, "--output", folder.appendingPathComponent("out").path,
        ]

        let update = try MemLoopBinary.run(common + ["--update-baseline"])
        #expect(update.exitStatus == .success, "\(update.stdout)\n\(update.stderr)")
        let clean = try MemLoopBinary.run(common)
        #expect(clean.exitStatus == .success, "\(clean.stdout)\n\(clean.stderr)")
        #expect(clean.stdout.contains("Gate PASSED for scenario c-loop"))
        let passed = try JUnitCases(folder.appendingPathComponent("out/c-loop/junit.xml")).cases
        #expect(passed["clear-constant"]?.failed == false && passed["control-constant"]?.failed == false && passed["baseline-matches"]?.failed == false)
        #expect(passed["noclear-growing"] == nil, "no census: the positive control is not a rule for outside loops")

        let leaky = try MemLoopBinary.run(common, environment: ["LEAK": "48"])
        #expect(leaky.exitStatus == .regression, "\(leaky.stdout)\n\(leaky.stderr)")
        let failed = try JUnitCases(folder.appendingPathComponent("out/c-loop/junit.xml")).cases
        #expect(failed["clear-constant"]?.failed == true)
        #expect(failed["baseline:clear:live_bytes"]?.failed == true)
        #expect(failed["control-constant"]?.failed == false)
    }

    @Test(
        arguments: [
            ("{\"scenarios\": []}", "non-empty \"scenarios\" list"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"iteratons\": 5}]}", "unknown key(s) iteratons"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"iterations\": \"5\"}]}", "wrong type"),
            ("{\"scenarios\": [{\"name\": \"default\", \"command\": \"true\"}]}", "name of a built-in scenario"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"\"}]}", "\"command\" must be"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"primary\": \"graph_nodes\"}]}", "\"primary\" must be one of"),
            ("[1, 2]", "not a JSON object"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"sampleEvery\": 0}]}", "\"sampleEvery\" must be \"auto\" or a whole number"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"sampleEvery\": 2.5}]}", "\"sampleEvery\" must be \"auto\" or a whole number"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"sampleEvery\": \"often\"}]}", "got \"often\""),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"iterations\": 20, \"sampleEvery\": 5}]}", "fewer than 5 analysed samples"),
        ] as [(String, String)])
    func aBadScenariosFileIsRefusedWithItsReason(content: String, message: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("memloop.json")
        try Data(content.utf8).write(to: file)
        let result = try InProcessCommand.run([
            "gate", "--scenarios", file.path, "--scenario", "x", "--output", folder.appendingPathComponent("out").path,
        ])
        #expect(result.status == .invalidInput, "\(result)")
        #expect(result.message.contains(message), "\(result.message)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "refused before measuring")
    }

    @Test func anUnknownScenarioNamesTheKnownOnesFromTheFileToo() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("memloop.json")
        try Data("{\"scenarios\": [{\"name\": \"mine\", \"command\": \"true\"}]}".utf8).write(to: file)
        let result = try InProcessCommand.run(["gate", "--scenarios", file.path, "--scenario", "nope", "--output", folder.path])
        #expect(result.status == .usage, "\(result)")
        #expect(result.message.contains("unknown scenario \"nope\"; known: default, built, batch, keep, mine"), "\(result.message)")
        let leak = try InProcessCommand.run(["gate", "--scenarios", file.path, "--scenario", "mine", "--inject-leak-bytes", "16", "--output", folder.path])
        #expect(leak.status == .usage, "\(leak)")
        #expect(leak.message.contains("--inject-leak-bytes applies to the built-in scenarios; \"mine\" is an outside loop"), "\(leak.message)")
    }
}
