/// A named run configuration, so a CI gate and its baseline refer to the same loop.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var config: RunConfig

    /// The scenarios MemLoop knows by name.
    public static let all: [Scenario] = [
        Scenario(name: "default", summary: "the seed's loop: 1 unbuilt Sequential of 10 Dense(10) per iteration", config: RunConfig()),
        Scenario(
            name: "built", summary: "the seed's model built on 10 inputs (1,100 weights)",
            config: {
                var config = RunConfig()
                config.inputSize = 10
                return config
            }()),
        Scenario(
            name: "batch", summary: "10 unbuilt seed models per iteration",
            config: {
                var config = RunConfig()
                config.modelsPerIteration = 10
                return config
            }()),
        Scenario(
            name: "keep", summary: "the seed's loop with clearSession(.keepCapacity)",
            config: {
                var config = RunConfig()
                config.resetMode = .keepCapacity
                return config
            }()),
    ]

    public static func named(_ name: String) -> Scenario? { all.first { $0.name == name } }
}
