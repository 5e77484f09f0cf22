import Foundation
import Model

/// How an arm's child process hands its result to the parent: the result's fields as
/// JSON, and its samples as their raw bytes in a file beside it.
///
/// JSON for two million samples is about a gigabyte of text, and decoding it took the
/// parent several gigabytes; the raw samples are `MemoryLayout<Sample>.stride` bytes each
/// and are read back with one copy. Parent and child are the same executable, so the
/// layout is the same on both sides.
package enum ArmResultFile {
    /// The samples file that goes with a result file.
    package static func samplesURL(for url: URL) -> URL { url.appendingPathExtension("samples") }

    /// The two files' contents.
    package static func encode(_ result: ArmResult) throws -> (json: Data, samples: Data) {
        precondition(_isPOD(Sample.self), "Sample must stay a plain value to be written as bytes")
        var fields = result
        fields.samples = []
        let json = try JSONEncoder().encode(fields)
        let samples = result.samples.withUnsafeBytes { Data($0) }
        return (json, samples)
    }

    /// The result written by `encode`, read back.
    package static func decode(json: Data, samples: Data) throws -> ArmResult {
        var result = try JSONDecoder().decode(ArmResult.self, from: json)
        let stride = MemoryLayout<Sample>.stride
        guard samples.count % stride == 0 else {
            throw CocoaError(
                .fileReadCorruptFile,
                userInfo: [NSLocalizedDescriptionKey: "the samples file is \(samples.count) bytes, not a whole number of \(stride)-byte samples"])
        }
        result.samples = samples.withUnsafeBytes { raw in Array(raw.bindMemory(to: Sample.self)) }
        return result
    }

    /// The result a child process wrote to `url` and its samples file, marked `isolated`:
    /// it was measured in a process of its own.
    package static func read(from url: URL) throws -> ArmResult {
        var result = try decode(json: Data(contentsOf: url), samples: Data(contentsOf: samplesURL(for: url)))
        result.isolated = true
        return result
    }
}
