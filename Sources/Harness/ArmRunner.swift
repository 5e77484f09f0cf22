import GraphCore
import JemallocStats
import Model

/// Runs one arm in this process: the loop, a sample after every `sampleEvery`
/// iterations, nothing allocated by the harness inside the measured window.
///
/// Two loops go through the same sampling core: the reference loop (GraphCore's seed
/// model, with its census beside every reading) and any closure
/// (`run(_:config:showProgress:body:)`), which is how the `MemLoop` library measures a
/// Swift user's own loop.
package enum ArmRunner {
    /// Runs the reference loop's arm.
    /// - Parameters:
    ///   - arm: `clear` calls `clearSession` at the start of each iteration; `noclear` never
    ///     does; `control` builds and clears nothing, sampling exactly as the others do.
    ///   - config: the run's configuration (validated here).
    ///   - showProgress: print progress on stderr when it is a terminal.
    /// - Throws: `HarnessError` when the configuration is invalid, jemalloc is not in
    ///   charge, or a model cannot be built.
    /// - Note: after SIGINT or SIGTERM (see `Interruption`) the loop stops at the next
    ///   iteration and the result, marked `interrupted`, holds the samples taken so far.
    package static func run(_ arm: Arm, config: RunConfig, showProgress: Bool = false) throws(HarnessError) -> ArmResult {
        let problems = config.problems()
        guard problems.isEmpty else { throw .invalidConfig(problems) }
        let workload = Workload(config)
        let leak = LeakInjector(bytesPerIteration: arm.clears ? config.injectLeakBytes : 0, iterations: config.totalIterations)
        resetSession(seed: config.seed, mode: ResetMode(config.resetMode))
        defer {
            withExtendedLifetime(leak) {}
            clearSession()
        }
        let modelsPerIteration = arm.builds ? config.modelsPerIteration : 0
        return try measure(arm, config: config, showProgress: showProgress, census: sessionCensus) { () throws(HarnessError) in
            do throws(GraphError) {
                if arm.clears { clearSession(ResetMode(config.resetMode)) }
                for _ in 0..<modelsPerIteration { try workload.buildModel() }
            } catch {
                throw .graph(error)
            }
            leak.leak()
        }
    }

    /// Runs any loop body as one arm: `body` is called once per iteration, warm-up
    /// included, and must itself reset (when `arm.clears`) and build (when `arm.builds`).
    /// - Parameters:
    ///   - config: iterations, warm-up, models per iteration (for bytes per model) and
    ///     the sampling interval; the reference loop's other fields are ignored.
    /// - Throws: `HarnessError.invalidConfig`, `.measurement`, or `.body` with what the
    ///   body threw.
    package static func run(_ arm: Arm, config: RunConfig, showProgress: Bool = false, body: (Arm) throws -> Void) throws(HarnessError) -> ArmResult {
        let problems = config.problems()
        guard problems.isEmpty else { throw .invalidConfig(problems) }
        var result = try measure(arm, config: config, showProgress: showProgress, census: nil) { () throws(HarnessError) in
            do { try body(arm) } catch { throw .body(arm, "\(error)") }
        }
        result.hasCensus = false
        return result
    }

    /// The sampling core: storage reserved before the loop, then for each iteration the
    /// body, then (every `sampleEvery`) thread live bytes, the census if any, and a flushed
    /// snapshot — appended into the reserved buffer, which never grows. The result is not
    /// `isolated`; `ArmFork` and `ArmProcess` mark the results their children hand back.
    private static func measure(
        _ arm: Arm, config: RunConfig, showProgress: Bool, census: (() -> Census)?,
        body: () throws(HarnessError) -> Void
    ) throws(HarnessError) -> ArmResult {
        let allocator: AllocatorInfo
        let counters: ThreadCounters
        do {
            try Jemalloc.requireActive()
            allocator = try Jemalloc.info()
            counters = try Jemalloc.threadCounters()
        } catch {
            throw .measurement(error)
        }
        // Profiled pass only (attribution): file names prepared now, dumps at the window's edges.
        let dumps = try config.heapProfileFolder.map { (folder) throws(HarnessError) in try HeapProfileDumps(folder: folder) }
        if config.warmUp == 0 { try dumps?.dumpBase() }
        let progress = ProgressLine(label: arm.rawValue, total: config.totalIterations, enabled: showProgress)
        var samples: [Sample] = []
        samples.reserveCapacity(config.sampleCount)
        let modelsPerIteration = arm.builds ? config.modelsPerIteration : 0

        let start = MonotonicClock.nanoseconds()
        var samplingNs = 0
        var modelsBuilt = 0
        var interrupted = false
        for iteration in 0..<config.totalIterations {
            if Interruption.isRequested {
                interrupted = true
                break
            }
            try body()
            modelsBuilt += modelsPerIteration
            if iteration % config.sampleEvery == 0 {
                let sampleStart = MonotonicClock.nanoseconds()
                let live = counters.liveBytes
                let census = census.map { CensusReading($0()) } ?? .empty
                let stats: StatsSnapshot
                do { stats = try Jemalloc.snapshot() } catch { throw .measurement(error) }
                samples.append(
                    Sample(
                        iteration: iteration, modelsBuilt: modelsBuilt, elapsedNs: sampleStart - start,
                        loopNs: sampleStart - start - samplingNs, liveBytes: Int(live), stats: stats, census: census,
                        warmup: iteration < config.warmUp
                    ))
                samplingNs += MonotonicClock.nanoseconds() - sampleStart
            }
            if iteration == config.warmUp - 1 { try dumps?.dumpBase() }
            progress.update(iteration + 1)
        }
        let wall = MonotonicClock.nanoseconds() - start
        if !interrupted { try dumps?.dumpEnd() }
        progress.finish()
        return ArmResult(
            arm: arm, config: config, samples: samples, allocator: allocator,
            wallNs: wall, samplingNs: samplingNs, isolated: false, interrupted: interrupted
        )
    }
}
