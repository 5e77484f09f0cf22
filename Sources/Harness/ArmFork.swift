import Foundation
import JemallocStats
import Model

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a closure's arm in a child process made by `fork()`, so that the arm starts from a
/// copy of this process's state: what it builds, caches or leaks stays in the child, and
/// cannot colour another arm's figures or come back to the caller.
///
/// A closure cannot be re-executed the way `ArmProcess` re-executes `memloop`, so the
/// child is a fork. Only the forking thread exists in the child: the body must not rely on
/// other threads, and if another thread held a lock (the runtime's, Foundation's, stdio's)
/// at the fork, the child can block on it forever — hence the timeout. The child runs the
/// same sampling core as an in-process arm (`ArmRunner.run`), writes its
/// result as `ArmResultFile`'s two files with plain `open`/`write`, and leaves with
/// `_exit`: no `atexit` handlers, never back into the caller's code.
package enum ArmFork {
    /// How the child reports how it ended (its exit status).
    enum ChildStatus: Int32 {
        /// The result files are written.
        case measured = 0
        /// The body threw; the error file holds its message.
        case bodyThrew = 70
        /// Measuring failed otherwise; the error file says why.
        case failed = 71
        /// The result could not be encoded or written; the error file says why, if it could be written.
        case unwritten = 72
    }

    /// - Parameters:
    ///   - config: the run's configuration (validated here, before the fork).
    ///   - timeoutSeconds: how long the child may take (finite, > 0); `nil` waits for ever.
    ///     When it expires the child is killed with SIGKILL.
    ///   - measure: the arm's measurement (`ArmRunner.run` of a closure or of the reference
    ///     loop), called only in the child.
    /// - Returns: the child's result, marked `isolated`.
    /// - Throws: `HarnessError.invalidConfig` or `.measurement` (checked before forking),
    ///   `.body` with the body's error message, exactly as an in-process arm gives it, or
    ///   `.armFailed` when the child timed out, died from a signal, or left no readable result.
    package static func run(
        _ arm: Arm, config: RunConfig, timeoutSeconds: Double?, measure: () throws(HarnessError) -> ArmResult
    ) throws(HarnessError) -> ArmResult {
        let problems = config.problems()
        guard problems.isEmpty else { throw .invalidConfig(problems) }
        do { try Jemalloc.requireActive() } catch { throw .measurement(error) }
        if let timeoutSeconds, !(timeoutSeconds > 0 && timeoutSeconds.isFinite) {
            throw .invalidConfig(["the arm timeout must be a finite number of seconds > 0, got \(timeoutSeconds)"])
        }

        // Everything the child needs, prepared before the fork.
        let folder: URL
        do { folder = try TemporaryFolder.make("arm") } catch { throw .armFailed(arm, error.description) }
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("\(arm.rawValue).json")
        let samplesOutput = ArmResultFile.samplesURL(for: output)
        let errorOutput = folder.appendingPathComponent("\(arm.rawValue).error")
        let paths = ChildPaths(json: output.path.utf8CString, samples: samplesOutput.path.utf8CString, error: errorOutput.path.utf8CString)
        // Output still buffered in stdio would otherwise be written twice, by both processes.
        fflush(nil)
        // What the child touches, initialised here: a lazy global's first use takes a lock
        // another thread may hold at the fork.
        ParentWatch.prepare()
        _ = Interruption.isRequested
        let parent = getpid()
        // SIGINT and SIGTERM wait (blocked) until the child has its handlers: one arriving
        // in between would kill it and lose the arm instead of stopping it.
        var interruptions = sigset_t(), previous = sigset_t()
        sigemptyset(&interruptions)
        sigaddset(&interruptions, SIGINT)
        sigaddset(&interruptions, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &interruptions, &previous)

        let pid = fork()
        if pid == 0 {
            // Dies with the caller, as every arm's process does; stops at SIGINT/SIGTERM
            // keeping its samples, as an arm in this process or in `memloop _arm` does.
            guard ParentWatch.dieWithParent(parent: parent) else { _exit(ChildStatus.failed.rawValue) }
            Interruption.install()
            child(paths: paths, measure: measure)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        guard pid > 0 else { throw .armFailed(arm, "could not fork: \(String(cString: strerror(errno)))") }

        let status = try wait(for: pid, arm: arm, timeoutSeconds: timeoutSeconds)
        if isSignaled(status) {
            throw .armFailed(arm, "the child process was killed by signal \(terminationSignal(status))")
        }
        let exitCode = exitStatus(status)
        let errorText = (try? Data(contentsOf: errorOutput)).map { String(decoding: $0, as: UTF8.self) }
        switch (ChildStatus(rawValue: exitCode), errorText) {
        case (.measured, _):
            break
        case let (.bodyThrew, message?):
            throw .body(arm, message)
        case let (.failed, reason?), let (.unwritten, reason?):
            throw .armFailed(arm, reason)
        default:
            throw .armFailed(arm, "the child process exited with status \(exitCode) and left no error")
        }
        do {
            return try ArmResultFile.read(from: output)
        } catch {
            throw .armFailed(arm, "its result could not be read: \(error.localizedDescription)")
        }
    }

    /// The child's files, as C strings made before the fork.
    struct ChildPaths {
        let json: ContiguousArray<CChar>
        let samples: ContiguousArray<CChar>
        let error: ContiguousArray<CChar>
    }

    /// The child's whole life: measure, write, `_exit`. Never returns.
    private static func child(paths: ChildPaths, measure: () throws(HarnessError) -> ArmResult) -> Never {
        let result: ArmResult
        do {
            result = try measure()
        } catch {
            if case let .body(_, message) = error { leave(.bodyThrew, error: message, paths: paths) }
            leave(.failed, error: error.description, paths: paths)
        }
        let files: (json: Data, samples: Data)
        do { files = try ArmResultFile.encode(result) } catch {
            leave(.unwritten, error: "its result could not be encoded: \(error)", paths: paths)
        }
        guard writeFile(files.json, to: paths.json), writeFile(files.samples, to: paths.samples) else {
            leave(.unwritten, error: "its result could not be written: \(String(cString: strerror(errno)))", paths: paths)
        }
        leave(.measured, error: nil, paths: paths)
    }

    /// Writes the error text (if any), flushes what the body printed, and exits without
    /// running `atexit` handlers.
    private static func leave(_ status: ChildStatus, error: String?, paths: ChildPaths) -> Never {
        if let error { _ = writeFile(Data(error.utf8), to: paths.error) }
        fflush(nil)  // what the body printed; the parent flushed its own output before the fork
        _exit(status.rawValue)
    }

    /// Creates `path` and writes all of `data` with plain `open`/`write`/`close`.
    private static func writeFile(_ data: Data, to path: ContiguousArray<CChar>) -> Bool {
        let fd = path.withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
        guard fd >= 0 else { return false }
        let written = data.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        return close(fd) == 0 && written
    }

    /// Waits for the child; past `timeoutSeconds` kills it, reaps it and throws.
    private static func wait(for pid: pid_t, arm: Arm, timeoutSeconds: Double?) throws(HarnessError) -> Int32 {
        var status: Int32 = 0
        guard let timeoutSeconds else {
            while waitpid(pid, &status, 0) < 0 {
                guard errno == EINTR else { throw .armFailed(arm, "waiting for the child process failed: \(String(cString: strerror(errno)))") }
            }
            return status
        }
        let deadline = MonotonicClock.nanoseconds() + Int(timeoutSeconds * 1e9)
        var pause: UInt32 = 1_000  // µs, doubled up to 50 ms
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return status }
            if reaped < 0 && errno != EINTR {
                throw .armFailed(arm, "waiting for the child process failed: \(String(cString: strerror(errno)))")
            }
            if MonotonicClock.nanoseconds() >= deadline { break }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        throw .armFailed(
            arm,
            "its child process was stopped after \(seconds(timeoutSeconds)) s without finishing. A child forked from a "
                + "multi-threaded process can deadlock if another thread held a lock at the fork; if the body itself "
                + "does not hang, measure with isolation: .none"
        )
    }

    /// `2` for 2.0, `2.5` for 2.5.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    // The wait-status macros, which Swift does not import.
    private static func isSignaled(_ status: Int32) -> Bool { (status & 0x7f) != 0 && (status & 0x7f) != 0x7f }
    private static func terminationSignal(_ status: Int32) -> Int32 { status & 0x7f }
    private static func exitStatus(_ status: Int32) -> Int32 { (status >> 8) & 0xff }
}
