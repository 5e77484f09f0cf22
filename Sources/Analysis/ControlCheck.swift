import Model

/// One of a run's two controls, over every arm of its role.
///
/// - The **positive control** (`noclear` arms): without a reset the reference loop's
///   graph must grow, and the allocator must see about what the census says it holds.
///   A reference run whose `noclear` arm does not grow has a broken measurement, not a
///   clean loop. An outside loop has no census: its `noclear` arm is reported, but a
///   loop may well not grow without a reset, so the check is not enforced there.
/// - The **negative control** (`control` arms): the same loop and sampling, building and
///   resetting nothing, must not grow. Growth there is the harness's own (or the
///   runtime's), and would be reported as the user's in every other arm. A one-off step
///   is not growth; a control that cannot tell yet is undecided, not failed.
///
/// A failed enforced control makes `run` and `gate` exit 7.
public struct ControlCheck: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case positive, negative

        /// The arm role each kind checks.
        public var role: Arm { self == .positive ? .noclear : .control }
    }

    public var kind: Kind
    /// Whether every checked arm passed.
    public var passed: Bool
    /// Whether a failure means the measurement cannot be trusted (exit 7).
    public var enforced: Bool
    public var arms: [ControlArmCheck]
    /// One sentence per arm.
    public var message: String

    /// Whether the run must be refused because of this control: an arm failed (not
    /// merely undecided).
    public var failed: Bool { enforced && arms.contains { !$0.passed && !$0.undecided } }

    /// The check of `kind` over `arms` (those of its role), or `nil` when there is none.
    package static func evaluate(_ kind: Kind, arms: [ArmAnalysis]) -> ControlCheck? {
        let checked = arms.filter { $0.role == kind.role }
        guard !checked.isEmpty else { return nil }
        let results = checked.map { kind == .positive ? ControlArmCheck.positive($0) : ControlArmCheck.negative($0) }
        let enforced = kind == .negative || checked.contains { $0.attribution.censusReservedBytesPerModel != nil }
        return ControlCheck(
            kind: kind, passed: results.allSatisfy(\.passed), enforced: enforced, arms: results,
            message: results.map(\.message).joined(separator: "; ")
        )
    }
}
