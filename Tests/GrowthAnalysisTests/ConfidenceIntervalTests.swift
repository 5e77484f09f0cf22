import Foundation
import GrowthAnalysis
import Testing

@Suite struct ConfidenceIntervalTests {
    @Test func isStoredAsTwoNumbersAndReadBack() throws {
        let interval = ConfidenceInterval(lower: -1.5, upper: 2.25)
        let data = try JSONEncoder().encode(interval)
        #expect(String(decoding: data, as: UTF8.self) == "[-1.5,2.25]")
        #expect(try JSONDecoder().decode(ConfidenceInterval.self, from: data) == interval)
    }

    @Test(arguments: ["[1]", "[1,2,3]", "[]", "{\"lower\":1,\"upper\":2}", "[\"a\",2]"])
    func anythingButTwoNumbersIsRefused(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ConfidenceInterval.self, from: Data(json.utf8)) }
    }

    @Test func anUnknownIntervalHasNoRangeAndIsWithinNothing() {
        #expect(!ConfidenceInterval.unknown.isKnown)
        #expect(ConfidenceInterval.unknown.range == nil)
        #expect(ConfidenceInterval.unknown.width.isNaN)
        #expect(!ConfidenceInterval.unknown.isWithin(.infinity))
        #expect(ConfidenceInterval.unknown.description == "n/a")
        #expect(ConfidenceInterval(lower: 2, upper: 1).range == nil, "bounds out of order are no interval")
    }

    @Test func aKnownIntervalGivesItsRangeWidthAndBound() {
        let interval = ConfidenceInterval(3...7)
        #expect(interval.range == 3...7)
        #expect(interval.width == 4)
        #expect(interval.isWithin(7) && !interval.isWithin(6.9))
        #expect(ConfidenceInterval(lower: -4, upper: 4).isWithin(4))
    }
}
