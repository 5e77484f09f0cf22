import Harness
import Model
import PropertyBased
import TestSupport
import Testing

@testable import Analysis

@Suite struct CSVPropertyTests {
    @Test func anyRunsSamplesSurviveTheCSVRoundTrip() async {
        await propertyCheck(count: 100, input: Gen.int(in: 2...60), Gen.int(in: -100_000...100_000)) { count, slope in
            let results = [sampleResult(.clear, count: count, slope: 0), sampleResult(.noclear, count: count, slope: slope)]
            let read = try! SamplesCSV.read(SamplesCSV.render(series: results.map(ArmSeries.init)), file: "p.csv")
            #expect(read == results.map(ArmSeries.init))
        }
    }
}
