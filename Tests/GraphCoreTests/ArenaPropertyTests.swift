import PropertyBased
import Testing

@testable import GraphCore

/// Random sequences of graph operations against a plain model of what the session must
/// hold: node and weight counts, bytes used, and a clean audit after every sequence.
@Suite struct ArenaPropertyTests {
    /// 0: a Dense; 1: a model of three Dense, built on 4 inputs; 2: a Dropout;
    /// 3: clear keeping capacity; 4: clear releasing storage.
    static let operations = Gen.int(in: 0...4).array(of: 1...300)

    @Test func randomBuildAndClearSequencesKeepTheCensusConsistent() async {
        await propertyCheck(count: 200, input: Self.operations) { operations in
            var session = GraphSession()
            var nodes = 0, floats = 0, generation: UInt32 = 1
            for operation in operations {
                switch operation {
                case 0:
                    _ = session.addLayer(.dense, name: nil, configA: 3)
                    nodes += 1
                case 1:
                    let layers = (0..<3).map { _ in session.addLayer(.dense, name: nil, configA: 5) }
                    let model = session.addLayer(.sequential, name: nil, configA: 3)
                    var shape = [4]
                    for layer in layers { shape = try! session.build(layer: layer, input: shape).output }
                    _ = model
                    nodes += 4
                    floats += (4 * 5 + 5) + 2 * (5 * 5 + 5)
                case 2:
                    _ = session.addLayer(.dropout, name: nil, configA: Float(0.5).bitPattern)
                    nodes += 1
                default:
                    session.clear(operation == 3 ? .keepCapacity : .releaseStorage)
                    nodes = 0
                    floats = 0
                    generation += 1
                }
                let census = session.census
                #expect(census.nodes == nodes)
                #expect(census.weightFloats == floats)
                #expect(census.arenaUsedBytes == nodes * 32 + floats * 4)
                #expect(census.arenaUsedBytes <= census.arenaReservedBytes)
                #expect(census.generation == generation)
            }
            #expect(session.auditInvariants() == [])
        }
    }

    @Test func nodeArenaReadsBackWhatWasAppended() async {
        await propertyCheck(count: 100, input: Gen.int(in: 0...1_000)) { count in
            var arena = NodeArena<UInt64>(placeholder: 0)
            for i in 0..<count { #expect(arena.append(UInt64(i) * 3) == i) }
            #expect(arena.count == count)
            #expect((0..<count).allSatisfy { arena[$0] == UInt64($0) * 3 })
            #expect(arena.chunkCount == (count + arena.chunkCapacity - 1) / arena.chunkCapacity)
        }
    }

    @Test func weightSlicesNeverOverlapAndLargeOnesGetTheirOwnChunk() async {
        await propertyCheck(count: 100, input: Gen.int(in: 1...10_000).array(of: 1...40)) { sizes in
            var arena = WeightArena()
            var slices: [WeightSlice] = []
            for size in sizes {
                let slice = arena.allocate(size)
                #expect(Int(slice.count) == size)
                #expect(arena.contains(slice))
                for i in 0..<size { arena[slice, i] = Float(slices.count) }
                slices.append(slice)
            }
            for (n, slice) in slices.enumerated() {
                #expect(arena.values(slice).allSatisfy { $0 == Float(n) }, "slice \(n) was overwritten")
            }
            #expect(arena.usedFloats == sizes.reduce(0, +))
        }
    }

    @Test func chunksFitAllocatorSizeClassesExactly() {
        let nodes = NodeArena<NodeRecord>(placeholder: .placeholder)
        #expect(nodes.chunkCapacity * 32 + 32 == 4_096)
        let weights = WeightArena()
        #expect(weights.chunkCapacity * 4 + 32 == 16_384)
    }
}

/// The O(1) invariant checks run after every mutation in checked (debug) builds: a
/// session whose census disagrees with its arena stops at the next mutation.
@Suite struct InvariantCheckTests {
    @Test func aCorruptedCensusIsCaughtAtTheNextMutation() async {
        await #expect(processExitsWith: .failure) {
            var session = GraphSession()
            session.kindCounts[.dense] += 1  // the census now counts a node the arena does not hold
            _ = session.addLayer(.dense, name: nil, configA: 1)
        }
    }

    @Test func theFullAuditReportsWhatIsWrong() {
        var session = GraphSession()
        _ = session.addLayer(.dense, name: nil, configA: 1)
        #expect(session.auditInvariants() == [])
        session.names = NameTable()  // forget the counters: the next Dense is `dense` again
        _ = session.addLayer(.dense, name: nil, configA: 1)
        #expect(session.auditInvariants() == ["auto name dense given twice"])
    }
}
