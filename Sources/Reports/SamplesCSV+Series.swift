import Analysis
import Model

extension SamplesCSV {
    /// The CSV text of series read from files (outside loops): the columns every series has,
    /// in the documented order.
    public static func render(series: [ArmSeries]) -> String {
        let metrics = Metric.allCases.filter { metric in series.allSatisfy { $0.metrics[metric] != nil } }
        let hasElapsed = series.allSatisfy { $0.elapsedNs != nil }
        let hasLoop = series.allSatisfy { $0.loopNs != nil }
        var header = ["arm", "iteration", "models_built"]
        if hasElapsed { header.append("elapsed_ns") }
        header += metrics.map(\.rawValue) + ["warmup"]
        if hasLoop { header.append("loop_ns") }
        var text = header.joined(separator: ",") + "\n"
        for s in series {
            for row in 0..<s.count {
                var cells = [s.arm, String(s.iterations[row]), String(s.modelsBuilt[row])]
                if hasElapsed, let elapsed = s.elapsedNs { cells.append(String(elapsed[row])) }
                cells += metrics.map { String(Int(s.metrics[$0]![row])) }
                cells.append(s.warmup[row] ? "1" : "0")
                if hasLoop, let loop = s.loopNs { cells.append(String(loop[row])) }
                text += cells.joined(separator: ",") + "\n"
            }
        }
        return text
    }
}
