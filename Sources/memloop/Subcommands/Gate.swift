import ArgumentParser
import Foundation
import Harness
import Reporting

/// The CI regression gate.
struct Gate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenarios and fail when memory grows with clearSession() or regresses against the committed baseline.",
        discussion: """
            Rules: the clear arm must be CONSTANT within ε; the noclear arm must grow as the census predicts \
            (positive control); each arm's bytes/model may not exceed Reports/baselines/<scenario>.json by more \
            than the tolerance. Writes gate.json, junit.xml, summary.md and the run's reports per scenario.
            """
    )

    @OptionGroup var options: GateOptions

    @Option(help: ArgumentHelp("Tolerance preset against the baseline: strict (2% or 2 B), default (10% or 8 B), relaxed (25% or 32 B).", valueName: "preset"))
    var tolerance = "default"

    @Option(name: .customLong("metric-tolerance"), help: ArgumentHelp("Per-metric override, METRIC=RELATIVE,ABSOLUTE (e.g. allocated=0.2,16). Repeatable.", valueName: "override"))
    var metricTolerances: [String] = []

    @Option(name: .customLong("baselines"), help: "Folder of baseline files.")
    var baselineFolder = "Reports/baselines"

    @Option(help: "Folder for the gate's outputs (one subfolder per scenario).")
    var output = "Reports/gate"

    @Flag(name: .customLong("update-baseline"), help: "Write the baseline from this run when its absolute rules pass.")
    var updateBaseline = false

    @Flag(name: .customLong("allow-loosen"), help: "With --update-baseline: accept figures higher than the existing baseline's.")
    var allowLoosen = false

    func validate() throws {
        _ = try thresholds()
        if updateBaseline && options.injectLeakBytes > 0 {
            throw ValidationError("--update-baseline cannot be combined with --inject-leak-bytes: a baseline must come from a clean run")
        }
    }

    func thresholds() throws -> GateThresholds {
        guard var preset = GateThresholds.presets.first(where: { $0.name == tolerance }) else {
            throw ValidationError("unknown --tolerance \"\(tolerance)\"; use strict, default or relaxed")
        }
        for entry in metricTolerances {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let numbers = parts.count == 2 ? parts[1].split(separator: ",").compactMap { Double($0) } : []
            guard parts.count == 2, let metric = Metric(rawValue: parts[0]), numbers.count == 2, numbers.allSatisfy({ $0 >= 0 }) else {
                throw ValidationError("--metric-tolerance \"\(entry)\" must look like live_bytes=0.05,4 (metric=relative,absolute)")
            }
            preset.overrides[metric] = Tolerance(relative: numbers[0], absolute: numbers[1])
        }
        return preset
    }

    func run() throws {
        MeasurementGuard.requireJemalloc()
        let thresholds = try thresholds()
        var worst = ExitStatus.success
        for name in options.scenarios {
            let scenario = Scenario.named(name)!
            let status = try gate(scenario, thresholds: thresholds)
            if GateOutcome.rank(status) > GateOutcome.rank(worst) { worst = status }
        }
        if worst != .success { Diagnostics.exit(worst) }
    }

    private func gate(_ scenario: Scenario, thresholds: GateThresholds) throws -> ExitStatus {
        let folder = Diagnostics.outputFolder(URL(fileURLWithPath: output).appendingPathComponent(scenario.name).path)
        let baselineURL = URL(fileURLWithPath: baselineFolder).appendingPathComponent("\(scenario.name).json")
        var baseline: Baseline?
        do {
            baseline = try Baseline.load(baselineURL, scenario: scenario.name)
        } catch {
            if !updateBaseline { Diagnostics.fail(.baselineInvalid, "\(error)") }
        }
        let results = ArmExecution.run(arms: [.clear, .noclear], config: options.config(of: scenario), isolated: true)
        let bundle = ReportBundle(results: results, epsilon: options.epsilon)
        if let baseline, !updateBaseline, let note = baseline.versionMismatch(with: bundle.summary.environment) {
            Diagnostics.note("note: \(note)")
        }
        let result = GateEvaluator.evaluate(
            summary: bundle.summary, scenario: scenario.name, baseline: updateBaseline ? nil : baseline,
            thresholds: thresholds, injectedLeakBytes: options.injectLeakBytes
        )
        do {
            try bundle.write(to: folder, extra: [
                ("gate.json", try GateReport.json(result)),
                ("junit.xml", Data(GateReport.junit(result).utf8)),
                ("gate.md", Data((GateReport.markdown(result) + "\n" + bundle.markdown).utf8)),
            ])
        } catch {
            Diagnostics.fail(.outputFailed, "\(error)")
        }
        print(GateReport.text(result))
        print("Reports: \(folder.path)/{gate.json,junit.xml,gate.md,summary.json,samples.csv,memory.svg}")
        ArmExecution.exitIfInterrupted(wrote: folder)
        if updateBaseline {
            return writeBaseline(Baseline(scenario: scenario.name, summary: bundle.summary), over: baseline, to: baselineURL, result: result, thresholds: thresholds)
        }
        return ExitStatus(rawValue: result.exitStatus) ?? .regression
    }

    private func writeBaseline(_ fresh: Baseline, over existing: Baseline?, to url: URL, result: GateResult, thresholds: GateThresholds) -> ExitStatus {
        guard result.passed else {
            Diagnostics.error("not writing \(url.path): the run's absolute rules did not pass")
            return ExitStatus(rawValue: result.exitStatus) ?? .regression
        }
        if let existing, !allowLoosen {
            let loosened = Baseline.gatedMetrics.flatMap { metric in
                fresh.arms.keys.sorted().compactMap { arm -> String? in
                    guard let old = existing.value(arm: arm, metric: metric), let new = fresh.value(arm: arm, metric: metric) else { return nil }
                    return new > old + thresholds.tolerance(for: metric).allowance(for: old)
                        ? "\(arm) \(metric.rawValue) \(old) → \(new) B/model" : nil
                }
            }
            if !loosened.isEmpty {
                Diagnostics.error("not loosening \(url.path): \(loosened.joined(separator: "; ")); pass --allow-loosen if this is intended")
                return .regression
            }
        }
        do {
            try AtomicFile.prepareFolder(url.deletingLastPathComponent())
            try AtomicFile.write([(url, try fresh.json())])
        } catch {
            Diagnostics.fail(.outputFailed, "\(error)")
        }
        Diagnostics.note("Baseline written: \(url.path)")
        return .success
    }
}

enum GateOutcome {
    /// Which of several scenario outcomes the gate's exit status reports.
    static func rank(_ status: ExitStatus) -> Int {
        switch status {
        case .success: return 0
        case .inconclusive: return 1
        case .regression: return 2
        case .measurementBroken: return 3
        default: return 4
        }
    }
}
