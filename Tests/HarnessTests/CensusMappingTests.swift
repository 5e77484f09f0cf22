import GraphCore
import Model
import Testing

@testable import Harness

/// The value model names GraphCore's settings without linking it; the harness maps them.
@Suite struct CensusMappingTests {
    @Test func theModelsDefaultsAreGraphCores() {
        #expect(RunConfig.defaultSeed == GraphSession.defaultSeed)
        #expect(RunConfig.defaults.resetMode.rawValue == ResetMode.default.rawValue)
        #expect(RunConfig.ResetMode.allCases.map(\.rawValue) == ResetMode.allCases.map(\.rawValue))
        for mode in RunConfig.ResetMode.allCases { #expect(ResetMode(mode).rawValue == mode.rawValue) }
    }

    @Test func aSampleCarriesTheCensusFiguresTheAnalysisReads() {
        var nodes = KindCounts()
        nodes[.dense] = 10
        nodes[.sequential] = 1
        let census = Census(generation: 3, nodesByKind: nodes, weightFloats: 7, arenaUsedBytes: 352, arenaReservedBytes: 4_096, nameEntries: 2)
        #expect(CensusReading(census) == CensusReading(nodes: 11, arenaUsedBytes: 352, arenaReservedBytes: 4_096, nameEntries: 2))
    }
}
