import Analysis
import Foundation
import GrowthAnalysis
import Model

/// What `memloop calibrate` found: the smallest leak the gate detects every time, and
/// how often a clean run was called anything but CONSTANT.
package struct Calibration: Codable, Sendable, Equatable {
    package struct Step: Codable, Sendable, Equatable {
        /// Bytes leaked per iteration, as asked.
        package var leakBytes: Int
        /// What jemalloc really hands out for that request (its size class).
        package var allocatedBytes: Int?
        package var verdicts: [Verdict]
        package var bytesPerModel: [Double]

        package init(leakBytes: Int, allocatedBytes: Int?, verdicts: [Verdict], bytesPerModel: [Double]) {
            self.leakBytes = leakBytes
            self.allocatedBytes = allocatedBytes
            self.verdicts = verdicts
            self.bytesPerModel = bytesPerModel
        }

        package var detected: Bool { verdicts.allSatisfy { $0 == .growing } }
    }

    package var schemaVersion = 1
    package var scenario: String
    package var config: RunConfig
    package var epsilonBytesPerModel: Double
    /// The looks, when the calibrated verdict is `--until-decided`'s.
    package var untilDecided: LookSchedule?
    package var steps: [Step]
    package var cleanVerdicts: [Verdict]
    package var cleanBytesPerModel: [Double]

    package init(scenario: String, config: RunConfig, epsilonBytesPerModel: Double, steps: [Step], cleanVerdicts: [Verdict], cleanBytesPerModel: [Double]) {
        self.scenario = scenario
        self.config = config
        self.epsilonBytesPerModel = epsilonBytesPerModel
        self.steps = steps
        self.cleanVerdicts = cleanVerdicts
        self.cleanBytesPerModel = cleanBytesPerModel
    }

    /// Smallest injected leak detected in every repeat.
    package var detectionLimit: Int? { steps.filter(\.detected).map(\.leakBytes).min() }
    /// Clean runs called GROWING.
    package var falsePositives: Int { cleanVerdicts.filter { $0 == .growing }.count }
    /// Clean runs called INCONCLUSIVE.
    package var inconclusiveCleanRuns: Int { cleanVerdicts.filter { $0 == .inconclusive }.count }

    package var markdown: String {
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

    package func json() throws -> Data {
        return try ReportJSON.encode(self)
    }
}
