import Foundation
import TestSupport
import Testing

struct Summary: Decodable {
    struct Arm: Decodable {
        struct Primary: Decodable {
            let metric: String
            let bytesPerIteration: Double
            let bytesPerModel: Double
            let ci95: [Double]
        }
        struct Attribution: Decodable { let unexplainedBytesPerModel: Double? }
        let arm: String
        let verdict: String
        let primary: Primary
        let attribution: Attribution
    }
    struct Control: Decodable {
        let passed: Bool
        let enforced: Bool
    }
    let schemaVersion: Int
    let arms: [Arm]
    let positiveControl: Control?
    let negativeControl: Control?

    static func read(_ url: URL) throws -> Summary {
        try JSONDecoder().decode(Summary.self, from: Data(contentsOf: url))
    }
    func arm(_ name: String) -> Arm? { arms.first { $0.arm == name } }
}

@Suite struct RunAndAnalyzeTests {
    @Test func runGivesConstantWithClearAndGrowingWithoutAndAnalyzeAgrees() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try MemLoopBinary.run(["run", "--iterations", "60", "--output", folder.path])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        #expect(run.stdout.contains("clear    CONSTANT"))
        #expect(run.stdout.contains("noclear  GROWING"))
        #expect(run.stdout.contains("Positive control passed"))
        #expect(run.stdout.contains("control  CONSTANT"))
        #expect(run.stdout.contains("Negative control passed"))
        for file in ["samples.csv", "summary.json", "summary.md", "memory.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file) missing")
        }
        let summary = try Summary.read(folder.appendingPathComponent("summary.json"))
        #expect(summary.schemaVersion == 3)
        #expect(summary.arm("clear")?.verdict == "CONSTANT")
        #expect(summary.arm("clear")?.primary.ci95 == [0, 0])
        #expect(summary.arm("clear")?.attribution.unexplainedBytesPerModel == 0, "the harness itself leaks nothing")
        let noclear = try #require(summary.arm("noclear"))
        #expect(noclear.verdict == "GROWING")
        #expect(noclear.primary.metric == "live_bytes")
        #expect(abs(noclear.primary.bytesPerModel - 356) < 20, "11 records of 32 B plus chunk headers")

        let analysis = folder.appendingPathComponent("again")
        let analyze = try InProcessCommand.run(["analyze", folder.appendingPathComponent("samples.csv").path, "--output", analysis.path])
        #expect(analyze.outcome == .success, "\(analyze)")
        let again = try Summary.read(analysis.appendingPathComponent("summary.json"))
        #expect(again.arms.map(\.verdict) == summary.arms.map(\.verdict))
        #expect(again.arms.map(\.primary.bytesPerModel) == summary.arms.map(\.primary.bytesPerModel))
        #expect(again.positiveControl?.passed == true)
    }

    @Test func inProcessArmsGiveTheSameVerdictsAndSaySo() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try MemLoopBinary.run(["run", "--in-process", "--iterations", "60", "--output", folder.path])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any]
        #expect((object?["environment"] as? [String: Any])?["isolation"] as? String == "in-process")
        let summary = try Summary.read(folder.appendingPathComponent("summary.json"))
        #expect(summary.arms.map(\.verdict) == ["CONSTANT", "GROWING", "CONSTANT"])
    }

    /// A 1-layer unbuilt model is 64 bytes of records: 30 iterations fill under half a
    /// 4 KiB chunk, so the allocator sees no growth. The positive control must fail the
    /// run (exit 7) and say what to change, not report a clean loop.
    @Test func aRunTooShortForTheAllocatorToSeeGrowthFailsThePositiveControl() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try MemLoopBinary.run(["run", "--layers", "1", "--iterations", "30", "--output", folder.path])
        #expect(output.exitStatus == .measurementBroken, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stderr.contains("positive control failed"))
        #expect(output.stderr.contains("run more --iterations or --models-per-iteration"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("summary.json").path), "the reports are still written")
    }

    @Test func tenModelsPerIterationAndBuiltModelsScaleAsExpected() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = try MemLoopBinary.run(["run", "--iterations", "40", "--arms", "noclear", "--output", folder.appendingPathComponent("a").path])
        let ten = try MemLoopBinary.run([
            "run", "--iterations", "40", "--arms", "noclear", "--models-per-iteration", "10", "--output", folder.appendingPathComponent("b").path,
        ])
        let built = try MemLoopBinary.run([
            "run", "--iterations", "40", "--arms", "noclear", "--input-size", "10", "--output", folder.appendingPathComponent("c").path,
        ])
        #expect([base, ten, built].map(\.exitStatus) == [.success, .success, .success], "\([base, ten, built].map(\.stderr))")
        let a = try #require(try Summary.read(folder.appendingPathComponent("a/summary.json")).arm("noclear"))
        let b = try #require(try Summary.read(folder.appendingPathComponent("b/summary.json")).arm("noclear"))
        let c = try #require(try Summary.read(folder.appendingPathComponent("c/summary.json")).arm("noclear"))
        #expect(abs(b.primary.bytesPerIteration / a.primary.bytesPerIteration - 10) < 1)
        #expect(abs(b.primary.bytesPerModel - a.primary.bytesPerModel) < 20)
        // A built model adds 1,100 floats of weights (4,400 B) and one Input-less build.
        #expect(abs(c.primary.bytesPerModel - a.primary.bytesPerModel - 4_400) < 200)
    }
}

@Suite struct ProgressTests {
    /// Progress goes to stderr only when it is a terminal: under `script` (a pseudo
    /// terminal) it appears; with pipes (every other test) stderr stays empty.
    @Test func progressAppearsOnATerminalOnly() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let command = "\(MemLoopBinary.url.path) run --iterations 2000 --output \(folder.path)"
        let terminal = try MemLoopBinary.runProcess(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        let screen = terminal.stdout
        #expect(terminal.exitStatus == .success, "\(screen)")
        #expect(screen.contains("[clear] 2010/2010 iterations"))
        #expect(screen.contains("[noclear] 2010/2010 iterations"))

        let piped = try MemLoopBinary.run(["run", "--iterations", "50", "--output", folder.path])
        #expect(piped.exitStatus == .success, "\(piped.stderr)")
        #expect(piped.stderr.isEmpty, "no progress into a pipe: \(piped.stderr)")
        #expect(!piped.stdout.contains("iterations"), "nothing but the result on stdout")
    }
}
