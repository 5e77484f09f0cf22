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
        #expect(output.stdout.contains("7 a control failed"))
        #expect(output.stdout.contains("130 interrupted"))
    }
}
