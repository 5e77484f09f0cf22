import Analysis
import Foundation
import Model

/// `summary.json`: the configuration, the environment and every arm's analysis.
package struct RunSummary: Codable, Sendable, Equatable {
    /// Bumped on any change a reader would notice; documented in `Reports/README.md`.
    package static let currentSchemaVersion = 3

    package var schemaVersion: Int
    /// Where the samples came from.
    package var source: Source

    /// Where a summary's samples came from, as `summary.json` writes it.
    package enum Source: String, Codable, Sendable {
        /// The reference loop (`memloop run`, `gate`, a `MemoryLoop`).
        case run
        /// An outside loop (`memloop run --command`).
        case command
        /// One samples CSV (`memloop analyze`).
        case analyze
        /// Several samples CSVs side by side (`memloop compare`).
        case compare
    }
    /// The outside loop's command as typed, for `command` runs.
    package var command: String?
    /// The outside loop's settings, for `command` runs.
    package var loop: OutsideLoop?
    /// The looks of an `--until-decided` run (each arm's `confidence` says at which level it was decided).
    package var untilDecided: LookSchedule?
    /// The run's configuration (absent for `analyze`, which reads only samples).
    package var config: RunConfig?
    package var environment: RunEnvironment
    package var epsilonBytesPerModel: Double
    /// The tolerance as given: fixed, or automatic (each arm's ε is in `primary.epsilon`).
    package var tolerance: GrowthTolerance?
    /// The metric that decided the verdicts, and why.
    package var primaryChoice: MetricChoice?
    package var arms: [ArmAnalysis]
    package var positiveControl: ControlCheck?
    package var negativeControl: ControlCheck?
    /// True when SIGINT or SIGTERM stopped the run: the figures rest on the samples taken
    /// until then (`analysedSamples` per arm says how many).
    package var interrupted: Bool
    /// Growth per call site (`run --attribute`); absent otherwise.
    package var attribution: AttributionReport?

    package init(source: Source, config: RunConfig?, environment: RunEnvironment, analysis: RunAnalysis, interrupted: Bool = false) {
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
    package func json() throws -> Data {
        return try ReportJSON.encode(self)
    }
}
