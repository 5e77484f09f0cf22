import Foundation

/// `memory.svg`: each chosen metric against iteration for every arm, one panel per
/// metric, with axes, units, a legend and the verdicts. Plain SVG, readable in any browser.
public enum MemorySVG {
    static let width = 860.0
    static let panelHeight = 300.0
    static let margin = (left: 90.0, right: 30.0, top: 50.0, bottom: 50.0)
    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    /// - Parameter relative: plot each arm's growth since its first analysed sample instead
    ///   of absolute bytes, so that loops of very different sizes share one axis.
    public static func render(series input: [ArmSeries], analysis: RunAnalysis, metrics: [Metric] = [.liveBytes, .allocated], title: String, relative: Bool = false) -> String {
        let series = relative ? input.map(growthSinceWarmUp) : input
        let shown = metrics.filter { metric in series.contains { $0.metrics[metric] != nil } }
        let height = margin.top + Double(max(shown.count, 1)) * (panelHeight + margin.bottom) + 10
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(width / 2)" y="24" text-anchor="middle" font-size="16" font-weight="bold">\(XMLText.escape(title))</text>

            """
        for (panel, metric) in shown.enumerated() {
            let top = margin.top + Double(panel) * (panelHeight + margin.bottom)
            svg += self.panel(metric: metric, series: series, analysis: analysis, top: top)
        }
        if shown.isEmpty {
            svg += "<text x=\"\(width / 2)\" y=\"\(margin.top + 40)\" text-anchor=\"middle\">No memory metric to plot.</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func growthSinceWarmUp(_ series: ArmSeries) -> ArmSeries {
        var copy = series
        let first = series.warmup.firstIndex(of: false) ?? 0
        for (metric, values) in series.metrics where first < values.count {
            copy.metrics[metric] = values.map { $0 - values[first] }
        }
        return copy
    }

    static func panel(metric: Metric, series: [ArmSeries], analysis: RunAnalysis, top: Double) -> String {
        let plotWidth = width - margin.left - margin.right
        let plotHeight = panelHeight - 40
        let points = series.flatMap { s in (s.metrics[metric] ?? []).indices.map { (Double(s.iterations[$0]), s.metrics[metric]![$0]) } }
        let xs = points.map(\.0), ys = points.map(\.1)
        var (xMin, xMax) = (xs.min() ?? 0, xs.max() ?? 1)
        var (yMin, yMax) = (ys.min() ?? 0, ys.max() ?? 1)
        if xMax == xMin { xMax = xMin + 1 }
        if yMax == yMin { yMin -= max(1, abs(yMin) * 0.01); yMax += max(1, abs(yMax) * 0.01) }
        let pad = (yMax - yMin) * 0.05
        yMin -= pad
        yMax += pad
        func px(_ x: Double) -> Double { margin.left + (x - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + 20 + plotHeight - (y - yMin) / (yMax - yMin) * plotHeight }
        let label = metric == .liveBytes ? "live bytes (thread.allocated − thread.deallocated)" : "\(metric.rawValue) (stats.\(metric.rawValue))"
        var out = "<g>\n<text x=\"\(margin.left)\" y=\"\(top + 10)\" font-weight=\"bold\">\(XMLText.escape(metric.isAllocatorReading ? label : metric.rawValue))</text>\n"
        out += "<rect x=\"\(margin.left)\" y=\"\(top + 20)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#999\"/>\n"
        for tick in 0...4 {
            let value = yMin + (yMax - yMin) * Double(tick) / 4
            let y = py(value)
            out += "<line x1=\"\(margin.left - 4)\" x2=\"\(margin.left + plotWidth)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(margin.left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(XMLText.escape(metric.isBytes ? Format.binary(value) : Format.number(value, decimals: 0)))</text>\n"
            let xValue = xMin + (xMax - xMin) * Double(tick) / 4
            out += "<text x=\"\(px(xValue))\" y=\"\(top + 20 + plotHeight + 16)\" text-anchor=\"middle\">\(Int(xValue.rounded()))</text>\n"
        }
        out += "<text x=\"\(margin.left + plotWidth / 2)\" y=\"\(top + 20 + plotHeight + 34)\" text-anchor=\"middle\">iteration</text>\n"
        for (index, s) in series.enumerated() {
            guard let values = s.metrics[metric] else { continue }
            let colour = colours[index % colours.count]
            let path = values.indices.map { "\(Format.number(px(Double(s.iterations[$0])), decimals: 1)),\(Format.number(py(values[$0]), decimals: 1))" }
            out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(path.joined(separator: " "))\"/>\n"
            let fit = analysis.arm(s.arm)?.fit(metric)
            let legend = "\(s.arm): \(fit?.verdict.rawValue ?? "n/a"), \(Format.number(fit?.perModel ?? .nan)) \(metric.unit)/model"
            let ly = top + 38 + Double(index) * 16
            out += "<rect x=\"\(margin.left + 10)\" y=\"\(ly - 9)\" width=\"12\" height=\"3\" fill=\"\(colour)\"/>\n"
            out += "<text x=\"\(margin.left + 28)\" y=\"\(ly - 4)\">\(XMLText.escape(legend))</text>\n"
        }
        return out + "</g>\n"
    }

}
