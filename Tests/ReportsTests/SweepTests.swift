import GraphCore
import Model
import Reports
import Testing

extension GlobalGraph {
    @Suite struct SweepParameters {
        @Test(arguments: [(1, 10, 10), (10, 10, 10), (5, 50, 10), (3, 7, 1)])
        func parameterCountMatchesGraphCore(layers: Int, units: Int, input: Int) throws {
            clearSession()
            let model = try Sequential([Input(shape: [input])] + (0..<layers).map { _ in Dense(units) })
            #expect(Sweep.parameters(layers: layers, units: units, inputSize: input) == (try model.countParams()))
            #expect(Sweep.parameters(layers: layers, units: units, inputSize: nil) == 0)
            clearSession()
        }
    }
}

/// Tests in this target that touch the process-wide graph run one at a time.
@Suite(.serialized) enum GlobalGraph {}
