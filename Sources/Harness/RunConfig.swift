import GraphCore

/// What one run measures. The defaults are the seed's loop: 100 iterations of one
/// unbuilt `Sequential` of 10 `Dense(10)`.
public struct RunConfig: Codable, Sendable, Equatable {
    /// Measured iterations (after warm-up).
    public var iterations = 100
    /// Models built per iteration (N).
    public var modelsPerIteration = 1
    /// `Dense` layers per model.
    public var layers = 10
    /// Units per `Dense` layer.
    public var units = 10
    /// `nil`: models stay unbuilt (the seed); a number: built on that many inputs, with weights.
    public var inputSize: Int? = nil
    /// What `clearSession` does with storage in the `clear` arm.
    public var resetMode: ResetMode = .default
    /// Iterations run and sampled first but left out of the analysis (runtime metadata,
    /// first chunks, thread-cache fill).
    public var warmUp = 10
    /// Seed of the weight generator.
    public var seed: UInt64 = GraphSession.defaultSeed
    /// Take a sample every `sampleEvery` iterations.
    public var sampleEvery = 1
    /// Bytes leaked on purpose per iteration in the `clear` arm (calibration; 0 = none).
    public var injectLeakBytes = 0

    public init() {}

    /// Iterations run in all, warm-up included.
    public var totalIterations: Int { warmUp + iterations }

    /// Samples one arm takes.
    public var sampleCount: Int { (totalIterations + sampleEvery - 1) / sampleEvery }

    /// Largest count accepted for any field, so that a typo cannot ask for a run of days
    /// or for more memory than the machine has.
    public static let maximumCount = 100_000_000

    /// Most samples one arm keeps: 2,000,000 × 128 bytes = 256 MB reserved before the loop.
    public static let maximumSamples = 2_000_000

    /// What is wrong with this configuration, if anything, in words a user can act on.
    public func problems() -> [String] {
        var problems: [String] = []
        func check(_ value: Int, _ name: String, minimum: Int) {
            if value < minimum { problems.append("\(name) must be at least \(minimum), got \(value)") }
            if value > Self.maximumCount { problems.append("\(name) must be at most \(Self.maximumCount), got \(value)") }
        }
        check(iterations, "--iterations", minimum: 1)
        check(modelsPerIteration, "--models-per-iteration", minimum: 1)
        check(layers, "--layers", minimum: 1)
        check(units, "--units", minimum: 1)
        check(warmUp, "--warm-up", minimum: 0)
        check(sampleEvery, "--sample-every", minimum: 1)
        check(injectLeakBytes, "--inject-leak-bytes", minimum: 0)
        if let inputSize { check(inputSize, "--input-size", minimum: 1) }
        if sampleCount > Self.maximumSamples {
            problems.append("\(sampleCount) samples per arm is more than \(Self.maximumSamples) (the sample buffer is reserved up front); raise --sample-every")
        }
        if iterations / max(sampleEvery, 1) < 5 {
            problems.append("--iterations / --sample-every gives fewer than 5 analysed samples; the analysis needs at least 5")
        }
        return problems
    }
}
