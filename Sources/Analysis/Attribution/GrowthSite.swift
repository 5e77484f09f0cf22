import Model

/// One place in the code that retained memory during the measured iterations: the first
/// frame of an allocation's stack that is not allocator or runtime plumbing.
package struct GrowthSite: Codable, Sendable, Equatable {
    /// The function (demangled, simplified), or a Python function's name.
    package var function: String
    /// `file:line` when known (Python sites; native sites when the binary has line tables).
    package var location: String?
    /// Bytes retained per measured iteration (negative: freed more than allocated).
    package var bytesPerIteration: Double
    /// This site's bytes per iteration over the unprofiled run's slope (per iteration),
    /// when that slope is positive.
    package var shareOfSlope: Double?

    package init(function: String, location: String? = nil, bytesPerIteration: Double, shareOfSlope: Double? = nil) {
        self.function = function
        self.location = location
        self.bytesPerIteration = bytesPerIteration
        self.shareOfSlope = shareOfSlope
    }

    /// `function (file:line)`, or the function alone.
    package var label: String { location.map { "\(function) (\($0))" } ?? function }

    /// The label for tables: C++ names with their template arguments and parameter lists
    /// spelled out run to hundreds of characters, so those are elided (`f<…>(…)`) when
    /// the label is long; `summary.json` keeps the full name.
    package var shortLabel: String {
        guard function.count > 100 else { return label }
        var result = ""
        var depth = 0
        for character in function {
            switch character {
            case "<", "(":
                if depth == 0 {
                    result.append(character)
                    result.append("…")
                }
                depth += 1
            case ">", ")":
                depth = max(depth - 1, 0)
                if depth == 0 { result.append(character) }
            default:
                if depth == 0 { result.append(character) }
            }
        }
        return location.map { "\(result) (\($0))" } ?? result
    }
}
