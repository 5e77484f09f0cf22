import Foundation
import Harness
import MemLoop
import Model
import Testing

/// The library's runs that the commands call: one path per arm, one mapping of failures.
struct RunsTests {
    /// A stand-in for `memloop _arm` that exits with `status` when `variable` is set to
    /// `yes` in its environment, and with 5 otherwise.
    static func childScript(exiting status: Int32, when variable: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-arm-\(UUID().uuidString).sh")
        try Data("#!/bin/sh\n[ \"$\(variable)\" = yes ] && exit \(status)\nexit 5\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    /// The profiled pass goes through `MemoryLoop.measure` with its environment: a child
    /// that cannot measure (exit 3) is reported as such, not as a failed arm.
    @Test func anArmProcessGetsItsEnvironmentAndItsExit3MapsToMeasurementUnavailable() throws {
        let script = try Self.childScript(exiting: 3, when: "MEMLOOP_RUNS_TEST")
        defer { try? FileManager.default.removeItem(at: script) }
        let loop = MemoryLoop(reference: RunConfig.defaults.with { $0.iterations = 5 })
        var thrown: HarnessError?
        do {
            _ = try loop.measure(.clear, childExecutable: script, environment: ["MEMLOOP_RUNS_TEST": "yes"])
        } catch {
            thrown = error
        }
        guard case let .armExited(arm, status)? = thrown else {
            Issue.record("expected the arm's process to exit, got \(String(describing: thrown))")
            return
        }
        #expect(arm == .clear)
        #expect(status == ExitStatus.measurementUnavailable.rawValue)
        #expect(CommandFailure(HarnessError.armExited(arm, status: status)).status == .measurementUnavailable)
    }

    /// The one mapping of harness errors to exit statuses, for every command.
    @Test(arguments: [
        (HarnessError.invalidConfig(["iterations must be at least 1"]), ExitStatus.usage),
        (.measurement(.notLinked), .measurementUnavailable),
        (.armExited(.clear, status: 3), .measurementUnavailable),
        (.armExited(.noclear, status: 130), .interrupted),
        (.armExited(.control, status: 1), .armFailed),
        (.armFailed(.clear, "killed by signal 9"), .armFailed),
        (.body(.clear, "thrown"), .armFailed),
        (.unexpected("EOF while decoding"), .armFailed),
    ])
    func harnessErrorsMapToOneExitStatus(error: HarnessError, status: ExitStatus) {
        let failure = CommandFailure(error)
        #expect(failure.status == status)
        #expect(failure.message.contains("\(error)"))
    }

    /// An error outside every arm (the bench's loops) blames no arm.
    @Test func anUnexpectedErrorBlamesNoArm() {
        struct Odd: Error {}
        let error = HarnessError(wrapping: Odd())
        #expect("\(error)".hasPrefix("unexpected error: "), "\(error)")
        #expect(!"\(error)".contains("clear"), "\(error)")
    }

    /// Every command with --until-decided checks its looks before measuring.
    @Test(arguments: [["calibrate"], ["gate"], ["run"]])
    func aBadScheduleIsAUsageErrorForEveryCommand(command: [String]) throws {
        let result = try InProcessCommand.run(command + ["--until-decided", "--max-iterations", "3"])
        #expect(result.status == .usage, "\(result)")
        #expect(result.message.contains("--max-iterations (3) must be at least --first-look (20)"), "\(result.message)")
    }

    /// The injected leak's limit is RunConfig's, with the same message for run and gate.
    @Test(arguments: [["run"], ["gate"]])
    func anInjectedLeakAboveTheLimitIsAUsageError(command: [String]) throws {
        let result = try InProcessCommand.run(command + ["--inject-leak-bytes", "\(RunConfig.maximumInjectedLeakBytes + 1)"])
        #expect(result.status == .usage, "\(result)")
        #expect(result.message.contains("--inject-leak-bytes must be between 0 and 1048576, got 1048577"), "\(result.message)")
    }

    /// Calibrate shares the gate's options but runs built-in scenarios with its own leaks.
    @Test(arguments: [
        (["--scenarios", "memloop.json"], "--scenarios does not apply to calibrate"),
        (["--inject-leak-bytes", "16"], "--inject-leak-bytes does not apply to calibrate"),
    ])
    func calibrateRefusesTheGateOptionsItWouldIgnore(arguments: [String], message: String) throws {
        let result = try InProcessCommand.run(["calibrate"] + arguments)
        #expect(result.status == .usage, "\(result)")
        #expect(result.message.contains(message), "\(result.message)")
    }
}
