import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The JUnit test cases of a gate: name → failed.
final class JUnitCases: NSObject, XMLParserDelegate {
    private(set) var cases: [String: Bool] = [:]
    private var current: String?

    static func parse(_ url: URL) throws -> [String: Bool] {
        let collector = JUnitCases()
        let parser = XMLParser(data: try Data(contentsOf: url))
        parser.delegate = collector
        try #require(parser.parse(), "junit.xml is not well-formed XML")
        return collector.cases
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if element == "testcase", let name = attributes["name"] {
            current = name
            cases[name] = false
        } else if element == "failure", let current {
            cases[current] = true
        }
    }
}

/// `memloop gate` on the user's own loops, from a scenarios file.
@Suite(.serialized) struct GateScenariosFileTests {
    @Test func aScenarioFromTheFilePassesCleanAndFailsLeakingWithJUnit() throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = try OutsideLoopTests.compileCLoop(into: folder)
        let file = folder.appendingPathComponent("memloop.json")
        let scenarios = """
            {"scenarios": [{"name": "c-loop", "command": "\(loop.path) ${LEAK:-0}", "iterations": 40, "warmUp": 5, "tolerance": "strict"}]}
            """
        try Data(scenarios.utf8).write(to: file)
        let baselines = folder.appendingPathComponent("baselines").path
        let common = [
            "gate", "--scenarios", file.path, "--scenario", "c-loop", "--baselines", baselines, "--output", folder.appendingPathComponent("out").path,
        ]

        let update = try MemLoopBinary.run(common + ["--update-baseline"])
        #expect(update.status == 0, "\(update.stdout)\n\(update.stderr)")
        let clean = try MemLoopBinary.run(common)
        #expect(clean.status == 0, "\(clean.stdout)\n\(clean.stderr)")
        #expect(clean.stdout.contains("Gate PASSED for scenario c-loop"))
        let passed = try JUnitCases.parse(folder.appendingPathComponent("out/c-loop/junit.xml"))
        #expect(passed["clear-constant"] == false && passed["control-constant"] == false && passed["baseline-matches"] == false)
        #expect(passed["noclear-growing"] == nil, "no census: the positive control is not a rule for outside loops")

        let leaky = try MemLoopBinary.run(common, environment: ["LEAK": "48"])
        #expect(leaky.status == 1, "\(leaky.stdout)\n\(leaky.stderr)")
        let failed = try JUnitCases.parse(folder.appendingPathComponent("out/c-loop/junit.xml"))
        #expect(failed["clear-constant"] == true)
        #expect(failed["baseline:clear:live_bytes"] == true)
        #expect(failed["control-constant"] == false)
    }

    @Test(
        arguments: [
            ("{\"scenarios\": []}", "non-empty \"scenarios\" list"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"iteratons\": 5}]}", "unknown key(s) iteratons"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"iterations\": \"5\"}]}", "wrong type"),
            ("{\"scenarios\": [{\"name\": \"default\", \"command\": \"true\"}]}", "name of a built-in scenario"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"\"}]}", "\"command\" must be"),
            ("{\"scenarios\": [{\"name\": \"x\", \"command\": \"true\", \"primary\": \"graph_nodes\"}]}", "\"primary\" must be one of"),
            ("[1, 2]", "not a JSON object"),
        ] as [(String, String)])
    func aBadScenariosFileIsRefusedWithItsReason(content: String, message: String) throws {
        let folder = try MemLoopBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("memloop.json")
        try Data(content.utf8).write(to: file)
        let output = try MemLoopBinary.run(["gate", "--scenarios", file.path, "--scenario", "x", "--output", folder.path])
        #expect(output.status == 5, "\(output.stderr)")
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test func anUnknownScenarioNamesTheKnownOnes() throws {
        let output = try MemLoopBinary.run(["gate", "--scenario", "nope"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("unknown scenario \"nope\"; known: default, built, batch, keep"))
    }
}
