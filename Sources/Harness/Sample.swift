/// One reading, taken after an iteration's models are built. Plain values only, so a
/// preallocated buffer of samples takes a reading without allocating.
public struct Sample: Codable, Sendable, Equatable {
    /// Iteration index from 0, warm-up included.
    public var iteration: Int
    /// Models built by this arm so far.
    public var modelsBuilt: Int
    /// Nanoseconds since the arm started (monotonic clock).
    public var elapsedNs: Int
    /// `thread.allocated − thread.deallocated` of the measuring thread.
    public var liveBytes: Int
    /// Flushed process-wide `stats.*`.
    public var allocated: Int
    public var active: Int
    public var resident: Int
    public var mapped: Int
    public var retained: Int
    public var metadata: Int
    /// GraphCore census.
    public var graphNodes: Int
    public var arenaUsedBytes: Int
    public var arenaReservedBytes: Int
    public var nameEntries: Int
    /// Whether the sample belongs to the warm-up.
    public var warmup: Bool
    /// Nanoseconds spent in the loop itself (clearing, building, any injected leak) since
    /// the arm started — `elapsedNs` without the time taken by sampling.
    public var loopNs: Int

    public init(
        iteration: Int, modelsBuilt: Int, elapsedNs: Int, liveBytes: Int,
        allocated: Int, active: Int, resident: Int, mapped: Int, retained: Int, metadata: Int,
        graphNodes: Int, arenaUsedBytes: Int, arenaReservedBytes: Int, nameEntries: Int, warmup: Bool, loopNs: Int
    ) {
        self.iteration = iteration
        self.modelsBuilt = modelsBuilt
        self.elapsedNs = elapsedNs
        self.liveBytes = liveBytes
        self.allocated = allocated
        self.active = active
        self.resident = resident
        self.mapped = mapped
        self.retained = retained
        self.metadata = metadata
        self.graphNodes = graphNodes
        self.arenaUsedBytes = arenaUsedBytes
        self.arenaReservedBytes = arenaReservedBytes
        self.nameEntries = nameEntries
        self.warmup = warmup
        self.loopNs = loopNs
    }
}
