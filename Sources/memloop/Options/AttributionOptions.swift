import ArgumentParser
import MemLoop
import Model

extension AttributionKind: ExpressibleByArgument {}

/// `run`'s attribution options: a profiled pass per building arm after the verdicts.
struct AttributionOptions: ParsableArguments {
    @Option(
        name: .customLong("attribute"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "After the verdicts, find where each building arm grows: `--attribute` (native: jemalloc heap profiles and jeprof) "
                + "and/or `--attribute python` (tracemalloc by source line, through the Python probe).",
            valueName: "kind"))
    var attribute: [AttributionKind] = []

    @Option(
        name: .customLong("attribute-lg-sample"),
        help: ArgumentHelp(
            "jemalloc samples an allocation every 2^N bytes on average (default: chosen for ~1,000 samples of the expected growth).", valueName: "N"))
    var lgSample: Int?

    @Option(
        name: .customLong("attribute-binary"),
        help: ArgumentHelp(
            "With a command: the executable whose symbols name native frames (default: read from the profile's own memory map).", valueName: "path"))
    var binary: String?

    /// The kinds asked for.
    var kinds: Set<AttributionKind> { Set(attribute) }

    /// The options as the run takes them.
    var settings: AttributionSettings { AttributionSettings(kinds: kinds, lgSample: lgSample, binary: binary) }

    /// `--attribute` alone means `--attribute native`. argument-parser has no option with
    /// an optional value, so a bare `--attribute` (followed by another option, `--`, or
    /// nothing) is given its value before parsing; nothing after `--` is touched.
    static func normalized(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            result.append(argument)
            if argument == "--" {
                result += arguments[(index + 1)...]
                break
            }
            if argument == "--attribute" {
                let next = index + 1 < arguments.count ? arguments[index + 1] : nil
                if next.map({ AttributionKind(rawValue: $0) == nil }) ?? true { result.append(AttributionKind.native.rawValue) }
            }
            index += 1
        }
        return result
    }

    func validate() throws {
        if let lgSample, !(0...30).contains(lgSample) { throw ValidationError("--attribute-lg-sample must be between 0 and 30, got \(lgSample)") }
        if attribute.isEmpty && (lgSample != nil || binary != nil) {
            throw ValidationError("--attribute-lg-sample and --attribute-binary apply with --attribute")
        }
    }
}
