/// Everything one arm measured, with what it was measured on.
package struct ArmResult: Codable, Sendable, Equatable {
    package var arm: Arm
    package var config: RunConfig
    package var samples: [Sample]
    package var allocator: AllocatorInfo
    /// Wall-clock nanoseconds of the whole arm, sampling included.
    package var wallNs: Int
    /// Nanoseconds spent taking samples (the harness's own overhead).
    package var samplingNs: Int
    /// Whether the arm ran in its own process.
    package var isolated: Bool
    /// Whether SIGINT or SIGTERM stopped the arm early; `samples` holds what was taken.
    package var interrupted: Bool
    /// Whether the samples carry GraphCore's census (the reference loop) or not (a
    /// closure's loop, whose census columns would be meaningless zeros).
    package var hasCensus = true

    package init(
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
    package var modelsBuilt: Int { samples.last?.modelsBuilt ?? 0 }
}
