import Analysis
import Model

/// A scenario the gate runs: a built-in configuration of the reference loop, or an
/// outside loop from a scenarios file (`memloop.json`).
package struct GateScenario: Sendable, Equatable {
    /// What the scenario measures.
    package enum Loop: Sendable, Equatable {
        case reference(RunConfig)
        case outside(OutsideLoop)
    }

    package var name: String
    package var summary: String
    package var loop: Loop
    /// ε for this scenario, when it sets its own (fixed, or automatic with its own floor).
    package var epsilon: GrowthTolerance?
    /// The metric that decides verdicts, when the scenario sets it.
    package var primary: Metric?
    /// The tolerance preset against the baseline, when the scenario sets it.
    package var tolerance: GateThresholds?
    /// Looks of an `--until-decided` run, when the scenario asks for one.
    package var schedule: LookSchedule?

    package init(name: String, summary: String, loop: Loop, epsilon: GrowthTolerance? = nil, primary: Metric? = nil, tolerance: GateThresholds? = nil) {
        self.name = name
        self.summary = summary
        self.loop = loop
        self.epsilon = epsilon
        self.primary = primary
        self.tolerance = tolerance
    }

    /// What decides this scenario's verdicts: its own ε, metric and looks where it sets
    /// them, `defaults` (the command's) where it does not.
    package func settings(over defaults: DecisionSettings) -> DecisionSettings {
        DecisionSettings(tolerance: epsilon ?? defaults.tolerance, primary: primary ?? defaults.primary, looks: schedule ?? defaults.looks)
    }

    /// Bytes per iteration the scenario's clear arm leaks on purpose (`--inject-leak-bytes`).
    package var injectedLeakBytes: Int {
        switch loop {
        case let .reference(config): config.injectLeakBytes
        case let .outside(outside): outside.injectLeakBytes
        }
    }

    /// Longest scenario name: it names a folder and, with `.json`, a baseline file.
    package static let maximumNameLength = 100

    /// Why `name` cannot name a scenario, or `nil` when it can.
    ///
    /// A scenario's name is a folder under the gate's `--output` and a baseline file
    /// `<name>.json` under `--baselines`, so it must be one plain path component that stays
    /// inside them: letters, digits, `-`, `_` and `.`, starting with a letter or a digit —
    /// never `.` or `..` (the output folder itself or its parent), never a hidden file.
    package static func nameProblem(_ name: String) -> String? {
        let allowed = name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        guard let first = name.first, allowed, first.isLetter || first.isNumber, name.count <= maximumNameLength else {
            return "\"name\" must be 1 to \(maximumNameLength) letters, digits, - _ or ., starting with a letter or a digit "
                + "(it names a folder under --output and a baseline file), got \"\(name)\""
        }
        return nil
    }

    /// The built-in scenarios of the reference loop.
    package static let builtIn: [GateScenario] = Scenario.all.map {
        GateScenario(name: $0.name, summary: $0.summary, loop: .reference($0.config))
    }
}
