import ArgumentParser
import MemLoop

/// `--until-decided` and its looks, for the commands that can measure look by look.
struct LookOptions: ParsableArguments {
    @Flag(
        name: .customLong("until-decided"),
        help:
            "Look at 20, 40, 80, … measured iterations (instead of a fixed count) and stop each arm at its first decided verdict; the false-positive rate stays within 5% over the looks."
    )
    var untilDecided = false

    @Option(name: .customLong("first-look"), help: "With --until-decided: measured iterations at the first look.")
    var firstLook = LookSchedule.standard.firstLook

    @Option(name: .customLong("max-iterations"), help: "With --until-decided: measured iterations at the last look.")
    var maxIterations = LookSchedule.standard.maxIterations

    /// The looks asked for; `nil` without --until-decided.
    var schedule: LookSchedule? { untilDecided ? LookSchedule(firstLook: firstLook, maxIterations: maxIterations) : nil }

    func validate() throws {
        let problems = schedule?.problems(naming: .flag) ?? []
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }
}
