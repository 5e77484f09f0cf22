import GraphCore
import Testing

extension GlobalState {
    /// The two examples of the seed documentation, as written there, in Swift.
    @Suite struct SeedExamples {
        @Test func example1BuildsInALoopAndStaysConstant() throws {
            var footprints: Set<Int> = []
            for _ in 0..<100 {
                clearSession()
                let model = try Sequential((0..<10).map { _ in Dense(10) })
                #expect(model.name == "sequential")
                #expect(model.layers.map(\.name) == ["dense"] + (1..<10).map { "dense_\($0)" })
                footprints.insert(sessionCensus().arenaUsedBytes)
            }
            #expect(footprints.count == 1, "every iteration holds the same state")
            #expect(sessionCensus().nodes == 11)
        }

        @Test func example2NamesRestartAfterClear() throws {
            clearSession()
            let layers = (0..<10).map { _ in Dense(10) }
            #expect(layers.last?.name == "dense_9")
            #expect(Dense(10).name == "dense_10")
            try setLearningPhase(1)
            #expect(learningPhase() == 1)
            clearSession()
            #expect(Dense(10).name == "dense")
            #expect(learningPhase() == 0)
        }

        @Test func withoutClearingNamesAndNodesKeepGrowing() throws {
            clearSession()
            for _ in 0..<3 { _ = try Sequential((0..<10).map { _ in Dense(10) }) }
            #expect(Dense(10).name == "dense_30")
            #expect(sessionCensus().nodes == 34)
            #expect(sessionCensus().models == 3)
        }
    }
}
