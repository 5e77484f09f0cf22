import Foundation

/// The one JSON style of every report: pretty, keys sorted, and numbers that could not
/// be computed written as the strings "nan"/"inf" rather than failing the write.
package enum ReportJSON {
    package static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }
}
