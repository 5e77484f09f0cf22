import Model

/// Checks the samples an outside loop wrote for one arm before anything is analysed: a
/// loop that misreads the protocol must fail loudly, not produce a verdict.
package enum OutsideArmCheck {
    /// The arm's series, read from its CSV.
    /// - Parameters:
    ///   - interrupted: the loop stopped early on a signal: fewer rows are accepted.
    /// - Throws: a message naming what is wrong (the arm, the line where there is one).
    package static func series(of run: OutsideArmRun, loop: OutsideLoop, interrupted: Bool) throws(SamplesCSV.ReadError) -> ArmSeries {
        let file = "samples of the \(run.arm.rawValue) arm"
        func fail(_ message: String) -> SamplesCSV.ReadError { SamplesCSV.ReadError(file: file, line: nil, message: message) }
        if let problem = run.samplesProblem {
            throw fail(
                "the file at MEMLOOP_SAMPLES cannot be read as samples: \(problem.reason); the loop must write a regular CSV file there (Reports/PROTOCOL.md)")
        }
        guard let data = run.samples else {
            throw fail(
                "the loop wrote no samples file: it does not speak the loop protocol yet. In a Python loop add the probe's three lines "
                    + "(from memloop_probe import loop / for it in loop(): / if it.clears: … if it.builds: …; see the README); any other "
                    + "program writes the CSV named by MEMLOOP_SAMPLES when it ends (Reports/PROTOCOL.md)")
        }
        let all = try SamplesCSV.read(data: data, file: file)
        guard all.count == 1, let series = all.first else {
            throw fail("the file holds \(all.count) arms (\(all.map(\.arm).joined(separator: ", "))); it must hold only \"\(run.arm.rawValue)\"")
        }
        guard series.arm == run.arm.rawValue else {
            throw fail("the rows are labelled arm \"\(series.arm)\", but MEMLOOP_ARM was \"\(run.arm.rawValue)\"")
        }
        let total = loop.totalIterations
        let gap = loop.sampleSpacing.largestGap(iterations: loop.iterations)
        let spacing = gap == 1 ? "one row per iteration" : "a row at least every \(gap) iterations (--sample-every \(loop.sampleSpacing))"
        guard let first = series.iterations.first, first == 0 else {
            throw fail("the first row is iteration \(series.iterations.first.map(String.init) ?? "none"), expected 0: \(spacing), from 0")
        }
        if let last = series.iterations.last, last < total - gap, !interrupted {
            throw fail(
                "the last row is iteration \(last), but the loop runs \(total) iterations (\(loop.warmUp) warm-up + \(loop.iterations) measured): \(spacing)")
        }
        for (position, iteration) in series.iterations.enumerated() {
            if position > 0 {
                let previous = series.iterations[position - 1]
                guard iteration > previous, iteration - previous <= gap else {
                    throw fail("row \(position + 1) is iteration \(iteration) after \(previous): \(spacing), in order")
                }
            }
            guard iteration < total else {
                throw fail("row \(position + 1) is iteration \(iteration), but the loop runs \(total) (\(loop.warmUp) warm-up + \(loop.iterations) measured)")
            }
            guard series.warmup[position] == (iteration < loop.warmUp) else {
                throw fail("iteration \(iteration) has warmup=\(series.warmup[position] ? 1 : 0), but the warm-up is the first \(loop.warmUp) iterations")
            }
        }
        let built = series.modelsBuilt.last ?? 0
        if run.arm == .control, built != 0 {
            throw fail("the control arm reports \(built) models built; it must build nothing (models_built 0 throughout)")
        }
        let census = Metric.builtIns.filter { !$0.isAllocatorReading && series.metrics[$0] != nil }
        guard census.isEmpty else {
            throw fail(
                "the file has census column(s) \(census.map(\.rawValue).joined(separator: ", ")), which only MemLoop's reference loop writes "
                    + "(its graph's census, which its positive control is held to); an outside loop writes the allocator's readings only: "
                    + "remove them (Reports/PROTOCOL.md)")
        }
        // `retained` is 0 throughout under `retain:false`, and a thread that frees all it
        // allocates has live bytes 0: only readings jemalloc never gives as 0 tell that the
        // loop did not read it — or, in a file without them, every reading being 0.
        let readings = series.metrics.filter { $0.key.isAllocatorReading }
        let zero = readings.filter { $0.value.allSatisfy { $0 == 0 } }.keys
        if let metric = zero.filter(\.isNeverZeroUnderJemalloc).min() ?? (zero.count == readings.count ? zero.min() : nil) {
            throw fail("every \(metric.rawValue) reading is 0: the loop did not read jemalloc (is it in charge? see `memloop stats`)")
        }
        return series
    }
}
