import Analysis
import Foundation
import Model

/// `memory.svg`: each chosen metric against iteration for every arm, one panel per
/// metric, with axes, units, a legend and the verdicts — then one panel for each metric
/// of the loop's own (`Metric.isUser`). Plain SVG, readable in any browser.
package enum MemorySVG {
    static let width = 860.0
    static let panelHeight = 300.0
    static let margin = (left: 90.0, right: 30.0, top: 50.0, bottom: 50.0)
    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]

    /// - Parameter relative: plot each arm's growth since its first analysed sample instead
    ///   of absolute bytes, so that loops of very different sizes share one axis.
    package static func render(
        series input: [ArmSeries], analysis: RunAnalysis, metrics: [Metric] = [.liveBytes, .allocated], title: String, relative: Bool = false
    ) -> String {
        let series = relative ? input.map(growthSinceWarmUp) : input
        let userMetrics = Set(series.flatMap(\.userMetrics)).subtracting(metrics).sorted()
        let shown = (metrics + userMetrics).filter { metric in series.contains { $0.metrics[metric] != nil } }
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
            // A loop's own metric may skip samples (NaN): growth since its first value after warm-up.
            guard let base = values[first...].first(where: \.isFinite) else { continue }
            copy.metrics[metric] = values.map { $0 - base }
        }
        return copy
    }

    /// Points per horizontal pixel a series may keep: a bucket's minimum and maximum.
    static let pointsPerPixel = 2

    /// Thins a series to at most two points per bucket of x: each bucket's minimum and
    /// maximum, in the order they occur. A 2,000,000-sample arm then draws at most
    /// 2 × `buckets` points (a small SVG), and a spike or a dip lasting one sample still
    /// shows at its full height, which averaging or striding would hide.
    /// - Parameters:
    ///   - x: positions, increasing (iterations).
    ///   - y: values, as many as `x`.
    ///   - range: the x range the buckets cover (the panel's axis).
    ///   - buckets: how many buckets (pixels) the range is cut into.
    static func thin(x: [Double], y: [Double], range: ClosedRange<Double>, buckets: Int) -> [(x: Double, y: Double)] {
        let count = min(x.count, y.count)
        guard count > pointsPerPixel * buckets, buckets > 0 else { return (0..<count).map { (x[$0], y[$0]) } }
        let width = range.upperBound / 2 - range.lowerBound / 2
        func bucket(_ value: Double) -> Int {
            let position = (value / 2 - range.lowerBound / 2) / width * Double(buckets)
            guard position.isFinite else { return 0 }
            return Int(min(max(position, 0), Double(buckets - 1)))
        }
        var kept: [(x: Double, y: Double)] = []
        kept.reserveCapacity(pointsPerPixel * buckets)
        var index = 0
        while index < count {
            let current = bucket(x[index])
            var low = index, high = index
            var next = index + 1
            while next < count, bucket(x[next]) == current {
                if y[next] < y[low] { low = next }
                if y[next] > y[high] { high = next }
                next += 1
            }
            for i in Set([low, high]).sorted() { kept.append((x[i], y[i])) }
            index = next
        }
        return kept
    }

    /// An axis label for an iteration: formatted, never converted to `Int` (which traps
    /// beyond Int's range).
    static func iterationLabel(_ value: Double) -> String { Format.number(value, decimals: 0) }

    static func panel(metric: Metric, series: [ArmSeries], analysis: RunAnalysis, top: Double) -> String {
        let plotWidth = width - margin.left - margin.right
        let plotHeight = panelHeight - 40
        var (xMin, xMax) = (Double.infinity, -Double.infinity)
        var (yMin, yMax) = (Double.infinity, -Double.infinity)
        for s in series {
            guard let values = s.metrics[metric] else { continue }
            for (iteration, value) in zip(s.iterations, values) where value.isFinite {
                xMin = min(xMin, Double(iteration))
                xMax = max(xMax, Double(iteration))
                yMin = min(yMin, value)
                yMax = max(yMax, value)
            }
        }
        if !xMin.isFinite { (xMin, xMax) = (0, 1) }
        if !yMin.isFinite { (yMin, yMax) = (0, 1) }
        if xMax == xMin { xMax = xMin + 1 }
        if yMax == yMin {
            yMin -= max(1, abs(yMin) * 0.01)
            yMax += max(1, abs(yMax) * 0.01)
        }
        // Halves keep the spans finite for values near Double's limits.
        let pad = (yMax / 2 - yMin / 2) * 0.1
        yMin -= pad
        yMax += pad
        let xHalfSpan = xMax / 2 - xMin / 2, yHalfSpan = yMax / 2 - yMin / 2
        func px(_ x: Double) -> Double { margin.left + (x / 2 - xMin / 2) / xHalfSpan * plotWidth }
        func py(_ y: Double) -> Double { top + 20 + plotHeight - (y / 2 - yMin / 2) / yHalfSpan * plotHeight }
        let label = metric == .liveBytes ? "live bytes (thread.allocated − thread.deallocated)" : "\(metric.rawValue) (stats.\(metric.rawValue))"
        var out =
            "<g>\n<text x=\"\(margin.left)\" y=\"\(top + 10)\" font-weight=\"bold\">\(XMLText.escape(metric.isAllocatorReading ? label : metric.isUser ? "\(metric.rawValue) (recorded by the loop)" : metric.rawValue))</text>\n"
        out += "<rect x=\"\(margin.left)\" y=\"\(top + 20)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#999\"/>\n"
        for tick in 0...4 {
            let value = yMin + yHalfSpan * Double(tick) / 2
            let y = py(value)
            out += "<line x1=\"\(margin.left - 4)\" x2=\"\(margin.left + plotWidth)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#eee\"/>\n"
            out +=
                "<text x=\"\(margin.left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(XMLText.escape(metric.isBytes ? Format.binary(value) : Format.number(value, decimals: 0)))</text>\n"
            let xValue = xMin + xHalfSpan * Double(tick) / 2
            out += "<text x=\"\(px(xValue))\" y=\"\(top + 20 + plotHeight + 16)\" text-anchor=\"middle\">\(iterationLabel(xValue))</text>\n"
        }
        out += "<text x=\"\(margin.left + plotWidth / 2)\" y=\"\(top + 20 + plotHeight + 34)\" text-anchor=\"middle\">iteration</text>\n"
        for (index, s) in series.enumerated() {
            guard let values = s.metrics[metric] else { continue }
            let colour = colours[index % colours.count]
            // Samples where a loop's own metric was not recorded (NaN) are left out of the line.
            let recorded = zip(s.iterations, values).filter { $0.1.isFinite }
            let points = thin(x: recorded.map { Double($0.0) }, y: recorded.map(\.1), range: xMin...xMax, buckets: Int(plotWidth))
            let path = points.map { "\(Format.number(px($0.x), decimals: 1)),\(Format.number(py($0.y), decimals: 1))" }
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
