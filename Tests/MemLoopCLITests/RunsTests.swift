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
    }
}
