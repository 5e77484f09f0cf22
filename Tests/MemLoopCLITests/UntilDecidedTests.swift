import Foundation
import TestSupport
import Testing

/// `--until-decided`: looks at 20, 40, … iterations, each at a stricter level.
@Suite struct UntilDecidedTests {
    @Test func growthIsDecidedEarlyAndNotGrowingOnlyAtTheLastLook() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try MemLoopBinary.run(["run", "--until-decided", "--max-iterations", "320", "--output", folder.path])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        #expect(run.stderr.contains("look 1/5 at 20 iterations (97.5% intervals)"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any])
        let schedule = try #require(object["untilDecided"] as? [String: Any])
        #expect(schedule["firstLook"] as? Int == 20 && schedule["maxIterations"] as? Int == 320)
        let arms = try #require(object["arms"] as? [[String: Any]])
        #expect(arms.map { $0["verdict"] as? String } == ["CONSTANT", "GROWING", "CONSTANT"])
        #expect(arms.allSatisfy { ($0["confidence"] as? Double ?? 0) >= 0.975 }, "a look's level is above 95%")
        // Growth stops an arm once three looks agree; "does not grow" only at the last look.
        let analysed = arms.map { $0["analysedSamples"] as? Int ?? 0 }
        #expect(analysed[0] == 320 && analysed[2] == 320, "clear and control run every look: \(analysed)")
        #expect(analysed[1] >= 80 && analysed[1] < 320, "noclear stops once three looks agree: \(analysed)")
        #expect(run.stdout.contains("lower bounds at the level of the look that decided each arm"), "\(run.stdout)")
    }

    @Test func aBadScheduleIsAUsageError() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try InProcessCommand.run(["run", "--until-decided", "--first-look", "40", "--max-iterations", "20", "--output", folder.path])
        #expect(result.status == .usage, "\(result)")
        #expect(result.message.contains("--max-iterations (20) must be at least --first-look (40)"), "\(result.message)")
    }

    @Test func theGateDecidesEarlyAgainstTheFullLengthBaselineAndStillCatchesALeak() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let baselines = MemLoopBinary.packageRoot.appendingPathComponent("Reports/baselines").path
        let clean = try MemLoopBinary.run(["gate", "--until-decided", "--baselines", baselines, "--output", folder.path])
        #expect(clean.exitStatus == .success, "\(clean.stdout)\n\(clean.stderr)")
        let leaky = try MemLoopBinary.run(["gate", "--until-decided", "--inject-leak-bytes", "16", "--baselines", baselines, "--output", folder.path])
        #expect(leaky.exitStatus == .regression, "\(leaky.stdout)\n\(leaky.stderr)")
        let cases = try JUnitCases(folder.appendingPathComponent("default/junit.xml")).cases
        #expect(cases["clear-constant"]?.failed == true && cases["baseline-matches"]?.failed == false)
    }
}
