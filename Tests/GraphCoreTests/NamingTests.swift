import GraphCore
import Testing

/// A user-defined layer type: named from its type name.
struct ResidualBlock: Layer {
    let id: NodeID
    init(name: String? = nil) { id = makeLayerNode(Self.self, name: name) }
}

/// Leading underscore: Keras prefixes `private` (and keeps the underscore: `private__hidden`).
struct _Hidden: Layer {
    let id: NodeID
    init() { id = makeLayerNode(Self.self) }
}

@Suite struct SnakeCaseTests {
    /// Expected values printed by Keras' own `to_snake_case` (the two `re.sub` calls).
    @Test(arguments: [
        ("Dense", "dense"), ("Conv2D", "conv2d"), ("BatchNormalization", "batch_normalization"),
        ("ReLU", "re_lu"), ("Conv2DTranspose", "conv2d_transpose"), ("LSTM", "lstm"),
        ("GRUCell", "gru_cell"), ("HTTPServer", "http_server"), ("Conv1D", "conv1d"),
        ("_Hidden", "private__hidden"), ("InputLayer", "input_layer"), ("PReLU", "p_re_lu"),
        ("UpSampling2D", "up_sampling2d"), ("already_snake", "already_snake"), ("ABC1d", "ab_c1d"),
        ("", ""), ("X", "x"), ("_private", "private_private"), ("A1B2C3", "a1_b2c3"),
        ("getHTTPResponseCode", "get_http_response_code"), ("Layer2Norm", "layer2_norm"),
    ])
    func matchesKerasRule(typeName: String, expected: String) {
        #expect(snakeCase(typeName) == expected)
    }
}

extension GlobalState {
    @Suite struct Naming {
        init() { clearSession() }

        @Test func interleavedPrefixesKeepSeparateCounters() {
            #expect(Dense(1).name == "dense")
            #expect(Conv2D(1, kernelSize: 1).name == "conv2d")
            #expect(Dense(1).name == "dense_1")
            #expect(BatchNormalization().name == "batch_normalization")
            #expect(Dropout(0.5).name == "dropout")
            #expect(Flatten().name == "flatten")
            #expect(Activation("relu").name == "activation")
            #expect(Conv2D(1, kernelSize: 1).name == "conv2d_1")
        }

        @Test func modelsAreSequentialThenNumbered() throws {
            #expect(try Sequential().name == "sequential")
            #expect(try Sequential().name == "sequential_1")
            #expect(try Sequential(name: "mine").name == "mine")
            #expect(try Sequential().name == "sequential_2")
        }

        @Test func inputsAreNumberedFromOne() {
            #expect(Input(shape: [3]).name == "input_1")
            #expect(Input(shape: [3]).name == "input_2")
            #expect(Dense(1).name == "dense")
        }

        @Test func explicitNamesAreKeptAndDoNotMoveCounters() {
            #expect(Dense(1, name: "head").name == "head")
            #expect(Dense(1).name == "dense")
            #expect(Dense(1, name: "dense_7").name == "dense_7")
            #expect(Dense(1).name == "dense_1")
        }

        @Test func userDefinedLayersAreNamedFromTheirType() {
            #expect(ResidualBlock().name == "residual_block")
            #expect(ResidualBlock().name == "residual_block_1")
            #expect(_Hidden().name == "private__hidden")
            #expect(ResidualBlock(name: "skip").name == "skip")
            clearSession()
            #expect(ResidualBlock().name == "residual_block")
        }

        @Test func duplicateExplicitNamesInAModelThrowNamingTheDuplicate() {
            #expect(throws: GraphError.duplicateLayerName("x", model: "sequential")) {
                try Sequential([Dense(1, name: "x"), Dense(2, name: "x")])
            }
        }

        @Test func anExplicitNameEqualToAnAutoNameIsADuplicate() {
            let auto = Dense(1)
            #expect(throws: GraphError.duplicateLayerName("dense", model: "sequential")) {
                try Sequential([auto, Dense(1, name: "dense")])
            }
        }

        @Test func theSameLayerTwiceIsADuplicate() throws {
            let layer = Dense(1)
            #expect(throws: GraphError.duplicateLayerName("dense", model: "sequential")) {
                try Sequential([layer, layer])
            }
            var model = try Sequential([layer])
            #expect(throws: GraphError.duplicateLayerName("dense", model: "sequential_1")) {
                try model.add(layer)
            }
            #expect(model.layers.count == 1)
        }

        @Test func duplicateErrorMessageSaysWhatToDo() {
            let message = GraphError.duplicateLayerName("x", model: "m").description
            #expect(message.contains("\"x\""))
            #expect(message.contains("unique"))
        }
    }
}
