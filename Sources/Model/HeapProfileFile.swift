/// The names of the two heap profiles inside a profile folder: the reference loop's
/// profiled arm writes them into `RunConfig.heapProfileFolder`, an outside loop into
/// `MEMLOOP_PROFILE_DIR` (Reports/PROTOCOL.md), and attribution diffs `end` against `base`.
package enum HeapProfileFile {
    /// The profile at the end of the warm-up (before the loop when there is none).
    package static let base = "base.heap"
    /// The profile at the end of the measured loop, before anything is reset.
    package static let end = "end.heap"
}
