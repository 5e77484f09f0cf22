import Foundation
import Harness

/// The committed figures a gate compares with: `Reports/baselines/<scenario>.json`.
/// Small and readable on purpose: bytes per model of each arm for the exact metrics,
/// and the versions they were taken with.
public struct Baseline: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    /// Metrics a baseline records: the exact ones. `resident` and `mapped` lag frees and
    /// move with the machine, so they are reported but never gated.
    public static let gatedMetrics: [Metric] = [.liveBytes, .allocated, .arenaUsedBytes, .arenaReservedBytes]

    public var schemaVersion: Int
    public var scenario: String
    /// The reference loop's configuration (absent for an outside loop).
    public var config: RunConfig?
    /// The outside loop's settings (absent for the reference loop).
    public var loop: OutsideLoop?
    public var swiftVersion: String
    public var jemallocVersion: String?
    public var epsilonBytesPerModel: Double
    /// arm → metric → bytes per model.
    public var arms: [String: [String: Double]]

    public init(scenario: String, summary: RunSummary) {
        schemaVersion = Self.currentSchemaVersion
        self.scenario = scenario
        config = summary.config
        loop = summary.loop
        swiftVersion = summary.environment.swiftVersion
        jemallocVersion = summary.environment.jemallocVersion
        epsilonBytesPerModel = summary.epsilonBytesPerModel
        var arms: [String: [String: Double]] = [:]
        for arm in summary.arms {
            for metric in Self.gatedMetrics {
                if let fit = arm.fit(metric), fit.perModel.isFinite {
                    arms[arm.arm, default: [:]][metric.rawValue] = (fit.perModel * 100).rounded() / 100
                }
            }
        }
        self.arms = arms
    }

    public func value(arm: String, metric: Metric) -> Double? { arms[arm]?[metric.rawValue] }

    /// How this baseline's loop differs from the run's: figures taken on another loop
    /// cannot be compared (empty when they match).
    public func differences(from summary: RunSummary) -> [String] {
        var differences: [String] = []
        var comparable = summary.config
        comparable?.injectLeakBytes = 0  // a leak injected on purpose is not another loop
        if let config, let now = comparable, config != now {
            differences.append("the run's configuration differs from the baseline's (iterations \(now.iterations) vs \(config.iterations), "
                + "warm-up \(now.warmUp) vs \(config.warmUp), layers \(now.layers) vs \(config.layers), models/iteration \(now.modelsPerIteration) vs \(config.modelsPerIteration))")
        }
        if (config == nil) != (summary.config == nil) { differences.append("the baseline is of \(config == nil ? "an outside" : "the reference") loop, the run is not") }
        if let loop, let now = summary.loop, loop != now {
            differences.append("the loop differs from the baseline's (`\(now.displayCommand)`, \(now.warmUp)+\(now.iterations) iterations vs `\(loop.displayCommand)`, \(loop.warmUp)+\(loop.iterations))")
        }
        if epsilonBytesPerModel != summary.epsilonBytesPerModel {
            differences.append("ε is \(summary.epsilonBytesPerModel) B/model, the baseline's \(epsilonBytesPerModel)")
        }
        return differences
    }

    /// Says so when the baseline was taken with another Swift or jemalloc than this run:
    /// figures may then move for reasons that are not the code's.
    public func versionMismatch(with environment: RunEnvironment) -> String? {
        var differences: [String] = []
        if swiftVersion != environment.swiftVersion { differences.append("Swift \(swiftVersion) (now \(environment.swiftVersion))") }
        if let old = jemallocVersion, let new = environment.jemallocVersion, old != new {
            differences.append("jemalloc \(old) (now \(new))")
        }
        guard !differences.isEmpty else { return nil }
        return "the \(scenario) baseline was taken with " + differences.joined(separator: " and ")
            + "; if figures moved for that reason, refresh it with --update-baseline"
    }

    /// Why a baseline cannot be used, with what to do about it.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "baseline \(path): \(reason)" }
    }

    /// Reads and checks a baseline file.
    public static func load(_ url: URL, scenario: String) throws(LoadError) -> Baseline {
        let hint = "create it with `memloop gate --scenario \(scenario) --update-baseline`"
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LoadError(path: url.path, reason: "missing; \(hint)")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LoadError(path: url.path, reason: "unreadable (\(error.localizedDescription)); \(hint)")
        }
        guard !data.isEmpty else { throw LoadError(path: url.path, reason: "empty; \(hint)") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw LoadError(path: url.path, reason: "not a JSON object; restore it from git or \(hint)")
        }
        guard let version = object["schemaVersion"] as? Int, version == currentSchemaVersion else {
            throw LoadError(path: url.path, reason: "schema version \(object["schemaVersion"].map { "\($0)" } ?? "absent"), expected \(currentSchemaVersion); \(hint)")
        }
        do {
            let baseline = try JSONDecoder().decode(Baseline.self, from: data)
            guard baseline.scenario == scenario else {
                throw LoadError(path: url.path, reason: "it is the baseline of scenario \"\(baseline.scenario)\", not \"\(scenario)\"")
            }
            return baseline
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(path: url.path, reason: "malformed (\(error)); \(hint)")
        }
    }

    public func json() throws -> Data {
        return try ReportJSON.encode(self)
    }
}
