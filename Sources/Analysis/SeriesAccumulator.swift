import GrowthAnalysis
import OrderedCollections

/// Builds one series per arm from a samples CSV's rows, in the order arms first appear,
/// and checks what only a whole arm shows: iterations that increase, `models_built` that
/// never decreases, at least two rows, and models built (unless a negative control).
struct SeriesAccumulator {
    private let header: SamplesHeader
    private let file: String
    /// Each arm's series so far and the line it first appears on, in first-appearance order.
    private var arms: OrderedDictionary<String, (firstLine: Int, series: ArmSeries)> = [:]

    init(header: SamplesHeader, file: String) {
        self.header = header
        self.file = file
    }

    /// Appends a row to its arm's series.
    /// - Throws: `ReadError` on the row's line for an iteration that does not increase or
    ///   a `models_built` that decreases within the arm.
    mutating func add(_ row: SampleRow) throws(SamplesCSV.ReadError) {
        func fail(_ message: String) -> SamplesCSV.ReadError { SamplesCSV.ReadError(file: file, line: row.line, message: message) }
        let index =
            arms.index(forKey: row.arm)
            ?? arms.updateValue((row.line, Self.empty(row.arm, header: header)), forKey: row.arm, insertingAt: arms.count).index
        let series = arms.values[index].series
        if let previous = series.iterations.last, row.iteration <= previous {
            throw fail("iteration \(row.iteration) of arm \"\(row.arm)\" does not increase (previous \(previous)): duplicated or unsorted rows")
        }
        if let previous = series.modelsBuilt.last, row.modelsBuilt < previous {
            throw fail(
                "models_built \(row.modelsBuilt) of arm \"\(row.arm)\" is less than on its previous row (\(previous)); it counts the models built so far and never decreases"
            )
        }
        Self.append(row, header: header, to: &arms.values[index].series)
    }

    /// Appends in place (`values[index]` is modified, not copied), one value per column.
    private static func append(_ row: SampleRow, header: SamplesHeader, to series: inout ArmSeries) {
        series.iterations.append(row.iteration)
        series.modelsBuilt.append(row.modelsBuilt)
        if let elapsed = row.elapsedNs { series.elapsedNs?.append(elapsed) }
        if let loop = row.loopNs { series.loopNs?.append(loop) }
        series.warmup.append(row.warmup)
        for (column, value) in zip(header.builtIns, row.builtIns) { series.metrics[column.metric, default: []].append(value) }
        for (metric, value) in zip(header.userMetrics.keys, row.userMetrics) { series.metrics[metric, default: []].append(value) }
    }

    /// The arms' series, in the order they first appear.
    /// - Throws: `ReadError` when there are no rows, an arm has a single row, or an arm
    ///   that is not a negative control built no model.
    func finish() throws(SamplesCSV.ReadError) -> [ArmSeries] {
        func fail(_ line: Int?, _ message: String) -> SamplesCSV.ReadError { SamplesCSV.ReadError(file: file, line: line, message: message) }
        guard !arms.isEmpty else { throw fail(nil, "the file has a header but no rows") }
        for (arm, entry) in arms where entry.series.count < 2 {
            throw fail(entry.firstLine, "arm \"\(arm)\" has a single row; a trend needs at least \(GrowthFit.minimumPoints) samples after warm-up")
        }
        // Bytes per model need models: an arm that built none can only be a negative
        // control (a loop that builds nothing, to show the harness alone is flat).
        for (arm, entry) in arms where entry.series.modelsBuilt.last == 0 && !SamplesCSV.isNegativeControl(arm) {
            throw fail(
                entry.firstLine,
                "arm \"\(arm)\" built no models (models_built is 0 on every row), so no bytes per model can be computed; only a negative-control arm, labelled control (or SOURCE/control), may build nothing"
            )
        }
        return arms.values.map(\.series)
    }

    private static func empty(_ arm: String, header: SamplesHeader) -> ArmSeries {
        ArmSeries(
            arm: arm, iterations: [], modelsBuilt: [], elapsedNs: header.elapsedNs == nil ? nil : [], loopNs: header.loopNs == nil ? nil : [],
            warmup: [], metrics: [:]
        )
    }
}
