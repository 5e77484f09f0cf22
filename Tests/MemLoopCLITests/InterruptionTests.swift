import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Signals during a long run: what was sampled is written, nothing waits forever.
@Suite(.serialized) struct InterruptionTests {
    /// The child measuring an arm, once it exists (waits up to 10 s on a loaded machine).
    func child(of parent: MemLoopBinary.Running) throws -> pid_t? {
        for _ in 0..<500 {
            let list = "/proc/\(parent.processIdentifier)/task/\(parent.processIdentifier)/children"
            if let text = try? String(contentsOfFile: list, encoding: .utf8), let pid = text.split(separator: " ").first.flatMap({ pid_t($0) }) {
                return pid
            }
            usleep(20_000)
        }
        return nil
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalWritesWhatWasSampledAndExits130(signalNumber: Int32) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try MemLoopBinary.start(["run", "--iterations", "1000000", "--output", folder.path])
        _ = try #require(try child(of: process), "the run started its first arm")
        usleep(500_000)
        kill(process.processIdentifier, signalNumber)
        let output = process.finish()
        #expect(output.exitStatus == .interrupted, "\(output.stderr)")
        #expect(output.stderr.contains("interrupted: the samples taken so far are in"))
        #expect(output.stdout.contains("clear"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any]
        #expect(summary?["interrupted"] as? Bool == true)
        let rows = try String(contentsOf: folder.appendingPathComponent("samples.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count > 10, "samples up to the signal were written")
        let analyze = try InProcessCommand.run([
            "analyze", folder.appendingPathComponent("samples.csv").path, "--output", folder.appendingPathComponent("a").path,
        ])
        #expect(analyze.outcome == .success, "the partial CSV is readable: \(analyze)")
        #expect(try Summary.read(folder.appendingPathComponent("a/summary.json")).arm("clear") != nil)
    }

    /// The processes `parent` has started so far, in order, each once (polled every 10 ms
    /// until there are `count` of them; up to 60 s on a loaded machine).
    func children(of parent: MemLoopBinary.Running, count: Int) -> [pid_t] {
        var seen: [pid_t] = []
        let list = "/proc/\(parent.processIdentifier)/task/\(parent.processIdentifier)/children"
        for _ in 0..<6_000 where seen.count < count {
            let text = (try? String(contentsOfFile: list, encoding: .utf8)) ?? ""
            for pid in text.split(separator: " ").compactMap({ pid_t($0) }) where !seen.contains(pid) { seen.append(pid) }
            usleep(10_000)
        }
        return seen
    }

    /// A Ctrl-C's second signal kills the running arm's process before it can hand back
    /// anything (as a signal does to a child still starting): the run was interrupted —
    /// exit 130, the arms before it kept — not "a child failed" (exit 8).
    @Test func anArmKilledAfterAnInterruptionIsAnInterruptionAndTheArmsBeforeItAreKept() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try MemLoopBinary.start(["run", "--iterations", "20000", "--warm-up", "0", "--output", folder.path])
        let arms = children(of: process, count: 2)
        try #require(arms.count == 2, "the run started its second arm")
        kill(process.processIdentifier, SIGINT)
        kill(arms[1], SIGKILL)
        let output = process.finish()
        #expect(output.exitStatus == .interrupted, "\(output.stderr)")
        #expect(!output.stderr.contains("failed"), "\(output.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any]
        #expect(summary?["interrupted"] as? Bool == true)
        let rows = try String(contentsOf: folder.appendingPathComponent("samples.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.filter { $0.hasPrefix("clear,") }.count == 20000, "the finished arm's samples are kept")
        #expect(rows.allSatisfy { $0.hasPrefix("clear,") }, "the killed arm handed back nothing")
    }

    /// The same in the first of several scenarios: the gate ends with 130 at once, keeps the
    /// samples taken under the scenario's folder, says so, and gives no verdict.
    @Test func aGateOfSeveralScenariosInterruptedExits130WithItsSamplesMarked() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        let process = try MemLoopBinary.start([
            "gate", "--scenario", "default", "--scenario", "batch", "--until-decided", "--first-look", "20000", "--max-iterations", "40000",
            "--update-baseline", "--baselines", folder.path, "--output", output.path,
        ])
        let arms = children(of: process, count: 2)
        try #require(arms.count == 2, "the gate started its second arm")
        kill(process.processIdentifier, SIGINT)
        kill(arms[1], SIGKILL)
        let result = process.finish()
        #expect(result.exitStatus == .interrupted, "\(result.stderr)")
        #expect(result.stdout.contains("Gate INTERRUPTED for scenario default: no verdict; the samples so far are in"), "\(result.stdout)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("default/summary.json"))) as? [String: Any]
        #expect(summary?["interrupted"] as? Bool == true)
        let rows = try String(contentsOf: output.appendingPathComponent("default/samples.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.contains { $0.hasPrefix("clear,") }, "the clear arm's samples are kept")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("default/gate.json").path), "no verdict")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("batch").path), "no scenario after the interruption")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("default.json").path), "no baseline")
    }

    /// Calibration needs every step: interrupted, it writes nothing and says so.
    @Test func anInterruptedCalibrationExits130AndWritesNothing() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("cal")
        let process = try MemLoopBinary.start(["calibrate", "--leaks", "16", "--repeats", "3", "--clean-runs", "3", "--output", output.path])
        _ = try #require(try child(of: process), "the calibration started its first arm")
        kill(process.processIdentifier, SIGINT)
        let result = process.finish()
        #expect(result.exitStatus == .interrupted, "\(result.stderr)")
        #expect(result.stderr.contains("interrupted: the calibration is incomplete, so nothing was written to"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("calibration.json").path))
    }

    @Test func aChildThatDiesIsReportedNotWaitedOn() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try MemLoopBinary.start(["run", "--iterations", "1000000", "--output", folder.path])
        let pid = try #require(try child(of: process))
        kill(pid, SIGKILL)
        let output = process.finish()
        #expect(output.exitStatus == .armFailed, "\(output.stderr)")
        #expect(output.stderr.contains("the clear arm failed: the child process was killed by signal 9"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("summary.json").path))
    }

    @Test func anInterruptedGateNeverPasses() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("memloop.json")
        try Data("{\"scenarios\": [{\"name\": \"slow\", \"command\": \"sleep 60\"}]}".utf8).write(to: file)
        let output = folder.appendingPathComponent("out")
        let process = try MemLoopBinary.start([
            "gate", "--scenarios", file.path, "--scenario", "slow", "--update-baseline", "--baselines", folder.path, "--output", output.path,
        ])
        _ = try #require(try child(of: process), "the gate started the loop")
        usleep(300_000)
        kill(process.processIdentifier, SIGINT)
        let result = process.finish()
        #expect(result.exitStatus == .interrupted, "\(result.stderr)")
        #expect(!result.stdout.contains("PASSED"))
        for file in ["gate.json", "junit.xml", "gate.md"] {
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("slow/\(file)").path), "\(file) written for an interrupted gate")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("slow.json").path), "no baseline from an interrupted gate")
    }

    @Test func anInterruptedPythonLoopKeepsWhatItSampled() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/leaky_loop.py").path
        let process = try MemLoopBinary.start(["run", "--iterations", "1000000", "--output", folder.path, "--", "/usr/bin/env", "python3", loop])
        _ = try #require(try child(of: process), "the run started its first arm")
        // Not a fixed sleep: on a loaded machine Python may not have reached its loop by
        // then. Half a second of CPU in the first arm is its start-up (~0.1 s) and many
        // samples; the arm's million iterations take more.
        #expect(waitForCPU(under: process.processIdentifier, ticks: 50), "the arm used 0.5 s of CPU within 60 s")
        kill(process.processIdentifier, SIGTERM)
        let output = process.finish()
        #expect(output.exitStatus == .interrupted, "\(output.stderr)")
        #expect(output.stdout.contains("clear"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any]
        #expect(summary?["interrupted"] as? Bool == true)
        let rows = try String(contentsOf: folder.appendingPathComponent("samples.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count > 10, "the probe's samples up to the signal were kept")
    }

    /// Whether the processes below `root` (not `root` itself) have used `ticks` clock ticks
    /// of CPU between them (utime + stime, /proc/PID/stat), waiting up to 60 s.
    func waitForCPU(under root: pid_t, ticks: Int) -> Bool {
        func descendants(of pid: pid_t) -> [pid_t] {
            let list = "/proc/\(pid)/task/\(pid)/children"
            let children = ((try? String(contentsOfFile: list, encoding: .utf8)) ?? "").split(separator: " ").compactMap { pid_t($0) }
            return children + children.flatMap(descendants(of:))
        }
        func used(_ pid: pid_t) -> Int {
            // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
            return user + system
        }
        for _ in 0..<3000 {
            if descendants(of: root).map(used).reduce(0, +) >= ticks { return true }
            usleep(20_000)
        }
        return false
    }

    /// Whether a process is gone (or a zombie waiting for init).
    func isGone(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return true }
        return status.contains("State:\tZ")
    }

    @Test(arguments: [false, true])
    func aKilledParentTakesItsArmWithItAndItsFolderIsRemovedLater(outside: Bool) throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/leaky_loop.py").path
        let command = outside ? ["--", "/usr/bin/env", "python3", loop] : []
        let process = try MemLoopBinary.start(["run", "--iterations", "1000000", "--output", folder.path] + command)
        let arm = try #require(try child(of: process))
        usleep(300_000)
        let parent = process.processIdentifier
        kill(parent, SIGKILL)
        process.waitUntilExit()
        var gone = false
        for _ in 0..<250 where !gone {
            gone = isGone(arm)
            usleep(20_000)
        }
        #expect(gone, "the arm's process \(arm) outlived its killed parent")
        let temporary = FileManager.default.temporaryDirectory
        let leftover = try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter {
            $0.hasPrefix("memloop-\(outside ? "loop" : "arm")-\(parent)-")
        }
        #expect(!leftover.isEmpty, "a killed run cannot clean up after itself")
        let next = try MemLoopBinary.run(["run", "--iterations", "10", "--arms", "clear", "--output", folder.appendingPathComponent("next").path])
        #expect(next.exitStatus == .success, "\(next.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter {
            $0.hasPrefix("memloop-\(outside ? "loop" : "arm")-\(parent)-")
        }
        #expect(after.isEmpty, "the next run removes what a killed one left: \(after)")
    }
}
