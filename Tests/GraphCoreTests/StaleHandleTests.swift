import GraphCore
import Testing

extension GlobalState {
    @Suite struct StaleHandles {
        init() { clearSession() }

        @Test(arguments: ResetMode.allCases)
        func handlesFromAClearedSessionAreDetected(mode: ResetMode) throws {
            let old = Dense(3)
            let model = try Sequential([old])
            clearSession(mode)
            let fresh = Dense(3)  // takes the same arena index as `old`
            #expect(fresh.id.index == old.id.index)
            #expect(throws: GraphError.staleHandle(old.id, currentGeneration: fresh.id.generation)) {
                try layerName(of: old.id)
            }
            #expect(throws: GraphError.self) { try Sequential([old]) }
            #expect(throws: GraphError.self) { try model.countParams() }
            #expect(throws: GraphError.self) { try old.weights() }
            var stale = model
            #expect(throws: GraphError.self) { try stale.add(Dense(1)) }
            #expect(fresh.name == "dense")
        }

        @Test func staleErrorMessageSaysWhatHappened() {
            let message = GraphError.staleHandle(Dense(1).id, currentGeneration: 99).description
            #expect(message.contains("before clearSession()"))
        }

        @Test func readingTheNameOfAStaleLayerStopsWithAMessage() async {
            await #expect(processExitsWith: .failure) {
                let layer = Dense(1)
                clearSession()
                _ = layer.name
            }
        }
    }
}
