import Analysis
import Foundation
import GrowthAnalysis
import Model

/// What `memloop calibrate` found: the smallest leak the gate detects every time, and
/// how often a clean run was called anything but CONSTANT.
public struct Calibration: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        /// Bytes leaked per iteration, as asked.
        public var leakBytes: Int
        /// What jemalloc really hands out for that request (its size class).
        public var allocatedBytes: Int?
        public var verdicts: [Verdict]
        public var bytesPerModel: [Double]

        public init(leakBytes: Int, allocatedBytes: Int?, verdicts: [Verdict], bytesPerModel: [Double]) {
            self.leakBytes = leakBytes
            self.allocatedBytes = allocatedBytes
            self.verdicts = verdicts
            self.bytesPerModel = bytesPerModel
        }

        public var detected: Bool { verdicts.allSatisfy { $0 == .growing } }
    }

    public var schemaVersion = 1
    public var scenario: String
    public var config: RunConfig
    public var epsilonBytesPerModel: Double
    /// The looks, when the calibrated verdict is `--until-decided`'s.
    public var untilDecided: LookSchedule?
    public var steps: [Step]
    public var cleanVerdicts: [Verdict]
    public var cleanBytesPerModel: [Double]

    public init(scenario: String, config: RunConfig, epsilonBytesPerModel: Double, steps: [Step], cleanVerdicts: [Verdict], cleanBytesPerModel: [Double]) {
        self.scenario = scenario
        self.config = config
        self.epsilonBytesPerModel = epsilonBytesPerModel
        self.steps = steps
        self.cleanVerdicts = cleanVerdicts
        self.cleanBytesPerModel = cleanBytesPerModel
    }

    /// Smallest injected leak detected in every repeat.
    public var detectionLimit: Int? { steps.filter(\.detected).map(\.leakBytes).min() }
    /// Clean runs called GROWING.
    public var falsePositives: Int { cleanVerdicts.filter { $0 == .growing }.count }
    /// Clean runs called INCONCLUSIVE.
    public var inconclusiveCleanRuns: Int { cleanVerdicts.filter { $0 == .inconclusive }.count }

    public var markdown: String {
        var lines = [
            "## MemLoop calibration: scenario \(scenario), ε = \(Format.number(epsilonBytesPerModel)) B/model, \(untilDecided.map { "until decided (looks at \($0.looks.map(String.init).joined(separator: ", ")) iterations)" } ?? "\(config.iterations) iterations")",
            "",
        ]
        lines.append("| leak (B/iteration) | jemalloc size | verdicts | measured B/model | detected |")
        lines.append("|---|---|---|---|---|")
        for step in steps {
            lines.append(
                "| \(step.leakBytes) | \(step.allocatedBytes.map(String.init) ?? "?") | \(step.verdicts.map(\.rawValue).joined(separator: ", ")) | "
                    + "\(step.bytesPerModel.map { Format.number($0) }.joined(separator: ", ")) | \(step.detected ? "yes" : "no") |")
        }
        lines.append("")
        lines.append("Detection limit: \(detectionLimit.map { "\($0) B/iteration" } ?? "none of the sizes tried").")
        lines.append(
            "Clean runs: \(cleanVerdicts.count), false positives (GROWING): \(falsePositives), inconclusive: \(inconclusiveCleanRuns); "
                + "largest |bytes/model| \(Format.number(cleanBytesPerModel.map(abs).max() ?? .nan)).")
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() throws -> Data {
        return try ReportJSON.encode(self)
    }
}
