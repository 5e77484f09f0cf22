import Analysis
import ArgumentParser

/// `--primary`, the metric that decides the verdicts, declared once for every command that
/// gives verdicts (run, analyze, compare, and through the scenarios file the gate): unless
/// named, the data chooses (`MetricChoice`: the loop thread's live bytes while no other
/// thread allocates or frees in the window, process-wide `stats.allocated` once one does).
struct PrimaryOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Metric that decides the verdicts (default: chosen from the data — live_bytes of the loop's thread while no other thread "
                + "allocates or frees in the window, else allocated, process-wide; the footer says which and why). "
                + "A metric of the loop's own (an extra column such as device_bytes) decides only when named here.",
            valueName: "metric"))
    var primary: Metric?
}
