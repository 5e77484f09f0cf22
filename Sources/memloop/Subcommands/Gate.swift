import ArgumentParser
import Foundation
import MemLoop
import Model

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

    func run() throws {
        let gate = GateRun(
            baselines: URL(fileURLWithPath: baselineFolder), output: URL(fileURLWithPath: output), settings: options.decision.settings(looks: looks.schedule),
            thresholds: tolerance, metricOverrides: Dictionary(metricTolerances.map { ($0.metric, $0.tolerance) }, uniquingKeysWith: { $1 }),
            updateBaseline: updateBaseline, allowLoosen: allowLoosen)
        let status = try gate.run(try options.selected())
        if status != ExitStatus.success { throw CommandFailure(status, "") }
    }
}
