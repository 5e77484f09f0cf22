import Analysis
import Foundation
import Model

/// A scenarios file a project commits (`memloop.json` at its root, or `--scenarios FILE`):
/// its own loops, gated like the built-in ones.
///
/// ```json
/// { "scenarios": [
///     { "name": "keras-built", "command": "python3 loops/seed.py --model built",
///       "iterations": 100, "warmUp": 50, "epsilon": 4, "primary": "allocated",
///       "armTimeoutSeconds": 600, "tolerance": "relaxed", "sampleEvery": "auto" } ] }
/// ```
/// `command` is a shell command line (run through `/bin/sh -c`) or a list of arguments.
/// Only `name` and `command` are required; unknown keys are refused so a typo cannot
/// silently fall back to a default.
package enum ScenariosFile {
    /// The file the gate reads when `--scenarios` is not given and it exists.
    package static let defaultName = "memloop.json"

    static let keys: Set<String> = [
        "name", "summary", "command", "iterations", "warmUp", "epsilon", "primary", "armTimeoutSeconds", "tolerance",
        "untilDecided", "firstLook", "maxIterations", "sampleEvery",
    ]

    /// Why a scenarios file cannot be used.
    package struct LoadError: Error, Sendable, CustomStringConvertible {
        package let path: String
        package let reason: String
        package var description: String { "scenarios file \(path): \(reason)" }
    }

    /// Reads and checks every scenario of the file.
    package static func load(_ url: URL) throws(LoadError) -> [GateScenario] {
        func fail(_ reason: String) -> LoadError { LoadError(path: url.path, reason: reason) }
        let data: Data
        do { data = try RegularFile.read(url.path, limit: RegularFile.settingsLimit) } catch { throw fail(error.reason) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("not a JSON object; expected {\"scenarios\": [{\"name\": …, \"command\": …}]}")
        }
        guard let entries = root["scenarios"] as? [Any], !entries.isEmpty else {
            throw fail("needs a non-empty \"scenarios\" list")
        }
        var scenarios: [GateScenario] = []
        for (position, entry) in entries.enumerated() {
            guard let object = entry as? [String: Any] else { throw fail("scenario \(position + 1) is not an object") }
            let scenario = try parse(object, position: position + 1, fail: fail)
            if scenarios.contains(where: { $0.name == scenario.name }) { throw fail("scenario \"\(scenario.name)\" appears twice") }
            if GateScenario.builtIn.contains(where: { $0.name == scenario.name }) {
                throw fail("scenario \"\(scenario.name)\" has the name of a built-in scenario; choose another")
            }
            scenarios.append(scenario)
        }
        return scenarios
    }

    private static func parse(_ object: [String: Any], position: Int, fail: (String) -> LoadError) throws(LoadError) -> GateScenario {
        let unknown = Set(object.keys).subtracting(keys)
        guard unknown.isEmpty else {
            throw fail("scenario \(position): unknown key(s) \(unknown.sorted().joined(separator: ", ")); known: \(keys.sorted().joined(separator: ", "))")
        }
        guard let name = object["name"] as? String else {
            throw fail("scenario \(position): \"name\" is missing or not a string; every scenario needs a name (it names a folder and a baseline)")
        }
        if let problem = GateScenario.nameProblem(name) { throw fail("scenario \(position): \(problem)") }
        let entry: Entry
        do {
            entry = try JSONDecoder().decode(Entry.self, from: JSONSerialization.data(withJSONObject: object))
        } catch let error as DecodingError {
            throw fail("scenario \"\(name)\": \(describe(error, in: object))")
        } catch {
            throw fail("scenario \"\(name)\": cannot be read (\(error.localizedDescription))")
        }
        var loop: OutsideLoop
        switch entry.command {
        case let .line(command) where !command.trimmingCharacters(in: .whitespaces).isEmpty:
            loop = OutsideLoop(shellCommand: command)
        case let .arguments(arguments) where !arguments.isEmpty && !arguments[0].isEmpty:
            loop = OutsideLoop(arguments: arguments)
        default:
            throw fail("scenario \"\(name)\": \"command\" must be a command line or a non-empty list of arguments")
        }
        loop.iterations = entry.iterations?.value ?? loop.iterations
        loop.warmUp = entry.warmUp?.value ?? loop.warmUp
        loop.armTimeoutSeconds = entry.armTimeoutSeconds
        switch entry.sampleEvery {
        case nil: break
        case let .number(value):
            guard value >= 1, value == value.rounded(), value <= Double(Int32.max) else {
                throw fail("scenario \"\(name)\": \"sampleEvery\" must be \"auto\" or a whole number of at least 1, got \(value)")
            }
            loop.sampleSpacing = .every(Int(value))
        case let .text(text):
            guard let spacing = SampleSpacing(argument: text) else {
                throw fail("scenario \"\(name)\": \"sampleEvery\" must be \"auto\" or a whole number of at least 1, got \"\(text)\"")
            }
            loop.sampleSpacing = spacing
        }
        let problems = loop.problems()
        guard problems.isEmpty else { throw fail("scenario \"\(name)\": \(problems.joined(separator: "; "))") }
        var epsilon: GrowthTolerance?
        switch entry.epsilon {
        case nil: break
        case let .number(value):
            guard value >= 0 && value <= GrowthTolerance.largest else {
                throw fail(
                    "scenario \"\(name)\": \"epsilon\" must be from 0 to \(Format.number(GrowthTolerance.largest, decimals: 0)) bytes per model, got \(value)")
            }
            epsilon = .fixed(value)
        case let .text(text):
            do { epsilon = try GrowthTolerance(parsing: text) } catch { throw fail("scenario \"\(name)\": \"epsilon\": \(error.description)") }
        }
        var primary: Metric?
        if let text = entry.primary {
            // An allocator reading, or a metric of the loop's own (its samples must have it).
            guard let metric = Metric(rawValue: text), metric.isAllocatorReading || metric.isUser else {
                throw fail(
                    "scenario \"\(name)\": \"primary\" must be one of \(Metric.builtIns.filter(\.isAllocatorReading).map(\.rawValue).joined(separator: ", ")) "
                        + "or a column of the loop's own (e.g. device_bytes)")
            }
            primary = metric
        }
        var tolerance: GateThresholds?
        if let text = entry.tolerance {
            guard let preset = GateThresholds.preset(named: text) else {
                throw fail("scenario \"\(name)\": \"tolerance\" must be strict, default or relaxed")
            }
            tolerance = preset
        }
        var schedule: LookSchedule?
        if entry.untilDecided == true {
            let standard = LookSchedule.standard
            let chosen = LookSchedule(
                firstLook: entry.firstLook?.value ?? standard.firstLook, maxIterations: entry.maxIterations?.value ?? standard.maxIterations)
            let scheduleProblems = chosen.problems()
            guard scheduleProblems.isEmpty else { throw fail("scenario \"\(name)\": \(scheduleProblems.joined(separator: "; "))") }
            schedule = chosen
        } else if entry.firstLook != nil || entry.maxIterations != nil {
            throw fail("scenario \"\(name)\": firstLook and maxIterations apply with \"untilDecided\": true")
        }
        let summary = entry.summary ?? loop.displayCommand
        var scenario = GateScenario(name: name, summary: summary, loop: .outside(loop), epsilon: epsilon, primary: primary, tolerance: tolerance)
        scenario.schedule = schedule
        return scenario
    }

    /// What is wrong with a key, in the file's own terms: the key, what it must be, and
    /// what the file gives — never the decoder's own wording.
    private static func describe(_ error: DecodingError, in object: [String: Any]) -> String {
        func key(_ path: [any CodingKey]) -> String { path.first?.stringValue ?? "?" }
        func expected(_ key: String) -> String {
            switch key {
            case "command": return "a command line or a non-empty list of arguments (strings)"
            case "iterations", "warmUp", "firstLook", "maxIterations": return "a whole number"
            case "armTimeoutSeconds": return "a number of seconds"
            case "epsilon": return "a number of bytes per model or a text such as \"1 MB per 1000 models\""
            case "sampleEvery": return "\"auto\" or a whole number of at least 1"
            case "untilDecided": return "true or false"
            default: return "a string"
            }
        }
        func given(_ key: String) -> String {
            switch object[key] {
            case nil, is NSNull: return "null"
            case let value as String: return "the string \"\(value)\""
            case let value as Bool: return value ? "true" : "false"
            case let value as NSNumber: return "\(value)"
            case is [Any]: return "a list"
            default: return "an object"
            }
        }
        switch error {
        case let .keyNotFound(missing, _):
            return "\"\(missing.stringValue)\" is missing; give \(expected(missing.stringValue))"
        case let .valueNotFound(_, context), let .typeMismatch(_, context):
            let name = key(context.codingPath)
            return "\"\(name)\" has the wrong type: it must be \(expected(name)), got \(given(name))"
        case let .dataCorrupted(context):
            let name = key(context.codingPath)
            if context.debugDescription == WholeNumber.outOfRange {
                return "\"\(name)\" is \(given(name)), out of range: counts here are from 0 to \(RunConfig.maximumSamples)"
            }
            return "\"\(name)\" must be \(expected(name)), got \(given(name))"
        @unknown default:
            return "cannot be read (\(error.localizedDescription))"
        }
    }

    /// A whole number however JSON writes it (`100`, `1e3`); a fraction, or a value no
    /// `Int` holds, is refused as such (not as "not valid JSON", the decoder's own word).
    private struct WholeNumber: Decodable {
        static let outOfRange = "beyond any count"
        var value: Int
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let number = try container.decode(Double.self)
            guard number == number.rounded() else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a whole number")
            }
            // 2^63 itself does not fit; every whole Double below it does, exactly.
            guard abs(number) < 0x1p63 else { throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.outOfRange) }
            value = Int(number)
        }
    }

    /// One scenario as written; types are checked by the decoder.
    private struct Entry: Decodable {
        enum Command: Decodable {
            case line(String)
            case arguments([String])
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let line = try? container.decode(String.self) { self = .line(line) } else { self = .arguments(try container.decode([String].self)) }
            }
        }
        /// A number (bytes per model, or k of `sampleEvery`) or text: "auto", "1 MB per 1000 models".
        enum Epsilon: Decodable {
            case number(Double)
            case text(String)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
            }
        }
        var summary: String?
        var command: Command
        var iterations: WholeNumber?
        var warmUp: WholeNumber?
        var epsilon: Epsilon?
        var primary: String?
        var armTimeoutSeconds: Double?
        var tolerance: String?
        var untilDecided: Bool?
        var firstLook: WholeNumber?
        var maxIterations: WholeNumber?
        /// "auto", or k as a number or text.
        var sampleEvery: Epsilon?
    }
}
