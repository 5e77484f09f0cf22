import ArgumentParser
import MemLoop

/// The seed documentation's Example 2, run through GraphCore's public API.
struct Names: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the seed's naming example: dense_10, then 1, then dense after clearSession()."
    )

    func run() throws {
        for line in try NamingExample.lines() { print(line) }
    }
}
