import GraphCore
import Testing

extension GlobalState {
    @Suite struct LearningPhase {
        init() { clearSession() }

        @Test func defaultsToZeroAndAcceptsOne() throws {
            #expect(learningPhase() == 0)
            try setLearningPhase(1)
            #expect(learningPhase() == 1)
            try setLearningPhase(0)
            #expect(learningPhase() == 0)
        }

        @Test(arguments: [-1, 2, 42])
        func rejectsValuesOtherThanZeroAndOne(value: Int) {
            #expect(throws: GraphError.invalidLearningPhase(value)) { try setLearningPhase(value) }
            #expect(learningPhase() == 0)
            #expect(GraphError.invalidLearningPhase(value).description.contains("expected 0 (inference) or 1 (training)"))
        }

        @Test func scopedFormRestoresThePreviousValue() throws {
            let inside = try withLearningPhase(1) { learningPhase() }
            #expect(inside == 1)
            #expect(learningPhase() == 0)
            struct Boom: Error {}
            #expect(throws: Boom.self) { try withLearningPhase(1) { throw Boom() } }
            #expect(learningPhase() == 0)
            #expect(throws: GraphError.invalidLearningPhase(5)) { try withLearningPhase(5) { 0 } }
        }

        @Test func clearSessionResetsIt() throws {
            try setLearningPhase(1)
            clearSession(.keepCapacity)
            #expect(learningPhase() == 0)
            try setLearningPhase(1)
            clearSession(.releaseStorage)
            #expect(learningPhase() == 0)
        }
    }
}
