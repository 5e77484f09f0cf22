/// Which jemalloc this is and how it is configured.
public struct AllocatorInfo: Equatable, Sendable, Codable {
    /// `version`, e.g. `5.3.0-0-g54eaed1d…`.
    public var version: String
    /// `config.stats`: statistics compiled in (MemLoop needs them).
    public var configStats: Bool
    /// `opt.tcache`: whether thread caches are on.
    public var optTcache: Bool
    /// `opt.narenas`.
    public var optNarenas: Int
    /// `opt.dirty_decay_ms`: how long freed dirty pages stay resident.
    public var optDirtyDecayMs: Int
    /// `MALLOC_CONF` from the environment, if set.
    public var mallocConf: String?

    public init(version: String, configStats: Bool, optTcache: Bool, optNarenas: Int, optDirtyDecayMs: Int, mallocConf: String?) {
        self.version = version
        self.configStats = configStats
        self.optTcache = optTcache
        self.optNarenas = optNarenas
        self.optDirtyDecayMs = optDirtyDecayMs
        self.mallocConf = mallocConf
    }
}
