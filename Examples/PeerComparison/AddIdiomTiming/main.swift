// The reference loop's `add` idiom timed as a user's program gets it: GraphCore linked as
// a package dependency (this package depends on MemLoop by path), release build, the
// loop of `memloop bench`'s "unbuilt seed model via add, clear" figure — clearSession(),
// then Sequential() and ten add(Dense(10)) — 20,000 models per batch, one unrecorded
// batch, then five; prints the median, min and max ns per model.
// Scripts/bench_external.sh runs it in turn with `memloop bench`.

import GraphCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func nanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

let modelsPerBatch = 20_000
var perModel: [Double] = []
for batch in 0..<6 {
    clearSession()
    let start = nanoseconds()
    for _ in 0..<modelsPerBatch {
        clearSession()
        var model = try Sequential()
        for _ in 0..<10 { try model.add(Dense(10)) }
    }
    let elapsed = Double(nanoseconds() - start) / Double(modelsPerBatch)
    if batch > 0 { perModel.append(elapsed) }  // the first batch warms caches and metadata
}
perModel.sort()
print("unbuilt seed model via add, clear: median \(Int(perModel[2])) ns, min \(Int(perModel[0])), max \(Int(perModel[4]))")
