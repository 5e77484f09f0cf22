import Analysis
// libFuzzer target: any bytes through the samples reader, and whatever it accepts
// through the analysis and the chart. A trap anywhere is a crash libFuzzer reports.
// Built by Scripts/fuzz.sh.
import Foundation
import Reports

@_cdecl("LLVMFuzzerTestOneInput")
public func samplesCSVFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    guard let series = try? SamplesCSV.read(data: data, file: "fuzz.csv", warmUp: 1) else { return 0 }
    let analysis = RunAnalysis(series: series)
    _ = MemorySVG.render(series: series, analysis: analysis, title: "fuzz")
    _ = MemorySVG.render(series: series, analysis: analysis, title: "fuzz", relative: true)
    return 0
}
