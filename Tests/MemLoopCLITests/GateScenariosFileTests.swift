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

    /// `gate --inject-leak-bytes` proves the gate on the user's own loop: the probe leaks
    /// in the clear arm and the clear rule fails, even before a baseline exists.
    @Test func aLeakInjectedIntoAPythonScenarioFailsTheGate() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/leaky_loop.py").path
        let file = folder.appendingPathComponent("memloop.json")
        let scenarios = """
            {"scenarios": [{"name": "py", "command": ["/usr/bin/env", "python3", "\(script)", "--no-leak"], "iterations": 40, "warmUp": 5}]}
            """
        try Data(scenarios.utf8).write(to: file)
        let run = try MemLoopBinary.run([
            "gate", "--scenarios", file.path, "--scenario", "py", "--inject-leak-bytes", "64", "--baselines", folder.path,
            "--output", folder.appendingPathComponent("out").path,
        ])
        #expect(run.exitStatus == .regression, "\(run.stdout)\n\(run.stderr)")
        let cases = try JUnitCases(folder.appendingPathComponent("out/py/junit.xml")).cases
        #expect(cases["clear-constant"]?.failed == true && cases["control-constant"]?.failed == false)
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
            // ε so wide that any leak passes.
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"epsilon\": 1e300}]}", "\"epsilon\" must be from 0 to 1073741824 bytes per model"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"epsilon\": \"1e300 B per 1 models\"}]}", "is not a tolerance"),
            // Counts and a command named in the file's terms, never as invalid JSON or a DecodingError.
            (
                "{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"iterations\": 100.5}]}",
                "scenario \"x\": \"iterations\" must be a whole number, got 100.5"
            ),
            (
                "{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"warmUp\": 1e300}]}",
                "\"warmUp\" is 1e+300, out of range: counts here are from 0 to 2000000"
            ),
            (
                "{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"iterations\": 9223372036854775807}]}",
                "\"iterations\" is 9223372036854775807, out of range"
            ),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"iterations\": 5000000}]}", "iterations must be at most 2000000, got 5000000"),
            (
                "{\"scenarios\": [{\"name\": \"x\", \"iterations\": 20}]}",
                "scenario \"x\": \"command\" is missing; give a command line or a non-empty list of arguments"
            ),
            (
                "{\"scenarios\": [{\"name\": \"x\", \"command\": 5}]}",
                "\"command\" has the wrong type: it must be a command line or a non-empty list of arguments (strings), got 5"
            ),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"untilDecided\": \"yes\"}]}", "it must be true or false, got the string \"yes\""),
            // A NUL would cut the command where it stands: part of the loop would never run.
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\\u0000; exit 1\"}]}", "contains a NUL character"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": [\"/bin/echo\", \"a\\u0000b\"]}]}", "contains a NUL character"),
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
        #expect(!result.message.contains("DecodingError") && !result.message.contains("not valid JSON"), "\(result.message)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path), "refused before measuring")
    }

    /// A scenario's name is a folder under --output and a baseline file: one that is not a
    /// plain name inside them is refused before anything runs or is written.
    @Test(arguments: ["..", ".", ".hidden", "a/b", "", String(repeating: "a", count: 101)])
    func aScenarioNameThatWouldLeaveTheOutputFolderIsRefused(name: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let inner = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        let file = inner.appendingPathComponent("memloop.json")
        try Data("{\"scenarios\": [{\"name\": \"\(name)\", \"command\": \"true\"}]}".utf8).write(to: file)
        let result = try InProcessCommand.run([
            "gate", "--scenarios", file.path, "--scenario", name, "--update-baseline", "--baselines", inner.appendingPathComponent("b").path,
            "--output", inner.appendingPathComponent("out").path,
        ])
        #expect(result.status == .invalidInput, "\(result)")
        #expect(result.message.contains("\"name\" must be 1 to 100 letters, digits, - _ or ., starting with a letter or a digit"), "\(result.message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["work"], "nothing written beside --output")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inner.path) == ["memloop.json"], "nothing written at all")
    }

    @Test func anUnknownScenarioNamesTheKnownOnesFromTheFileToo() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("memloop.json")
        try Data("{\"scenarios\": [{\"name\": \"mine\", \"command\": \"true\"}]}".utf8).write(to: file)
        let result = try InProcessCommand.run(["gate", "--scenarios", file.path, "--scenario", "nope", "--output", folder.path])
        #expect(result.status == .usage, "\(result)")
        #expect(result.message.contains("unknown scenario \"nope\"; known: default, built, batch, keep, mine"), "\(result.message)")
    }
}
