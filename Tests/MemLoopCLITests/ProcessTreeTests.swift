import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An outside loop's whole process tree is supervised: a compound command, a background
/// process the loop leaves behind and a hung grandchild are all signalled, bounded and
/// ended with the arm, and none outlives a killed memloop.
@Suite(.serialized) struct ProcessTreeTests {
    /// A shell command that writes its own pid to `file`, then sleeps for a minute.
    func sleeper(writingPidTo file: URL) -> String {
        "sh -c 'echo $$ > \(file.path); exec sleep 60'"
    }

    /// The pid written to `file`, once it is there (waits up to 10 s).
    func pid(in file: URL) throws -> pid_t {
        for _ in 0..<500 {
            if let text = try? String(contentsOf: file, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            usleep(20_000)
        }
        throw CocoaError(.fileNoSuchFile)
    }

    /// Whether the process is gone (or a zombie waiting for its reaper), waiting up to 5 s.
    func becomesGone(_ pid: pid_t) -> Bool {
        for _ in 0..<250 {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return true }
            if status.contains("State:\tZ") { return true }
            usleep(20_000)
        }
        return false
    }

    var leakyLoop: String { MemLoopBinary.packageRoot.appendingPathComponent("Examples/python/leaky_loop.py").path }

    @Test func aBackgroundProcessLeftByTheLoopNeitherHoldsTheRunNorOutlivesIt() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("stray.pid")
        let start = Date()
        let run = try MemLoopBinary.run([
            "run", "--iterations", "10", "--arms", "clear", "--output", folder.appendingPathComponent("r").path, "--command",
            "\(sleeper(writingPidTo: pidFile)) & python3 \(leakyLoop) --no-leak",
        ])
        #expect(run.exitStatus == .success, "\(run.stderr)")
        #expect(Date().timeIntervalSince(start) < 40, "the run waited for the stray's minute")
        #expect(becomesGone(try pid(in: pidFile)), "the stray outlived its arm")
    }

    @Test func theArmTimeoutStopsAHungGrandchild() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("hung.pid")
        let start = Date()
        let run = try MemLoopBinary.run([
            "run", "--iterations", "10", "--arms", "clear", "--arm-timeout", "1", "--output", folder.appendingPathComponent("r").path,
            "--command", "\(sleeper(writingPidTo: pidFile)); true",
        ])
        #expect(run.exitStatus == .armFailed, "\(run.stderr)")
        #expect(run.stderr.contains("ran past the arm timeout (1.0 s)"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(start) < 40, "the timeout waited for the grandchild's minute")
        #expect(becomesGone(try pid(in: pidFile)))
    }

    @Test func aKilledMemloopTakesACompoundCommandsLoopWithIt() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("loop.pid")
        let process = try MemLoopBinary.start([
            "run", "--iterations", "10", "--output", folder.appendingPathComponent("r").path, "--command",
            "true && \(sleeper(writingPidTo: pidFile)); true",
        ])
        let loop = try pid(in: pidFile)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(becomesGone(loop), "the loop \(loop) runs on without memloop")
    }

    @Test func aSignalReachesAPythonLoopInsideACompoundCommand() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = try MemLoopBinary.start([
            "run", "--iterations", "1000000", "--arms", "clear", "--output", folder.path, "--command", "true && python3 \(leakyLoop); true",
        ])
        usleep(2_000_000)
        kill(process.processIdentifier, SIGINT)
        let output = process.finish()
        #expect(output.exitStatus == .interrupted, "\(output.stderr)")
        let rows = try String(contentsOf: folder.appendingPathComponent("samples.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count > 5, "the probe saved its samples on the signal")
    }

    /// A second SIGINT is final: the loop's whole group is killed at once, not after the
    /// 5 s grace the first one gives it to save its samples.
    @Test func aSecondSignalEndsTheLoopsGroupAtOnce() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("slow.pid")
        let mark = folder.appendingPathComponent("saved-after-3s")
        // On the first SIGINT the loop takes 3 s to "save" — inside the grace, so only a
        // final second signal stops it before it is done.
        let process = try MemLoopBinary.start([
            "run", "--iterations", "10", "--arms", "clear", "--output", folder.appendingPathComponent("r").path, "--command",
            "trap 'sleep 3; touch \(mark.path); exit 130' INT; echo $$ > \(pidFile.path); while :; do sleep 0.1; done",
        ])
        let loop = try pid(in: pidFile)
        kill(process.processIdentifier, SIGINT)
        usleep(500_000)
        kill(process.processIdentifier, SIGINT)
        let output = process.finish()
        #expect(output.exitStatus == .interrupted, "\(output.stderr)")
        #expect(becomesGone(loop))
        usleep(3_500_000)  // past the moment the save would have finished
        #expect(!FileManager.default.fileExists(atPath: mark.path), "the loop ran on after the second signal")
    }

    @Test func aLoopThatIgnoresTheSignalIsKilledAfterItsGrace() throws {
        let folder = try TestFolder.create(prefix: "memloop-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pidFile = folder.appendingPathComponent("deaf.pid")
        let process = try MemLoopBinary.start([
            "run", "--iterations", "10", "--arms", "clear", "--output", folder.appendingPathComponent("r").path, "--command",
            "trap '' INT TERM; echo $$ > \(pidFile.path); while :; do sleep 0.1; done",
        ])
        let loop = try pid(in: pidFile)
        let start = Date()
        kill(process.processIdentifier, SIGINT)
        let output = process.finish()
        #expect(output.exitStatus == .interrupted, "\(output.stderr)")
        #expect(Date().timeIntervalSince(start) < 30, "memloop waited on a loop that ignores SIGINT")
        #expect(becomesGone(loop))
    }
}
