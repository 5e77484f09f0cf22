import Foundation
import Model
import Testing

@testable import GatePolicy

/// Every way a baseline file can be wrong gets a message that says what was found.
private let baselineHint = "create it with `memloop gate --scenario default --update-baseline`"

@Suite struct BaselineLoadTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memloop-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func reason(_ url: URL) -> String {
        do {
            _ = try Baseline.load(url, scenario: "default")
            return "loaded"
        } catch {
            return error.reason
        }
    }

    @Test(arguments: [
        (#"{"schemaVersion": "1"}"#, "schemaVersion must be the number 1, found the string \"1\"; \(baselineHint)"),
        (#"{"schemaVersion": 2}"#, "schema version 2, expected 1; \(baselineHint)"),
        (#"{"schemaVersion": true}"#, "schemaVersion must be the number 1, found true; \(baselineHint)"),
        (#"{"schemaVersion": 1.5}"#, "schemaVersion must be the whole number 1, found 1.5; \(baselineHint)"),
        (#"{"schemaVersion": [1]}"#, "schemaVersion must be the number 1, found an array or object; \(baselineHint)"),
        (#"{"scenario": "default"}"#, "it has no schemaVersion, expected 1; \(baselineHint)"),
        (#"[1, 2]"#, "not a JSON object (found an array); restore it from git or \(baselineHint)"),
        (#"1"#, "not a JSON object (found a single value); restore it from git or \(baselineHint)"),
        (#"{"schemaVersion": 1"#, "not a JSON object: the text is not valid JSON; restore it from git or \(baselineHint)"),
        ("", "empty; \(baselineHint)"),
    ])
    func contentsThatAreNotABaselineAreNamed(text: String, expected: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("default.json")
        try Data(text.utf8).write(to: file)
        #expect(reason(file) == expected)
    }

    @Test func bytesThatAreNotUTF8AreNamed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("default.json")
        try Data([0x7B, 0xFF, 0xFE, 0x7D]).write(to: file)
        #expect(reason(file) == "not UTF-8 text, so not a JSON baseline; restore it from git or \(baselineHint)")
    }

    @Test func aFolderAFIFOAndADeviceAreRefusedWithoutBlocking() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(reason(folder) == "it is a folder, not a baseline file; remove it or \(baselineHint)")
        let fifo = folder.appendingPathComponent("fifo.json")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        #expect(reason(fifo) == "not a regular file (a FIFO, socket or device); a baseline is a JSON file: \(baselineHint)")
        #expect(reason(URL(fileURLWithPath: "/dev/zero")) == "not a regular file (a FIFO, socket or device); a baseline is a JSON file: \(baselineHint)")
        #expect(reason(folder.appendingPathComponent("absent.json")) == "missing; \(baselineHint)")
    }
}
