import Synchronization

/// The process-wide session. Keras keeps its graph per thread; MemLoop keeps one for the
/// whole process behind a lock, because the harness must see *all* the state a loop
/// leaves behind, and because a per-thread graph would make the census depend on which
/// thread sampled it. Every operation takes the lock once, so names stay unique within
/// a session however many threads build at once.
#if GRAPHCORE_PTHREAD_LOCK
let globalSession = PthreadLockedSession(GraphSession())
#else
let globalSession = Mutex(GraphSession())
#endif

/// Runs `body` with exclusive access to the global session.
@inline(__always)
func withGlobalSession<R, E: Error>(_ body: (inout GraphSession) throws(E) -> R) throws(E) -> R {
    try globalSession.withLock { (session: inout GraphSession) throws(E) -> R in try body(&session) }
}

/// Resets all state Keras keeps globally, so that a loop that builds models stays at
/// constant memory.
///
/// Keras' global state grows with every layer and model built: the graph keeps every
/// node and the name uniquifier keeps counting. A loop like this grows without end:
/// ```swift
/// for _ in 0..<100 {
///     let model = try Sequential((0..<10).map { _ in Dense(10) })  // dense_0 … dense_999
/// }
/// ```
/// Calling `clearSession()` at the start of each iteration keeps memory constant, and
/// names restart: after it, the next `Dense` is `dense` again.
///
/// It resets the graph (every node and weight), the name counters, and the learning
/// phase (back to 0), restarts the weight generator from its seed, and bumps the
/// generation: handles from before are then detected as stale.
///
/// - Parameter mode: `.releaseStorage` (the default, as Keras does) returns every chunk
///   to the allocator; `.keepCapacity` keeps them for the next session and is O(1).
/// - Important: layers and models created before the call are stale afterwards; using
///   them throws `GraphError.staleHandle` (or stops the program, for `.name`).
public func clearSession(_ mode: ResetMode = .default) {
    withGlobalSession { $0.clear(mode) }
}

/// Clears the session like `clearSession(_:)` and restarts the weight generator from
/// `seed`, now and after every later clear, so that runs are reproducible.
public func resetSession(seed: UInt64, mode: ResetMode = .default) {
    withGlobalSession { session in
        session.seed = seed
        session.clear(mode)
    }
}

/// The global session's census.
/// - Complexity: O(1); takes the lock once and allocates nothing.
public func sessionCensus() -> Census {
    withGlobalSession { $0.census }
}

/// A copy of the global session, for inspection (auditing, rendering names).
public func sessionSnapshot() -> GraphSession {
    withGlobalSession { $0 }
}

/// The current learning phase: 0 (inference, the default) or 1 (training).
public func learningPhase() -> Int {
    withGlobalSession { $0.learningPhase }
}

/// Sets the learning phase.
/// - Throws: `GraphError.invalidLearningPhase` for anything but 0 or 1.
public func setLearningPhase(_ value: Int) throws(GraphError) {
    try withGlobalSession { (session: inout GraphSession) throws(GraphError) in try session.setLearningPhase(value) }
}

/// Runs `body` with the learning phase set to `value`, then restores the previous value,
/// even when `body` throws.
/// - Throws: `GraphError.invalidLearningPhase` before running `body` if `value` is not 0
///   or 1, or whatever `body` throws.
public func withLearningPhase<R>(_ value: Int, _ body: () throws -> R) throws -> R {
    let previous = learningPhase()
    try setLearningPhase(value)
    defer { try? setLearningPhase(previous) }
    return try body()
}
