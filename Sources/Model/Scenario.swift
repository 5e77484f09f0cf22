/// A named run configuration, so a CI gate and its baseline refer to the same loop.
package struct Scenario: Sendable, Equatable {
    package var name: String
    package var summary: String
    package var config: RunConfig

    /// The scenarios MemLoop knows by name.
    package static let all: [Scenario] = [
        Scenario(name: "default", summary: "the seed's loop: 1 unbuilt Sequential of 10 Dense(10) per iteration", config: .defaults),
        Scenario(name: "built", summary: "the seed's model built on 10 inputs (1,100 weights)", config: .defaults.with { $0.inputSize = 10 }),
        Scenario(name: "batch", summary: "10 unbuilt seed models per iteration", config: .defaults.with { $0.modelsPerIteration = 10 }),
        Scenario(name: "keep", summary: "the seed's loop with clearSession(.keepCapacity)", config: .defaults.with { $0.resetMode = .keepCapacity }),
    ]

    package static func named(_ name: String) -> Scenario? { all.first { $0.name == name } }
}
