import Foundation
@testable import Reporting
import Testing

@Suite struct AtomicFileTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

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
