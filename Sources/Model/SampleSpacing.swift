/// How often an outside loop samples (`--sample-every`, `MEMLOOP_SAMPLE_EVERY`).
///
/// A sample costs the loop a garbage collection, a cache flush and eight readings; a full
/// collection's cost grows with the objects alive, so in a loop that keeps its models a
/// sample after every iteration can take most of the run (the Python probe collects only
/// what the loop made since the last sample where a warm-up trial shows that loses nothing). `auto` lets the loop sample as
/// often as a share of its own time allows, yet never fewer than `autoMinimumSamples` in
/// the window; which iterations it samples depends on time, not on the readings, so the
/// spacing cannot bias a slope.
///
/// ```swift
/// SampleSpacing(argument: "auto")   // .auto
/// SampleSpacing(argument: "4")      // .every(4): iterations 0, 4, 8, …
/// ```
package enum SampleSpacing: Sendable, Equatable, Codable, CustomStringConvertible {
    /// As often as `autoShare` of the loop's own time allows, at least every
    /// `largestGap(iterations:)` iterations, always the first and the last.
    case auto
    /// The iterations whose index is a multiple of k (k ≥ 1; 1 is every iteration).
    case every(Int)

    /// The share of the loop's time that `auto` lets samples take.
    package static let autoShare = 0.05
    /// The fewest measured samples `auto` takes (fewer iterations: every one).
    package static let autoMinimumSamples = 50

    /// `auto`, or a whole number k ≥ 1; `nil` otherwise.
    package init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let every = Int(argument), every >= 1 {
            self = .every(every)
        } else {
            return nil
        }
    }

    /// The most iterations one sample may be after the one before it, which the loop's
    /// samples file must respect (`OutsideArmCheck`).
    package func largestGap(iterations: Int) -> Int {
        switch self {
        case .auto: max(1, iterations / Self.autoMinimumSamples)
        case let .every(every): every
        }
    }

    /// The protocol's variables that say it to the loop.
    package func environment(iterations: Int) -> [String: String] {
        switch self {
        case .auto:
            [
                "MEMLOOP_SAMPLE_EVERY": "auto", "MEMLOOP_SAMPLE_GAP": String(largestGap(iterations: iterations)),
                "MEMLOOP_SAMPLE_SHARE": String(Self.autoShare),
            ]
        case let .every(every): ["MEMLOOP_SAMPLE_EVERY": String(every)]
        }
    }

    package var description: String {
        switch self {
        case .auto: "auto"
        case let .every(every): String(every)
        }
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let spacing = Self(argument: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is neither auto nor a whole number ≥ 1"))
        }
        self = spacing
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
