import ArgumentParser
import MemLoop

/// `--epsilon` and `--primary`: what decides the verdicts, declared once for every command
/// that gives verdicts (run, analyze, compare, sweep, gate, calibrate). With `LookOptions`
/// where a command measures, they make the one `DecisionSettings` value it passes on.
struct DecisionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How much growth per model counts: auto (the default: at least 4 B/model, more where the loop is noisy: twice the interval's half width, at most what its step noise can feign), "
                + "bytes per model (4, \"2 KiB\"), or an amount per models (\"1 MB per 1000 models\"). "
                + "GROWING needs the Theil–Sen interval's lower bound (95%; stricter at later looks of --until-decided) above ε; "
                + "CONSTANT or SHRINKING (does not grow) its upper bound at most ε.",
            valueName: "tolerance"
        ))
    var epsilon: String?

    @Option(
        help: ArgumentHelp(
            "Metric that decides the verdicts (default: chosen from the data — live_bytes of the loop's thread while no other thread "
                + "allocates or frees in the window, else allocated, process-wide; the footer says which and why). "
                + "A metric of the loop's own (an extra column such as device_bytes) decides only when named here.",
            valueName: "metric"))
    var primary: Metric?

    /// The settings the options give, with `looks` from a measuring command's `LookOptions`
    /// (validated by `validate()`).
    func settings(looks: LookSchedule? = nil) -> DecisionSettings {
        DecisionSettings(tolerance: (epsilon.flatMap { try? GrowthTolerance(parsing: $0) }) ?? .standard, primary: primary, looks: looks)
    }

    func validate() throws {
        guard let epsilon else { return }
        do { _ = try GrowthTolerance(parsing: epsilon) } catch { throw ValidationError("--epsilon: \(error.description)") }
    }
}
