/// Every exit status `memloop` uses, defined once. These numbers are API: CI jobs branch
/// on them, and the README documents them.
package enum ExitStatus: Int32, CaseIterable, Codable, Sendable {
    /// Success; for `gate`, every rule passed.
    case success = 0
    /// `gate`: a rule failed — memory grows, or a figure regressed against the baseline.
    case regression = 1
    /// `gate`: a verdict is INCONCLUSIVE — the run cannot tell constant from growing
    /// within ε. (`run` and `analyze` report INCONCLUSIVE in their table and exit 0.)
    case inconclusive = 2
    /// No measurement possible: jemalloc is not the active allocator, or not linked.
    case measurementUnavailable = 3
    /// A baseline file is missing, unreadable, or of another schema version.
    case baselineInvalid = 4
    /// An input file (CSV) is missing, empty or malformed.
    case invalidInput = 5
    /// An output folder or file cannot be written; nothing was half-written.
    case outputFailed = 6
    /// A control failed: the `control` arm (building nothing) grew, or the reference
    /// loop's `noclear` arm did not grow as the census says it must. The measurement
    /// itself is broken.
    case measurementBroken = 7
    /// A child process measuring one arm died or failed.
    case armFailed = 8
    /// `run --attribute`: growth per call site cannot be found — jemalloc without
    /// profiling (`config.prof` false), or `jeprof`, `perl` or `swift demangle` missing.
    /// The message says what to install.
    case attributionUnavailable = 9
    /// Interrupted by SIGINT or SIGTERM; what was sampled so far was written.
    case interrupted = 130
    /// Bad command-line arguments (swift-argument-parser's own code).
    case usage = 64

    /// One line for the README's table and `--help`.
    package var meaning: String {
        switch self {
        case .success: return "success (gate: every rule passed)"
        case .regression: return "gate: a rule failed (memory grows, or regressed against the baseline)"
        case .inconclusive: return "gate: a verdict is INCONCLUSIVE (run longer or widen ε)"
        case .measurementUnavailable: return "jemalloc is not the active allocator (or not linked): nothing measured"
        case .baselineInvalid: return "baseline missing (the absolute rules ran and passed), unreadable or of another schema version"
        case .invalidInput: return "input file missing, empty or malformed"
        case .outputFailed: return "output folder or file not writable (nothing half-written)"
        case .measurementBroken: return "a control failed: the control arm grew, or the reference loop's noclear arm did not grow as the census predicts"
        case .armFailed: return "a child process measuring an arm failed or died"
        case .attributionUnavailable: return "run --attribute: attribution unavailable (jemalloc without profiling, or jeprof/perl/swift demangle missing)"
        case .interrupted: return "interrupted (SIGINT/SIGTERM); samples so far were written"
        case .usage: return "invalid command-line arguments"
        }
    }

    /// The one precedence table: when several outcomes happen (rules of one gate, scenarios
    /// of one run), the status reported is the most severe. A broken measurement outranks
    /// a regression (its figures cannot be trusted either way), a regression a missing or
    /// wrong baseline, which outranks an undecided verdict; failures to run at all rank
    /// above every verdict.
    package var severity: Int {
        switch self {
        case .success: 0
        case .inconclusive: 1
        case .baselineInvalid: 2
        case .regression: 3
        case .measurementBroken: 4
        case .measurementUnavailable, .invalidInput, .outputFailed, .armFailed, .attributionUnavailable, .usage: 5
        case .interrupted: 6
        }
    }

    /// The most severe of `statuses` (`success` when there are none).
    package static func mostSevere(_ statuses: some Sequence<ExitStatus>) -> ExitStatus {
        statuses.reduce(.success) { $1.severity > $0.severity ? $1 : $0 }
    }
}
