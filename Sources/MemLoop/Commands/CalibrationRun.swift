import Analysis
import Foundation
import GrowthAnalysis
import Harness
import JemallocStats
import Model
import Reports

/// `memloop calibrate`: the gate's self-test on a built-in scenario — a ladder of
/// injected leaks, each repeated, then clean runs — written as calibration.json and .md.
package struct CalibrationRun {
    package var scenario: Scenario
    package var leaks: [Int]
    package var repeats: Int
    package var cleanRuns: Int
    package var settings: DecisionSettings
    package var output: String

    package init(scenario: Scenario, leaks: [Int], repeats: Int, cleanRuns: Int, settings: DecisionSettings, output: String) {
        self.scenario = scenario
        self.leaks = leaks
        self.repeats = repeats
        self.cleanRuns = cleanRuns
        self.settings = settings
        self.output = output
    }

    package func run() throws(CommandFailure) {
        try MeasurementGuard.requireJemalloc()
        let folder = try Diagnostics.outputFolder(output)
        var steps: [Calibration.Step] = []
        for leak in leaks.sorted() {
            let config = scenario.config.with { $0.injectLeakBytes = leak }
            let verdicts = try (0..<repeats).map { _ throws(CommandFailure) in try clearVerdict(config) }
            steps.append(
                .init(leakBytes: leak, allocatedBytes: try? Jemalloc.allocationSize(for: leak), verdicts: verdicts.map(\.0), bytesPerModel: verdicts.map(\.1)))
            Diagnostics.note("leak \(leak) B/iteration: \(verdicts.map(\.0.rawValue).joined(separator: ", "))")
        }
        let clean = try (0..<cleanRuns).map { _ throws(CommandFailure) in try clearVerdict(scenario.config) }
        var calibration = Calibration(
            scenario: scenario.name, config: scenario.config, epsilonBytesPerModel: settings.tolerance.bytesPerModel, steps: steps,
            cleanVerdicts: clean.map(\.0), cleanBytesPerModel: clean.map(\.1)
        )
        calibration.untilDecided = settings.looks
        try Diagnostics.write(
            [
                ("calibration.json", calibration.json),
                ("calibration.md", { Data(calibration.markdown.utf8) }),
            ], in: folder)
        print(calibration.markdown)
    }

    /// The clear arm's verdict and figure for one run (with looks: `run --until-decided`'s).
    private func clearVerdict(_ config: RunConfig) throws(CommandFailure) -> (Verdict, Double) {
        let interrupted = CommandFailure(.interrupted, "interrupted: the calibration is incomplete, so nothing was written to \(output)")
        let measured: (bundle: ReportBundle, results: [ArmResult], series: [ArmSeries])
        do {
            measured = try ArmExecution.measure(.reference(config, isolated: true), arms: [.clear], settings: settings)
        } catch  where error.status == .interrupted {
            throw interrupted
        }
        // A verdict on the samples before a signal is no calibration step.
        if Interruption.isRequested { throw interrupted }
        let arm = measured.bundle.analysis.arms[0]
        return (arm.verdict, arm.primary.bytesPerModel)
    }
}
