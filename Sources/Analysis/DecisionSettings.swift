import Model

/// Everything that decides a verdict, as one value: how much growth per model counts
/// (`tolerance`), which metric decides (`primary`, or the data's choice), and whether the
/// arms are looked at several times and stopped early (`looks`).
///
/// Built once — by the CLI's option groups, by `MemoryLoop`, by a scenario of the gate
/// (`GateScenario.settings(over:)`) — validated once (`problems(naming:)`), and passed
/// whole to the analysis, the runs and the reports, so that a new decision setting is one
/// field here rather than a parameter threaded through every layer.
///
/// ```swift
/// var settings = DecisionSettings.standard           // auto ε, data's metric, fixed length
/// settings.tolerance = try GrowthTolerance(parsing: "1 MB per 1000 models")
/// settings.looks = .standard                         // --until-decided
/// ```
public struct DecisionSettings: Codable, Sendable, Equatable {
    /// How much growth per model counts (ε): fixed, or automatic from the run's noise.
    public var tolerance: GrowthTolerance
    /// The metric that decides; `nil` lets the data choose (`MetricChoice`).
    public var primary: Metric?
    /// `--until-decided`'s looks; `nil` measures the fixed number of iterations.
    public var looks: LookSchedule?

    public init(tolerance: GrowthTolerance = .standard, primary: Metric? = nil, looks: LookSchedule? = nil) {
        self.tolerance = tolerance
        self.primary = primary
        self.looks = looks
    }

    /// Automatic ε (at least 4 B/model), the data's metric, a fixed number of iterations.
    public static let standard = DecisionSettings()

    /// The same settings with a fixed number of iterations (the analysis of one look, or
    /// of a file).
    public var withoutLooks: DecisionSettings {
        var settings = self
        settings.looks = nil
        return settings
    }

    /// What is wrong with the settings, named as `naming` says; empty when they are valid.
    package func problems(naming: SettingNaming = .property) -> [String] {
        var problems: [String] = []
        let epsilon = tolerance.bytesPerModel
        if !(epsilon.isFinite && epsilon >= 0 && epsilon <= GrowthTolerance.largest) {
            problems.append("\(naming.name("tolerance")) must be between 0 and \(Format.number(GrowthTolerance.largest)) bytes per model, got \(epsilon)")
        }
        problems += looks?.problems(naming: naming) ?? []
        return problems
    }
}
