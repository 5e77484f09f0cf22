import Analysis
import Foundation
import Model

/// "Where does it grow": growth per call site for the building arms, beside the verdicts
/// (`memloop run --attribute`). Stored under `attribution` in `summary.json`, rendered as
/// a section of `summary.md` and below the result table on the console.
package struct AttributionReport: Codable, Sendable, Equatable {
    package var arms: [ArmAttribution]
    /// The executable whose symbols named the native frames (heap profiles only).
    package var binary: String?
    /// Files written beside the reports: `growth.folded`, `growth-<arm>.txt` or the
    /// Python growth tables.
    package var files: [String]

    package init(arms: [ArmAttribution], binary: String?, files: [String]) {
        self.arms = arms
        self.binary = binary
        self.files = files
    }

    /// Sites shown per arm on the console and in Markdown (all are in `summary.json`).
    package static let shownSites = 8

    /// Below the result table.
    package var consoleText: String {
        var lines = ["Where it grows (profiled pass after the verdicts; profile at end of warm-up vs end of loop, per measured iteration):"]
        for arm in arms {
            lines.append("  \(arm.arm): " + Self.headline(arm))
            if let note = arm.note { lines.append("    \(note)") }
            for site in arm.sites.prefix(Self.shownSites) {
                let share = site.shareOfSlope.map(Format.percent).map { String(repeating: " ", count: max(0, 7 - $0.count)) + $0 } ?? "      "
                lines.append(String(format: "    %10.1f B/it  ", site.bytesPerIteration) + share + "  " + site.shortLabel)
            }
            if arm.sites.count > Self.shownSites { lines.append("    … \(arm.sites.count - Self.shownSites) more sites in summary.json") }
            if let census = arm.census { lines.append("    " + Self.censusLine(census)) }
        }
        return lines.joined(separator: "\n")
    }

    /// The `summary.md` section.
    package var markdown: String {
        var lines = ["", "### Where it grows (growth per call site)", ""]
        lines.append(
            "A profiled pass of each building arm after the unprofiled run: one profile at the end of the warm-up, one at the end of "
                + "the measured loop; their difference per measured iteration, by the first frame that is not allocator or runtime plumbing. "
                + "Shares are of the unprofiled slope (bytes per iteration) the verdict rests on.")
        for arm in arms {
            lines += ["", "**\(arm.arm)** — " + Self.headline(arm), ""]
            if let note = arm.note { lines += [note, ""] }
            if !arm.sites.isEmpty {
                lines.append("| bytes/iteration | share of slope | site |")
                lines.append("|---|---|---|")
                for site in arm.sites.prefix(Self.shownSites) {
                    let share = site.shareOfSlope.map(Format.percent) ?? "n/a"
                    let label = site.shortLabel.replacingOccurrences(of: "|", with: "\\|")
                    lines.append("| \(Format.number(site.bytesPerIteration)) | \(share) | `\(label)` |")
                }
            }
            if let census = arm.census { lines += ["", Self.censusLine(census)] }
        }
        if !files.isEmpty { lines += ["", "Stacks and profiler output: " + files.map { "`\($0)`" }.joined(separator: ", ") + "."] }
        return lines.joined(separator: "\n") + "\n"
    }

    static func headline(_ arm: ArmAttribution) -> String {
        var parts: [String] = []
        switch arm.method {
        case .heapProfile:
            let interval = arm.lgSample.map { "2^\($0) = \(1 << $0) B sampling" } ?? "sampling unknown"
            parts.append("\(Format.number(arm.profileBytesPerIteration)) B/iteration in the heap profiles (\(interval)")
            if let samples = arm.expectedSamples, let error = arm.relativeStandardError {
                parts[0] += String(format: ", ~%.0f samples, relative error ≤ ", samples) + Format.percent(error)
            }
            parts[0] += ")"
        case .tracemalloc:
            parts.append("\(Format.number(arm.profileBytesPerIteration)) B/iteration traced by tracemalloc (exact, Python allocations only)")
        }
        parts.append("unprofiled slope \(Format.number(arm.unprofiledBytesPerIteration))")
        if let profiled = arm.profiledBytesPerIteration { parts.append("profiled \(Format.number(profiled))") }
        if let share = arm.explainedShare {
            parts.append("listed sites explain \(Format.percent(share))")
        } else if arm.sites.isEmpty {
            parts.append("no site above the noise")
        }
        parts.append("noise < \(Format.number(arm.noiseBytesPerIteration)) B/iteration")
        if let base = arm.nsPerIterationUnprofiled, let profiled = arm.nsPerIterationProfiled {
            parts.append("time/iteration \(Format.duration(ns: base)) → \(Format.duration(ns: profiled)) profiled")
        }
        return parts.joined(separator: "; ")
    }

    static func censusLine(_ census: CensusCheck) -> String {
        "Census: arena sites (NodeArena/WeightArena) \(Format.number(census.arenaSitesBytesPerIteration)) B/iteration, census reserved "
            + "\(Format.number(census.censusReservedBytesPerIteration)) B/iteration over the same window "
            + "(ratio \(Format.ratio(census.ratio)), \(census.agrees ? "within 10%" : "NOT within 10%"))"
    }
}
