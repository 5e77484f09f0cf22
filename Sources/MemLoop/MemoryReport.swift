import Analysis
import Foundation
import Harness
import Model
import Reports

/// What a ``MemoryLoop`` measured: a verdict and figures per arm, both controls, and the
/// same reports the `memloop` command writes.
public struct MemoryReport: CustomStringConvertible {
    let bundle: ReportBundle

    /// Every arm, in the order run.
    public let arms: [ArmReport]
    /// Where the arms ran: `.none` in this process, `.processPerArm` each in a forked child
    /// (`summary.json` then gives `isolation: process`, as for the command's child processes).
    public let isolation: MemoryLoop.Isolation

    init(bundle: ReportBundle, isolation: MemoryLoop.Isolation = .none) {
        self.bundle = bundle
        self.isolation = isolation
        arms = bundle.analysis.arms.compactMap(ArmReport.init)
    }

    /// Whether SIGINT or SIGTERM stopped the run: the last arm holds the samples it took
    /// before the signal, and the arms after it did not run.
    public var interrupted: Bool { bundle.summary.interrupted }

    /// The arm of this role.
    public func arm(_ arm: Arm) -> ArmReport? { arms.first { $0.arm == arm } }

    /// The `clear` arm. - Precondition: the loop ran it (it does unless `arms` left it out).
    public var clear: ArmReport { required(.clear) }
    /// The `noclear` arm. - Precondition: the loop ran it.
    public var noclear: ArmReport { required(.noclear) }
    /// The `control` arm. - Precondition: the loop ran it.
    public var control: ArmReport { required(.control) }

    /// The negative control: the `control` arm, building nothing, must be CONSTANT. When it
    /// fails, every other arm's figure includes the loop machinery's own growth.
    public var negativeControl: ControlCheck? { bundle.analysis.negativeControl }
    /// The `noclear` arm's check (reported; a loop may well not grow without a reset).
    public var positiveControl: ControlCheck? { bundle.analysis.positiveControl }
    /// Whether the controls that apply passed: the verdicts can be trusted.
    public var controlsPassed: Bool { bundle.analysis.failedControls.isEmpty }

    /// The full analysis: every metric's fit per arm.
    public var analysis: RunAnalysis { bundle.analysis }

    /// The result table, as `memloop run` prints it.
    public var table: String { ResultTable.text(bundle.analysis) }
    /// The Markdown report (`summary.md`).
    public var markdown: String { bundle.markdown }
    public var description: String { table }

    /// Writes `samples.csv`, `summary.json`, `summary.md` and `memory.svg` into `folder`
    /// (created if missing), all or nothing — e.g. to keep them beside a failed test.
    /// - Returns: the files written.
    @discardableResult
    public func write(to folder: URL) throws(MemoryLoopError) -> [URL] {
        do { return try bundle.write(to: folder) } catch { throw .output("\(error)") }
    }

    private func required(_ role: Arm) -> ArmReport {
        guard let report = arm(role) else {
            preconditionFailure("the loop did not run the \(role.rawValue) arm (arms: \(arms.map(\.arm.rawValue)))")
        }
        return report
    }
}
