import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An outside loop's whole process tree, supervised as one process group.
///
/// A loop may start processes of its own: `/bin/sh -c` runs the command's programs as
/// children, and a loop may leave a background process or a hung grandchild behind.
/// Signalling only the direct child reaches only the shell, and a stray process that
/// holds the loop's stderr keeps MemLoop waiting. So the `_exec` trampoline makes the loop
/// the leader of a new process group, and MemLoop signals the group: SIGINT when the user
/// interrupts, SIGTERM then SIGKILL at the timeout or a second interruption, SIGKILL to
/// what is left once the loop has ended.
///
/// MemLoop itself can die by SIGKILL and then signals nothing; for that the trampoline
/// leaves a watchdog in the group, reading the loop's standard input — a pipe whose only
/// writer is MemLoop. When MemLoop closes it (the arm is over) or dies (the kernel closes
/// it), the watchdog kills the group, itself included.
package enum ProcessGroup {
    /// The group of the outside loop running now (its leader's pid), for the signal handler.
    static let running = Mutex<pid_t?>(nil)

    /// In the `_exec` trampoline, before `exec`: leads a new group and leaves the watchdog
    /// in it, then gives the loop `/dev/null` as standard input and no other descriptor of
    /// memloop's (so that the lifeline's end is held by the watchdog alone).
    /// - Returns: false when the group could not be made (the caller runs the loop anyway).
    @discardableResult
    package static func leadWithWatchdog() -> Bool {
        guard setpgid(0, 0) == 0 else { return false }
        let first = fork()
        if first == 0 {
            // Only async-signal-safe calls from here: the trampoline may have other threads.
            if fork() != 0 { _exit(0) }  // the watchdog is reparented, not the loop's child
            Glibc.signal(SIGINT, SIG_IGN)
            Glibc.signal(SIGTERM, SIG_IGN)
            Glibc.signal(SIGHUP, SIG_IGN)
            closeDescriptors(from: 1)
            var byte: UInt8 = 0
            while true {
                let count = read(0, &byte, 1)
                if count > 0 || (count < 0 && errno == EINTR) { continue }
                break
            }
            kill(0, SIGKILL)
            _exit(0)
        }
        if first > 0 {
            var status: Int32 = 0
            while waitpid(first, &status, 0) < 0 && errno == EINTR {}
        }
        let null = open("/dev/null", O_RDONLY)
        if null >= 0 {
            dup2(null, 0)
            if null != 0 { close(null) }
        }
        closeDescriptors(from: 3)
        return first > 0
    }

    /// Sends `signal` to every process of the group led by `leader`.
    /// Before the trampoline has made the group, the leader alone.
    static func signal(_ leader: pid_t, _ signal: Int32) {
        if kill(-leader, signal) != 0 && errno == ESRCH { _ = kill(leader, signal) }
    }

    private static func closeDescriptors(from first: Int32) {
        let limit = min(Int32(clamping: sysconf(Int32(_SC_OPEN_MAX))), 1 << 16)
        var descriptor = first
        while descriptor < max(limit, 1024) {
            close(descriptor)
            descriptor += 1
        }
    }
}
