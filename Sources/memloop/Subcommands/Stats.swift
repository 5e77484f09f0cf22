import ArgumentParser
import MemLoop

/// Prints the allocator's identity and its current statistics.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show jemalloc's version, configuration and current statistics (or why it is not in charge)."
    )

    @Flag(help: "Purge every arena first, so resident and mapped drop to what is really held.")
    var purge = false

    func run() throws {
        print(try AllocatorStats.text(purge: purge))
    }
}
