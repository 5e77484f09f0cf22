import Foundation
import Harness
import Testing

@Suite struct TemporaryFolderTests {
    @Test func makeCreatesAnEmptyFolderNamedAfterThisProcess() throws {
        let folder = try TemporaryFolder.make("test")
        defer { try? FileManager.default.removeItem(at: folder) }
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) && isFolder.boolValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        #expect(TemporaryFolder.owner(ofFolderNamed: folder.lastPathComponent) == getpid())
    }

    @Test func anyPrefixNamesItsOwner() {
        let uuid = UUID().uuidString
        for prefix in ["arm", "loop", "profile"] {
            #expect(TemporaryFolder.owner(ofFolderNamed: "memloop-\(prefix)-4242-\(uuid)") == 4242)
        }
    }

    @Test func namesMakeDoesNotGiveHaveNoOwner() {
        let uuid = UUID().uuidString
        #expect(TemporaryFolder.owner(ofFolderNamed: "memloop-profile-\(uuid)") == nil)
        #expect(TemporaryFolder.owner(ofFolderNamed: "memloop-arm-4242-not-a-uuid") == nil)
        #expect(TemporaryFolder.owner(ofFolderNamed: "memloop-arm-0-\(uuid)") == nil)
        #expect(TemporaryFolder.owner(ofFolderNamed: "memloop--4242-\(uuid)") == nil)
        #expect(TemporaryFolder.owner(ofFolderNamed: "other-arm-4242-\(uuid)") == nil)
    }
}
