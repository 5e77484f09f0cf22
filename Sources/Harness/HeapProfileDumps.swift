import JemallocStats
import Model

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two heap profiles of a profiled arm, named by `HeapProfileFile`: `base.heap` at
/// the end of the warm-up and `end.heap` at the end of the measured loop (before anything
/// is reset), so that their difference is what the measured iterations retained.
///
/// Both file names are C strings made here, before the loop: dumping inside the run
/// allocates nothing on the Swift side, and happens only at the window's two edges.
final class HeapProfileDumps {
    private let base: UnsafeMutablePointer<CChar>
    private let end: UnsafeMutablePointer<CChar>

    /// - Throws: `.measurement(.profilingOff)` when this process was not started with
    ///   profiling on (`MALLOC_CONF=prof:true,prof_active:true`), so that a profiled pass
    ///   never runs without profiles.
    init(folder: String) throws(HarnessError) {
        do throws(JemallocError) {
            let state = try Jemalloc.heapProfiling()
            guard state.enabled && state.active else { throw JemallocError.profilingOff }
        } catch {
            throw .measurement(error)
        }
        base = strdup(folder + "/" + HeapProfileFile.base)
        end = strdup(folder + "/" + HeapProfileFile.end)
    }

    func dumpBase() throws(HarnessError) {
        do { try Jemalloc.dumpHeapProfile(to: base) } catch { throw .measurement(error) }
    }

    func dumpEnd() throws(HarnessError) {
        do { try Jemalloc.dumpHeapProfile(to: end) } catch { throw .measurement(error) }
    }

    deinit {
        free(base)
        free(end)
    }
}
