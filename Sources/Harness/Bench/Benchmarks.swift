import GraphCore
import JemallocStats
import Model

/// The measurements behind `memloop bench`. Each figure is taken after a warm-up,
/// `repeats` times, and reported as median, min and max. Run them in a release build.
package struct Benchmarks {
    package var repeats: Int
    /// Models per timed batch for the per-model timings.
    package var modelsPerBatch: Int
    /// Models in the long `noclear` run whose start and end are compared.
    package var longRunModels: Int

    package init(repeats: Int = 5, modelsPerBatch: Int = 20_000, longRunModels: Int = 1_000_000) {
        self.repeats = repeats
        self.modelsPerBatch = modelsPerBatch
        self.longRunModels = longRunModels
    }

    /// Runs every benchmark; `progress` gets a line per figure.
    package func run(progress: (String) -> Void = { _ in }) throws(HarnessError) -> [BenchFigure] {
        let counters: ThreadCounters
        do {
            try Jemalloc.requireActive()
            counters = try Jemalloc.threadCounters()
        } catch {
            throw .measurement(error)
        }
        var figures: [BenchFigure] = []
        func add(_ figure: BenchFigure) {
            figures.append(figure)
            progress("\(figure.name): \(figure.median) \(figure.unit)")
        }
        do {
            for (built, target) in [(false, 2_000.0), (true, 10_000.0)] {
                for arm in [Arm.clear, .noclear] {  // the control arm builds nothing: no time per model
                    let label = "\(built ? "built" : "unbuilt") seed model, \(arm.rawValue)"
                    add(BenchFigure(name: "ns per model: \(label)", unit: "ns", values: try timePerModel(arm: arm, built: built), target: target))
                }
            }
            // The idiom most Keras code uses: `Sequential()`, then `add` per layer.
            for (built, target) in [(false, 2_000.0), (true, 10_000.0)] {
                for arm in [Arm.clear, .noclear] {
                    let label = "\(built ? "built" : "unbuilt") seed model via add, \(arm.rawValue)"
                    add(BenchFigure(name: "ns per model: \(label)", unit: "ns", values: try timePerModelViaAdd(arm: arm, built: built), target: target))
                }
            }
            // A wide model: name checks must stay linear in its layers, in both idioms.
            let wide = 10_000
            add(BenchFigure(name: "ns per model: \(wide) unbuilt Dense(10) layers via init", unit: "ns", values: try wideModel(layers: wide, viaAdd: false)))
            add(BenchFigure(name: "ns per model: \(wide) unbuilt Dense(10) layers via add", unit: "ns", values: try wideModel(layers: wide, viaAdd: true)))
            for mode in ResetMode.allCases {
                for nodes in [1_000, 10_000, 100_000, 1_000_000] {
                    add(
                        BenchFigure(
                            name: "clearSession(.\(mode == .keepCapacity ? "keepCapacity" : "releaseStorage")) with \(nodes) nodes", unit: "ns",
                            values: clearCost(mode: mode, nodes: nodes)))
                }
            }
            add(BenchFigure(name: "thread live-bytes read", unit: "ns", values: liveBytesReadCost(counters), target: 20))
            add(BenchFigure(name: "census read", unit: "ns", values: censusReadCost()))
            add(BenchFigure(name: "full flushed snapshot", unit: "ns", values: try snapshotCost(), target: 15_000))
            add(BenchFigure(name: "active-allocator check", unit: "ns", values: try activeCheckCost()))
            add(BenchFigure(name: "harness overhead at the defaults (sampling share of run time)", unit: "%", values: try harnessOverhead(), target: 5))
            // What a sample costs without the flushed snapshot, against one unbuilt model:
            // the part of the overhead that is the harness's own bookkeeping.
            let perModel = figures.first { $0.name.hasSuffix("unbuilt seed model, clear") }?.median ?? .nan
            let light =
                (figures.first { $0.name == "thread live-bytes read" }?.median ?? .nan)
                + (figures.first { $0.name == "census read" }?.median ?? .nan)
            add(BenchFigure(name: "live-bytes + census sample ÷ one unbuilt seed model", unit: "%", values: [100 * light / perModel]))
            let (start, end) = try longRun()
            add(BenchFigure(name: "ns per model, first 10,000 of a \(longRunModels)-model noclear run", unit: "ns", values: start))
            add(BenchFigure(name: "ns per model, last 10,000 of a \(longRunModels)-model noclear run", unit: "ns", values: end))
            add(BenchFigure(name: "time per model at the end ÷ at the start", unit: "×", values: zip(end, start).map { $0 / $1 }, target: 1.2))
            for built in [false, true] {
                let (census, seen) = try bytesPerModel(built: built, counters: counters)
                let label = built ? "built seed model (input 10)" : "unbuilt seed model"
                add(BenchFigure(name: "bytes of state per \(label), census used", unit: "B", values: census))
                add(BenchFigure(name: "bytes of state per \(label), jemalloc", unit: "B", values: seen))
                if built {
                    add(
                        BenchFigure(
                            name: "jemalloc bytes per built seed model ÷ its 4,400 weight bytes", unit: "×", values: seen.map { $0 / 4_400 }, target: 1.25))
                }
            }
        } catch {
            throw HarnessError(wrapping: error)
        }
        clearSession()
        return figures
    }

    /// The one warm-up-then-measure loop: `body` once unrecorded (first-use metadata,
    /// caches), then `repeats` times; each call returns its figure.
    private func repeated(_ body: () throws -> Double) rethrows -> [Double] {
        _ = try body()
        return try (0..<repeats).map { _ in try body() }
    }

    /// Nanoseconds per operation of `count` calls of `operation`, after `prepare`.
    private func timed(_ count: Int, prepare: () -> Void = {}, _ operation: () throws -> Void) rethrows -> [Double] {
        try repeated {
            prepare()
            let start = MonotonicClock.nanoseconds()
            for _ in 0..<count { try operation() }
            return Double(MonotonicClock.nanoseconds() - start) / Double(count)
        }
    }

    private func timePerModel(arm: Arm, built: Bool) throws -> [Double] {
        var config = RunConfig()
        config.inputSize = built ? 10 : nil
        let workload = Workload(config)
        return try timed(modelsPerBatch, prepare: { clearSession() }) {
            if arm == .clear { clearSession() }  // the default mode, as the seed's loop
            try workload.buildModel()
        }
    }

    /// Like `timePerModel`, with the model made by `Sequential()` and one `add` per layer;
    /// built models get an `Input` of the configured size first, as Keras code adds one.
    private func timePerModelViaAdd(arm: Arm, built: Bool) throws -> [Double] {
        let config = RunConfig()
        let units = config.units, layers = config.layers
        let inputShape = built ? [10] : nil
        return try timed(modelsPerBatch, prepare: { clearSession() }) {
            if arm == .clear { clearSession() }
            try Self.buildModelViaAdd(layers: layers, units: units, inputShape: inputShape)
        }
    }

    /// Time to build one model of `layers` layers (the layers' creation included), cleared between.
    private func wideModel(layers: Int, viaAdd: Bool) throws -> [Double] {
        try timed(1, prepare: { clearSession() }) {
            if viaAdd {
                try Self.buildModelViaAdd(layers: layers, units: 10, inputShape: nil)
            } else {
                _ = try Sequential((0..<layers).map { _ in Dense(10) })
            }
        }
    }

    @inline(never)
    private static func buildModelViaAdd(layers: Int, units: Int, inputShape: [Int]?) throws(GraphError) {
        var model = try Sequential()
        if let inputShape { try model.add(Input(shape: inputShape)) }
        for _ in 0..<layers { try model.add(Dense(units)) }
    }

    private func clearCost(mode: ResetMode, nodes: Int) -> [Double] {
        defer { clearSession(.releaseStorage) }
        return timed(
            1,
            prepare: {
                clearSession(.releaseStorage)
                for _ in 0..<nodes { _ = Dense(1) }
            }
        ) { clearSession(mode) }
    }

    private func liveBytesReadCost(_ counters: ThreadCounters) -> [Double] {
        var sink: Int64 = 0
        let values = timed(1_000_000) { sink &+= counters.liveBytes }
        precondition(sink != 0, "the reads were not optimised away")
        return values
    }

    private func censusReadCost() -> [Double] {
        var sink = 0
        let values = timed(100_000) { sink &+= sessionCensus().nodes }
        precondition(sink >= 0)
        return values
    }

    private func snapshotCost() throws -> [Double] {
        try timed(2_000) { _ = try Jemalloc.snapshot() }
    }

    private func activeCheckCost() throws -> [Double] {
        try timed(100) { _ = try Jemalloc.checkActive() }
    }

    private func harnessOverhead() throws -> [Double] {
        try repeated {
            let result = try ArmRunner.run(.noclear, config: RunConfig())
            return 100 * Double(result.samplingNs) / Double(result.wallNs)
        }
    }

    private func longRun() throws -> ([Double], [Double]) {
        let workload = Workload(RunConfig())
        let window = 10_000
        var starts: [Double] = [], ends: [Double] = []
        for _ in 0..<max(1, repeats / 2) {
            clearSession()
            var built = 0
            var start = MonotonicClock.nanoseconds()
            while built < longRunModels {
                if built == window {
                    starts.append(Double(MonotonicClock.nanoseconds() - start) / Double(window))
                }
                if built == longRunModels - window { start = MonotonicClock.nanoseconds() }
                try workload.buildModel()
                built += 1
            }
            ends.append(Double(MonotonicClock.nanoseconds() - start) / Double(window))
        }
        clearSession()
        return (starts, ends)
    }

    private func bytesPerModel(built: Bool, counters: ThreadCounters) throws -> ([Double], [Double]) {
        var config = RunConfig()
        config.inputSize = built ? 10 : nil
        let workload = Workload(config)
        let models = 10_000
        var census: [Double] = [], seen: [Double] = []
        for round in -1..<repeats {
            clearSession()
            try workload.buildModel()  // first chunks and metadata
            let used = sessionCensus().arenaUsedBytes
            let live = counters.liveBytes
            for _ in 0..<models { try workload.buildModel() }
            if round >= 0 {
                census.append(Double(sessionCensus().arenaUsedBytes - used) / Double(models))
                seen.append(Double(counters.liveBytes - live) / Double(models))
            }
        }
        clearSession()
        return (census, seen)
    }
}
