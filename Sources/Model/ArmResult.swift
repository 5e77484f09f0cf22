/// Everything one arm measured, with what it was measured on.
public struct ArmResult: Codable, Sendable, Equatable {
    public var arm: Arm
    public var config: RunConfig
    public var samples: [Sample]
    public var allocator: AllocatorInfo
    /// Wall-clock nanoseconds of the whole arm, sampling included.
    public var wallNs: Int
    /// Nanoseconds spent taking samples (the harness's own overhead).
    public var samplingNs: Int
    /// Whether the arm ran in its own process.
    public var isolated: Bool
    /// Whether SIGINT or SIGTERM stopped the arm early; `samples` holds what was taken.
    public var interrupted: Bool
    /// Whether the samples carry GraphCore's census (the reference loop) or not (a
    /// closure's loop, whose census columns would be meaningless zeros).
    public var hasCensus = true

    public init(
        arm: Arm, config: RunConfig, samples: [Sample], allocator: AllocatorInfo, wallNs: Int, samplingNs: Int, isolated: Bool, interrupted: Bool = false
    ) {
        self.arm = arm
        self.config = config
        self.samples = samples
        self.allocator = allocator
        self.wallNs = wallNs
        self.samplingNs = samplingNs
        self.isolated = isolated
        self.interrupted = interrupted
    }

    /// Models built in all.
    public var modelsBuilt: Int { samples.last?.modelsBuilt ?? 0 }
}
