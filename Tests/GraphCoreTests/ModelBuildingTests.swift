import GraphCore
import Testing

extension GlobalState {
    @Suite struct ModelBuilding {
        init() { clearSession() }

        @Test func seedModelBuiltOnTenInputsHasKerasParameterCount() throws {
            let model = try Sequential([Input(shape: [10])] + (0..<10).map { _ in Dense(10) })
            #expect(try model.countParams() == 1_100)
            #expect(model.layers.count == 10, "the Input is kept apart, as in Keras")
            #expect(model.outputShape == [10])
        }

        @Test func explicitBuildMatchesAnInputFirst() throws {
            var model = try Sequential([Dense(4), Dense(1)])
            #expect(!model.isBuilt)
            #expect(throws: GraphError.notBuilt("model sequential")) { try model.countParams() }
            try model.build(inputShape: [3])
            #expect(try model.countParams() == 3 * 4 + 4 + 4 * 1 + 1)
            #expect(throws: GraphError.self) { try model.build(inputShape: [3]) }
        }

        @Test func convolutionNormalisationAndFlattenCountLikeKeras() throws {
            let model = try Sequential([
                Input(shape: [28, 28, 1]),
                Conv2D(32, kernelSize: 3),
                BatchNormalization(),
                Activation("relu"),
                Flatten(),
                Dropout(0.5),
                Dense(10),
            ])
            // Conv2D 3·3·1·32 + 32 = 320; BN 4·32 = 128; Dense 26·26·32·10 + 10 = 216,330.
            #expect(try model.countParams() == 320 + 128 + 216_330)
            #expect(model.outputShape == [10])
        }

        @Test func addOnABuiltModelBuildsTheLayer() throws {
            var model = try Sequential([Input(shape: [5])])
            try model.add(Dense(2))
            #expect(try model.countParams() == 12)
            try model.add(Dense(3))
            #expect(try model.countParams() == 12 + 9)
            #expect(model.outputShape == [3])
        }

        @Test func addAnInputToAnEmptyModelBuildsIt() throws {
            var model = try Sequential()
            try model.add(Input(shape: [4]))
            try model.add(Dense(2))
            #expect(try model.countParams() == 10)
        }

        @Test func inputElsewhereThanFirstIsRejected() {
            #expect(throws: GraphError.self) { try Sequential([Dense(1), Input(shape: [2])]) }
        }

        @Test func shapesAConvolutionCannotTakeAreRejected() {
            #expect(throws: GraphError.self) { try Sequential([Input(shape: [2, 2, 1]), Conv2D(1, kernelSize: 3)]) }
            #expect(throws: GraphError.self) { try Sequential([Input(shape: [10]), Conv2D(1, kernelSize: 3)]) }
        }

        @Test func weightsAreGlorotUniformKernelsAndZeroBiases() throws {
            let dense = Dense(8)
            _ = try Sequential([Input(shape: [4]), dense])
            let values = try dense.weights()
            #expect(values.count == 4 * 8 + 8)
            let limit = Float((6.0 / 12.0).squareRoot())
            #expect(values.prefix(32).allSatisfy { abs($0) <= limit })
            #expect(Set(values.prefix(32)).count > 20, "kernel values are random, not constant")
            #expect(values.suffix(8).allSatisfy { $0 == 0 })
        }

        @Test func batchNormalisationStartsAtIdentity() throws {
            let norm = BatchNormalization()
            _ = try Sequential([Input(shape: [3]), norm])
            #expect(try norm.weights() == [1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1])
        }

        @Test func weightsAreReproducibleFromTheSeed() throws {
            resetSession(seed: 7)
            let first = Dense(5)
            _ = try Sequential([Input(shape: [5]), first])
            let a = try first.weights()
            resetSession(seed: 7)
            let second = Dense(5)
            _ = try Sequential([Input(shape: [5]), second])
            #expect(try second.weights() == a)
            resetSession(seed: GraphSession.defaultSeed)
        }

        @Test func unbuiltLayersHaveNoWeights() {
            #expect(throws: GraphError.notBuilt("layer dense")) { try Dense(1).weights() }
        }

        @Test func summaryIsKerasTable() throws {
            let model = try Sequential([Input(shape: [10]), Dense(10), Dense(1, name: "head")])
            let expected = """
                Model: "sequential"
                _________________________________________________________________
                Layer (type)                 Output Shape              Param #   
                =================================================================
                dense (Dense)                (None, 10)                110       
                _________________________________________________________________
                head (Dense)                 (None, 1)                 11        
                =================================================================
                Total params: 121
                Trainable params: 121
                Non-trainable params: 0
                _________________________________________________________________
                """
            #expect(try model.summary() == expected)
        }

        @Test func summaryCountsFrozenStatistics() throws {
            let model = try Sequential([Input(shape: [100]), Dense(1_000), BatchNormalization()])
            let summary = try model.summary()
            #expect(summary.contains("Total params: 105,000"))
            #expect(summary.contains("Trainable params: 103,000"))
            #expect(summary.contains("Non-trainable params: 2,000"))
        }

        @Test func summaryOfAnUnbuiltModelThrows() throws {
            let model = try Sequential([Dense(1)])
            #expect(throws: GraphError.notBuilt("model sequential")) { try model.summary() }
        }
    }
}
