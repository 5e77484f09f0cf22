import Foundation
import Testing

@Suite struct GateTests {
    var committedBaselines: String { MemLoopBinary.packageRoot.appendingPathComponent("Reports/baselines").path }

    @Test func passesOnTheCommittedBaseline() throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run(["gate", "--baselines", committedBaselines, "--output", folder.path])
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stdout.contains("Gate PASSED for scenario default"))
        for file in ["gate.json", "junit.xml", "gate.md", "summary.json", "samples.csv", "memory.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("default/\(file)").path), "\(file)")
        }
    }

    @Test func anInjectedSixteenByteLeakFailsAndNamesTheRule() throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for _ in 0..<3 {
            let output = try MemLoopBinary.run(["gate", "--inject-leak-bytes", "16", "--baselines", committedBaselines, "--output", folder.path])
            #expect(output.status == 1, "\(output.stdout)\n\(output.stderr)")
            #expect(output.stdout.contains("clear-constant   ") && output.stdout.contains("FAIL    16.0"))
            #expect(output.stdout.contains("Regressions: baseline:clear:live_bytes"))
            let junit = try String(contentsOf: folder.appendingPathComponent("default/junit.xml"), encoding: .utf8)
            #expect(junit.contains("<testcase classname=\"memloop.gate.default\" name=\"clear-constant\"><failure"))
            #expect(junit.contains("name=\"noclear-growing\"><system-out>"))
        }
    }

    @Test(
        arguments: [
            ("", "empty"),
            ("{not json", "not a JSON object"),
            ("{\"schemaVersion\": 99}", "schema version 99, expected 1"),
            (nil, "missing"),
        ] as [(String?, String)])
    func aMissingOrCorruptBaselineHasItsOwnCodeAndSaysHowToMakeOne(content: String?, message: String) throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        if let content { try Data(content.utf8).write(to: folder.appendingPathComponent("default.json")) }
        let output = try MemLoopBinary.run(["gate", "--baselines", folder.path, "--output", folder.appendingPathComponent("out").path])
        #expect(output.status == 4, "\(output.stderr)")
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.contains("memloop gate --scenario default --update-baseline"))
    }

    @Test func updatingRefusesToLoosenUnlessAllowed() throws {
        let folder = try MemLoopBinary.temporaryFolder()
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
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not loosening"))
        #expect(try Data(contentsOf: baseline) == tightened)
        let allowed = try MemLoopBinary.run([
            "gate", "--update-baseline", "--allow-loosen", "--baselines", folder.path, "--output", folder.appendingPathComponent("out").path,
        ])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let rewritten = try JSONSerialization.jsonObject(with: Data(contentsOf: baseline)) as? [String: Any]
        let rewrittenArms = rewritten?["arms"] as? [String: [String: Double]]
        #expect(rewrittenArms?["noclear"]?["live_bytes"].map { abs($0 - 356) < 5 } == true, "the baseline now holds the measured figure")
    }

    @Test func unknownScenariosAndTolerancesAreUsageErrors() throws {
        let unknown = try MemLoopBinary.run(["gate", "--scenario", "nope"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown scenario \"nope\"; known: default, built, batch, keep"))
        let tolerance = try MemLoopBinary.run(["gate", "--metric-tolerance", "live_bytes=lots"])
        #expect(tolerance.status == 64)
        #expect(tolerance.stderr.contains("must look like live_bytes=0.05,4"))
    }

    @Test func calibrationFindsTheLeakAndNoFalsePositives() throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run(["calibrate", "--leaks", "8", "16", "--repeats", "2", "--clean-runs", "5", "--output", folder.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Detection limit: 8 B/iteration."))
        #expect(output.stdout.contains("false positives (GROWING): 0"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("calibration.json").path))
    }
}
