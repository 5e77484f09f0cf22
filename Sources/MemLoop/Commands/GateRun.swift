import Analysis
import Foundation
import GatePolicy
import Model
import Reports

/// The gate's policy as one call: for each scenario, load its baseline, measure, apply the
/// rules, write the reports (and, asked to, the baseline), and return the status the
/// command exits with. The CLI only parses flags into a `GateRun` and calls `run`.
package struct GateRun {
    /// Folder of `<scenario>.json` baselines.
    package var baselines: URL
    /// Folder of the outputs, one subfolder per scenario.
    package var output: URL
    /// What decides the verdicts of a scenario that does not say (its own ε, metric and looks win).
    package var settings: DecisionSettings
    /// `--tolerance`: the preset against the baseline for every scenario (else the scenario's, else `default`).
    package var thresholds: GateThresholds?
    /// `--metric-tolerance`: per-metric overrides on top of the preset.
    package var metricOverrides: [Metric: Tolerance]
    /// Write the baseline from this run when its absolute rules pass.
    package var updateBaseline: Bool
    /// With `updateBaseline`: accept figures above the existing baseline's.
    package var allowLoosen: Bool

    package init(
        baselines: URL, output: URL, settings: DecisionSettings, thresholds: GateThresholds?, metricOverrides: [Metric: Tolerance],
        updateBaseline: Bool, allowLoosen: Bool
    ) {
        self.baselines = baselines.standardized
        self.output = output
        self.settings = settings
        self.thresholds = thresholds
        self.metricOverrides = metricOverrides
        self.updateBaseline = updateBaseline
        self.allowLoosen = allowLoosen
    }

    /// Gates every scenario in turn.
    /// - Returns: the most severe status over the scenarios (`ExitStatus.mostSevere`).
    /// - Throws: what stops the gate before a verdict: an unreadable baseline, an unwritable
    ///   output, an arm that failed, an interruption.
    package func run(_ scenarios: [GateScenario]) throws(CommandFailure) -> ExitStatus {
        if scenarios.contains(where: { if case .reference = $0.loop { true } else { false } }) {
            try MeasurementGuard.requireJemalloc()
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: baselines.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CommandFailure(.baselineInvalid, "--baselines \(baselines.path) is a file; it must be the folder holding <scenario>.json baselines")
        }
        var statuses: [ExitStatus] = []
        for scenario in scenarios { statuses.append(try gate(scenario)) }
        return ExitStatus.mostSevere(statuses)
    }

    /// The preset and overrides a scenario's figures are held to.
    package func thresholds(for scenario: GateScenario) -> GateThresholds {
        var preset = thresholds ?? scenario.tolerance ?? .default
        for (metric, tolerance) in metricOverrides { preset.overrides[metric] = tolerance }
        return preset
    }

    private func gate(_ scenario: GateScenario) throws(CommandFailure) -> ExitStatus {
        let folder = try Diagnostics.outputFolder(output.appendingPathComponent(scenario.name).path)
        let baselineURL = baselines.appendingPathComponent("\(scenario.name).json")
        let (baseline, missingBaseline) = try loadBaseline(baselineURL, scenario: scenario.name)
        let loop: MeasuredLoop =
            switch scenario.loop {
            case let .reference(config): .reference(config, isolated: true)
            case let .outside(outside): .outside(outside)
            }
        let bundle = try ArmExecution.measure(loop, arms: Arm.allCases, settings: scenario.settings(over: settings)).bundle
        if let interrupted = ArmExecution.interruption(wrote: folder) {
            // Rules not evaluated on a whole run are no verdict: no gate.json, JUnit or baseline.
            do { try bundle.write(to: folder) } catch { throw CommandFailure(.outputFailed, "\(error)") }
            print("Gate INTERRUPTED for scenario \(scenario.name): no verdict; the samples so far are in \(folder.path).")
            throw interrupted
        }
        if let baseline, !updateBaseline, let note = baseline.versionMismatch(with: bundle.summary.environment) {
            Diagnostics.note("note: \(note)")
        }
        let thresholds = thresholds(for: scenario)
        var result = GateEvaluator.evaluate(
            summary: bundle.summary, scenario: scenario.name, baseline: updateBaseline ? nil : baseline,
            thresholds: thresholds, injectedLeakBytes: scenario.injectedLeakBytes
        )
        if missingBaseline { result.append(GateEvaluator.missingBaselineRule(path: baselineURL.path, scenario: scenario.name)) }
        let fresh = Baseline(scenario: scenario.name, summary: bundle.summary)
        if updateBaseline, result.passed, let baseline, !allowLoosen {
            result.append(GateEvaluator.loosenRule(fresh: fresh, existing: baseline, thresholds: thresholds))
        }
        let files: [URL]
        do {
            files = try bundle.write(to: folder, extra: try GateReport.files(result, runMarkdown: bundle.markdown))
        } catch {
            throw CommandFailure(.outputFailed, "\(error)")
        }
        print(GateReport.text(result))
        print("Reports: \(ReportBundle.listing(files, in: folder))")
        if updateBaseline { try writeBaseline(fresh, to: baselineURL, after: result) }
        return result.status
    }

    /// The scenario's baseline; `missing` when there is none and the gate does not write one.
    /// A baseline that is there and wrong stops the gate before it measures; none at all
    /// lets the absolute rules run (the gate still cannot pass: exit 4).
    private func loadBaseline(_ url: URL, scenario: String) throws(CommandFailure) -> (Baseline?, missing: Bool) {
        do {
            return (try Baseline.load(url, scenario: scenario), false)
        } catch {
            if !updateBaseline && !error.isMissing { throw CommandFailure(.baselineInvalid, "\(error)") }
            return (nil, !updateBaseline)
        }
    }

    private func writeBaseline(_ fresh: Baseline, to url: URL, after result: GateResult) throws(CommandFailure) {
        guard result.passed else {
            let refusal = result.rules.first { $0.id == .baselineNotLoosened && $0.outcome == .fail }
            Diagnostics.error("not writing \(url.path): \(refusal?.message ?? "the run's rules did not pass")")
            return
        }
        do {
            try AtomicFile.prepareFolder(url.deletingLastPathComponent())
            try AtomicFile.write([(url, try fresh.json())])
        } catch {
            throw CommandFailure(.outputFailed, "\(error)")
        }
        Diagnostics.note("Baseline written: \(url.path)")
    }
}
