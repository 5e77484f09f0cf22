import Foundation
import Model

/// Runs one arm of an outside loop in a process of its own, under jemalloc.
///
/// The child gets the loop protocol's variables (`OutsideLoop.environment`), the system's
/// `libjemalloc.so.2` first in `LD_PRELOAD`, and `PYTHONMALLOC=malloc` (so that Python's
/// small objects reach jemalloc instead of pymalloc's pools). Its stdout and stderr go to
/// MemLoop's stderr — stdout stays the result table's — and the end of its stderr is kept
/// for the error message. SIGINT/SIGTERM to MemLoop are passed on (see
/// `ArmProcess.forwardInterruptions`); the loop saves what it sampled and exits 130.
package enum OutsideArmProcess {
    /// The hidden subcommand of `memloop` that becomes the loop (see `ParentWatch`).
    package static let trampolineSubcommand = "_exec"

    /// Seconds between SIGTERM and SIGKILL for an arm past its timeout.
    static let killGraceSeconds = 5.0

    /// - Throws: `HarnessError.armFailed` when the process cannot be started or no
    ///   jemalloc library is found. A loop that fails is not an error here: the returned
    ///   `OutsideArmRun` says how it ended, and the caller decides.
    /// - Parameters:
    ///   - launcher: the `memloop` executable, to start the loop through its `_exec`
    ///     trampoline so that the loop dies with memloop; `nil` starts it directly.
    ///   - extraEnvironment: added last, e.g. `MALLOC_CONF` and `MEMLOOP_PROFILE_DIR`
    ///     for attribution's profiled pass.
    package static func run(
        _ arm: Arm, loop: OutsideLoop, jemallocLibrary: String, launcher: URL? = nil, extraEnvironment: [String: String] = [:]
    ) throws(HarnessError) -> OutsideArmRun {
        let folder: URL
        do { folder = try TemporaryFolder.make("loop") } catch { throw .armFailed(arm, error.description) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = folder.appendingPathComponent("samples-\(arm.rawValue).csv")
        let process = Process()
        let stderrPipe = Pipe()
        // The watchdog's lifeline (`ProcessGroup`): memloop holds its only writer.
        let lifeline = launcher == nil ? nil : Pipe()
        let tail = StderrTail()
        let finished = DispatchSemaphore(value: 0)
        let start = MonotonicClock.nanoseconds()
        do {
            if let launcher {
                process.executableURL = launcher
                process.arguments = [trampolineSubcommand, "--"] + loop.arguments
            } else {
                process.executableURL = URL(fileURLWithPath: loop.arguments[0])
                process.arguments = Array(loop.arguments.dropFirst())
            }
            var childEnvironment = environment(arm: arm, loop: loop, samplesPath: samples.path, jemallocLibrary: jemallocLibrary)
                .merging(extraEnvironment) { _, new in new }
            childEnvironment["MALLOC_CONF"] = threadCacheOff(childEnvironment["MALLOC_CONF"])
            process.environment = childEnvironment
            process.standardInput = lifeline ?? FileHandle.nullDevice
            process.standardOutput = FileHandle.standardError
            process.standardError = stderrPipe
            process.terminationHandler = { _ in finished.signal() }
            tail.drain(stderrPipe)
            try process.run()
            if lifeline != nil { ProcessGroup.running.withLock { $0 = process.processIdentifier } }
            ChildRegistry.current.withLock { $0 = process }
        } catch {
            throw .armFailed(arm, "could not start \(loop.displayCommand): \(error.localizedDescription)")
        }
        let timedOut = supervise(process, group: lifeline != nil, timeout: loop.armTimeoutSeconds, finished: finished)
        ProcessGroup.running.withLock { $0 = nil }
        ChildRegistry.current.withLock { $0 = nil }
        // The loop has ended: what it left running dies with the lifeline.
        try? lifeline?.fileHandleForWriting.close()
        let wall = MonotonicClock.nanoseconds() - start
        // The pipe's writer closes with the child; let the handler pass the last bytes on.
        tail.waitForEnd(seconds: 2)
        let termination: OutsideArmRun.Termination =
            if let timedOut { .timedOut(seconds: timedOut) } else if process.terminationReason == .uncaughtSignal {
                .signalled(process.terminationStatus)
            } else { .exited(process.terminationStatus) }
        var data: Data?
        var problem: RegularFile.Problem?
        do { data = try RegularFile.read(samples.path, limit: RegularFile.samplesLimit) } catch { problem = error == .missing ? nil : error }
        return OutsideArmRun(arm: arm, samples: data, samplesProblem: problem, termination: termination, stderrTail: tail.text, wallNs: wall)
    }

    /// Waits for the loop, bounded: at its timeout the group gets SIGTERM, and SIGKILL
    /// `killGraceSeconds` later; after an interruption (SIGINT passed on by the signal
    /// handler) it gets the same grace to save its samples, and a second interruption
    /// kills it at once (the handler does).
    /// - Returns: the timeout, when the loop ran past it.
    private static func supervise(_ process: Process, group: Bool, timeout: Double?, finished: DispatchSemaphore) -> Double? {
        let pid = process.processIdentifier
        func send(_ signal: Int32) { if group { ProcessGroup.signal(pid, signal) } else { kill(pid, signal) } }
        let start = MonotonicClock.nanoseconds()
        let timeoutNs = timeout.map { Int(min($0, 1e9) * 1e9) }
        let graceNs = Int(killGraceSeconds * 1e9)
        var timedOut: Double?
        var killAt: Int?
        while finished.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            let now = MonotonicClock.nanoseconds()
            if let timeoutNs, timedOut == nil, now - start >= timeoutNs {
                timedOut = timeout
                send(SIGTERM)
                killAt = min(killAt ?? .max, now + graceNs)
            }
            if Interruption.isRequested, killAt == nil { killAt = now + graceNs }
            if let killAt, now >= killAt { send(SIGKILL) }
        }
        return timedOut
    }

    /// `MALLOC_CONF` with jemalloc's thread caches turned off, unless it sets `tcache` itself.
    ///
    /// Why: runtimes (TensorFlow, JAX/XLA, PyTorch) allocate and free on worker threads,
    /// so the loop thread's live bytes are not the process's, and the decision falls to
    /// process-wide `stats.allocated`. That reading counts every region parked in a thread
    /// cache as allocated, and the loop can flush only its own thread's cache: another
    /// thread's cache would move it by up to a cache's worth at random. Without thread
    /// caches every region goes back to its arena when freed, so `stats.allocated` is exact
    /// across threads (a worker thread's 64 B/iteration leak reads 64).
    package static func threadCacheOff(_ conf: String?) -> String {
        guard let conf, !conf.isEmpty else { return "tcache:false" }
        let keys = conf.split(separator: ",").map { $0.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "" }
        return keys.contains("tcache") ? conf : conf + ",tcache:false"
    }

    /// This process's environment, with the protocol's variables and jemalloc in charge.
    static func environment(arm: Arm, loop: OutsideLoop, samplesPath: String, jemallocLibrary: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(loop.environment(arm: arm, samplesPath: samplesPath)) { _, new in new }
        let preload = environment["LD_PRELOAD"].map { " " + $0 } ?? ""
        environment["LD_PRELOAD"] = jemallocLibrary + preload
        environment["PYTHONMALLOC"] = "malloc"
        return environment
    }
}
