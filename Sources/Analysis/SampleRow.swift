/// One row of a samples CSV, its cells checked and typed; what `SeriesAccumulator` adds
/// to an arm's series.
struct SampleRow {
    let line: Int
    let arm: String
    let iteration: Int
    let modelsBuilt: Int
    let elapsedNs: Int?
    let loopNs: Int?
    let warmup: Bool
    /// Values of the header's built-in metrics, in `SamplesHeader.builtIns` order.
    let builtIns: [Double]
    /// Values of the loop's own metrics, in `SamplesHeader.userMetrics` order; NaN where
    /// the cell is empty (not recorded at this sample).
    let userMetrics: [Double]

    /// Reads a record under `header`; `nil` for a blank line.
    /// - Parameter warmUp: iterations taken as warm-up when the header has no `warmup` column.
    /// - Throws: `ReadError` on the record's line, naming the cell: a line with more or
    ///   fewer cells than the header, a missing, non-numeric or out-of-range cell (counts
    ///   0…2^53, times 0…2^62, metrics |x| ≤ 2^62, built-in metrics whole), a `warmup`
    ///   other than 0 or 1.
    init?(_ record: CSVRecord, header: SamplesHeader, file: String, warmUp: Int) throws(SamplesCSV.ReadError) {
        let line = record.line
        let row = record.cells
        func fail(_ message: String) -> SamplesCSV.ReadError { SamplesCSV.ReadError(file: file, line: line, message: message) }
        if row.allSatisfy(\.isEmpty) { return nil }
        if row.count < header.width {
            // Name the first needed cell the line lacks, as a missing value would.
            let missing = header.names[row.count...].first { !$0.isEmpty } ?? header.names[row.count]
            throw fail("the \(missing) cell is empty: the line has \(row.count) cells and the header \(header.width) (is the line cut short?)")
        }
        if row.count > header.width {
            throw fail("the line has \(row.count) cells but the header only \(header.width) (an unquoted comma inside a cell, or a missing header column?)")
        }
        func cell(_ position: Int) throws(SamplesCSV.ReadError) -> String {
            let value = row[position]
            guard !value.isEmpty else { throw fail("the \(header.names[position]) cell is empty (is the line cut short?)") }
            return value
        }
        /// A whole number in `0...maximum`; `kind` and `range` word the refusal.
        func whole(_ position: Int, maximum: Int, kind: String, range: String) throws(SamplesCSV.ReadError) -> Int {
            let name = header.names[position]
            let text = try cell(position)
            let value: Double
            if let exact = Int(text) {
                if (0...maximum).contains(exact) { return exact }
                // Compared as integers: 2^53 + 1 would round to 2^53 as a Double.
                value = exact < 0 ? -1 : Double(maximum) * 2
            } else if let number = Self.decimal(text) {
                guard number == number.rounded() else { throw fail("the \(name) cell \"\(text)\" is not a whole number; \(kind) \(range)") }
                value = number
            } else {
                throw fail("the \(name) cell \"\(text)\" is not a whole number; \(kind) \(range)")
            }
            guard value >= 0 else { throw fail("the \(name) cell \"\(text)\" is negative; \(kind) \(range)") }
            guard value <= Double(maximum) else { throw fail("the \(name) cell \"\(text)\" is out of range; \(kind) \(range)") }
            return Int(value)
        }
        func count(_ position: Int) throws(SamplesCSV.ReadError) -> Int {
            try whole(position, maximum: SamplesCSV.maximumCount, kind: "counts are whole numbers", range: "from 0 to 2^53 (9007199254740992)")
        }
        func time(_ position: Int) throws(SamplesCSV.ReadError) -> Int {
            try whole(position, maximum: SamplesCSV.maximumTime, kind: "times are whole nanoseconds", range: "from 0 to 2^62 (4611686018427387904)")
        }
        func inRange(_ value: Double, _ metric: Metric, _ text: String) throws(SamplesCSV.ReadError) -> Double {
            guard abs(value) <= SamplesCSV.maximumMetric else {
                throw fail("the \(metric.rawValue) cell \"\(text)\" is out of range; metric cells lie between -2^62 and 2^62 (±4611686018427387904)")
            }
            return value
        }
        self.line = line
        arm = try cell(header.arm)
        iteration = try count(header.iteration)
        modelsBuilt = try count(header.modelsBuilt)
        var builtIns: [Double] = []
        builtIns.reserveCapacity(header.builtIns.count)
        for (metric, position) in header.builtIns {
            let text = try cell(position)
            guard let value = Self.decimal(text) else { throw fail("the \(metric.rawValue) cell \"\(text)\" is not a decimal number") }
            // Every built-in metric counts something whole: bytes, nodes, entries.
            guard value == value.rounded() else {
                throw fail("the \(metric.rawValue) cell \"\(text)\" is not a whole number; \(metric.unit) are counted whole")
            }
            builtIns.append(try inRange(value, metric, text))
        }
        self.builtIns = builtIns
        elapsedNs = try header.elapsedNs.map { position throws(SamplesCSV.ReadError) in try time(position) }
        loopNs = try header.loopNs.map { position throws(SamplesCSV.ReadError) in try time(position) }
        if let position = header.warmup {
            let flag = try cell(position)
            guard flag == "0" || flag == "1" else { throw fail("the warmup cell \"\(flag)\" must be 0 or 1") }
            warmup = flag == "1"
        } else {
            warmup = iteration < warmUp
        }
        var userMetrics: [Double] = []
        userMetrics.reserveCapacity(header.userMetrics.count)
        for (metric, position) in header.userMetrics {
            let text = row[position]
            guard !text.isEmpty else {
                userMetrics.append(.nan)
                continue
            }
            guard let value = Self.decimal(text) else {
                throw fail(
                    "the \(metric.rawValue) cell \"\(text)\" is not a number; a metric of the loop's own holds a decimal number "
                        + "(e.g. 1024, -3 or 0.5), or nothing when it was not recorded at this sample")
            }
            userMetrics.append(try inRange(value, metric, text))
        }
        self.userMetrics = userMetrics
    }

    /// A finite decimal number: digits, sign, point and exponent only — Swift's
    /// `Double("0x10")` is 16, `Double("nan")` is NaN, and no loop writes either as a reading.
    static func decimal(_ text: String) -> Double? {
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
