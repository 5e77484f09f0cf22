import Foundation
import GraphCore
import MemLoop
import Model
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The library's public API, as a Swift user's test would call it. Serialized: the
/// reference loop's session is process-wide.
@Suite(.serialized) struct MemoryLoopTests {
    @Test func theSeedLoopThroughThePublicAPI() throws {
        let report = try MemoryLoop(iterations: 100) { arm in
            if arm.clears { clearSession() }
            if arm.builds { _ = try Sequential((0..<10).map { _ in Dense(10) }) }
        }.run()
        clearSession()
        #expect(report.clear.verdict == .constant, "\(report.clear)")
        #expect(report.clear.interval == 0...0)
        #expect(report.noclear.verdict == .growing, "\(report.noclear)")
        #expect(abs(report.noclear.bytesPerModel - 356) < 12, "11 records of 32 B plus chunk headers: \(report.noclear)")
        #expect(report.control.verdict == .constant, "\(report.control)")
        #expect(report.controlsPassed)
        #expect(report.negativeControl?.passed == true)
    }

    /// In this process the host's other threads (the test runner's, a server's) are not
    /// the loop's: the calling thread's live bytes decide. A forked arm's only thread is
    /// the loop's, so there the data chooses; the caller's choice always wins.
    @Test func inProcessArmsDecideOnTheCallingThreadsLiveBytes() {
        #expect(MemoryLoop { _ in }.decidingMetric == .liveBytes)
        #expect(MemoryLoop(isolation: .processPerArm) { _ in }.decidingMetric == nil)
        #expect(MemoryLoop(primary: .allocated) { _ in }.decidingMetric == .allocated)
    }

    @Test(arguments: [MemoryLoop.Isolation.none, .processPerArm])
    func theReferenceLoopGoesThroughTheSameAPIWithItsCensus(isolation: MemoryLoop.Isolation) throws {
        // The loop `memloop run` measures for its built-in scenarios, through the library.
        let report = try MemoryLoop(reference: .defaults, isolation: isolation).run()
        #expect(report.arms.map(\.arm) == [.clear, .noclear, .control])
        #expect(report.clear.verdict == .constant, "\(report.clear)")
        #expect(report.control.verdict == .constant, "\(report.control)")
        #expect(report.noclear.verdict == .growing, "\(report.noclear)")
        let positive = try #require(report.positiveControl)
        #expect(positive.enforced, "the census predicts the reference loop's growth, so its positive control is enforced")
        #expect(positive.passed, "\(positive.message)")
        #expect(report.controlsPassed)
        #expect(report.isolation == isolation)
        let census = try #require(report.analysis.arm(Arm.noclear)?.attribution.censusReservedBytesPerModel)
        #expect(census > 0, "the reference loop samples its census beside every reading")
    }

    @Test func aLoopThatLeaksIsGrowingByItsLeak() throws {
        // Blocks kept in storage reserved before the loop: the only growth is the leak.
        var kept: [UnsafeMutableRawPointer] = []
        kept.reserveCapacity(400)
        defer { kept.forEach { free($0) } }
        let report = try MemoryLoop(iterations: 100, arms: [.clear, .control]) { arm in
            if arm.builds { kept.append(malloc(100)!) }  // jemalloc serves 100 B from its 112-byte class
        }.run()
        #expect(report.clear.verdict == .growing)
        #expect(report.clear.bytesPerIteration == 112, "\(report.clear)")
        #expect(report.clear.description.hasPrefix("clear: GROWING, 112.0 B/iteration [112.0, 112.0]"))
        #expect(report.control.verdict == .constant)
        #expect(report.arm(.noclear) == nil)
    }

    @Test func aReportIsWrittenLikeTheCommandsReports() throws {
        let report = try MemoryLoop(iterations: 20, warmUp: 2) { _ in }.run()
        let folder = try TestFolder.create(prefix: "memloop-api")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try report.write(to: folder)
        #expect(files.map(\.lastPathComponent) == ["samples.csv", "summary.json", "summary.md", "memory.svg"])
        let csv = try String(contentsOf: folder.appendingPathComponent("samples.csv"), encoding: .utf8)
        #expect(!csv.contains("graph_nodes"), "a closure's loop has no census columns")
        #expect(report.arms.map(\.verdict) == [.constant, .constant, .constant])
        #expect(report.table.contains("control  CONSTANT"))
    }

    @Test func invalidSettingsAndAThrowingBodyAreTypedErrors() throws {
        #expect(throws: MemoryLoopError.self) { try MemoryLoop(iterations: 0) { _ in }.run() }
        #expect(throws: MemoryLoopError.self) { try MemoryLoop(tolerance: .fixed(-1)) { _ in }.run() }
        struct Boom: Error {}
        do {
            _ = try MemoryLoop(iterations: 10) { arm in if arm == .noclear { throw Boom() } }.run()
            Issue.record("the body's error must stop the run")
        } catch {
            #expect(error == .bodyThrew(.noclear, "Boom()"))
        }
    }

    // Isolation: each arm in a child process forked from the test process.

    @Test func anIsolatedLoopThatLeaksIsGrowingByTheSameLeak() throws {
        var kept: [UnsafeMutableRawPointer] = []
        kept.reserveCapacity(400)
        let report = try MemoryLoop(iterations: 100, isolation: .processPerArm) { arm in
            if arm.builds { kept.append(malloc(100)!) }  // 112-byte class, as in-process; freed with the child
        }.run()
        #expect(report.isolation == .processPerArm)
        #expect(report.isolation.description == "process per arm (fork)")
        #expect(report.clear.verdict == .growing, "\(report.clear)")
        #expect(report.clear.bytesPerIteration == 112, "\(report.clear)")
        #expect(report.noclear.verdict == .growing, "\(report.noclear)")
        #expect(report.noclear.bytesPerIteration == 112, "\(report.noclear)")
        #expect(report.control.verdict == .constant, "\(report.control)")
        #expect(kept.isEmpty, "the children's blocks stay in the children")
    }

    @Test func anIsolatedCleanLoopIsConstantInEveryArmAndSaysSo() throws {
        let report = try MemoryLoop(iterations: 50, warmUp: 5, isolation: .processPerArm) { _ in }.run()
        #expect(report.arms.map(\.arm) == [.clear, .noclear, .control])
        #expect(report.arms.map(\.verdict) == [.constant, .constant, .constant], "\(report)")
        #expect(report.arms.map(\.bytesPerIteration) == [0, 0, 0], "\(report)")
        #expect(report.controlsPassed)
        let folder = try TestFolder.create(prefix: "memloop-api")
        defer { try? FileManager.default.removeItem(at: folder) }
        try report.write(to: folder)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("summary.json"))) as? [String: Any]
        #expect((summary?["environment"] as? [String: Any])?["isolation"] as? String == "process")
        let inProcess = try MemoryLoop(iterations: 20, warmUp: 2) { _ in }.run()
        #expect(inProcess.isolation == .none)
        #expect(inProcess.isolation.description == "in-process")
    }

    @Test func isolatedArmsDoNotSeeEachOthersStateNorGiveItBack() throws {
        // The noclear arm runs first and leaks; the clear arm counts every iteration run
        // so far and throws when it sees any but its own.
        struct SawOtherArms: Error, CustomStringConvertible {
            let total: Int
            let own: Int
            var description: String { "saw \(total) iterations, \(own) of its own" }
        }
        var total = 0
        var clearIterations = 0
        var kept: [UnsafeMutableRawPointer] = []
        kept.reserveCapacity(400)
        defer { kept.forEach { free($0) } }
        let body: (Arm) throws -> Void = { arm in
            total += 1
            if arm == .noclear { kept.append(malloc(100)!) }
            if arm == .clear {
                clearIterations += 1
                if total != clearIterations { throw SawOtherArms(total: total, own: clearIterations) }
            }
        }
        let isolated = try MemoryLoop(iterations: 100, arms: [.noclear, .clear, .control], isolation: .processPerArm, body: body).run()
        #expect(isolated.noclear.verdict == .growing)
        #expect(isolated.noclear.bytesPerIteration == 112, "\(isolated.noclear)")
        #expect(isolated.clear.verdict == .constant, "\(isolated.clear)")
        #expect(isolated.control.verdict == .constant, "\(isolated.control)")
        #expect(total == 0 && clearIterations == 0 && kept.isEmpty, "nothing the children did comes back")

        // In this process the clear arm sees the noclear arm's 110 iterations (warm-up included).
        do {
            _ = try MemoryLoop(iterations: 100, arms: [.noclear, .clear, .control], body: body).run()
            Issue.record("in-process arms share the counter")
        } catch {
            #expect(error == .bodyThrew(.clear, "saw 111 iterations, 1 of its own"))
        }
        #expect(total == 111 && clearIterations == 1 && kept.count == 110)
    }

    @Test func anIsolatedBodyThatThrowsIsTheSameTypedError() throws {
        struct Boom: Error {}
        let body: (Arm) throws -> Void = { arm in if arm == .noclear { throw Boom() } }
        for isolation in [MemoryLoop.Isolation.processPerArm, .none] {
            do {
                _ = try MemoryLoop(iterations: 10, isolation: isolation, body: body).run()
                Issue.record("the body's error must stop the run (\(isolation))")
            } catch {
                #expect(error == .bodyThrew(.noclear, "Boom()"), "\(isolation)")
            }
        }
    }

    @Test func anIsolatedArmThatHangsIsStoppedAtItsTimeout() throws {
        do {
            _ = try MemoryLoop(iterations: 10, isolation: .processPerArm, armTimeout: 2) { arm in
                if arm.clears { while true { sleep(3600) } }
            }.run()
            Issue.record("a hanging arm must be stopped")
        } catch {
            guard case let .armFailed(arm, reason) = error else {
                Issue.record("expected armFailed, got \(error)")
                return
            }
            #expect(arm == .clear)
            #expect(reason.hasPrefix("its child process was stopped after 2 s without finishing."), "\(reason)")
            #expect(reason.contains("deadlock") && reason.hasSuffix("isolation: .none"), "\(reason)")
        }
    }

    @Test func anIsolatedArmWhoseProcessDiesIsAnArmFailure() throws {
        do {
            _ = try MemoryLoop(iterations: 10, isolation: .processPerArm) { arm in if arm == .noclear { raise(SIGKILL) } }.run()
            Issue.record("a killed child must fail the run")
        } catch {
            #expect(error == .armFailed(.noclear, "the child process was killed by signal 9"))
        }
        do {
            _ = try MemoryLoop(iterations: 10, isolation: .processPerArm) { arm in if arm == .control { _exit(3) } }.run()
            Issue.record("a child that exits early must fail the run")
        } catch {
            #expect(error == .armFailed(.control, "the child process exited with status 3 and left no error"))
        }
    }

    /// A Ctrl-C reaches the forked arm too: it stops at its next iteration and hands back
    /// what it sampled, as an arm in this process or in `memloop _arm` does — never
    /// `armFailed` with the samples lost — and no further arm runs.
    @Test func anIsolatedArmInterruptedBySIGINTKeepsItsSamplesAndEndsTheRun() throws {
        var iteration = 0
        let report = try MemoryLoop(iterations: 100, warmUp: 5, isolation: .processPerArm) { arm in
            iteration += 1
            if iteration == 40 { raise(SIGINT) }  // in the child: this process never sees it
        }.run()
        #expect(report.interrupted)
        #expect(report.arms.map(\.arm) == [.clear], "no arm runs after the interrupted one")
        #expect(report.analysis.arm("clear")?.samples == 40, "every iteration up to the signal's was sampled")
        #expect(iteration == 0, "the iterations ran in the child")
        let whole = try MemoryLoop(iterations: 10, isolation: .processPerArm) { _ in }.run()
        #expect(!whole.interrupted && whole.arms.count == 3)
    }

    @Test func countsNearIntMaxAreAnInvalidLoopNotATrap() {
        for (iterations, warmUp) in [(100, Int.max), (Int.max, 10), (Int.max, Int.max), (Int.max - 5, 10)] {
            do {
                _ = try MemoryLoop(iterations: iterations, warmUp: warmUp) { _ in }.run()
                Issue.record("\(iterations) + \(warmUp) iterations were accepted")
            } catch {
                guard case let .invalidLoop(problems) = error else {
                    Issue.record("\(error)")
                    continue
                }
                #expect(problems.contains { $0.contains("must be at most 100000000") }, "\(problems)")
            }
        }
    }

    @Test func anInvalidArmTimeoutIsAnInvalidLoop() {
        for timeout in [0, -1, .infinity, .nan] as [Double] {
            #expect(throws: MemoryLoopError.self) { try MemoryLoop(isolation: .processPerArm, armTimeout: timeout) { _ in }.run() }
        }
        do {
            _ = try MemoryLoop(armTimeout: 0) { _ in }.run()
            Issue.record("a zero timeout is invalid")
        } catch {
            #expect(error == .invalidLoop(["armTimeout must be a finite number of seconds > 0, got 0.0"]))
        }
    }
}
