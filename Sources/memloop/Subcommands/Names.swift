import ArgumentParser
import GraphCore
import Model

/// The seed documentation's Example 2, run through GraphCore's public API.
struct Names: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the seed's naming example: dense_10, then 1, then dense after clearSession()."
    )

    func run() throws {
        clearSession()
        let layers = (0..<10).map { _ in Dense(10) }
        _ = layers
        print(Dense(10).name)
        try setLearningPhase(1)
        print(learningPhase())
        clearSession()
        print(Dense(10).name)
    }
}
