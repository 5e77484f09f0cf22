/// Errors raised by GraphCore, each with a message that says what went wrong and what to do.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A handle created before a `clearSession()` was used afterwards.
    case staleHandle(NodeID, currentGeneration: UInt32)
    /// `setLearningPhase` was given something other than 0 or 1.
    case invalidLearningPhase(Int)
    /// Two layers of one `Sequential` share a name.
    case duplicateLayerName(String, model: String)
    /// A layer was asked for something that needs built weights.
    case notBuilt(String)
    /// A shape cannot be used (empty, zero or negative dimension, wrong rank).
    case invalidShape(String)
    /// A model was asked to build twice, or with an `Input` layer not first.
    case invalidModel(String)

    public var description: String {
        switch self {
        case let .staleHandle(id, current):
            return "stale handle: \(id) was created before clearSession() (current generation \(current)); "
                + "create layers and models again after clearing the session"
        case let .invalidLearningPhase(value):
            return "invalid learning phase \(value): expected 0 (inference) or 1 (training)"
        case let .duplicateLayerName(name, model):
            return "All layers added to a Sequential model should have unique names. Name \"\(name)\" is already "
                + "the name of a layer in model \"\(model)\". Pass a unique `name:`."
        case let .notBuilt(what):
            return "\(what) is not built yet: build it with an input shape "
                + "(model.build(inputShape:) or an Input layer first)"
        case let .invalidShape(message):
            return "invalid shape: \(message)"
        case let .invalidModel(message):
            return message
        }
    }
}
