/// Applies an activation function by name (`"relu"`, `"softmax"`, …). No parameters.
public struct Activation: Layer {
    public let id: NodeID
    public let function: String

    public init(_ function: String, name: String? = nil) {
        self.function = function
        id = withGlobalSession { session in
            let functionID = session.intern(function)
            return session.addLayer(.activation, name: name, configA: functionID)
        }
    }
}
