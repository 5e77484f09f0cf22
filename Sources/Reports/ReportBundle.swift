import Analysis
import Foundation
import Model

/// The four report files of a run or an analysis, written together, all or nothing.
package struct ReportBundle {
    package var samplesCSV: String?
    /// `summary.json`; its ε, arms and controls are `analysis`'s (only what the analysis
    /// does not hold, such as `attribution`, is filled in afterwards).
    package var summary: RunSummary
    /// The run's analysis, as the summary, the table and the chart show it.
    package let analysis: RunAnalysis
    package var markdown: String
    package var svg: String

    /// Reports for a run's results.
    /// - Parameters:
    ///   - settings: what decided the verdicts; its looks, if any, are recorded in the summary.
    ///   - alphas: per arm label, the level its intervals were decided at (see `LookSchedule`).
    ///   - interrupted: a signal stopped the run (its arms may all have finished).
    package init(results: [ArmResult], settings: DecisionSettings, alphas: [String: Double] = [:], interrupted: Bool = false) {
        let series = results.map(ArmSeries.init)
        let overheads = Dictionary(
            uniqueKeysWithValues: results.map {
                ($0.arm.rawValue, $0.wallNs > 0 ? Double($0.samplingNs) / Double($0.wallNs) : 0)
            })
        let analysis = RunAnalysis(series: series, settings: settings, overheads: overheads, alphas: alphas)
        let environment = RunEnvironment.current(
            jemallocVersion: results.first?.allocator.version,
            isolation: results.allSatisfy(\.isolated) ? .process : .inProcess
        )
        var summary = RunSummary(
            source: .run, config: results.first?.config, environment: environment, analysis: analysis,
            interrupted: interrupted || results.contains(where: \.interrupted)
        )
        summary.untilDecided = settings.looks
        self.init(
            samplesCSV: SamplesCSV.render(series: series),
            summary: summary, series: series, analysis: analysis
        )
    }

    /// Reports for an outside loop's arms (`memloop run --command`).
    package init(outside series: [ArmSeries], loop: OutsideLoop, settings: DecisionSettings, interrupted: Bool, alphas: [String: Double] = [:]) {
        let analysis = RunAnalysis(series: series, settings: settings, alphas: alphas)
        var summary = RunSummary(
            source: .command, config: nil, environment: RunEnvironment.current(jemallocVersion: nil, isolation: .process),
            analysis: analysis, interrupted: interrupted
        )
        summary.command = loop.displayCommand
        summary.loop = loop
        summary.untilDecided = settings.looks
        self.init(samplesCSV: SamplesCSV.render(series: series), summary: summary, series: series, analysis: analysis)
    }

    /// Reports for samples read from CSV files (which are not rewritten).
    /// - Parameter comparison: several sources side by side (`memloop compare`): the chart
    ///   shows each arm's growth since warm-up, so loops of different sizes share an axis.
    package init(series: [ArmSeries], settings: DecisionSettings, comparison: Bool = false) {
        let analysis = RunAnalysis(series: series, settings: settings.withoutLooks)
        let environment = RunEnvironment.current(jemallocVersion: nil, isolation: .csv)
        self.init(
            samplesCSV: nil,
            summary: RunSummary(source: comparison ? .compare : .analyze, config: nil, environment: environment, analysis: analysis),
            series: series, analysis: analysis, comparison: comparison
        )
    }

    init(samplesCSV: String?, summary: RunSummary, series: [ArmSeries], analysis: RunAnalysis, comparison: Bool = false) {
        self.samplesCSV = samplesCSV
        self.summary = summary
        self.analysis = analysis
        markdown = ResultTable.markdown(
            analysis, title: comparison ? "MemLoop comparison: memory per model, side by side" : "MemLoop: memory per model, with and without clearSession()"
        )
        svg = MemorySVG.render(
            series: series, analysis: analysis, metrics: comparison ? [.allocated, .liveBytes] : [.liveBytes, .allocated],
            title: comparison ? "Growth since warm-up, by source and arm" : "Memory against iteration, by arm", relative: comparison
        )
    }

    /// The files every bundle writes, in order (see `ReportFormat`).
    package static let formats: [any ReportFormat] = [SamplesCSVFormat(), SummaryJSONFormat(), SummaryMarkdownFormat(), MemoryChartFormat()]

    /// Writes every format that has something to write (`formats`: `samples.csv` for runs,
    /// `summary.json`, `summary.md`, `memory.svg`) into `folder`, creating it if needed,
    /// together with `extra` files (name, contents): all of them or none.
    /// - Returns: the files written, in order.
    @discardableResult
    package func write(to folder: URL, extra: [(String, Data)] = []) throws(AtomicFile.Failure) -> [URL] {
        try AtomicFile.prepareFolder(folder)
        var files: [(URL, Data)] = []
        for format in Self.formats {
            let url = folder.appendingPathComponent(format.fileName)
            do {
                if let data = try format.render(self) { files.append((url, data)) }
            } catch {
                throw AtomicFile.Failure(path: url.path, reason: "\(error)")
            }
        }
        files += extra.map { (folder.appendingPathComponent($0.0), $0.1) }
        try AtomicFile.write(files)
        return files.map(\.0)
    }

    /// `folder/{a,b,c}`: the "Reports: …" line's listing of the files a write returned.
    package static func listing(_ files: [URL], in folder: URL) -> String {
        "\(folder.path)/{\(files.map(\.lastPathComponent).joined(separator: ","))}"
    }
}
