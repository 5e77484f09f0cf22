// libFuzzer target: any bytes as a scenarios file through ScenariosFile.load, which reads a
// path (it checks the file type and size first), so each input is written to one scratch
// file. Every scenario it accepts must name a folder inside --output and hold a command
// without a NUL. Built by Scripts/fuzz.sh.
import Foundation
import GatePolicy

let scratch = URL(fileURLWithPath: NSTemporaryDirectory())
    .appendingPathComponent("memloop-fuzz-scenarios-\(ProcessInfo.processInfo.processIdentifier).json")

@_cdecl("LLVMFuzzerTestOneInput")
public func scenariosFileFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    guard (try? data.write(to: scratch)) != nil else { return 0 }
    guard let scenarios = try? ScenariosFile.load(scratch) else { return 0 }
    for scenario in scenarios {
        // What the loader promises: a plain name, and a loop that can run as written.
        precondition(GateScenario.nameProblem(scenario.name) == nil, "accepted the name \(scenario.name)")
        if case let .outside(loop) = scenario.loop { precondition(loop.problems().isEmpty, "accepted \(loop.problems())") }
    }
    return 0
}
