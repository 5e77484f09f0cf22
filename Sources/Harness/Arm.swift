/// One side of the experiment.
public enum Arm: String, CaseIterable, Codable, Sendable {
    /// `clearSession()` at the start of every iteration: memory should stay constant.
    case clear
    /// No clearing: the graph keeps every model, memory should grow. The positive control.
    case noclear
}
