import GraphCore

/// The seed documentation's Example 2 through GraphCore's public API (`memloop names`):
/// ten `Dense` layers, then the eleventh's name, the learning phase, and a name after
/// `clearSession()`.
package enum NamingExample {
    /// The lines to print: `dense_10`, `1`, `dense`.
    package static func lines() throws -> [String] {
        clearSession()
        let layers = (0..<10).map { _ in Dense(10) }
        _ = layers
        var lines = [Dense(10).name]
        try setLearningPhase(1)
        lines.append("\(learningPhase())")
        clearSession()
        lines.append(Dense(10).name)
        return lines
    }
}
