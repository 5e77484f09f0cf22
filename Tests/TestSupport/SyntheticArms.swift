import GrowthAnalysis

/// A samples CSV with a known answer: one arm leaking `leak` bytes per iteration plus
/// uniform noise of ±`noise`, and one flat with the same noise.
package func syntheticCSV(iterations: Int = 200, leak: Double = 16, noise: Double = 64, seed: UInt64 = 7) -> String {
    var generator = NoiseGenerator(seed: seed)
    var lines = ["arm,iteration,models_built,live_bytes"]
    for (arm, slope) in [("leaky", leak), ("flat", 0.0)] {
        for i in 0..<iterations {
            let value = 1_000_000 + slope * Double(i) + generator.uniform(in: -noise...noise)
            lines.append("\(arm),\(i),\(i + 1),\(Int(value.rounded()))")
        }
    }
    return lines.joined(separator: "\n") + "\n"
}
