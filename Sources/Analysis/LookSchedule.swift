import Foundation
import GrowthAnalysis
import Model

/// `--until-decided`: look at the data after 20, 40, 80, … measured iterations, up to a
/// maximum, and stop an arm as soon as its growth is established (see `isDecided`); an
/// arm that does not grow runs to the maximum, where its verdict is final.
///
/// Looking several times and stopping at the first decided verdict would inflate the
/// false-positive rate if every look used the 95% interval. Look k (from 0) instead uses
/// an interval that misses with probability α·2^−(k+1), α = 0.05: the looks' miss
/// probabilities add up to less than α whatever the dependence between them (Bonferroni
/// over a halving alpha-spending schedule), so the family's error stays within 5% and the
/// verdict keeps its distribution-free Theil–Sen interval. The price is wider intervals
/// at later looks: 97.5%, 98.75%, 99.375%, …
public struct LookSchedule: Codable, Sendable, Equatable {
    /// Measured iterations at the first look.
    public var firstLook: Int
    /// Measured iterations at the last look, however undecided.
    public var maxIterations: Int

    /// The family's miss probability, spent over the looks.
    public static let familyAlpha = 0.05

    /// The schedule `--until-decided` follows unless told otherwise: 20, 40, … up to 1280 iterations.
    public static let standard = LookSchedule()

    public init(firstLook: Int = 20, maxIterations: Int = 1_280) {
        self.firstLook = firstLook
        self.maxIterations = maxIterations
    }

    /// Measured iterations at each look: doubling from `firstLook`, ending at `maxIterations`.
    public var looks: [Int] {
        guard firstLook > 0, maxIterations >= firstLook else { return [max(maxIterations, 1)] }
        var looks: [Int] = []
        var next = firstLook
        while next < maxIterations {
            looks.append(next)
            next = next > maxIterations / 2 ? maxIterations : next * 2
        }
        looks.append(maxIterations)
        return looks
    }

    /// The miss probability of look `k` (from 0).
    public func alpha(look k: Int) -> Double { Self.familyAlpha * pow(0.5, Double(k + 1)) }

    /// What is wrong with the schedule, if anything.
    package func problems(naming: SettingNaming = .property) -> [String] {
        var problems: [String] = []
        let first = naming.name("firstLook"), most = naming.name("maxIterations")
        let least = GrowthFit.minimumPoints
        if firstLook < least { problems.append("\(first) must be at least \(least) (the analysis needs \(least) samples), got \(firstLook)") }
        if maxIterations < firstLook { problems.append("\(most) (\(maxIterations)) must be at least \(first) (\(firstLook))") }
        if maxIterations > RunConfig.maximumSamples {
            problems.append("\(most) must be at most \(RunConfig.maximumSamples) (each look's samples are reserved up front), got \(maxIterations)")
        }
        return problems
    }

    /// Whether an arm may stop at this look, before the last.
    ///
    /// Only growth stops an arm early, and only growth that held over a window four times
    /// as long as the one that first showed it: GROWING at this look and at the
    /// `agreeingLooks − 1` looks before it. A cache that fills up reads GROWING, and
    /// steady, for as long as it fills; two agreeing looks would stop one that fills for 40
    /// iterations at the 40-iteration look as a steady leak, where a fixed run of 100 sees
    /// it slow. At the third look the window is long enough to show it slowing: the arm
    /// stops there as GROWING (SLOWING, with each half's rate) — the answer a fixed run of
    /// that length gives (see `RunAnalysis`) — unless the cache fills for as long as that
    /// window. "Does not grow" never stops an arm early: a leak that starts after the
    /// warm-up is flat at the first looks, so only the last look — the longest window —
    /// may say that the loop does not grow. For the reference loop's `noclear` arm the
    /// positive control must pass as well (a short run may see the arena grow one chunk at
    /// a time, which is GROWING at the wrong rate).
    /// - Parameters:
    ///   - growingLooksBefore: how many looks in a row, just before this one, read the arm
    ///     as GROWING.
    package static func isDecided(_ arm: ArmAnalysis, growingLooksBefore: Int) -> Bool {
        guard arm.verdict == .growing, growingLooksBefore >= agreeingLooks - 1 else { return false }
        if arm.role == .noclear, arm.attribution.censusReservedBytesPerModel != nil {
            return ControlArmCheck.positive(arm).passed
        }
        return true
    }

    /// Successive looks that must read GROWING before an arm stops early.
    public static let agreeingLooks = 3

}
