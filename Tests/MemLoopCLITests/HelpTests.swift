import Foundation
import Testing

/// Every command explains itself: `--help` works (argument-parser refuses, at run time,
/// a command whose options clash) and names what the README says it does.
@Suite struct HelpTests {
    @Test(arguments: [
        ("run", "--command"), ("run", "--until-decided"), ("analyze", "--primary"), ("compare", "--label"),
        ("gate", "--scenarios"), ("gate", "--until-decided"), ("calibrate", "--until-decided"), ("bench", "--output"),
        ("sweep", "--layers"), ("names", "memloop names"), ("stats", "--purge"),
    ])
    func everyCommandHasHelp(command: String, mentions: String) throws {
        let output = try MemLoopBinary.run([command, "--help"])
        #expect(output.exitStatus == .success, "\(command): \(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains(mentions), "\(command) --help does not mention \(mentions)")
    }

    /// What decides a verdict is one option group: every command that gives verdicts takes
    /// `--epsilon` and `--primary`, with the same help.
    @Test(arguments: ["run", "analyze", "compare", "gate", "calibrate", "sweep"])
    func everyDecidingCommandTakesTheDecisionOptions(command: String) throws {
        let output = try MemLoopBinary.run([command, "--help"])
        let text = output.stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("--epsilon <tolerance>"), "\(command)")
        #expect(text.contains("--primary <metric>"), "\(command)")
        #expect(text.contains("Metric that decides the verdicts (default: chosen from the data"), "\(command)")
    }

    /// The CLI is a thin client of the library: it parses flags and calls MemLoop.
    @Test func theCommandLineImportsOnlyTheLibrary() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/memloop")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.allObjects as? [URL])
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 10)
        var imported: Set<String> = []
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") where line.hasPrefix("import ") {
                imported.insert(String(line.dropFirst("import ".count)))
            }
        }
        #expect(imported.isSubset(of: ["ArgumentParser", "MemLoop", "Model", "Foundation", "Glibc"]), "\(imported.sorted())")
    }

    @Test func theRootHelpListsTheExitCodes() throws {
        let output = try MemLoopBinary.run(["--help"])
        #expect(output.exitStatus == .success)
        // The help is wrapped to the terminal's width: compare with the lines joined.
        let text = output.stdout.split(whereSeparator: \.isNewline).joined(separator: " ")
        #expect(text.contains("7 a control failed"))
        #expect(text.contains("130 interrupted"))
        #expect(text.contains("GROWING, CONSTANT, SHRINKING or INCONCLUSIVE"))
    }
}
