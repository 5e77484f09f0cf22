import Testing

@testable import GraphCore

/// A user-defined layer whose auto name, `dense_1`, is also the second `Dense`'s: Keras
/// compares names as strings, so a model holding both has a duplicate.
struct Dense_1: Layer {
    let id: NodeID
    init() { id = makeLayerNode(Self.self) }
}

/// What building one model did: its layers' names (its `Input` first) or its error, and
/// the name the next model gets.
struct ModelOutcome: Equatable, CustomStringConvertible {
    var modelName: String?
    var layerNames: [String]?
    var error: GraphError?
    var message: String?
    var nextModelName: String

    var description: String {
        "model \(modelName ?? "-") \(layerNames ?? []) error \(message ?? "none"), next \(nextModelName)"
    }

    /// `Sequential(layers)` in a fresh session.
    static func viaInit(_ makeLayers: () -> [any Layer]) -> ModelOutcome {
        clearSession()
        let layers = makeLayers()
        do {
            let model = try Sequential(layers)
            return finish(model, error: nil)
        } catch {
            return ModelOutcome(error: error, message: error.description, nextModelName: nextName())
        }
    }

    /// `Sequential()`, then `add` per layer, in a fresh session; stops at the first error.
    static func viaAdd(_ makeLayers: () -> [any Layer]) -> ModelOutcome {
        clearSession()
        let layers = makeLayers()
        var model = try! Sequential()
        for layer in layers {
            do {
                try model.add(layer)
            } catch {
                return ModelOutcome(error: error, message: error.description, nextModelName: nextName())
            }
        }
        return finish(model, error: nil)
    }

    private static func finish(_ model: Sequential, error: GraphError?) -> ModelOutcome {
        let names = (model.input.map { [$0.name] } ?? []) + model.layers.map(\.name)
        return ModelOutcome(modelName: model.name, layerNames: names, nextModelName: nextName())
    }

    private static func nextName() -> String { try! Sequential().name }
}

extension GlobalState {
    /// `Sequential()` then `add` per layer — the idiom most Keras code uses — names the
    /// layers and fails exactly as `Sequential([layers])` does.
    @Suite struct AddIdiom {
        init() { clearSession() }

        /// Layer lists, each made fresh after a clear, with what both idioms must give.
        static let cases: [(label: String, make: @Sendable () -> [any Layer], error: GraphError?)] = [
            ("seed model", { (0..<10).map { _ in Dense(10) } }, nil),
            ("seed model built on an Input", { [Input(shape: [10])] + (0..<10).map { _ in Dense(10) } }, nil),
            ("explicit names", { [Dense(1, name: "a"), Dense(1), Dense(1, name: "b")] }, nil),
            (
                "explicit duplicates", { [Dense(1, name: "x"), Dense(2), Dense(3, name: "x")] },
                .duplicateLayerName("x", model: "sequential")
            ),
            (
                "explicit name equal to an auto name", { [Dense(1), Dense(1), Dense(1, name: "dense_1")] },
                .duplicateLayerName("dense_1", model: "sequential")
            ),
            (
                "auto name equal to an explicit name", { [Dense(1, name: "dense_1"), Dense(1), Dense(1)] },
                .duplicateLayerName("dense_1", model: "sequential")
            ),
            (
                "two prefixes making one name", { [Dense(1), Dense(1), Dense_1()] },
                .duplicateLayerName("dense_1", model: "sequential")
            ),
            (
                "explicit name equal to the Input's", { [Input(shape: [2], name: "in"), Dense(1, name: "in")] },
                .duplicateLayerName("in", model: "sequential")
            ),
            (
                "name equal to the auto Input's", { [Input(shape: [2]), Dense(1, name: "input_1")] },
                .duplicateLayerName("input_1", model: "sequential")
            ),
            (
                "same layer twice",
                {
                    let layer = Dense(1)
                    return [Dense(1), layer, layer]
                },
                .duplicateLayerName("dense", model: "sequential")
            ),
            (
                "Input not first", { [Dense(1), Input(shape: [2])] },
                .invalidModel("an Input layer can only be the first layer of a Sequential (found at 1)")
            ),
            (
                "second Input", { [Input(shape: [2]), Dense(1), Input(shape: [2])] },
                .invalidModel("an Input layer can only be the first layer of a Sequential (found at 2)")
            ),
            // Python compares str by code points: composed and decomposed é are two names.
            ("canonically equivalent names", { [Dense(1, name: "caf\u{e9}"), Dense(1, name: "cafe\u{301}")] }, nil),
        ]

        @Test(arguments: 0..<cases.count)
        func addGivesTheSameNamesAndErrorsAsInit(caseIndex: Int) {
            let (label, make, error) = Self.cases[caseIndex]
            let viaInit = ModelOutcome.viaInit(make)
            #expect(viaInit.error == error, "\(label): \(viaInit)")
            #expect(sessionSnapshot().auditInvariants() == [])
            let viaAdd = ModelOutcome.viaAdd(make)
            #expect(viaAdd == viaInit, "\(label)")
            #expect(viaAdd.message == error?.description, "\(label): the exact message")
            #expect(sessionSnapshot().auditInvariants() == [])
        }

        @Test func aFailedModelStillTakesItsName() {
            let viaInit = ModelOutcome.viaInit { [Dense(1, name: "x"), Dense(1, name: "x")] }
            #expect(viaInit.nextModelName == "sequential_1")
            #expect(ModelOutcome.viaAdd { [Dense(1, name: "x"), Dense(1, name: "x")] } == viaInit)
        }

        @Test func duplicateExplicitNamesAreRejectedAndTheModelIsUnchanged() throws {
            var model = try Sequential()
            try model.add(Dense(1, name: "x"))
            try model.add(Dense(1))
            #expect(throws: GraphError.duplicateLayerName("x", model: "sequential")) {
                try model.add(Dense(2, name: "x"))
            }
            #expect(model.layers.map(\.name) == ["x", "dense"])
            try model.add(Dense(2, name: "y"))
            #expect(model.layers.map(\.name) == ["x", "dense", "y"])
        }

        @Test func duplicatesAreRejectedAfterInitToo() throws {
            var model = try Sequential([Input(shape: [3], name: "in"), Dense(2, name: "x")])
            #expect(throws: GraphError.duplicateLayerName("x", model: "sequential")) { try model.add(Dense(2, name: "x")) }
            #expect(throws: GraphError.duplicateLayerName("in", model: "sequential")) { try model.add(Dense(2, name: "in")) }
            try model.add(Dense(4))
            #expect(try model.countParams() == (3 * 2 + 2) + (2 * 4 + 4))
            #expect(model.outputShape == [4])
        }

        @Test func aLayerThatFailsToBuildLeavesItsNameFree() throws {
            var model = try Sequential([Input(shape: [4])])
            let conv = Conv2D(1, kernelSize: 3)
            #expect(throws: GraphError.self) { try model.add(conv) }
            #expect(model.layers.isEmpty)
            #expect(throws: GraphError.self) { try model.add(conv) }  // a shape error again, not a duplicate
            try model.add(Dense(1, name: "conv2d"))
            #expect(model.layers.map(\.name) == ["conv2d"])
        }

        @Test func aStaleInputIsRejectedByAddAsByInit() throws {
            let input = Input(shape: [2])
            clearSession()
            var model = try Sequential()
            #expect(throws: GraphError.staleHandle(input.id, currentGeneration: input.id.generation + 1)) {
                try model.add(input)
            }
            #expect(!model.isBuilt)
        }

        /// A behaviour test, not a timing: ten thousand layers, past the size from which
        /// the model's name set keeps an index.
        @Test func tenThousandLayersViaAddHaveUniqueNames() throws {
            var model = try Sequential()
            for _ in 0..<10_000 { try model.add(Dense(1)) }
            let names = model.layers.map(\.name)
            #expect(names.count == 10_000)
            #expect(Set(names).count == 10_000)
            #expect(names.last == "dense_9999")
            #expect(throws: GraphError.duplicateLayerName("dense_5000", model: "sequential")) {
                try model.add(Dense(1, name: "dense_5000"))
            }
            #expect(throws: GraphError.duplicateLayerName("dense_17", model: "sequential")) {
                try model.add(model.layers[17])
            }
            try model.add(Dense(1, name: "dense_10000_head"))
            #expect(model.layers.count == 10_001)
            #expect(sessionSnapshot().auditInvariants() == [])
        }

        @Test func tenThousandLayersViaInitHaveUniqueNames() throws {
            var layers: [any Layer] = (0..<10_000).map { _ in Dense(1) }
            let model = try Sequential(layers)
            #expect(Set(model.layers.map(\.name)).count == 10_000)
            layers.append(Dense(1, name: "dense_9999"))
            #expect(throws: GraphError.duplicateLayerName("dense_9999", model: "sequential_1")) {
                try Sequential(layers)
            }
            #expect(sessionSnapshot().auditInvariants() == [])
        }
    }
}

@Suite struct NameHashTests {
    @Test(arguments: [UInt32(0), 1, 9, 10, 11, 99, 100, 12_345, 1_000_000_000, UInt32.max])
    func anAutoNameHashesAsItsString(number: UInt32) {
        var table = NameTable()
        let custom = table.prefixID(forCustomType: Dense_1.self)
        for prefix in [UInt32(LayerKind.dense.rawValue), UInt32(LayerKind.input.rawValue), custom] {
            #expect(table.hash(prefix: prefix, number: number) == NameHash.of(table.render(prefix: prefix, number: number)))
        }
    }

    @Test func equalHashesAreAllOfferedForComparison() {
        var set = LayerNameSet()
        let ids = (0..<100).map { NodeID(index: UInt32($0), generation: 1) }
        for id in ids { set.insert(hash: id.index % 2 == 0 ? 7 : 1_000 + UInt64(id.index), id: id) }
        var offered: [NodeID] = []
        var position = set.firstPosition(ofHash: 7)
        while let found = position {
            offered.append(set.id(at: found))
            position = set.firstPosition(ofHash: 7, from: found + 1)
        }
        #expect(offered == ids.filter { $0.index % 2 == 0 })
        #expect(set.firstPosition(ofHash: 8) == nil)
        #expect(set.firstPosition(ofHash: 1_009) == 9)
    }
}
