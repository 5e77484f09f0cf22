import Model

/// An arm result with a known answer: `count` samples (the first two warm-up) whose
/// live bytes grow by exactly `slope` per iteration, with every field filled in.
package func sampleResult(_ arm: Arm, count: Int, slope: Int) -> ArmResult {
    var config = RunConfig()
    config.iterations = count - 2
    config.warmUp = 2
    let samples = (0..<count).map { i in
        Sample(
            iteration: i, modelsBuilt: i + 1, elapsedNs: 1_000 * i, loopNs: 400 * i, liveBytes: 150_000 + slope * i,
            stats: StatsSnapshot(
                allocated: 180_000 + slope * i, active: 300_000, resident: 4_000_000, mapped: 8_000_000, retained: 400_000,
                metadata: 2_000_000, smallNRequests: 1_000 * i, largeNRequests: 3
            ),
            census: CensusReading(nodes: 11 * (i + 1), arenaUsedBytes: 352 * (i + 1), arenaReservedBytes: slope * (i + 1), nameEntries: 2),
            warmup: i < 2
        )
    }
    let allocator = AllocatorInfo(version: "5.3.0", configStats: true, optTcache: true, optNarenas: 8, optDirtyDecayMs: 10_000, mallocConf: nil)
    return ArmResult(arm: arm, config: config, samples: samples, allocator: allocator, wallNs: 100_000, samplingNs: 1_000, isolated: true)
}
