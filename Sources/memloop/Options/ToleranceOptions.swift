import Analysis
import ArgumentParser
import GatePolicy
import Model

/// The verdicts' tolerance ε, shared by every command that gives verdicts.
struct ToleranceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Tolerance ε in bytes per model: CONSTANT needs the Theil–Sen interval (95%; wider at later looks of --until-decided) inside ±ε, GROWING above +ε.",
            valueName: "bytes"
        ))
    var epsilon = RunAnalysis.defaultEpsilon

    func validate() throws {
        if !(epsilon >= 0 && epsilon.isFinite) { throw ValidationError("--epsilon must be a finite number ≥ 0, got \(epsilon)") }
    }
}
