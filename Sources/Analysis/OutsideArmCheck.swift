import Model

/// Checks the samples an outside loop wrote for one arm before anything is analysed: a
/// loop that misreads the protocol must fail loudly, not produce a verdict.
public enum OutsideArmCheck {
    /// The arm's series, read from its CSV.
    /// - Parameters:
    ///   - interrupted: the loop stopped early on a signal: fewer rows are accepted.
    /// - Throws: a message naming what is wrong (the arm, the line where there is one).
    public static func series(of run: OutsideArmRun, loop: OutsideLoop, interrupted: Bool) throws(SamplesCSV.ReadError) -> ArmSeries {
        let file = "samples of the \(run.arm.rawValue) arm"
        func fail(_ message: String) -> SamplesCSV.ReadError { SamplesCSV.ReadError(file: file, line: nil, message: message) }
        guard let data = run.samples else {
            throw fail("the loop wrote no samples file; it must write the CSV named by MEMLOOP_SAMPLES when it ends (Reports/PROTOCOL.md)")
        }
        let all = try SamplesCSV.read(data: data, file: file)
        guard all.count == 1, let series = all.first else {
            throw fail("the file holds \(all.count) arms (\(all.map(\.arm).joined(separator: ", "))); it must hold only \"\(run.arm.rawValue)\"")
        }
        guard series.arm == run.arm.rawValue else {
            throw fail("the rows are labelled arm \"\(series.arm)\", but MEMLOOP_ARM was \"\(run.arm.rawValue)\"")
        }
        let expected = loop.totalIterations
        if series.count != expected && !(interrupted && series.count < expected) {
            throw fail("\(series.count) rows, expected one per iteration: \(expected) (\(loop.warmUp) warm-up + \(loop.iterations) measured)")
        }
        for (position, iteration) in series.iterations.enumerated() {
            guard iteration == position else {
                throw fail("row \(position + 1) is iteration \(iteration), expected \(position): one row per iteration, from 0")
            }
            guard series.warmup[position] == (iteration < loop.warmUp) else {
                throw fail("iteration \(iteration) has warmup=\(series.warmup[position] ? 1 : 0), but the warm-up is the first \(loop.warmUp) iterations")
            }
        }
        let built = series.modelsBuilt.last ?? 0
        if run.arm == .control, built != 0 {
            throw fail("the control arm reports \(built) models built; it must build nothing (models_built 0 throughout)")
        }
        for (metric, values) in series.metrics where metric.isAllocatorReading && values.allSatisfy({ $0 == 0 }) {
            throw fail("every \(metric.rawValue) reading is 0: the loop did not read jemalloc (is it in charge? see `memloop stats`)")
        }
        return series
    }
}
