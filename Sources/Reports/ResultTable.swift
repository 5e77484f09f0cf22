import Analysis
import Model

/// The side-by-side table `memloop run` and `analyze` print, and its Markdown twin.
package enum ResultTable {
    static func headers(_ analysis: RunAnalysis) -> [String] {
        let interval = usesOneLevel(analysis) ? "bytes/model (\(Format.level(0.95)) CI)" : "bytes/model (CI)"
        return ["arm", "verdict", "growth", "bytes/iteration", interval, "grows at most", "R²", "models", "time/model"]
    }

    /// Whether every arm's interval is the usual 95% one (not an `--until-decided` run).
    static func usesOneLevel(_ analysis: RunAnalysis) -> Bool { analysis.arms.allSatisfy { abs($0.confidence - 0.95) < 1e-9 } }

    static func rows(_ analysis: RunAnalysis) -> [[String]] {
        analysis.arms.map { arm in
            [
                arm.arm,
                arm.verdict.rawValue,
                arm.shape?.kind.rawValue ?? "n/a",
                Format.number(arm.primary.bytesPerIteration),
                "\(Format.number(arm.primary.bytesPerModel)) \(Format.interval(arm.primary.ci95))",
                arm.primary.ci95.isKnown ? Format.number(arm.primary.ci95.upper) : "n/a",
                Format.number(arm.fit(arm.primary.metric)?.rSquared ?? .nan, decimals: 3),
                String(arm.modelsBuilt),
                Format.duration(ns: arm.nsPerModel),
            ]
        }
    }

    /// The loop's own metrics (`Metric.isUser`), one row per arm and metric, each read as
    /// the primary metric is: verdict, slope per iteration and per model with its interval
    /// (at the arm's level), the interval's upper bound, R². Empty when the run has none.
    static let userHeaders = ["arm", "loop's metric", "verdict", "per iteration", "per model (CI)", "grows at most", "R²"]

    static func userRows(_ analysis: RunAnalysis) -> [[String]] {
        analysis.arms.flatMap { arm in
            arm.metrics.filter(\.metric.isUser).map { fit in
                [
                    arm.arm, "\(fit.metric.rawValue) (\(fit.unit))", fit.verdict.rawValue, Format.number(fit.perIteration),
                    "\(Format.number(fit.perModel)) \(Format.interval(fit.ci95))", fit.ci95.isKnown ? Format.number(fit.ci95.upper) : "n/a",
                    Format.number(fit.rSquared, decimals: 3),
                ]
            }
        }
    }

    /// Why a loop's own metric has no figures in an arm (too few samples recorded…).
    static func userNotes(_ analysis: RunAnalysis) -> [String] {
        analysis.arms.flatMap { arm in
            arm.metrics.filter(\.metric.isUser).compactMap { fit in fit.note.map { "\(fit.metric.rawValue) in the \(arm.arm) arm: \($0)." } }
        }
    }

    /// Plain text for a terminal.
    package static func text(_ analysis: RunAnalysis) -> String {
        var text = TextTable.render([headers(analysis)] + rows(analysis)) + "\n\n"
        let user = userRows(analysis)
        if !user.isEmpty {
            text += "The loop's own metrics, per model:\n" + TextTable.render([userHeaders] + user) + "\n"
            text += userNotes(analysis).map { $0 + "\n" }.joined() + "\n"
        }
        return text + footer(analysis)
    }

    /// A Markdown report (fits a CI job summary).
    package static func markdown(_ analysis: RunAnalysis, title: String) -> String {
        var lines = ["## \(title)", ""]
        let headers = headers(analysis)
        lines.append("| " + headers.joined(separator: " | ") + " |")
        lines.append("|" + headers.map { _ in "---" }.joined(separator: "|") + "|")
        for row in rows(analysis) { lines.append("| " + row.joined(separator: " | ") + " |") }
        lines.append("")
        lines.append(footer(analysis))
        lines.append("")
        let user = userRows(analysis)
        if !user.isEmpty {
            lines.append("### The loop's own metrics (per model)")
            lines.append("")
            lines.append("| " + userHeaders.joined(separator: " | ") + " |")
            lines.append("|" + userHeaders.map { _ in "---" }.joined(separator: "|") + "|")
            for row in user { lines.append("| " + row.joined(separator: " | ") + " |") }
            lines.append("")
            for note in userNotes(analysis) { lines.append(note) }
            if !userNotes(analysis).isEmpty { lines.append("") }
        }
        lines.append("### Attribution (bytes per model)")
        lines.append("")
        lines.append("| arm | seen by jemalloc | census used | census reserved | unexplained |")
        lines.append("|---|---|---|---|---|")
        for arm in analysis.arms {
            let a = arm.attribution
            lines.append(
                "| \(arm.arm) | \(Format.number(a.seenBytesPerModel)) | \(Format.number(a.censusUsedBytesPerModel ?? .nan)) | "
                    + "\(Format.number(a.censusReservedBytesPerModel ?? .nan)) | \(Format.number(a.unexplainedBytesPerModel ?? .nan)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func footer(_ analysis: RunAnalysis) -> String {
        let metrics = Set(analysis.arms.map(\.primary.metric))
        let metric: String
        if metrics.count > 1 {
            metric = analysis.arms.map { "\($0.primary.metric.rawValue) (\($0.arm))" }.joined(separator: ", ")
        } else {
            metric = (metrics.first ?? .liveBytes).rawValue
        }
        var lines = [
            "Verdicts on \(metric) with ε = \(epsilons(analysis)) (\(levels(analysis))); time/model excludes sampling where the source recorded loop_ns."
        ]
        if metrics.count == 1 { lines.append("Metric: \(analysis.primaryChoice.reason).") }
        let sampling = analysis.arms.compactMap { arm in
            arm.harnessOverheadPercent.map { "\(arm.arm) \(Format.number($0))%" + (arm.nsPerSample.map { " (\(Format.duration(ns: $0)) a sample)" } ?? "") }
        }
        if !sampling.isEmpty { lines.append("Sampling took \(sampling.joined(separator: ", ")) of each arm's time.") }
        for arm in analysis.arms {
            for warning in arm.loopWarnings ?? [] { lines.append("The \(arm.arm) arm's loop warned: \(warning)") }
        }
        for arm in analysis.arms {
            guard let step = arm.primary.oneOffStep else { continue }
            lines.append(
                "The \(arm.arm) arm stepped once by \(Format.signedBytes(step.size)) at iteration \(Int(step.x)) and held there: a one-off event "
                    + "(a thread's buffer, a lazy initialisation), left out of its rate.")
        }
        for arm in analysis.arms {
            guard let settling = arm.settling else { continue }
            lines.append(
                "The \(arm.arm) arm rose by \(Format.signedBytes(settling.rise)) early in the window, up to iteration \(settling.afterIteration); "
                    + "from there on it does not grow, and its verdict and figures are read from there (SETTLED: a runtime filling its caches "
                    + "once; a longer --warm-up leaves the rise out).")
        }
        for arm in analysis.arms {
            guard let shape = arm.shape, shape.kind == .slowing || shape.kind == .step else { continue }
            if shape.kind == .slowing, let ratio = shape.earlyOverLate {
                lines.append(
                    "The \(arm.arm) arm slows: \(Format.number(shape.firstHalf)) B/iteration in the first half, \(Format.number(shape.secondHalf)) in the second "
                        + "(\(Format.ratio(ratio))× faster in the first half): a cache filling up — or growth in doubling steps whose next one falls after the run; a longer --warm-up or run tells them apart."
                )
            } else if shape.kind == .step {
                lines.append("The \(arm.arm) arm stepped once between flat halves: a one-off change, not a steady leak.")
            }
        }
        for control in [analysis.positiveControl, analysis.negativeControl].compactMap({ $0 }) {
            let name = control.kind == .positive ? "Positive control" : "Negative control"
            let state = control.passed ? "passed" : (control.enforced ? "FAILED" : "not met")
            lines.append("\(name) \(state): \(control.message).")
        }
        return lines.joined(separator: "\n")
    }

    /// ε as used: the fixed one, or each arm's automatic one.
    static func epsilons(_ analysis: RunAnalysis) -> String {
        let used = analysis.arms.compactMap(\.primary.epsilon)
        guard analysis.tolerance.isAutomatic, !used.isEmpty else { return "\(Format.number(analysis.epsilonBytesPerModel)) bytes/model" }
        if Set(used).count == 1 {
            return
                "\(Format.number(used[0])) bytes/model (automatic: at least \(Format.number(analysis.epsilonBytesPerModel)), twice the interval's half width, at most what the step noise can feign)"
        }
        let each = analysis.arms.map { "\($0.arm) \(Format.number($0.primary.epsilon ?? .nan))" }.joined(separator: ", ")
        return
            "\(each) bytes/model (automatic: at least \(Format.number(analysis.epsilonBytesPerModel)), twice each interval's half width, at most what its step noise can feign)"
    }

    /// The intervals' levels: 95%, or after `--until-decided`'s looks each arm's for the
    /// lower bounds and 95% for the upper.
    static func levels(_ analysis: RunAnalysis) -> String {
        guard !usesOneLevel(analysis) else { return "\(Format.level(0.95)) Theil–Sen interval" }
        let levels = analysis.arms.map { "\($0.arm) \(Format.level($0.confidence))" }.joined(separator: ", ")
        return "Theil–Sen intervals: lower bounds at the level of the look that decided each arm (\(levels)), upper bounds at 95%"
    }
}
