import Foundation
import Model
import Testing

@testable import Reports

/// A new empty folder under the temporary directory.
private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct AtomicFileTests {
    @Test func writesEveryFileAndLeavesNoTemporaryFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try AtomicFile.write([(folder.appendingPathComponent("a.txt"), Data("A".utf8)), (folder.appendingPathComponent("b.txt"), Data("B".utf8))])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.txt", "b.txt"])
    }

    @Test func aFolderThatIsAFileIsRefusedWithAHint() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("reports")
        try Data("keep".utf8).write(to: file)
        #expect {
            try AtomicFile.prepareFolder(file)
        } throws: { error in
            "\(error)".contains("it is a file, not a folder")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep")
    }

    @Test func aFailedWriteLeavesExistingFilesAsTheyWere() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let existing = folder.appendingPathComponent("summary.json")
        try Data("old".utf8).write(to: existing)
        let impossible = folder.appendingPathComponent("missing-folder/x.txt")
        #expect(throws: AtomicFile.Failure.self) {
            try AtomicFile.write([(existing, Data("new".utf8)), (impossible, Data("x".utf8))])
        }
        #expect(try String(contentsOf: existing, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["summary.json"])
    }
}

/// Targets that are not regular files, temporary files that cannot be hijacked, and
/// concurrent writers that never mix their batches.
@Suite struct AtomicFileSafetyTests {
    @Test func aFolderOrALinkWhereAFileGoesRefusesTheWholeBatch() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = folder.appendingPathComponent("summary.json")
        try Data("old".utf8).write(to: summary)
        let elsewhere = folder.appendingPathComponent("elsewhere.txt")
        try Data("not mine".utf8).write(to: elsewhere)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("memory.svg"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("summary.md"), withDestinationURL: elsewhere)
        for (blocked, reason) in [("memory.svg", "it is a folder"), ("summary.md", "it is a symbolic link")] {
            #expect {
                try AtomicFile.write([(summary, Data("new".utf8)), (folder.appendingPathComponent(blocked), Data("x".utf8))])
            } throws: { error in
                "\(error)".hasPrefix("cannot write \(folder.appendingPathComponent(blocked).path): \(reason)")
            }
        }
        #expect(try String(contentsOf: summary, encoding: .utf8) == "old", "nothing replaced")
        #expect(try String(contentsOf: elsewhere, encoding: .utf8) == "not mine", "nothing written through the link")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["elsewhere.txt", "memory.svg", "summary.json", "summary.md"])
    }

    @Test func writtenFilesAreRegularWithMode0644AndNoLockIsLeft() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("a.txt")
        let previous = umask(0o022)
        defer { umask(previous) }
        try AtomicFile.write([(target, Data("A".utf8))])
        let attributes = try FileManager.default.attributesOfItem(atPath: target.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
    }

    @Test func stagingNeverWritesThroughALinkNorReusesAName() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("r.txt")
        let a = try AtomicFile.stage(Data("1".utf8), besides: target)
        let b = try AtomicFile.stage(Data("2".utf8), besides: target)
        #expect(a != b)
        #expect(URL(fileURLWithPath: a).lastPathComponent.hasPrefix(".r.txt."))
        unlink(a)
        unlink(b)
        // A target that is a link: the staged file is a new regular file beside it, and
        // the file the link points to is not written.
        let elsewhere = folder.appendingPathComponent("elsewhere.txt")
        try Data("not mine".utf8).write(to: elsewhere)
        let link = folder.appendingPathComponent("l.txt")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: elsewhere)
        let staged = try AtomicFile.stage(Data("3".utf8), besides: link)
        var info = stat()
        #expect(lstat(staged, &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
        #expect(try String(contentsOf: URL(fileURLWithPath: staged), encoding: .utf8) == "3")
        #expect(try String(contentsOf: elsewhere, encoding: .utf8) == "not mine")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == elsewhere.path)
        unlink(staged)
    }

    @Test func prepareFolderNamesEachCause() throws {
        #expect { try AtomicFile.prepareFolder(URL(fileURLWithPath: "/proc/memloop-no/reports")) } throws: {
            "\($0)".contains("the folder cannot be created (") && "\($0)".contains("); choose another --output folder")
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try AtomicFile.prepareFolder(folder.appendingPathComponent("new/deeper"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("new/deeper").path))
    }

    @Test func concurrentWritersToOneFolderNeverMixTheirBatches() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["samples.csv", "summary.json", "summary.md", "memory.svg"]
        let writers = 6, rounds = 40
        let (failures, mixed) = await withTaskGroup(of: (failures: Int, mixed: Int).self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var failures = 0, mixed = 0
                    for round in 0..<rounds {
                        let batch = Data("\(writer)-\(round)".utf8)
                        do { try AtomicFile.write(names.map { (folder.appendingPathComponent($0), batch) }) } catch { failures += 1 }
                        // Read under the folder's lock: one whole batch (every file there,
                        // all the same) or a bug.
                        let contents = try? AtomicFile.withLock(in: folder) {
                            names.map { try? Data(contentsOf: folder.appendingPathComponent($0)) }
                        }
                        let whole = contents.map { $0.allSatisfy { $0 != nil } && Set($0).count == 1 } ?? false
                        if !whole { mixed += 1 }
                    }
                    return (failures, mixed)
                }
            }
            return await group.reduce((0, 0)) { ($0.0 + $1.failures, $0.1 + $1.mixed) }
        }
        #expect(failures == 0)
        #expect(mixed == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == names.sorted(), "no temporary or lock file left")
    }
}

extension AtomicFile {
    /// Runs `body` while holding `folder`'s lock, as a writer holds it for a batch: what
    /// these tests do to read one whole batch (MemLoop's own readers take no lock).
    static func withLock<T>(in folder: URL, _ body: () -> T) throws(Failure) -> T {
        let lock = try FolderLock.acquire(in: folder.standardizedFileURL.path)
        defer { lock.release() }
        return body()
    }
}
