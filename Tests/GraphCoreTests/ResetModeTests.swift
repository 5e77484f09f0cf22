import Testing

@testable import GraphCore

extension GlobalState {
    @Suite struct ResetModes {
        init() { clearSession(.releaseStorage) }

        @Test func unbuiltSeedModelStateIsElevenRecords() throws {
            _ = try Sequential((0..<10).map { _ in Dense(10) })
            let census = sessionCensus()
            #expect(census.nodes == 11)
            #expect(census.nodesByKind[.dense] == 10)
            #expect(census.models == 1)
            #expect(census.arenaUsedBytes == 11 * 32)
            #expect(GraphSession.bytesPerNodeRecord == 32)
            #expect(census.nameEntries == 2, "the prefixes dense and sequential")
            #expect(census.weightFloats == 0)
        }

        @Test func builtSeedModelStateIsRecordsPlusWeights() throws {
            _ = try Sequential([Input(shape: [10])] + (0..<10).map { _ in Dense(10) })
            let census = sessionCensus()
            #expect(census.nodes == 12)
            #expect(census.weightFloats == 1_100)
            #expect(census.arenaUsedBytes == 12 * 32 + 1_100 * 4)
        }

        @Test(arguments: ResetMode.allCases)
        func censusIsEmptyAfterClear(mode: ResetMode) throws {
            _ = try Sequential([Input(shape: [10])] + (0..<10).map { _ in Dense(10) })
            let generation = sessionCensus().generation
            clearSession(mode)
            let census = sessionCensus()
            #expect(census.nodes == 0)
            #expect(census.arenaUsedBytes == 0)
            #expect(census.nameEntries == 0)
            #expect(census.weightFloats == 0)
            #expect(census.generation == generation + 1)
            if mode == .releaseStorage {
                #expect(census.arenaReservedBytes == 0)
            } else {
                #expect(census.arenaReservedBytes > 0, "kept capacity is reported as reserved")
            }
        }

        @Test(arguments: ResetMode.allCases)
        func buildClearCyclesKeepReservedBytesConstant(mode: ResetMode) throws {
            var reserved: Set<Int> = []
            var used: Set<Int> = []
            for _ in 0..<200 {
                clearSession(mode)
                for _ in 0..<20 {
                    _ = try Sequential([Input(shape: [10])] + (0..<10).map { _ in Dense(10) })
                }
                reserved.insert(sessionCensus().arenaReservedBytes)
                used.insert(sessionCensus().arenaUsedBytes)
            }
            #expect(reserved.count == 1)
            #expect(used == [20 * (12 * 32 + 4_400)])
            #expect(sessionSnapshot().auditInvariants() == [])
        }

        @Test func keepCapacityReusesChunksWithoutAllocatingNew() throws {
            for _ in 0..<500 { _ = Dense(1) }
            let chunks = sessionSnapshot().nodes.chunkCount
            clearSession(.keepCapacity)
            for _ in 0..<500 { _ = Dense(1) }
            #expect(sessionSnapshot().nodes.chunkCount == chunks)
        }
    }
}
