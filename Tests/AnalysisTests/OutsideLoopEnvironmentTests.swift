import Model
import Testing

/// Protocol version 2: the loop is told its arm's role, not left to derive it from the
/// arm's name; the name stays, as the label of the `arm` column and for version 1 clients.
@Suite struct OutsideLoopEnvironmentTests {
    @Test func everyArmIsToldItsRoleAndItsLabel() {
        let loop = OutsideLoop(arguments: ["/bin/true"], iterations: 20)
        let expected: [(Arm, String, String)] = [(.clear, "1", "1"), (.noclear, "0", "1"), (.control, "0", "0")]
        for (arm, clears, builds) in expected {
            let environment = loop.environment(arm: arm, samplesPath: "/s.csv")
            #expect(environment["MEMLOOP_PROTOCOL"] == "2")
            #expect(environment["MEMLOOP_ARM"] == arm.rawValue, "a version 1 client still reads the arm's name")
            #expect(environment["MEMLOOP_CLEARS"] == clears, "\(arm)")
            #expect(environment["MEMLOOP_BUILDS"] == builds, "\(arm)")
        }
    }

    @Test func onlyTheClearArmIsAskedToLeak() {
        var loop = OutsideLoop(arguments: ["/bin/true"], iterations: 20)
        loop.injectLeakBytes = 48
        #expect(loop.environment(arm: .clear, samplesPath: "/s.csv")[OutsideLoop.injectLeakVariable] == "48")
        #expect(loop.environment(arm: .noclear, samplesPath: "/s.csv")[OutsideLoop.injectLeakVariable] == nil)
        #expect(loop.environment(arm: .control, samplesPath: "/s.csv")[OutsideLoop.injectLeakVariable] == nil)
    }
}
