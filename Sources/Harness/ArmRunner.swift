import GraphCore
import JemallocStats

/// Runs one arm in this process: the loop, a sample after every `sampleEvery`
/// iterations, nothing allocated by the harness inside the measured window.
public enum ArmRunner {
    /// - Parameters:
    ///   - arm: `clear` calls `clearSession` at the start of each iteration; `noclear` never
    ///     does; `control` builds and clears nothing, sampling exactly as the others do.
    ///   - config: the run's configuration (validated here).
    ///   - showProgress: print progress on stderr when it is a terminal.
    /// - Throws: `HarnessError` when the configuration is invalid, jemalloc is not in
    ///   charge, or a model cannot be built.
    /// - Note: after SIGINT or SIGTERM (see `Interruption`) the loop stops at the next
    ///   iteration and the result, marked `interrupted`, holds the samples taken so far.
    public static func run(_ arm: Arm, config: RunConfig, showProgress: Bool = false, isolated: Bool = false) throws(HarnessError) -> ArmResult {
        let problems = config.problems()
        guard problems.isEmpty else { throw .invalidConfig(problems) }
        let allocator: AllocatorInfo
        let counters: ThreadCounters
        do {
            try Jemalloc.requireActive()
            allocator = try Jemalloc.info()
            counters = try Jemalloc.threadCounters()
        } catch {
            throw .measurement(error)
        }

        let workload = Workload(config)
        let leak = LeakInjector(bytesPerIteration: arm.clears ? config.injectLeakBytes : 0, iterations: config.totalIterations)
        let progress = ProgressLine(label: arm.rawValue, total: config.totalIterations, enabled: showProgress)
        var samples: [Sample] = []
        samples.reserveCapacity(config.sampleCount)
        resetSession(seed: config.seed, mode: config.resetMode)

        let start = MonotonicClock.nanoseconds()
        var samplingNs = 0
        var modelsBuilt = 0
        let modelsPerIteration = arm.builds ? config.modelsPerIteration : 0
        var interrupted = false
        do {
            for iteration in 0..<config.totalIterations {
                if Interruption.isRequested {
                    interrupted = true
                    break
                }
                if arm.clears { clearSession(config.resetMode) }
                for _ in 0..<modelsPerIteration { try workload.buildModel() }
                modelsBuilt += modelsPerIteration
                leak.leak()
                if iteration % config.sampleEvery == 0 {
                    let sampleStart = MonotonicClock.nanoseconds()
                    let live = counters.liveBytes
                    let census = sessionCensus()
                    let stats = try Jemalloc.snapshot()
                    samples.append(Sample(
                        iteration: iteration, modelsBuilt: modelsBuilt, elapsedNs: sampleStart - start,
                        loopNs: sampleStart - start - samplingNs, liveBytes: Int(live), stats: stats, census: census,
                        warmup: iteration < config.warmUp
                    ))
                    samplingNs += MonotonicClock.nanoseconds() - sampleStart
                }
                progress.update(iteration + 1)
            }
        } catch {
            throw HarnessError(wrapping: error)
        }
        let wall = MonotonicClock.nanoseconds() - start
        progress.finish()
        withExtendedLifetime(leak) {}
        clearSession()
        return ArmResult(
            arm: arm, config: config, samples: samples, allocator: allocator,
            wallNs: wall, samplingNs: samplingNs, isolated: isolated, interrupted: interrupted
        )
    }
}
