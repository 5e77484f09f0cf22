import ArgumentParser
import Harness
import Reporting

/// Choosing scenarios and the gate's tolerance.
struct GateOptions: ParsableArguments {
    @Option(name: .customLong("scenario"), help: ArgumentHelp("Scenario to run (repeatable): \(Scenario.all.map(\.name).joined(separator: ", ")).", valueName: "name"))
    var scenarios: [String] = ["default"]

    @OptionGroup var tolerance: ToleranceOptions

    var epsilon: Double { tolerance.epsilon }

    @Option(name: .customLong("inject-leak-bytes"), help: ArgumentHelp("Leak this many bytes per iteration on purpose in the clear arm, to prove the gate fails.", valueName: "bytes"))
    var injectLeakBytes = 0

    func validate() throws {
        for name in scenarios where Scenario.named(name) == nil {
            throw ValidationError("unknown scenario \"\(name)\"; known: \(Scenario.all.map(\.name).joined(separator: ", "))")
        }
        if injectLeakBytes < 0 || injectLeakBytes > 1 << 20 {
            throw ValidationError("--inject-leak-bytes must be between 0 and 1048576, got \(injectLeakBytes)")
        }
    }

    func config(of scenario: Scenario) -> RunConfig {
        var config = scenario.config
        config.injectLeakBytes = injectLeakBytes
        return config
    }
}
