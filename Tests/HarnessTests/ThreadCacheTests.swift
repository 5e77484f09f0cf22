import Harness
import Testing

@Suite struct ThreadCacheTests {
    @Test(
        arguments: [
            (nil, "tcache:false"),
            ("", "tcache:false"),
            ("dirty_decay_ms:0", "dirty_decay_ms:0,tcache:false"),
            ("prof:true,lg_prof_sample:10", "prof:true,lg_prof_sample:10,tcache:false"),
            ("tcache:true", "tcache:true"),
            ("narenas:1,tcache:false", "narenas:1,tcache:false"),
            ("tcache_max:4096", "tcache_max:4096,tcache:false"),
        ] as [(String?, String)])
    func outsideLoopsRunWithoutThreadCachesUnlessTheUserSaysOtherwise(conf: String?, expected: String) {
        #expect(OutsideArmProcess.threadCacheOff(conf) == expected)
    }
}
