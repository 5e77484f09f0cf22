import Analysis
import Foundation
import Model

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees either the old file or the whole new one, never
/// half of it: each goes to a temporary file beside its target, then is renamed over it.
///
/// A batch is all or nothing: every target is checked before anything is written (a
/// folder or a symbolic link where a file goes refuses the whole batch), and two
/// processes writing into one folder take turns on an exclusive `flock`, so the folder
/// never holds half of one run's reports and half of another's.
package enum AtomicFile {
    package struct Failure: Error, CustomStringConvertible, Sendable {
        package let path: String
        package let reason: String
        package var description: String { "cannot write \(path): \(reason)" }
    }

    /// The lock file each writer holds while it stages and renames a batch. It is
    /// removed when the batch is done, so report folders hold only reports.
    package static let lockName = ".memloop.lock"

    /// Makes sure `folder` exists and is a writable directory.
    /// - Throws: `Failure` saying whether it is a file, cannot be created, or is read-only.
    package static func prepareFolder(_ folder: URL) throws(Failure) {
        guard folder.isFileURL, !folder.path.isEmpty else {
            throw Failure(path: folder.absoluteString, reason: "not a path on this machine; choose another folder")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw Failure(path: folder.path, reason: "it is a file, not a folder; choose another --output folder")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw Failure(path: folder.path, reason: "the folder cannot be created (\(FileErrorCause.describe( error))); choose another --output folder")
            }
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw Failure(path: folder.path, reason: "the folder is not writable; choose another --output folder or fix its permissions")
        }
    }

    /// Writes every file, all or nothing: every target is checked first, then all
    /// temporary files are written, and only when every one succeeded are they renamed
    /// into place — all while holding each output folder's lock.
    /// - Throws: `Failure` naming the first target that cannot be written and why;
    ///   nothing has been replaced then unless a rename itself failed midway.
    package static func write(_ files: [(URL, Data)]) throws(Failure) {
        var seen: Set<String> = []
        for (target, _) in files {
            guard seen.insert(target.standardizedFileURL.path).inserted else {
                throw Failure(path: target.path, reason: "it appears twice in one batch of reports")
            }
            try checkTarget(target)
        }
        let folders = Set(files.map { $0.0.deletingLastPathComponent().standardizedFileURL.path }).sorted()
        var locks: [FolderLock] = []
        defer { for lock in locks.reversed() { lock.release() } }
        for folder in folders { locks.append(try FolderLock.acquire(in: folder)) }
        // Checked again under the lock: another writer may have changed the folder meanwhile.
        for (target, _) in files { try checkTarget(target) }
        var staged: [(temporary: String, target: URL)] = []
        do throws(Failure) {
            for (target, data) in files {
                staged.append((try stage(data, besides: target), target))
            }
            for (temporary, target) in staged where rename(temporary, target.path) != 0 {
                throw Failure(path: target.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            for (temporary, _) in staged { unlink(temporary) }
            throw error
        }
    }

    /// Refuses a target that is a folder, a symbolic link or anything but a regular file.
    /// A link is refused rather than followed: renaming over it would replace the link,
    /// and writing through it would change a file elsewhere.
    static func checkTarget(_ target: URL) throws(Failure) {
        var info = stat()
        guard lstat(target.path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return }  // a new file; a missing folder fails at the lock
            throw Failure(path: target.path, reason: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw Failure(path: target.path, reason: "it is a folder; remove it or choose another --output folder")
        case S_IFLNK:
            throw Failure(
                path: target.path, reason: "it is a symbolic link; MemLoop replaces only regular files: remove the link or choose another --output folder")
        default: throw Failure(path: target.path, reason: "it is not a regular file (a FIFO, socket or device); choose another --output folder")
        }
    }

    /// Writes `data` to a new file with a random name beside `target`, created
    /// exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0644), so that neither a
    /// planted symbolic link nor another writer's temporary file is ever written through.
    /// - Returns: the temporary file's path.
    static func stage(_ data: Data, besides target: URL) throws(Failure) -> String {
        let folder = target.deletingLastPathComponent().path
        var descriptor: Int32 = -1
        var path = ""
        for _ in 0..<16 {
            path = folder + "/." + target.lastPathComponent + "." + String(UInt64.random(in: .min ... .max), radix: 16) + ".tmp"
            descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw Failure(path: target.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let written = Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 {
            unlink(path)
            throw Failure(path: target.path, reason: String(cString: strerror(failure)))
        }
        return path
    }
}

extension AtomicFile {
    /// An exclusive `flock` on `.memloop.lock` in one output folder, held while a batch is
    /// staged and renamed. The holder removes the lock file before releasing it; a waiter
    /// that then wins the lock on the removed file sees that its path no longer names it and
    /// tries again, so two writers never believe they both hold the lock.
    struct FolderLock {
        let descriptor: Int32
        let path: String

        static func acquire(in folder: String) throws(AtomicFile.Failure) -> FolderLock {
            let path = folder + "/" + AtomicFile.lockName
            while true {
                let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else {
                    let reason =
                        errno == ELOOP
                        ? "it is a symbolic link; remove it"
                        : errno == ENOENT
                            ? "the folder \(folder) does not exist; create it or choose another --output folder" : String(cString: strerror(errno))
                    throw AtomicFile.Failure(path: errno == ENOENT ? folder : path, reason: reason)
                }
                while flock(descriptor, LOCK_EX) != 0 {
                    guard errno == EINTR else {
                        let reason = String(cString: strerror(errno))
                        close(descriptor)
                        throw AtomicFile.Failure(path: path, reason: "cannot lock it (\(reason))")
                    }
                }
                var held = stat(), named = stat()
                if fstat(descriptor, &held) == 0, lstat(path, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino {
                    return FolderLock(descriptor: descriptor, path: path)
                }
                close(descriptor)  // The previous holder removed this file; lock the new one.
            }
        }

        func release() {
            unlink(path)
            close(descriptor)
        }
    }
}
