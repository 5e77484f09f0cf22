import Foundation
import Model
import Testing

@testable import Analysis
@testable import Reports

/// The chart stays small however long the arm, and keeps every spike and dip.
@Suite struct MemorySVGTests {
    /// The polyline's points, parsed back.
    static func points(_ svg: String) -> [(x: Double, y: Double)] {
        guard let start = svg.range(of: "points=\""), let end = svg[start.upperBound...].firstIndex(of: "\"") else { return [] }
        return svg[start.upperBound..<end].split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: ",")
            guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]) else { return nil }
            return (x, y)
        }
    }

    @Test func thinningKeepsAtMostTwoPointsPerBucketWithTheirMinimumAndMaximum() {
        let count = 2_000_000
        let x = (0..<count).map(Double.init)
        var y = (0..<count).map { Double($0 % 7) }
        y[1_234_567] = 10_485_760
        y[42] = -5
        let kept = MemorySVG.thin(x: x, y: y, range: 0...Double(count - 1), buckets: 740)
        #expect(kept.count <= 2 * 740)
        #expect(kept.contains { $0.x == 1_234_567 && $0.y == 10_485_760 })
        #expect(kept.contains { $0.x == 42 && $0.y == -5 })
        #expect(kept.map(\.x) == kept.map(\.x).sorted(), "points stay in time order")
    }

    @Test func aTwoMillionSampleArmGivesASmallSVGWithItsSpike() {
        let count = 2_000_000
        var bytes = (0..<count).map { 1_000_000 + Double($0 % 13) }
        bytes[1_999_000] = 50_000_000
        let series = ArmSeries(
            arm: "clear", iterations: Array(0..<count), modelsBuilt: Array(1...count), elapsedNs: nil,
            warmup: Array(repeating: false, count: count), metrics: [.liveBytes: bytes]
        )
        let svg = MemorySVG.render(series: [series], analysis: RunAnalysis(series: []), metrics: [.liveBytes], title: "long")
        #expect(svg.utf8.count < 64_000, "\(svg.utf8.count) bytes")
        #expect(svg.contains(">47.68 MiB<") || svg.contains("MiB"), "the axis reaches the spike")
        let points = Self.points(svg)
        #expect(points.count <= 2 * 740)
        // The spike is the top of the data: drawn at the top of the plot, 5% padding below it.
        #expect(points.map(\.y).min() == 81.8, "70 + 260 × 0.05 / 1.1: the plot top less the padding")
    }

    @Test func iterationsNearIntsLimitsAndHugeValuesDrawWithoutTrapping() {
        let series = ArmSeries(
            arm: "x", iterations: [0, Int.max / 2, Int.max - 1, Int.max], modelsBuilt: [1, 2, 3, 4], elapsedNs: nil,
            warmup: [false, false, false, false], metrics: [.liveBytes: [-1e308, 1e308, 0, 1e308]]
        )
        let svg = MemorySVG.render(series: [series], analysis: RunAnalysis(series: []), metrics: [.liveBytes], title: "edge")
        #expect(svg.contains(">9223372036854775808<"))
        #expect(Self.points(svg).count == 4, "every point has coordinates")
        #expect(MemorySVG.iterationLabel(.nan) == "n/a")
    }
}
