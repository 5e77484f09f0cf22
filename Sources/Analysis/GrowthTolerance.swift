import Foundation
import GrowthAnalysis

/// How much growth per model counts: the ε of every verdict, fixed or derived from what
/// the run can resolve.
///
/// An exact loop (the reference loop, a single-threaded Python loop) reads a clean arm as
/// exactly [0, 0], so ε = 4 B/model — half the smallest region jemalloc hands out — can be
/// met and catches a leak of one region per model. A runtime's heap is noisy (JAX wanders
/// by ±100 KB between samples), and there no run of a few hundred iterations can bound its
/// slope within ±4 B: a fixed ε that small would leave every clean arm undecided. The
/// automatic tolerance is therefore the larger of the floor and twice the interval's half
/// width — the least rate this run resolves — capped at what the series' step noise alone
/// can feign over the window (a wide interval that is not noise, such as a leak bending
/// the series late, must not widen ε with it); and every report states the ε used and the
/// upper bound ("grows at most X B/model"), so that "does not grow" always says how much
/// at most.
///
/// ```swift
/// GrowthTolerance.automatic(floor: 4)           // the default
/// try GrowthTolerance(parsing: "1 MB per 1000 models")   // fixed: 1,000 B/model
/// ```
public struct GrowthTolerance: Codable, Sendable, Equatable, CustomStringConvertible {
    /// ε per model when fixed; the least ε when automatic.
    public var bytesPerModel: Double
    /// Whether ε grows with the noise of the series (see the type's discussion).
    public var isAutomatic: Bool

    public init(bytesPerModel: Double, isAutomatic: Bool) {
        self.bytesPerModel = bytesPerModel
        self.isAutomatic = isAutomatic
    }

    /// A fixed ε per model.
    public static func fixed(_ bytesPerModel: Double) -> GrowthTolerance { GrowthTolerance(bytesPerModel: bytesPerModel, isAutomatic: false) }

    /// ε = max(`floor`, `resolutionMultiple` × the interval's half width).
    public static func automatic(floor: Double = RunAnalysis.defaultEpsilon) -> GrowthTolerance {
        GrowthTolerance(bytesPerModel: floor, isAutomatic: true)
    }

    /// The default: automatic, never below 4 B/model.
    public static let standard = automatic()

    /// Half widths of the interval that make the automatic ε: with 2, a clean arm's
    /// estimate must stray beyond its own interval's width to read as anything but
    /// "does not grow", and a leak is GROWING once its rate is three half widths.
    public static let resolutionMultiple = 2.0

    /// The ε per model for one fit.
    ///
    /// Automatic: twice the interval's half width, but never more than what the series'
    /// noise alone can feign (`GrowthFit.noiseResolutionPerUnit`), and never below the
    /// floor. The cap matters where the interval is wide for another reason than noise: a
    /// leak that starts late in the window bends the series, its residuals around one line
    /// run in long stretches, the dependence correction widens the interval tenfold — and
    /// an ε following that width would call a 64 B/iteration leak CONSTANT. Its steps are
    /// as small as before the leak began, so the cap keeps ε at what the noise allows, and
    /// the arm is INCONCLUSIVE (or GROWING) instead.
    package func epsilon(for fit: GrowthFit) -> Double {
        guard isAutomatic else { return bytesPerModel }
        let resolution = min(Self.resolutionMultiple * fit.halfWidthPerUnit, fit.noiseResolutionPerUnit)
        return resolution.isFinite ? max(bytesPerModel, resolution) : bytesPerModel
    }

    /// The same tolerance in another unit (count metrics: nodes, name entries).
    func scaled(to bytesPerModel: Double) -> GrowthTolerance { GrowthTolerance(bytesPerModel: bytesPerModel, isAutomatic: isAutomatic) }

    public var description: String {
        isAutomatic ? "auto (at least \(Format.number(bytesPerModel)) B/model)" : "\(Format.number(bytesPerModel)) B/model"
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        public var description: String {
            switch self {
            case let .malformed(text):
                return "\"\(text)\" is not a tolerance: give bytes per model (\"4\", \"64 B\"), an amount per a number of models "
                    + "(\"1 MB per 1000 models\", \"1MiB/1000\"), or \"auto\" (at least 4 B/model, more where the run is noisy)"
            }
        }
    }

    /// Reads `auto`, `auto:8`, a number of bytes per model (`4`, `64 B`, `2KB`), or an amount
    /// per a number of models (`1 MB per 1000 models`, `1MiB/1000`). Units: B, KB, MB, GB
    /// (powers of 1,000) and KiB, MiB, GiB (powers of 1,024). The result must be finite,
    /// at least 0, and at most 1 GiB per model.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "auto" {
            self = .standard
            return
        }
        if trimmed.hasPrefix("auto:") {
            guard let floor = Self.bytes(String(trimmed.dropFirst(5))) else { throw .malformed(text) }
            self = .automatic(floor: floor)
            return
        }
        let parts = trimmed.replacingOccurrences(of: " per ", with: "/").split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let amount = Self.bytes(String(parts[0])) else { throw .malformed(text) }
        var models = 1.0
        if parts.count == 2 {
            var count = parts[1].trimmingCharacters(in: .whitespaces)
            for suffix in [" models", " model", "models", "model"] where count.hasSuffix(suffix) {
                count = String(count.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
                break
            }
            guard let value = Double(count.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")),
                value.isFinite, value >= 1
            else { throw .malformed(text) }
            models = value
        }
        let perModel = amount / models
        guard perModel.isFinite, perModel >= 0, perModel <= Self.largest else { throw .malformed(text) }
        self = .fixed(perModel)
    }

    /// Largest ε accepted: 1 GiB per model (beyond it no leak could ever fail a gate).
    public static let largest = 1_073_741_824.0

    private static let units: [(String, Double)] = [
        ("kib", 1_024), ("mib", 1_048_576), ("gib", 1_073_741_824), ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("b", 1),
    ]

    /// Bytes from "64", "64 B", "1.5 MiB"; nil when malformed.
    private static func bytes(_ text: String) -> Double? {
        var number = text.trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        for (suffix, factor) in units where number.hasSuffix(suffix) {
            number = String(number.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            scale = factor
            break
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," || $0 == "_" }),
            let value = Double(number.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")),
            value.isFinite, value >= 0
        else { return nil }
        return value * scale
    }
}
