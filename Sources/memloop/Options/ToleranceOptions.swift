import Analysis
import ArgumentParser
import GatePolicy
import Model

/// The verdicts' tolerance ε, shared by every command that gives verdicts.
struct ToleranceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How much growth per model counts: auto (the default: at least 4 B/model, more where the loop is noisy: twice the interval's half width), "
                + "bytes per model (4, \"2 KiB\"), or an amount per models (\"1 MB per 1000 models\"). "
                + "GROWING needs the Theil–Sen interval's lower bound (95%; stricter at later looks of --until-decided) above ε; "
                + "CONSTANT or SHRINKING (does not grow) its upper bound at most ε.",
            valueName: "tolerance"
        ))
    var epsilon: String?

    /// The tolerance the options give (validated by `validate()`).
    var value: GrowthTolerance { (epsilon.flatMap { try? GrowthTolerance(parsing: $0) }) ?? .standard }

    func validate() throws {
        guard let epsilon else { return }
        do { _ = try GrowthTolerance(parsing: epsilon) } catch { throw ValidationError("--epsilon: \(error.description)") }
    }
}
