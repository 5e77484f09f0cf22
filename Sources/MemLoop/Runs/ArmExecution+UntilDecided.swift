import Analysis
import Harness
import Model
import Reports

extension ArmExecution {
    /// One arm's outcome at the look that decided it (or the last look).
    package struct Decided<Payload> {
        var arm: Arm
        var payload: Payload
        var alpha: Double
    }

    /// Runs the arms look by look (`LookSchedule`): at each look the undecided arms run
    /// afresh for that look's measured iterations and are analysed at its level; an arm
    /// stops once its growth is established (`LookSchedule.isDecided`); one that does not
    /// grow runs every look. A signal ends the looks with what was decided.
    /// - Parameters:
    ///   - measure: runs these arms for this many measured iterations; returns each arm's
    ///     payload (a result, or a series) and its series, in order.
    package static func untilDecided<Payload>(
        arms: [Arm], schedule: LookSchedule, settings: DecisionSettings,
        measure: ([Arm], Int) throws(CommandFailure) -> [(Arm, Payload, ArmSeries)]
    ) throws(CommandFailure) -> [Decided<Payload>] {
        var pending = arms
        var decided: [Arm: Decided<Payload>] = [:]
        var growingLooks: [Arm: Int] = [:]
        let looks = schedule.looks
        for (index, iterations) in looks.enumerated() where !pending.isEmpty && !Interruption.isRequested {
            let alpha = schedule.alpha(look: index)
            let outcomes = try measure(pending, iterations)
            var notes: [String] = []
            for (arm, payload, series) in outcomes {
                let analysis = RunAnalysis(series: [series], settings: settings.withoutLooks, alphas: [series.arm: alpha]).arms[0]
                let before = growingLooks[arm, default: 0]
                let done = LookSchedule.isDecided(analysis, growingLooksBefore: before) || index == looks.count - 1 || Interruption.isRequested
                growingLooks[arm] = analysis.verdict == .growing ? before + 1 : 0
                notes.append("\(arm.rawValue) \(analysis.verdict.rawValue)\(done ? "" : " (undecided)")")
                if done {
                    decided[arm] = Decided(arm: arm, payload: payload, alpha: alpha)
                    pending.removeAll { $0 == arm }
                }
            }
            Diagnostics.note(
                "look \(index + 1)/\(looks.count) at \(iterations) iterations (\(Format.level(1 - alpha)) intervals): "
                    + notes.joined(separator: ", ")
            )
        }
        return arms.compactMap { decided[$0] }
    }
}

extension ArmExecution {
    /// The reference loop's arms, look by look.
    static func untilDecided(
        arms: [Arm], config: RunConfig, isolated: Bool, schedule: LookSchedule, settings: DecisionSettings
    ) throws(CommandFailure) -> (results: [ArmResult], alphas: [String: Double]) {
        let decided = try untilDecided(arms: arms, schedule: schedule, settings: settings) {
            (pending, iterations) throws(CommandFailure) in
            try run(arms: pending, config: config.with { $0.iterations = iterations }, isolated: isolated).map { ($0.arm, $0, ArmSeries($0)) }
        }
        return (decided.map(\.payload), alphas(decided))
    }

    /// An outside loop's arms, look by look (each look a fresh run of the command).
    static func untilDecided(
        arms: [Arm], loop: OutsideLoop, schedule: LookSchedule, settings: DecisionSettings
    ) throws(CommandFailure) -> (series: [ArmSeries], alphas: [String: Double]) {
        let decided = try untilDecided(arms: arms, schedule: schedule, settings: settings) {
            (pending, iterations) throws(CommandFailure) in
            var round = loop
            round.iterations = iterations
            return try run(arms: pending, loop: round).map { (Arm(label: $0.arm) ?? .control, $0, $0) }
        }
        return (decided.map(\.payload), alphas(decided))
    }

    private static func alphas<Payload>(_ decided: [Decided<Payload>]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: decided.map { ($0.arm.rawValue, $0.alpha) })
    }
}
