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
