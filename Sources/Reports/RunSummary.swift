import Analysis
import Foundation
import Model

/// `summary.json`: the configuration, the environment and every arm's analysis.
public struct RunSummary: Codable, Sendable, Equatable {
    /// Bumped on any change a reader would notice; documented in `Reports/README.md`.
    public static let currentSchemaVersion = 3

    public var schemaVersion: Int
    /// `run` (the reference loop), `command` (an outside loop), `analyze` or `compare`.
    public var source: String
    /// The outside loop's command as typed, for `command` runs.
    public var command: String?
    /// The outside loop's settings, for `command` runs.
    public var loop: OutsideLoop?
    /// The looks of an `--until-decided` run (each arm's `confidence` says at which level it was decided).
    public var untilDecided: LookSchedule?
    /// The run's configuration (absent for `analyze`, which reads only samples).
    public var config: RunConfig?
    public var environment: RunEnvironment
    public var epsilonBytesPerModel: Double
    /// The tolerance as given: fixed, or automatic (each arm's ε is in `primary.epsilon`).
    public var tolerance: GrowthTolerance?
    /// The metric that decided the verdicts, and why.
    public var primaryChoice: MetricChoice?
    public var arms: [ArmAnalysis]
    public var positiveControl: ControlCheck?
    public var negativeControl: ControlCheck?
    /// True when SIGINT or SIGTERM stopped the run: the figures rest on the samples taken
    /// until then (`analysedSamples` per arm says how many).
    public var interrupted: Bool
    /// Growth per call site (`run --attribute`); absent otherwise.
    public var attribution: AttributionReport?

    public init(source: String, config: RunConfig?, environment: RunEnvironment, analysis: RunAnalysis, interrupted: Bool = false) {
        self.interrupted = interrupted
        schemaVersion = Self.currentSchemaVersion
        self.source = source
        self.config = config
        self.environment = environment
        epsilonBytesPerModel = analysis.epsilonBytesPerModel
        tolerance = analysis.tolerance
        primaryChoice = analysis.primaryChoice
        arms = analysis.arms
        positiveControl = analysis.positiveControl
        negativeControl = analysis.negativeControl
    }

    /// Pretty, key-sorted JSON; non-finite numbers (no fit) are written as `null`-like strings.
    public func json() throws -> Data {
        return try ReportJSON.encode(self)
    }
}
