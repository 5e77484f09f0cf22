/// One place in the code that retained memory during the measured iterations: the first
/// frame of an allocation's stack that is not allocator or runtime plumbing.
public struct GrowthSite: Codable, Sendable, Equatable {
    /// The function (demangled, simplified), or a Python function's name.
    public var function: String
    /// `file:line` when known (Python sites; native sites when the binary has line tables).
    public var location: String?
    /// Bytes retained per measured iteration (negative: freed more than allocated).
    public var bytesPerIteration: Double
    /// This site's bytes per iteration over the unprofiled run's slope (per iteration),
    /// when that slope is positive.
    public var shareOfSlope: Double?

    public init(function: String, location: String? = nil, bytesPerIteration: Double, shareOfSlope: Double? = nil) {
        self.function = function
        self.location = location
        self.bytesPerIteration = bytesPerIteration
        self.shareOfSlope = shareOfSlope
    }

    /// `function (file:line)`, or the function alone.
    public var label: String { location.map { "\(function) (\($0))" } ?? function }
}
