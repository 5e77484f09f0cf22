/// One side of the experiment. Every run measures all three: a loop's verdict is only
/// trusted when both controls behave.
public enum Arm: String, CaseIterable, Codable, Sendable {
    /// Reset (`clearSession()`) at the start of every iteration: memory should stay constant.
    case clear
    /// Never reset: the graph keeps every model, memory should grow. The positive control
    /// for the reference loop, whose growth the census predicts.
    case noclear
    /// The same loop and sampling, building nothing and resetting nothing: the negative
    /// control. It must be CONSTANT, or the harness itself retains memory per iteration.
    case control

    /// Whether the arm resets the session at the start of each iteration.
    public var clears: Bool { self == .clear }

    /// Whether the arm builds models.
    public var builds: Bool { self != .control }

    /// The arm of a label such as `clear`, `Control` or `keras/noclear` (the part after the
    /// last slash, in any case): how arms read from files written by other tools keep their
    /// role. The one rule for roles: the analysis, the controls and the CSV reader use it.
    public init?(label: String) {
        let tail = label.split(separator: "/").last.map(String.init) ?? label
        self.init(rawValue: tail.lowercased())
    }
}
