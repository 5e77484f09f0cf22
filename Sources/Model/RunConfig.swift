import Foundation

/// What one run measures. The defaults are the seed's loop: 100 iterations of one
/// unbuilt `Sequential` of 10 `Dense(10)`.
package struct RunConfig: Codable, Sendable, Equatable {
    /// What `clearSession` does with the session's storage — GraphCore's `ResetMode`,
    /// named here so that the value model does not link GraphCore (the harness maps it).
    package enum ResetMode: String, CaseIterable, Sendable, Codable {
        /// Free the arenas, as Keras frees its graph.
        case releaseStorage = "release"
        /// Keep the arenas' capacity and reuse it.
        case keepCapacity = "keep"
    }

    /// GraphCore's default weight seed (`GraphSession.defaultSeed`; a test holds them equal).
    package static let defaultSeed: UInt64 = 1_337

    /// Measured iterations (after warm-up).
    package var iterations = 100
    /// Models built per iteration (N).
    package var modelsPerIteration = 1
    /// `Dense` layers per model.
    package var layers = 10
    /// Units per `Dense` layer.
    package var units = 10
    /// `nil`: models stay unbuilt (the seed); a number: built on that many inputs, with weights.
    package var inputSize: Int? = nil
    /// What `clearSession` does with storage in the `clear` arm.
    package var resetMode: ResetMode = .releaseStorage
    /// Iterations run and sampled first but left out of the analysis (runtime metadata,
    /// first chunks, thread-cache fill).
    package var warmUp = 10
    /// Seed of the weight generator.
    package var seed: UInt64 = RunConfig.defaultSeed
    /// Take a sample every `sampleEvery` iterations.
    package var sampleEvery = 1
    /// Bytes leaked on purpose per iteration in the `clear` arm (calibration; 0 = none).
    package var injectLeakBytes = 0
    /// Attribution's profiled pass only: the folder where the arm dumps jemalloc heap
    /// profiles (`base.heap` at the end of warm-up, `end.heap` at the end of the loop).
    /// The process must have been started with `MALLOC_CONF=prof:true,…`. `nil` (the
    /// default, and absent from JSON) dumps nothing.
    package var heapProfileFolder: String? = nil

    package init() {}

    /// The seed's loop: every default, in one place (the CLI's flags take theirs from here).
    package static let defaults = RunConfig()

    /// A copy with some fields changed: `RunConfig.defaults.with { $0.inputSize = 10 }`.
    package func with(_ change: (inout RunConfig) -> Void) -> RunConfig {
        var copy = self
        change(&copy)
        return copy
    }

    /// Iterations run in all, warm-up included (`Int.max` when the sum would overflow, so
    /// that validation refuses absurd counts instead of trapping on them).
    package var totalIterations: Int {
        let (total, overflow) = warmUp.addingReportingOverflow(iterations)
        return overflow ? .max : total
    }

    /// Samples one arm takes (0 for an invalid `sampleEvery`, which `problems()` reports).
    package var sampleCount: Int {
        guard sampleEvery > 0, totalIterations >= 0 else { return 0 }
        return totalIterations / sampleEvery + (totalIterations % sampleEvery == 0 ? 0 : 1)
    }

    /// Bytes the `noclear` arm's graph holds at the end, from the census's own sizes: a
    /// 32-byte record per layer and model, 4 bytes per weight (unbuilt models hold none).
    /// In `Double`, so that absurd requests are refused, never trapped on by an overflow.
    package var estimatedNoclearBytes: Double {
        let (l, u) = (Double(layers), Double(units))
        let parameters = inputSize.map { Double($0) * u + u + (l - 1) * (u * u + u) } ?? 0
        let perModel = (l + 1) * 32 + parameters * 4
        return perModel * Double(totalIterations) * Double(modelsPerIteration)
    }

    /// Bytes the harness reserves for one arm's samples before its loop.
    package var reservedSampleBytes: Int { sampleCount * MemoryLayout<Sample>.stride }

    /// What the parent holds per sample of each arm once the arms are back: the raw sample,
    /// its columns for the analysis and its CSV row. Measured: a 2,000,000-sample arm peaks
    /// at 0.92 GiB in the parent (`Scripts/bench_limits.sh`), about 470 B a sample.
    package static let parentBytesPerSample = 600

    /// The most memory a run of this configuration needs at once: the noclear arm's
    /// graph and samples in its child (the samples twice while they are written out),
    /// then every arm's samples in the parent.
    package var estimatedPeakBytes: Double {
        let child = estimatedNoclearBytes + 2 * Double(reservedSampleBytes)
        let parent = Double(sampleCount) * Double(Arm.allCases.count) * Double(Self.parentBytesPerSample + MemoryLayout<Sample>.stride)
        return max(child, parent)
    }

    /// The most a run may ask for: 80% of this machine's memory.
    package static var memoryLimit: Int { Int(Double(ProcessInfo.processInfo.physicalMemory) * 0.8) }

    /// Largest count accepted for any field, so that a typo cannot ask for a run of days
    /// or for more memory than the machine has.
    package static let maximumCount = 100_000_000

    /// Most bytes per iteration a run may leak on purpose (`injectLeakBytes`): 1 MiB.
    package static let maximumInjectedLeakBytes = 1 << 20

    /// Most samples one arm keeps: 2,000,000 × 224 bytes = 448 MB reserved before the loop.
    package static let maximumSamples = 2_000_000

    /// What is wrong with this configuration, if anything, in words a user can act on.
    /// - Parameter naming: how settings are named — as properties (the library, files) or
    ///   as the CLI's flags.
    package func problems(naming: SettingNaming = .property) -> [String] {
        var problems: [String] = []
        let name = naming.name
        func check(_ value: Int, _ property: String, minimum: Int) {
            let name = naming.name(property)
            if value < minimum { problems.append("\(name) must be at least \(minimum), got \(value)") }
            if value > Self.maximumCount { problems.append("\(name) must be at most \(Self.maximumCount), got \(value)") }
        }
        check(iterations, "iterations", minimum: 1)
        check(modelsPerIteration, "modelsPerIteration", minimum: 1)
        check(layers, "layers", minimum: 1)
        check(units, "units", minimum: 1)
        check(warmUp, "warmUp", minimum: 0)
        check(sampleEvery, "sampleEvery", minimum: 1)
        if injectLeakBytes < 0 || injectLeakBytes > Self.maximumInjectedLeakBytes {
            problems.append("\(name("injectLeakBytes")) must be between 0 and \(Self.maximumInjectedLeakBytes), got \(injectLeakBytes)")
        }
        if let inputSize { check(inputSize, "inputSize", minimum: 1) }
        if problems.isEmpty {
            let needed = estimatedPeakBytes
            if needed > Double(Self.memoryLimit) {
                problems.append(
                    "the noclear arm would hold about \(String(format: "%.3g", needed / 1_048_576)) MiB "
                        + "(\(totalIterations) iterations × \(modelsPerIteration) models of \(layers) layers), more than 80% of this machine's "
                        + "\(ProcessInfo.processInfo.physicalMemory / 1_048_576) MiB; choose fewer \(name("iterations")), "
                        + "\(name("modelsPerIteration")), \(name("layers")) or \(name("units"))"
                )
            }
        }
        if iterations <= Self.maximumCount, warmUp <= Self.maximumCount, sampleCount > Self.maximumSamples {
            problems.append(
                "\(sampleCount) samples per arm is more than \(Self.maximumSamples) (the sample buffer is reserved up front); raise \(name("sampleEvery"))")
        }
        if iterations >= 1, sampleEvery == 1, iterations < 5 {
            problems.append("\(name("iterations")) must be at least 5 (the analysis needs 5 samples), got \(iterations)")
        } else if iterations >= 1, iterations / max(sampleEvery, 1) < 5 {
            problems.append("\(name("iterations")) / \(name("sampleEvery")) gives fewer than 5 analysed samples; the analysis needs at least 5")
        }
        return problems
    }
}
