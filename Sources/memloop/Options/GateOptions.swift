import ArgumentParser
import Foundation
import MemLoop
import Model

extension GateThresholds: ExpressibleByArgument {
    public init?(argument: String) {
        guard let preset = Self.preset(named: argument) else { return nil }
        self = preset
    }

    public static var allValueStrings: [String] { presets.map(\.name) }
}

/// Choosing scenarios (built in or from a scenarios file), ε and the reference loop's
/// injected leak; shared by `gate` and `calibrate`.
struct GateOptions: ParsableArguments {
    @Option(
        name: .customLong("scenario"),
        help: ArgumentHelp(
            "Scenario to run (repeatable): built-in \(GateScenario.builtIn.map(\.name).joined(separator: ", ")), or one from the scenarios file.",
            valueName: "name"
        )
    )
    var scenarios: [String] = ["default"]

    @Option(
        name: .customLong("scenarios"),
        help: ArgumentHelp("Scenarios file with your own loops (default: \(ScenariosFile.defaultName) in this folder, when it exists).", valueName: "file")
    )
    var scenariosFile: String?

    @OptionGroup var decision: DecisionOptions

    @Option(
        name: .customLong("inject-leak-bytes"),
        help: ArgumentHelp("Leak this many bytes per iteration on purpose in the clear arm, to prove the gate fails.", valueName: "bytes"))
    var injectLeakBytes = 0

    func validate() throws {
        // The built-in scenarios' settings are valid: what is left to check is the leak.
        let problems = RunConfig.defaults.with { $0.injectLeakBytes = injectLeakBytes }.problems(naming: .flag)
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        if Set(scenarios).count != scenarios.count { throw ValidationError("--scenario lists a scenario twice") }
    }

    /// The scenarios asked for, built-in or from the scenarios file, with the injected leak.
    func selected() throws(CommandFailure) -> [GateScenario] {
        var known = GateScenario.builtIn
        let explicit = scenariosFile != nil
        let path = scenariosFile ?? ScenariosFile.defaultName
        if explicit || FileManager.default.fileExists(atPath: path) {
            do { known += try ScenariosFile.load(URL(fileURLWithPath: path)) } catch { throw CommandFailure(.invalidInput, "\(error)") }
        }
        return try scenarios.map { name throws(CommandFailure) in
            guard var scenario = known.first(where: { $0.name == name }) else {
                throw CommandFailure(.usage, "unknown scenario \"\(name)\"; known: \(known.map(\.name).joined(separator: ", "))")
            }
            switch scenario.loop {
            case var .reference(config):
                config.injectLeakBytes = injectLeakBytes
                scenario.loop = .reference(config)
            case var .outside(outside):
                outside.injectLeakBytes = injectLeakBytes
                scenario.loop = .outside(outside)
            }
            return scenario
        }
    }
}
