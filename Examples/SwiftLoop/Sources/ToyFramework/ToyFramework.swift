import Synchronization

/// A stand-in for a framework with global state: every model it builds is registered in
/// a process-wide registry until `reset()`, as Keras keeps models in its graph.
public enum ToyFramework {
    private static let registry = Mutex<[[Float]]>([])

    /// Builds a "model" of `parameters` weights and registers it.
    public static func buildModel(parameters: Int = 32) -> Int {
        let weights = [Float](repeating: 0.5, count: parameters)
        registry.withLock { $0.append(weights) }
        return parameters
    }

    /// Forgets every model, keeping the registry's storage (as `clearSession` would).
    public static func reset() {
        registry.withLock { $0.removeAll(keepingCapacity: true) }
    }
}

/// A stand-in with a real leak: a cache that `reset()` forgets to empty.
public enum LeakyFramework {
    private static let cache = Mutex<[[UInt8]]>([])

    public static func prepare(capacity: Int) {
        cache.withLock { $0.reserveCapacity(capacity) }
    }

    /// Builds a model and caches 80 bytes of it forever.
    public static func buildModel() {
        let entry = [UInt8](repeating: 1, count: 80)
        cache.withLock { $0.append(entry) }
    }

    public static func reset() {}
}
