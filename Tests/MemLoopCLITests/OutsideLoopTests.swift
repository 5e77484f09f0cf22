import Foundation
import TestSupport
import Testing

/// Outside loops through the loop protocol: a C program that reads jemalloc itself, and
/// shell scripts that misbehave in every way the protocol forbids.
@Suite(.serialized) struct OutsideLoopTests {
    /// `Examples/c/loop.c`, compiled once per test into `folder`.
    static func compileCLoop(into folder: URL) throws -> URL {
        let binary = folder.appendingPathComponent("loop")
        let source = MemLoopBinary.packageRoot.appendingPathComponent("Examples/c/loop.c").path
        let cc = try MemLoopBinary.runProcess(URL(fileURLWithPath: "/usr/bin/cc"), ["-O2", "-o", binary.path, source, "-ldl"])
        try #require(cc.status == 0, "cc failed: \(cc.stderr)")
        return binary
    }

    static func script(_ body: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("loop-\(UUID().uuidString).sh")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    @Test func aLeakingCLoopGrowsByItsLeakAndTheControlStaysFlat() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = try Self.compileCLoop(into: folder)
        let output = folder.appendingPathComponent("leaky")
        let run = try MemLoopBinary.run(["run", "--iterations", "60", "--output", output.path, "--", loop.path, "48"])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        let summary = try Summary.read(output.appendingPathComponent("summary.json"))
        #expect(summary.schemaVersion == 3)
        #expect(summary.arm("clear")?.verdict == "GROWING")
        #expect(summary.arm("clear")?.primary.bytesPerIteration == 48)
        #expect(summary.arm("noclear")?.primary.bytesPerIteration == 48)
        #expect(summary.arm("control")?.verdict == "CONSTANT")
        #expect(summary.arm("control")?.primary.ci95 == [0, 0])
        #expect(summary.negativeControl?.passed == true)
        let csv = try ParsedCSV.read(output.appendingPathComponent("samples.csv"))
        for arm in ["clear", "noclear", "control"] {
            #expect(csv.rows.filter { $0["arm"] == arm }.count == 70, "one row per iteration of \(arm), warm-up included")
        }
        #expect(csv.rows.count == 3 * 70)
    }

    /// The probe's warnings reach the verdicts: a loop that drops reference cycles only
    /// after the warm-up (`runtime_shapes.py --shape evicting`) gets the probe's warning
    /// that its samples may count them, beside the verdicts and in summary.json.
    @Test func aWarningOfTheProbeIsShownBesideTheVerdicts() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/runtime_shapes.py").path
        let output = folder.appendingPathComponent("evicting")
        let run = try MemLoopBinary.run([
            "run", "--iterations", "100", "--warm-up", "20", "--output", output.path, "--command", "python3 \(script) --shape evicting",
        ])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        let warning = "The clear arm's loop warned: a garbage collection of everything after the loop found objects in reference cycles"
        #expect(run.stdout.contains(warning), "\(run.stdout)")
        #expect(!run.stdout.contains("The control arm's loop warned"), "the control arm builds nothing and drops nothing")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("summary.json"))) as? [String: Any]
        let arms = json?["arms"] as? [[String: Any]] ?? []
        let clear = arms.first { $0["arm"] as? String == "clear" }
        let warnings = clear?["loopWarnings"] as? [String] ?? []
        #expect(warnings.count == 1 && warnings[0].contains("the samples after iteration 19 may count them"), "\(warnings)")
        #expect(arms.first { $0["arm"] as? String == "control" }?["loopWarnings"] == nil)
    }

    /// `retain:false` is a valid jemalloc setting: `stats.retained` then reads 0 throughout,
    /// which is a reading, not a loop that did not read jemalloc.
    @Test func aLoopUnderRetainFalseIsMeasuredWithItsRetainedZero() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = try Self.compileCLoop(into: folder)
        let output = folder.appendingPathComponent("r")
        let run = try MemLoopBinary.run(
            ["run", "--iterations", "40", "--output", output.path, "--", loop.path, "48"], environment: ["MALLOC_CONF": "retain:false"])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        let csv = try ParsedCSV.read(output.appendingPathComponent("samples.csv"))
        #expect(!csv.rows.isEmpty && csv.rows.allSatisfy { $0["retained"] == "0" }, "the case under test: retained is 0 throughout")
        #expect(try Summary.read(output.appendingPathComponent("summary.json")).arm("clear")?.primary.bytesPerIteration == 48)
        // Readings jemalloc never gives as 0 still tell a loop that did not read it.
        let zeros = try Self.script(
            "i=0; { echo arm,iteration,models_built,allocated,retained,warmup; while [ $i -lt 50 ]; do "
                + "echo $MEMLOOP_ARM,$i,$((i+1)),0,4096,$((i<10)); i=$((i+1)); done; } > \"$MEMLOOP_SAMPLES\"", in: folder)
        let refused = try MemLoopBinary.run(["run", "--iterations", "40", "--output", folder.appendingPathComponent("z").path, "--", zeros.path])
        #expect(refused.exitStatus == .armFailed, "\(refused.stderr)")
        #expect(refused.stderr.contains("every allocated reading is 0: the loop did not read jemalloc"), "\(refused.stderr)")
    }

    @Test func aCleanCLoopIsConstantInEveryArm() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = try Self.compileCLoop(into: folder)
        let run = try MemLoopBinary.run(["run", "--iterations", "40", "--output", folder.appendingPathComponent("r").path, "--command", "\(loop.path) 0"])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        let summary = try Summary.read(folder.appendingPathComponent("r/summary.json"))
        #expect(summary.arms.map(\.verdict) == ["CONSTANT", "CONSTANT", "CONSTANT"])
        #expect(run.stdout.contains("Positive control not met"), "reported, not enforced, without a census")
    }

    @Test func aControlArmThatGrowsFailsTheRunWithExit7() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = try Self.compileCLoop(into: folder)
        let run = try MemLoopBinary.run(["run", "--iterations", "40", "--output", folder.appendingPathComponent("r").path, "--", loop.path, "32", "all"])
        #expect(run.exitStatus == .measurementBroken, "\(run.stderr)")
        #expect(run.stderr.contains("negative control failed: the control arm builds nothing yet is GROWING at 32.0 B/iteration"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r/summary.json").path), "reports still written")
    }

    @Test(
        arguments: [
            ("echo 'loading the model…' >&2; exit 1", .armFailed, "exited with status 1; its stderr ended with:\nloading the model…"),
            ("exit 0", .armFailed, "wrote no samples file"),
            ("echo 'jemalloc is not in charge' >&2; exit 3", .measurementUnavailable, "exited 3: jemalloc is not in charge"),
            ("kill -9 $$", .armFailed, "killed by signal 9"),
            ("mkfifo \"$MEMLOOP_SAMPLES\"", .armFailed, "cannot be read as samples: not a regular file (a FIFO, socket or device)"),
            ("ln -s /dev/zero \"$MEMLOOP_SAMPLES\"", .armFailed, "cannot be read as samples: not a regular file"),
            ("truncate -s 1073741825 \"$MEMLOOP_SAMPLES\"", .armFailed, "1073741825 bytes, more than the 1073741824 this reads"),
            ("truncate -s 1610612736 \"$MEMLOOP_SAMPLES\"", .armFailed, "1610612736 bytes, more than the 1073741824 this reads"),
            (
                // Census columns would hold the loop to the reference loop's positive control.
                "i=0; { echo arm,iteration,models_built,live_bytes,arena_reserved_bytes,warmup; while [ $i -lt 15 ]; do "
                    + "echo $MEMLOOP_ARM,$i,$((i+1)),5,$((i*4144)),$((i<10)); i=$((i+1)); done; } > \"$MEMLOOP_SAMPLES\"", .armFailed,
                "the file has census column(s) arena_reserved_bytes, which only MemLoop's reference loop writes"
            ),
            ("exit 130", .armFailed, "exited with status 130, the protocol's status for an interruption, but MemLoop passed it no signal"),
            (
                "printf 'arm,iteration,models_built,live_bytes\\nnoclear,0,1,5\\nnoclear,1,2,6\\n' > \"$MEMLOOP_SAMPLES\"", .armFailed,
                "labelled arm \"noclear\", but MEMLOOP_ARM was \"clear\""
            ),
            (
                "printf 'arm,iteration,models_built,live_bytes\\n%s,0,1,5\\n%s,1,2,6\\n' $MEMLOOP_ARM $MEMLOOP_ARM > \"$MEMLOOP_SAMPLES\"", .armFailed,
                "the last row is iteration 1, but the loop runs 15 iterations (10 warm-up + 5 measured): one row per iteration"
            ),
            ("sleep 30", .armFailed, "ran past the arm timeout (1.0 s)"),
        ] as [(String, ExitStatus, String)])
    func aMisbehavingLoopFailsWithItsArmNamed(body: String, status: ExitStatus, message: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = try Self.script(body, in: folder)
        let run = try MemLoopBinary.run([
            "run", "--iterations", "5", "--output", folder.appendingPathComponent("r").path, "--arm-timeout", "1", "--", loop.path,
        ])
        #expect(run.exitStatus == status, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.contains("clear arm") || status == .measurementUnavailable)
        #expect(run.stdout.isEmpty, "no table for a failed run")
    }

    @Test func theLoopIsToldItsArmAndCounts() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = folder.appendingPathComponent("seen.txt")
        let loop = try Self.script(
            "echo \"$MEMLOOP_PROTOCOL $MEMLOOP_ARM $MEMLOOP_CLEARS$MEMLOOP_BUILDS $MEMLOOP_ITERATIONS $MEMLOOP_WARMUP $MEMLOOP_SAMPLE_EVERY/$MEMLOOP_SAMPLE_GAP/$MEMLOOP_SAMPLE_SHARE $PYTHONMALLOC $LD_PRELOAD\" >> \(record.path); exit 1",
            in: folder
        )
        _ = try MemLoopBinary.run(["run", "--iterations", "7", "--warm-up", "3", "--output", folder.appendingPathComponent("r").path, "--", loop.path])
        let seen = try String(contentsOf: record, encoding: .utf8)
        #expect(seen.hasPrefix("2 clear 11 7 3 auto/1/0.05 malloc /"))
        #expect(seen.contains("libjemalloc.so.2"))
        try FileManager.default.removeItem(at: record)
        _ = try MemLoopBinary.run([
            "run", "--iterations", "10", "--sample-every", "2", "--output", folder.appendingPathComponent("r").path, "--", loop.path,
        ])
        #expect(try String(contentsOf: record, encoding: .utf8).hasPrefix("2 clear 11 10 10 2// malloc /"))
    }

    @Test func aPythonLoopSampledEveryKthIterationIsAnalysedOnThoseRows() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("r")
        let run = try MemLoopBinary.run([
            "run", "--iterations", "40", "--warm-up", "4", "--sample-every", "4", "--output", output.path, "--command",
            "python3 \(MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/leaky_loop.py").path)",
        ])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        let rows = try String(contentsOf: output.appendingPathComponent("samples.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        let clear = rows.filter { $0.hasPrefix("clear,") }.map { Int($0.split(separator: ",")[1])! }
        #expect(clear == Array(stride(from: 0, to: 44, by: 4)))
        #expect(run.stdout.contains("noclear  GROWING"), "\(run.stdout)")
    }

    @Test(
        arguments: [
            (["run", "--command", "true", "--", "true"], "give the loop either with --command or after --, not both"),
            (["run", "--arm-timeout", "5"], "--arm-timeout applies to a loop given with --command or after --"),
            (["run", "--command", "true", "--arm-timeout", "0"], "--arm-timeout must be a positive number of seconds, got 0"),
            (["run", "--command", "  "], "--command is empty"),
            (["run", "--in-process", "--", "true"], "--in-process applies to the reference loop"),
            (["run", "--inject-leak-bytes", "2000000", "--", "true"], "--inject-leak-bytes must be between 0 and 1048576"),
            (["run", "--layers", "3", "--", "true"], "--layers applies to the reference loop only: your command builds its own models"),
            (
                ["run", "--models-per-iteration", "2", "--input-size", "10", "--command", "true"],
                "--models-per-iteration, --input-size apply to the reference loop only"
            ),
            (["run", "--reset-mode", "keep", "--seed", "3", "--units", "4", "--", "true"], "--units, --reset-mode, --seed apply to the reference loop only"),
            (["run", "--models-per-iteration", "2", "--", "true"], "pass models_per_iteration to the probe's loop()"),
            (["run", "--sample-every", "0", "--", "true"], "--sample-every"),
            (["run", "--iterations", "9223372036854775807", "--", "true"], "--iterations must be at most 100000000"),
            (["run", "--warm-up", "9223372036854775800", "--", "true"], "--warm-up must be at most"),
            (["run", "--iterations", "9223372036854775807"], "--iterations must be at most 100000000"),
            (["run", "--warm-up", "9223372036854775807"], "--warm-up must be at most 100000000"),
            (["run", "--until-decided", "--max-iterations", "9223372036854775807", "--", "true"], "--max-iterations must be at most 2000000"),
            (["run", "--iterations", "20", "--sample-every", "5", "--", "true"], "--iterations / --sample-every gives fewer than 5 analysed samples"),
        ] as [([String], String)])
    func aLoopGivenTwiceOrOptionsThatNeedALoopAreUsageErrors(arguments: [String], message: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        // After "run", before the loop's own arguments: a refusal that stopped refusing writes there.
        let result = try InProcessCommand.run([arguments[0], "--output", folder.path] + arguments.dropFirst())
        #expect(result.status == .usage, "\(arguments): \(result)")
        #expect(result.message.contains(message), "\(result.message)")
    }

    /// A Python loop through the probe, as the README shows it.
    static func python(_ script: String, _ arguments: [String] = []) -> [String] {
        ["--", "/usr/bin/env", "python3", MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/\(script)").path] + arguments
    }

    /// `--inject-leak-bytes` with a command: the probe leaks that much per clear iteration,
    /// so the clear arm reads it exactly; a loop that does not honour the variable (the C
    /// example) is refused rather than shown not to grow.
    @Test func aLeakInjectedIntoAnOutsideLoopShowsInItsClearArmOrTheRunFails() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let injected = try MemLoopBinary.run(
            ["run", "--iterations", "60", "--inject-leak-bytes", "48", "--output", folder.appendingPathComponent("py").path]
                + Self.python("leaky_loop.py", ["--no-leak"]))
        #expect(injected.exitStatus == .success, "\(injected.stderr)")
        let summary = try Summary.read(folder.appendingPathComponent("py/summary.json"))
        #expect(summary.arm("clear")?.verdict == "GROWING" && summary.arm("clear")?.primary.bytesPerIteration == 48)
        #expect(summary.arm("noclear")?.verdict == "CONSTANT" && summary.arm("control")?.verdict == "CONSTANT")
        let loop = try Self.compileCLoop(into: folder)
        let ignored = try MemLoopBinary.run(
            ["run", "--iterations", "30", "--inject-leak-bytes", "48", "--output", folder.appendingPathComponent("c").path, "--", loop.path, "0"])
        #expect(ignored.exitStatus == .armFailed, "\(ignored.stderr)")
        #expect(ignored.stderr.contains("does not honour MEMLOOP_INJECT_LEAK_BYTES"), "\(ignored.stderr)")
    }

    @Test func aPythonLoopLeaking64BytesReads64AndWithoutTheLeakIsConstant() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let leaky = try MemLoopBinary.run(
            ["run", "--iterations", "60", "--output", folder.appendingPathComponent("leaky").path] + Self.python("leaky_loop.py"))
        #expect(leaky.exitStatus == .success, "\(leaky.stderr)")
        let summary = try Summary.read(folder.appendingPathComponent("leaky/summary.json"))
        #expect(summary.arm("clear")?.verdict == "GROWING")
        #expect(summary.arm("clear")?.primary.bytesPerIteration == 64)
        #expect(summary.arm("control")?.verdict == "CONSTANT")
        let clean = try MemLoopBinary.run(
            ["run", "--iterations", "60", "--primary", "allocated", "--output", folder.appendingPathComponent("clean").path]
                + Self.python("leaky_loop.py", ["--no-leak"])
        )
        #expect(clean.exitStatus == .success, "\(clean.stderr)")
        let flat = try Summary.read(folder.appendingPathComponent("clean/summary.json"))
        #expect(flat.arms.map(\.verdict) == ["CONSTANT", "CONSTANT", "CONSTANT"], "allocated, flushed: \(flat.arms.map(\.primary.bytesPerIteration))")
    }

    @Test func aPythonLoopThatKeepsSomethingEveryIterationFailsTheNegativeControl() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try MemLoopBinary.run(["run", "--iterations", "60", "--output", folder.path] + Self.python("growing_control.py"))
        #expect(run.exitStatus == .measurementBroken, "\(run.stderr)")
        #expect(run.stderr.contains("negative control failed: the control arm builds nothing yet is GROWING"))
    }

    @Test(arguments: ["live_bytes", "allocated"])
    func aStandInKerasWhoseModelsHoldNothingIsConstantInEveryArm(primary: String) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try MemLoopBinary.run(
            ["run", "--iterations", "300", "--primary", primary, "--output", folder.path]
                + Self.python("seed_loop.py", ["--standin", "hollow", "--model", "built"])
        )
        #expect(run.exitStatus == .success, "\(run.stderr)")
        let summary = try Summary.read(folder.appendingPathComponent("summary.json"))
        #expect(summary.arms.map(\.verdict) == ["CONSTANT", "CONSTANT", "CONSTANT"], "\(summary.arms.map(\.primary.bytesPerIteration))")
        #expect(summary.arms.allSatisfy { abs($0.primary.bytesPerIteration) < 4 && $0.primary.metric == primary })
    }

    @Test func aStandInKerasThatKeepsModelsGrowsOnlyWithoutClearing() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try MemLoopBinary.run(["run", "--iterations", "100", "--output", folder.path] + Self.python("seed_loop.py", ["--standin"]))
        #expect(run.exitStatus == .success, "\(run.stderr)")
        let summary = try Summary.read(folder.appendingPathComponent("summary.json"))
        #expect(summary.arms.map(\.verdict) == ["CONSTANT", "GROWING", "CONSTANT"])
    }
}
