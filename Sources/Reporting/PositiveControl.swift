import Foundation

/// The check that the measurement works at all: without `clearSession()` the graph
/// must grow, and the allocator must see it grow by about what the census says it holds.
/// A run whose `noclear` arm does not grow has a broken measurement, not a clean loop.
public struct PositiveControl: Codable, Sendable, Equatable {
    public var passed: Bool
    public var arm: String
    public var measuredBytesPerModel: Double
    public var censusBytesPerModel: Double?
    /// Measured ÷ census reserved bytes per model.
    public var ratio: Double?
    public var message: String

    /// The accepted band for measured ÷ census: chunk granularity and array headers
    /// make the allocator see a little more than the records hold.
    public static let acceptedRatio = 0.75...1.5

    static func evaluate(_ arm: ArmAnalysis) -> PositiveControl {
        let measured = arm.primary.bytesPerModel
        guard arm.verdict == .growing else {
            var message = "the \(arm.arm) arm is \(arm.verdict.rawValue), not GROWING: the measurement cannot see "
                + "the graph grow, so its verdicts cannot be trusted"
            if let used = arm.attribution.censusUsedBytesPerModel, used > 0 {
                // The arenas take memory a chunk at a time: a run too short to fill a few
                // chunks shows the allocator a flat line with one or two steps.
                let total = used * Double(arm.analysedSamples) * arm.modelsPerIteration
                message += String(
                    format: ". The census does grow (%.0f B/model, %.0f B over the analysed run), but the allocator sees "
                        + "the graph grow one arena chunk at a time: run more --iterations or --models-per-iteration",
                    used, total
                )
            }
            return PositiveControl(
                passed: false, arm: arm.arm, measuredBytesPerModel: measured,
                censusBytesPerModel: arm.attribution.censusReservedBytesPerModel, ratio: nil, message: message
            )
        }
        guard let census = arm.attribution.censusReservedBytesPerModel, census > 0 else {
            return PositiveControl(
                passed: true, arm: arm.arm, measuredBytesPerModel: measured, censusBytesPerModel: nil, ratio: nil,
                message: "the \(arm.arm) arm is GROWING (no census columns to compare with)"
            )
        }
        let ratio = measured / census
        let passed = acceptedRatio.contains(ratio)
        return PositiveControl(
            passed: passed, arm: arm.arm, measuredBytesPerModel: measured, censusBytesPerModel: census, ratio: ratio,
            message: passed
                ? "the \(arm.arm) arm grows by \(Format.bytes(measured))/model; the census predicts \(Format.bytes(census))/model (ratio \(Format.ratio(ratio)))"
                : "the \(arm.arm) arm grows by \(Format.bytes(measured))/model but the census predicts \(Format.bytes(census))/model "
                    + "(ratio \(Format.ratio(ratio)), outside \(acceptedRatio.lowerBound)–\(acceptedRatio.upperBound)): the measurement is off"
        )
    }
}
