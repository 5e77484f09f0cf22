import GrowthAnalysis
import Testing

@Suite struct LinearModelTests {
    @Test func recoversTheCoefficientsOfAConstructedPlane() throws {
        let rows: [[Double]] = [[0, 1], [100, 1], [1_000, 5], [5_000, 10], [20_000, 20], [300, 2]]
        let y = rows.map { 32 + 4 * $0[0] + 44 * $0[1] }
        let model = try LinearModel(rows: rows, y: y)
        #expect(abs(model.coefficients[0] - 32) < 1e-6)
        #expect(abs(model.coefficients[1] - 4) < 1e-9)
        #expect(abs(model.coefficients[2] - 44) < 1e-6)
        #expect(abs(model.rSquared - 1) < 1e-12)
        #expect(abs(model.predict([10, 2]) - (32 + 40 + 88)) < 1e-6)
    }

    @Test func collinearOrTooFewRowsAreUnderdetermined() {
        #expect(throws: LinearModel.Failure.underdetermined) { try LinearModel(rows: [[1, 2], [2, 4], [3, 6], [4, 8]], y: [1, 2, 3, 4]) }
        #expect(throws: LinearModel.Failure.underdetermined) { try LinearModel(rows: [[1, 2]], y: [1]) }
    }
}
