import ArgumentParser
import Foundation
import GatePolicy
import Harness
import MemLoop
import Model
import Reports

/// The CI regression gate.
struct Gate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenarios and fail when memory grows with a reset, a control fails, or a figure regresses against the committed baseline.",
        discussion: """
            Rules: the clear arm must be CONSTANT within ε; the control arm (building nothing) must be CONSTANT \
            (negative control); the reference loop's noclear arm must grow as the census predicts (positive control); \
            the baseline must describe the run (baseline-matches) and each arm's bytes/model may not exceed \
            <baselines>/<scenario>.json by more than the tolerance. Scenarios are built in (the reference loop) or \
            your own loops from a scenarios file (memloop.json, or --scenarios FILE). Writes gate.json, junit.xml, \
            gate.md and the run's reports per scenario. --until-decided applies to every scenario that does not set \
            its own looks in the scenarios file. An interrupted gate writes no verdict and exits 130.
            """
    )

    @OptionGroup var options: GateOptions

    @OptionGroup var looks: LookOptions

    @Option(
        help: ArgumentHelp(
            "Tolerance preset against the baseline: strict (2% or 2 B), default (10% or 8 B), relaxed (25% or 32 B). A scenario may set its own.",
            valueName: "preset"))
    var tolerance: GateThresholds?

    @Option(
        name: .customLong("metric-tolerance"),
        help: ArgumentHelp(
            "Per-metric override, METRIC=RELATIVE,ABSOLUTE (e.g. allocated=0.2,16); gated metrics only, finite numbers. Repeatable.", valueName: "override"),
        transform: Gate.parseMetricTolerance
    )
    var metricTolerances: [MetricTolerance] = []

    static func parseMetricTolerance(_ text: String) throws -> MetricTolerance {
        guard let parsed = MetricTolerance(argument: text) else {
            throw ValidationError("--metric-tolerance \"\(text)\" must look like \(MetricTolerance.shape)")
        }
        return parsed
    }

    @Option(name: .customLong("baselines"), help: "Folder of baseline files.")
    var baselineFolder = "Reports/baselines"

    @Option(help: "Folder for the gate's outputs (one subfolder per scenario).")
    var output = "Reports/gate"

    @Flag(name: .customLong("update-baseline"), help: "Write the baseline from this run when its absolute rules pass.")
    var updateBaseline = false

    @Flag(name: .customLong("allow-loosen"), help: "With --update-baseline: accept figures higher than the existing baseline's.")
    var allowLoosen = false

    func validate() throws {
        if updateBaseline && options.injectLeakBytes > 0 {
            throw ValidationError("--update-baseline cannot be combined with --inject-leak-bytes: a baseline must come from a clean run")
        }
        if allowLoosen && !updateBaseline { throw ValidationError("--allow-loosen applies with --update-baseline") }
    }

    func thresholds(for scenario: GateScenario) -> GateThresholds {
        var preset = tolerance ?? scenario.tolerance ?? .default
        for entry in metricTolerances { preset.overrides[entry.metric] = entry.tolerance }
        return preset
    }

    func run() throws {
        let scenarios = try options.selected(schedule: looks.schedule)
        if scenarios.contains(where: { if case .reference = $0.loop { true } else { false } }) {
            try MeasurementGuard.requireJemalloc()
        }
        var baselines = URL(fileURLWithPath: baselineFolder)
        baselines.standardize()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: baselineFolder, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CommandFailure(.baselineInvalid, "--baselines \(baselineFolder) is a file; it must be the folder holding <scenario>.json baselines")
        }
        var worst = ExitStatus.success
        for scenario in scenarios {
            let status = try gate(scenario, baselines: baselines)
            if GateOutcome.rank(status) > GateOutcome.rank(worst) { worst = status }
        }
        if worst != .success { throw CommandFailure(worst, "") }
    }

    private func gate(_ scenario: GateScenario, baselines: URL) throws(CommandFailure) -> ExitStatus {
        let folder = try Diagnostics.outputFolder(URL(fileURLWithPath: output).appendingPathComponent(scenario.name).path)
        let baselineURL = baselines.appendingPathComponent("\(scenario.name).json")
        var baseline: Baseline?
        var missingBaseline = false
        do {
            baseline = try Baseline.load(baselineURL, scenario: scenario.name)
        } catch {
            // A baseline that is there and wrong stops the gate before it measures; none at
            // all lets the absolute rules run (the gate still cannot pass: exit 4).
            if !updateBaseline && !error.isMissing { throw CommandFailure(.baselineInvalid, "\(error)") }
            missingBaseline = !updateBaseline
        }
        let tolerance = scenario.epsilon ?? options.toleranceSetting
        let loop: MeasuredLoop =
            switch scenario.loop {
            case let .reference(config): .reference(config, isolated: true)
            case let .outside(outside): .outside(outside)
            }
        let bundle = try ArmExecution.measure(loop, arms: Arm.allCases, schedule: scenario.schedule, tolerance: tolerance, primary: scenario.primary).bundle
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
            thresholds: thresholds, injectedLeakBytes: options.injectLeakBytes
        )
        if missingBaseline { result.append(GateEvaluator.missingBaselineRule(path: baselineURL.path, scenario: scenario.name)) }
        let fresh = Baseline(scenario: scenario.name, summary: bundle.summary)
        if updateBaseline, result.passed, let baseline, !allowLoosen {
            result.append(GateEvaluator.loosenRule(fresh: fresh, existing: baseline, thresholds: thresholds))
        }
        do {
            try bundle.write(
                to: folder,
                extra: [
                    ("gate.json", try GateReport.json(result)),
                    ("junit.xml", Data(GateReport.junit(result).utf8)),
                    ("gate.md", Data((GateReport.markdown(result) + "\n" + bundle.markdown).utf8)),
                ])
        } catch {
            throw CommandFailure(.outputFailed, "\(error)")
        }
        print(GateReport.text(result))
        print("Reports: \(folder.path)/{gate.json,junit.xml,gate.md,summary.json,samples.csv,memory.svg}")
        if updateBaseline {
            guard result.passed else {
                let refusal = result.rules.first { $0.id == GateRuleID.baselineNotLoosened && $0.outcome == .fail }
                Diagnostics.error("not writing \(baselineURL.path): \(refusal?.message ?? "the run's rules did not pass")")
                return result.status
            }
            do {
                try AtomicFile.prepareFolder(baselineURL.deletingLastPathComponent())
                try AtomicFile.write([(baselineURL, try fresh.json())])
            } catch {
                throw CommandFailure(.outputFailed, "\(error)")
            }
            Diagnostics.note("Baseline written: \(baselineURL.path)")
        }
        return result.status
    }
}

enum GateOutcome {
    /// Which of several scenario outcomes the gate's exit status reports.
    static func rank(_ status: ExitStatus) -> Int {
        switch status {
        case .success: return 0
        case .inconclusive: return 1
        case .baselineInvalid: return 2
        case .regression: return 3
        case .measurementBroken: return 4
        default: return 5
        }
    }
}
