#if !MEMLOOP_NO_JEMALLOC
import CJemalloc

/// The one place that calls `mallctl*`.
///
/// Names are resolved once to MIBs (`mallctlnametomib`) from `StaticString`s, so no
/// reading builds a Swift `String` — passing a `String` as a name allocates 48–112 bytes
/// per call and would pollute the very counters being read. After resolution every
/// reading is a `mallctlbymib` call on stack values: taking a snapshot allocates nothing.
enum Mallctl {
    /// A resolved management-information-base path.
    struct MIB: Sendable {
        let name: String
        let path: [Int]
    }

    /// Every key MemLoop reads, resolved at first use.
    struct Keys: Sendable {
        let epoch, tcacheFlush, purgeAll: MIB
        let allocated, active, resident, mapped, retained, metadata: MIB
        let smallNRequests, largeNRequests: MIB
        let threadAllocatedp, threadDeallocatedp: MIB
        let version, configStats, optTcache, optNarenas, optDirtyDecayMs: MIB
    }

    /// Resolved once, lazily and thread-safely (Swift globals are initialised once).
    static let keys: Result<Keys, JemallocError> = Result { () throws(JemallocError) -> Keys in
        Keys(
            epoch: try resolve("epoch"),
            tcacheFlush: try resolve("thread.tcache.flush"),
            purgeAll: try resolve("arena.0.purge", replacing: 1, with: Int(MALLCTL_ARENAS_ALL)),
            allocated: try resolve("stats.allocated"),
            active: try resolve("stats.active"),
            resident: try resolve("stats.resident"),
            mapped: try resolve("stats.mapped"),
            retained: try resolve("stats.retained"),
            metadata: try resolve("stats.metadata"),
            smallNRequests: try resolve("stats.arenas.0.small.nrequests", replacing: 2, with: Int(MALLCTL_ARENAS_ALL)),
            largeNRequests: try resolve("stats.arenas.0.large.nrequests", replacing: 2, with: Int(MALLCTL_ARENAS_ALL)),
            threadAllocatedp: try resolve("thread.allocatedp"),
            threadDeallocatedp: try resolve("thread.deallocatedp"),
            version: try resolve("version"),
            configStats: try resolve("config.stats"),
            optTcache: try resolve("opt.tcache"),
            optNarenas: try resolve("opt.narenas"),
            optDirtyDecayMs: try resolve("opt.dirty_decay_ms")
        )
    }

    private static func resolve(_ name: StaticString, replacing index: Int? = nil, with value: Int = 0) throws(JemallocError) -> MIB {
        var path = [Int](repeating: 0, count: 8)
        var length = path.count
        let code = name.withUTF8Buffer { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { cName in
                mallctlnametomib(cName.baseAddress, &path, &length)
            }
        }
        guard code == 0 else { throw .mallctl(name: "\(name)", code: code) }
        path.removeLast(path.count - length)
        if let index { path[index] = value }
        return MIB(name: "\(name)", path: path)
    }

    /// Reads a fixed-size value (`size_t`, `uint64_t`, `unsigned`, `bool`, a pointer).
    static func read<T: BitwiseCopyable>(_ mib: MIB, as initial: T) throws(JemallocError) -> T {
        var value = initial
        var size = MemoryLayout<T>.size
        let code = mib.path.withUnsafeBufferPointer { mallctlbymib($0.baseAddress, $0.count, &value, &size, nil, 0) }
        guard code == 0 else { throw .mallctl(name: mib.name, code: code) }
        return value
    }

    static func readInt(_ mib: MIB) throws(JemallocError) -> Int { try read(mib, as: 0) }
    static func readUInt64(_ mib: MIB) throws(JemallocError) -> UInt64 { try read(mib, as: UInt64(0)) }
    static func readUInt32(_ mib: MIB) throws(JemallocError) -> UInt32 { try read(mib, as: UInt32(0)) }
    static func readBool(_ mib: MIB) throws(JemallocError) -> Bool { try read(mib, as: false) }

    static func readString(_ mib: MIB) throws(JemallocError) -> String {
        guard let value = try read(mib, as: UnsafePointer<CChar>?.none) else { throw .mallctl(name: mib.name, code: -1) }
        return String(cString: value)
    }

    static func readPointer(_ mib: MIB) throws(JemallocError) -> UnsafeMutablePointer<UInt64> {
        guard let value = try read(mib, as: UnsafeMutablePointer<UInt64>?.none) else { throw .mallctl(name: mib.name, code: -1) }
        return value
    }

    /// Writes nothing but triggers the key's action (`thread.tcache.flush`, `arena.<all>.purge`).
    static func trigger(_ mib: MIB, ignoring ignored: Int32? = nil) throws(JemallocError) {
        let code = mib.path.withUnsafeBufferPointer { mallctlbymib($0.baseAddress, $0.count, nil, nil, nil, 0) }
        guard code == 0 || code == ignored else { throw .mallctl(name: mib.name, code: code) }
    }

    /// Advances `epoch`, which refreshes the cached `stats.*` values.
    static func advanceEpoch(_ mib: MIB) throws(JemallocError) {
        var epoch: UInt64 = 1
        let code = mib.path.withUnsafeBufferPointer {
            mallctlbymib($0.baseAddress, $0.count, nil, nil, &epoch, MemoryLayout<UInt64>.size)
        }
        guard code == 0 else { throw .mallctl(name: mib.name, code: code) }
    }
}

/// Heap-profiling keys: resolved only when attribution asks for them, because `opt.prof`,
/// `prof.*` exist only in a jemalloc built with `--enable-prof` (`config.prof`).
extension Mallctl {
    struct ProfileKeys: Sendable {
        let optProf, profActive, dump: MIB
    }

    /// Whether this jemalloc can profile at all (`config.prof`); always readable.
    static func configProf() throws(JemallocError) -> Bool {
        try readBool(try resolve("config.prof"))
    }

    /// Resolved once; fails with ENOENT when jemalloc has no profiling.
    static let profileKeys: Result<ProfileKeys, JemallocError> = Result { () throws(JemallocError) -> ProfileKeys in
        ProfileKeys(
            optProf: try resolve("opt.prof"),
            profActive: try resolve("prof.active"),
            dump: try resolve("prof.dump")
        )
    }

    /// `prof.dump` with a file name: writes the current heap profile there. The name is a
    /// C string prepared by the caller before any measured window, so this call allocates
    /// nothing on the Swift side (jemalloc's own dump bookkeeping is internal and unsampled).
    static func dumpProfile(_ mib: MIB, path: UnsafePointer<CChar>) throws(JemallocError) {
        var name: UnsafePointer<CChar>? = path
        let code = mib.path.withUnsafeBufferPointer {
            mallctlbymib($0.baseAddress, $0.count, nil, nil, &name, MemoryLayout<UnsafePointer<CChar>?>.size)
        }
        guard code == 0 else { throw .mallctl(name: mib.name, code: code) }
    }
}
#endif
