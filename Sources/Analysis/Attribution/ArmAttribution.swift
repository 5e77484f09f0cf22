import Foundation
import Model

/// Where one arm's memory grew: the sites of the difference between a profile taken at
/// the end of the warm-up and one taken at the end of the measured loop, per iteration.
package struct ArmAttribution: Codable, Sendable, Equatable {
    /// How the sites were found.
    package enum Method: String, Codable, Sendable {
        /// jemalloc heap profiles (`prof.dump`), diffed with `jeprof --base`.
        case heapProfile = "jemalloc-heap-profile"
        /// Python's `tracemalloc` snapshots, compared by source line.
        case tracemalloc
    }

    package var arm: String
    package var method: Method
    /// Measured iterations between the two profiles.
    package var iterations: Int
    /// jemalloc samples an allocation about every 2^lgSample bytes (heap profiles only).
    package var lgSample: Int?
    /// The unprofiled run's slope on its primary metric, bytes per iteration: what the
    /// verdict rests on.
    package var unprofiledBytesPerIteration: Double
    /// The same slope in the profiled pass, which may differ (sampling costs memory too).
    package var profiledBytesPerIteration: Double?
    /// All stacks of the profile difference together, bytes per iteration.
    package var profileBytesPerIteration: Double
    /// Sites above the noise together, over the unprofiled slope (`nil` when the slope is
    /// not above the noise: there is nothing to explain).
    package var explainedShare: Double?
    /// Sites whose |bytes per iteration| is below this are not listed: max(ε × models per
    /// iteration, 3 × 2^lgSample / iterations) — a site must be more than three sampling
    /// intervals over the whole window.
    package var noiseBytesPerIteration: Double
    /// Sampled allocations behind the profile's growth (growth ÷ 2^lgSample); the estimate's
    /// relative standard error is about 1/√samples for objects smaller than 2^lgSample and
    /// less for larger ones (jemalloc's sampled bytes are unbiased).
    package var expectedSamples: Double?
    package var relativeStandardError: Double?
    /// Listed sites, largest first.
    package var sites: [GrowthSite]
    /// Sites left out as below the noise.
    package var sitesBelowNoise: Int
    /// Loop time per iteration, unprofiled and profiled (overhead of profiling).
    package var nsPerIterationUnprofiled: Double?
    package var nsPerIterationProfiled: Double?
    /// Reference loop only: arena sites against the census.
    package var census: CensusCheck?
    /// Why there are no sites, when there are none for a reason other than noise.
    package var note: String?

    package init(
        arm: String, method: Method, iterations: Int, lgSample: Int?, unprofiledBytesPerIteration: Double,
        profiledBytesPerIteration: Double?, profileBytes: Double, sites candidates: [GrowthSite], noiseBytesPerIteration: Double,
        nsPerIterationUnprofiled: Double?, nsPerIterationProfiled: Double?
    ) {
        self.arm = arm
        self.method = method
        self.iterations = iterations
        self.lgSample = lgSample
        self.unprofiledBytesPerIteration = unprofiledBytesPerIteration
        self.profiledBytesPerIteration = profiledBytesPerIteration
        profileBytesPerIteration = profileBytes / Double(max(iterations, 1))
        self.noiseBytesPerIteration = noiseBytesPerIteration
        self.nsPerIterationUnprofiled = nsPerIterationUnprofiled
        self.nsPerIterationProfiled = nsPerIterationProfiled
        let explainable = unprofiledBytesPerIteration > noiseBytesPerIteration
        var listed = candidates.filter { abs($0.bytesPerIteration) >= noiseBytesPerIteration }
        listed.sort { abs($0.bytesPerIteration) > abs($1.bytesPerIteration) }
        for index in listed.indices where explainable {
            listed[index].shareOfSlope = listed[index].bytesPerIteration / unprofiledBytesPerIteration
        }
        sitesBelowNoise = candidates.count - listed.count
        sites = listed
        explainedShare = explainable ? listed.reduce(0) { $0 + $1.bytesPerIteration } / unprofiledBytesPerIteration : nil
        if let lgSample, profileBytes > 0 {
            let samples = profileBytes / Double(1 << lgSample)
            expectedSamples = samples
            relativeStandardError = 1 / samples.squareRoot()
        }
    }

    /// The noise threshold for a window of `iterations` sampled every 2^lgSample bytes
    /// (`nil`: every allocation is traced, as by tracemalloc).
    package static func noise(epsilonPerModel: Double, modelsPerIteration: Double, lgSample: Int?, iterations: Int) -> Double {
        let tolerance = epsilonPerModel * max(modelsPerIteration, 1)
        guard let lgSample else { return tolerance }
        return max(tolerance, 3 * Double(1 << lgSample) / Double(max(iterations, 1)))
    }

    /// The sampling exponent that gives about `targetSamples` samples of the growth
    /// expected over the window: floor(log2(expected bytes ÷ target)), within 0…19
    /// (jemalloc's default is 19, 512 KiB, far too coarse for bytes per iteration).
    package static func lgSample(expectedBytesPerIteration: Double, iterations: Int, targetSamples: Double = 1000) -> Int {
        let expected = expectedBytesPerIteration * Double(iterations)
        guard expected > targetSamples else { return 0 }
        return min(19, max(0, Int(log2(expected / targetSamples).rounded(.down))))
    }
}
