// libFuzzer target: any bytes as a baseline file through Baseline.load, which reads a
// path (it checks the file type first), so each input is written to one scratch file.
// Built by Scripts/fuzz.sh.
import Foundation
import GatePolicy

let scratch = URL(fileURLWithPath: NSTemporaryDirectory())
    .appendingPathComponent("memloop-fuzz-baseline-\(ProcessInfo.processInfo.processIdentifier).json")

@_cdecl("LLVMFuzzerTestOneInput")
public func baselineFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    guard (try? data.write(to: scratch)) != nil else { return 0 }
    _ = try? Baseline.load(scratch, scenario: "default")
    return 0
}
