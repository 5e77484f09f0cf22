/// Which jemalloc this is and how it is configured.
package struct AllocatorInfo: Equatable, Sendable, Codable {
    /// `version`, e.g. `5.3.0-0-g54eaed1d…`.
    package var version: String
    /// `config.stats`: statistics compiled in (MemLoop needs them).
    package var configStats: Bool
    /// `opt.tcache`: whether thread caches are on.
    package var optTcache: Bool
    /// `opt.narenas`.
    package var optNarenas: Int
    /// `opt.dirty_decay_ms`: how long freed dirty pages stay resident.
    package var optDirtyDecayMs: Int
    /// `MALLOC_CONF` from the environment, if set.
    package var mallocConf: String?

    package init(version: String, configStats: Bool, optTcache: Bool, optNarenas: Int, optDirtyDecayMs: Int, mallocConf: String?) {
        self.version = version
        self.configStats = configStats
        self.optTcache = optTcache
        self.optNarenas = optNarenas
        self.optDirtyDecayMs = optDirtyDecayMs
        self.mallocConf = mallocConf
    }
}
