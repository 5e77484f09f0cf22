import OrderedCollections

/// The header of a samples CSV: where each column MemLoop knows stands, and the loop's
/// own metric columns, in the order the header gives them.
///
/// A column MemLoop knows (`SamplesCSV.columns`) may stand anywhere. Any other column
/// named `[a-z][a-z0-9_]{0,63}` is a metric of the loop's own (`Metric.isUser`), at most
/// `Metric.maximumUserMetrics` of them; a column with an empty name is skipped (a
/// pandas index column), and any other name is refused, as is a name given twice.
struct SamplesHeader {
    /// The line the header is on.
    let line: Int
    /// How many cells a row has.
    let width: Int
    /// The header's cells, to name a missing cell.
    let names: [String]
    let arm: Int
    let iteration: Int
    let modelsBuilt: Int
    let elapsedNs: Int?
    let loopNs: Int?
    let warmup: Int?
    /// The built-in metric columns present, in `Metric.builtIns` order, with their positions.
    let builtIns: [(metric: Metric, position: Int)]
    /// The loop's own metric columns, in header order, with their positions.
    let userMetrics: OrderedDictionary<Metric, Int>

    /// - Throws: `ReadError` on the header's line for a name given twice, a missing
    ///   `arm`, `iteration` or `models_built`, no built-in metric column, a column name
    ///   that is neither known nor a valid metric name, or too many metrics of the loop's own.
    init(_ record: CSVRecord, file: String) throws(SamplesCSV.ReadError) {
        func fail(_ message: String) -> SamplesCSV.ReadError { SamplesCSV.ReadError(file: file, line: record.line, message: message) }
        line = record.line
        names = record.cells
        width = record.cells.count
        var index: [String: Int] = [:]
        for (position, name) in record.cells.enumerated() where !name.isEmpty {
            guard index[name] == nil else {
                if let metric = Metric.builtIns.first(where: { $0.rawValue == name }) {
                    throw fail(
                        "column \"\(name)\" appears twice in the header; \(name) is a metric MemLoop reads itself (\(metric.unit)), "
                            + "so give the loop's own column another name (e.g. device_bytes) or remove the second one")
                }
                throw fail("column \"\(name)\" appears twice in the header; give each column its own name or remove the second one")
            }
            index[name] = position
        }
        func required(_ name: String) throws(SamplesCSV.ReadError) -> Int {
            guard let position = index[name] else {
                throw fail("the header has no \"\(name)\" column; it needs arm,iteration,models_built and at least one metric column (e.g. live_bytes)")
            }
            return position
        }
        arm = try required("arm")
        iteration = try required("iteration")
        modelsBuilt = try required("models_built")
        builtIns = Metric.builtIns.compactMap { metric in index[metric.rawValue].map { (metric, $0) } }
        guard !builtIns.isEmpty else {
            throw fail("the header has no metric column; add at least one of \(Metric.builtIns.map(\.rawValue).joined(separator: ", "))")
        }
        elapsedNs = index["elapsed_ns"]
        loopNs = index["loop_ns"]
        warmup = index["warmup"]
        var userMetrics: OrderedDictionary<Metric, Int> = [:]
        for (position, name) in record.cells.enumerated() where !name.isEmpty && !SamplesCSV.columns.contains(name) {
            guard let metric = Metric(rawValue: name), metric.isUser else {
                let known = SamplesCSV.columns.first { $0 == name.lowercased() }.map { " (did you mean \($0)?)" } ?? ""
                throw fail(
                    "column \"\(name)\" is neither a column MemLoop knows\(known) nor a valid name for a metric of the loop's own: "
                        + "name it with lowercase letters, digits and _, starting with a letter, at most \(Metric.maximumNameLength) characters (e.g. device_bytes)"
                )
            }
            userMetrics[metric] = position
        }
        guard userMetrics.count <= Metric.maximumUserMetrics else {
            throw fail(
                "the header has \(userMetrics.count) metric columns of the loop's own (\(userMetrics.keys.map(\.rawValue).joined(separator: ", "))); "
                    + "at most \(Metric.maximumUserMetrics) are analysed: record fewer, or split them across runs")
        }
        self.userMetrics = userMetrics
    }
}
