import Analysis
import Foundation
import Model
import Reports

/// The committed figures a gate compares with: `Reports/baselines/<scenario>.json`.
/// Small and readable on purpose: bytes per model of each arm for the exact metrics,
/// and the versions they were taken with.
package struct Baseline: Codable, Sendable, Equatable {
    package static let currentSchemaVersion = 1
    /// Built-in metrics a baseline records: the exact ones. `resident` and `mapped` lag
    /// frees and move with the machine, so they are reported but never gated.
    package static let gatedMetrics: [Metric] = [.liveBytes, .allocated, .arenaUsedBytes, .arenaReservedBytes]

    /// Whether a baseline records the metric: a gated built-in, or any metric of the loop's
    /// own (the loop reports it to be held to it, as `allocated` is).
    package static func isGated(_ metric: Metric) -> Bool { metric.isUser || gatedMetrics.contains(metric) }

    /// The gated metrics this baseline holds for an arm, in `Metric` order (built-ins
    /// first); names that are no gated metric are left out (`baseline-matches` names them).
    package func metrics(arm: String) -> [Metric] {
        (arms[arm]?.keys).map { $0.compactMap { Metric(rawValue: $0) }.filter(Self.isGated).sorted() } ?? []
    }

    package var schemaVersion: Int
    package var scenario: String
    /// The reference loop's configuration (absent for an outside loop).
    package var config: RunConfig?
    /// The outside loop's settings (absent for the reference loop).
    package var loop: OutsideLoop?
    package var swiftVersion: String
    package var jemallocVersion: String?
    package var epsilonBytesPerModel: Double
    /// arm → metric → bytes per model.
    package var arms: [String: [String: Double]]

    package init(scenario: String, summary: RunSummary) {
        schemaVersion = Self.currentSchemaVersion
        self.scenario = scenario
        config = summary.config
        loop = summary.loop
        swiftVersion = summary.environment.swiftVersion
        jemallocVersion = summary.environment.jemallocVersion
        epsilonBytesPerModel = summary.epsilonBytesPerModel
        var arms: [String: [String: Double]] = [:]
        for arm in summary.arms {
            for metric in arm.metrics.map(\.metric) where Self.isGated(metric) {
                if let fit = arm.fit(metric), fit.perModel.isFinite {
                    arms[arm.arm, default: [:]][metric.rawValue] = (fit.perModel * 100).rounded() / 100
                }
            }
        }
        self.arms = arms
    }

    package func value(arm: String, metric: Metric) -> Double? { arms[arm]?[metric.rawValue] }

    /// How this baseline's loop differs from the run's: figures taken on another loop
    /// cannot be compared (empty when they match).
    package func differences(from summary: RunSummary) -> [String] {
        var differences: [String] = []
        var comparable = summary.config
        comparable?.injectLeakBytes = 0  // a leak injected on purpose is not another loop
        var loop = self.loop
        if summary.untilDecided != nil {
            // Each arm ran as long as it took to decide: the length is not the loop's.
            comparable?.iterations = config?.iterations ?? 0
            loop?.iterations = summary.loop?.iterations ?? 0
        }
        if let config, let now = comparable, config != now {
            differences.append(
                "the run's configuration differs from the baseline's (iterations \(now.iterations) vs \(config.iterations), "
                    + "warm-up \(now.warmUp) vs \(config.warmUp), layers \(now.layers) vs \(config.layers), models/iteration \(now.modelsPerIteration) vs \(config.modelsPerIteration))"
            )
        }
        if (config == nil) != (summary.config == nil) {
            differences.append("the baseline is of \(config == nil ? "an outside" : "the reference") loop, the run is not")
        }
        if let loop, let now = summary.loop, loop != now {
            differences.append(
                "the loop differs from the baseline's (`\(now.displayCommand)`, \(now.warmUp)+\(now.iterations) iterations vs `\(loop.displayCommand)`, \(loop.warmUp)+\(loop.iterations))"
            )
        }
        if epsilonBytesPerModel != summary.epsilonBytesPerModel {
            differences.append("ε is \(summary.epsilonBytesPerModel) B/model, the baseline's \(epsilonBytesPerModel)")
        }
        return differences
    }

    /// Says so when the baseline was taken with another Swift or jemalloc than this run:
    /// figures may then move for reasons that are not the code's.
    package func versionMismatch(with environment: RunEnvironment) -> String? {
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
    package struct LoadError: Error, Sendable, CustomStringConvertible {
        package let path: String
        package let reason: String
        /// No file at all (not one that is there and wrong): the gate's absolute rules can
        /// still run, and only the baseline rules wait for one.
        package var isMissing = false
        package var description: String { "baseline \(path): \(reason)" }
    }

    /// Reads and checks a baseline file.
    ///
    /// The file's type is checked before it is opened, and it is opened non-blocking and
    /// checked again, so a FIFO or a device where the baseline should be is refused
    /// instead of blocking the gate forever; a folder, bytes that are not UTF-8, JSON that
    /// is not an object, and a schema version of the wrong type each get a message of
    /// their own that says what was found.
    package static func load(_ url: URL, scenario: String) throws(LoadError) -> Baseline {
        let hint = "create it with `memloop gate --scenario \(scenario) --update-baseline`"
        func refuse(_ reason: String) -> LoadError { LoadError(path: url.path, reason: reason) }
        let data: Data
        do { data = try RegularFile.read(url.path, limit: RegularFile.settingsLimit) } catch {
            switch error {
            case .missing:
                var error = refuse("missing; \(hint)")
                error.isMissing = true
                throw error
            case .folder: throw refuse("it is a folder, not a baseline file; remove it or \(hint)")
            case .notRegular: throw refuse("not a regular file (a FIFO, socket or device); a baseline is a JSON file: \(hint)")
            case let .tooLarge(bytes, _): throw refuse("\(bytes) bytes, far too large for a baseline (a few hundred bytes); restore it from git or \(hint)")
            case .unreadable: throw refuse("\(error.reason); \(hint)")
            }
        }
        guard !data.isEmpty else { throw refuse("empty; \(hint)") }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw refuse("not UTF-8 text, so not a JSON baseline; restore it from git or \(hint)")
        }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw refuse("not a JSON object: the text is not valid JSON; restore it from git or \(hint)")
        }
        guard let object = parsed as? [String: Any] else {
            throw refuse("not a JSON object (found \(parsed is [Any] ? "an array" : "a single value")); restore it from git or \(hint)")
        }
        /// The schemaVersion as JSON typed it: JSONSerialization turns 1, 1.0 and true
        /// alike into NSNumber, while JSONDecoder keeps numbers, strings and booleans apart.
        enum Scalar: Decodable {
            case integer(Int), string(String), boolean(Bool), number(Double), other
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let value = try? container.decode(Int.self) {
                    self = .integer(value)
                } else if let value = try? container.decode(Double.self) {
                    self = .number(value)
                } else if let value = try? container.decode(String.self) {
                    self = .string(value)
                } else if let value = try? container.decode(Bool.self) {
                    self = .boolean(value)
                } else {
                    self = .other
                }
            }
        }
        struct Probe: Decodable { var schemaVersion: Scalar? }
        guard object["schemaVersion"] != nil, !(object["schemaVersion"] is NSNull) else {
            throw refuse("it has no schemaVersion, expected \(currentSchemaVersion); \(hint)")
        }
        switch (try? JSONDecoder().decode(Probe.self, from: data))?.schemaVersion ?? .other {
        case .integer(currentSchemaVersion): break
        case let .integer(found): throw refuse("schema version \(found), expected \(currentSchemaVersion); \(hint)")
        case let .string(text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            throw refuse("schemaVersion must be the number \(currentSchemaVersion), found the string \"\(shown)\"; \(hint)")
        case let .boolean(flag): throw refuse("schemaVersion must be the number \(currentSchemaVersion), found \(flag); \(hint)")
        case let .number(value): throw refuse("schemaVersion must be the whole number \(currentSchemaVersion), found \(value); \(hint)")
        case .other: throw refuse("schemaVersion must be the number \(currentSchemaVersion), found an array or object; \(hint)")
        }
        do {
            let baseline = try JSONDecoder().decode(Baseline.self, from: data)
            guard baseline.scenario == scenario else {
                throw refuse("it is the baseline of scenario \"\(baseline.scenario)\", not \"\(scenario)\"")
            }
            return baseline
        } catch let error as LoadError {
            throw error
        } catch {
            throw refuse("malformed (\(error)); \(hint)")
        }
    }

    package func json() throws -> Data {
        return try ReportJSON.encode(self)
    }
}
