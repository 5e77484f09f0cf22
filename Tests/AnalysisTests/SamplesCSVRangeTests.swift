import Foundation
import Model
import Testing

@testable import Analysis

/// Cells that do not fit, rows that do not match the header, and counts that go
/// backwards: each refused with its line and a message naming the cell and the range.
@Suite struct SamplesCSVRangeTests {
    static let header = "arm,iteration,models_built,elapsed_ns,live_bytes,loop_ns\n"
    static let good = "x,0,1,10,5,8\nx,1,2,20,5,16\n"

    static let refused: [(String, Int, String)] = [
        ("x,2,1e19,30,5,24", 4, "the models_built cell \"1e19\" is out of range; counts are whole numbers from 0 to 2^53 (9007199254740992)"),
        ("x,1e19,3,30,5,24", 4, "the iteration cell \"1e19\" is out of range; counts are whole numbers from 0 to 2^53"),
        ("x,9223372036854775807,3,30,5,24", 4, "the iteration cell \"9223372036854775807\" is out of range"),
        ("x,9007199254740993,3,30,5,24", 4, "out of range; counts are whole numbers from 0 to 2^53"),
        ("x,-9223372036854775808,3,30,5,24", 4, "the iteration cell \"-9223372036854775808\" is negative; counts are whole numbers from 0 to 2^53"),
        ("x,2,-1,30,5,24", 4, "the models_built cell \"-1\" is negative"),
        ("x,2,3,1e30,5,24", 4, "the elapsed_ns cell \"1e30\" is out of range; times are whole nanoseconds from 0 to 2^62 (4611686018427387904)"),
        ("x,2,3,-30,5,24", 4, "the elapsed_ns cell \"-30\" is negative; times are whole nanoseconds from 0 to 2^62"),
        ("x,2,3,30,5,-24", 4, "the loop_ns cell \"-24\" is negative"),
        ("x,2,3,30,5,4611686018427387905", 4, "the loop_ns cell \"4611686018427387905\" is out of range"),
        ("x,2,3,30,5,2.5", 4, "the loop_ns cell \"2.5\" is not a whole number; times are whole nanoseconds"),
        ("x,2,3,30,1e19,24", 4, "the live_bytes cell \"1e19\" is out of range; metric cells lie between -2^62 and 2^62"),
        ("x,2,3,30,-1e300,24", 4, "the live_bytes cell \"-1e300\" is out of range"),
        ("x,2,3,30,inf,24", 4, "the live_bytes cell \"inf\" is not a decimal number"),
        ("x,2,1,30,5,24", 4, "models_built 1 of arm \"x\" is less than on its previous row (2)"),
        ("x,2,3", 4, "the elapsed_ns cell is empty: the line has 3 cells and the header 6 (is the line cut short?)"),
        ("x,2,3,30,5,24,99", 4, "the line has 7 cells but the header only 6"),
        ("x,2,3,30,5,\"24", 4, "a quoted cell opened on this line is never closed"),
    ]

    @Test(arguments: refused)
    func aCellThatDoesNotFitIsRefusedWithItsLineAndRange(row: String, line: Int, message: String) {
        #expect {
            try SamplesCSV.read(Self.header + Self.good + row + "\n", file: "big.csv")
        } throws: { error in
            guard let error = error as? SamplesCSV.ReadError else { return false }
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.message)")
            return true
        }
    }

    @Test func extremeButFittingCellsAreRead() throws {
        let text =
            Self.header + "x,0,0,0,-4611686018427387904,0\nx,9007199254740992,9007199254740992,4611686018427387904,4611686018427387904,4611686018427387904\n"
        let series = try SamplesCSV.read(text, file: "edge.csv")
        #expect(series[0].iterations == [0, 1 << 53])
        #expect(series[0].modelsBuilt == [0, 1 << 53])
        #expect(series[0].elapsedNs == [0, 1 << 62])
        #expect(series[0].metrics[.liveBytes] == [-Double(1 << 62), Double(1 << 62)])
        // The analysis of such a file takes differences of these cells: it must not trap.
        let analysis = RunAnalysis(series: series)
        #expect(analysis.arms.count == 1)
    }

    @Test func anArmThatBuildsNothingIsRefusedUnlessItIsANegativeControl() throws {
        let flat = (0..<10).map { "\($0),0,\(10 * $0),5,\(8 * $0)" }
        let control = try SamplesCSV.read(Self.header + flat.map { "keras/control," + $0 }.joined(separator: "\n"), file: "c.csv")
        #expect(control[0].modelsBuilt == Array(repeating: 0, count: 10))
        #expect(
            throws: SamplesCSV.ReadError(
                file: "c.csv", line: 2,
                message:
                    "arm \"clear\" built no models (models_built is 0 on every row), so no bytes per model can be computed; only a negative-control arm, labelled control (or SOURCE/control), may build nothing"
            )
        ) {
            try SamplesCSV.read(Self.header + flat.map { "clear," + $0 }.joined(separator: "\n"), file: "c.csv")
        }
        #expect(SamplesCSV.isNegativeControl("Control"))
        #expect(!SamplesCSV.isNegativeControl("controlled"))
        #expect(!SamplesCSV.isNegativeControl("negative-control"), "the same rule as the analysis's roles")
    }

    @Test func bytesThatAreNotUTF8AreNamedWithTheirLine() {
        var data = Data((Self.header + Self.good).utf8)
        data.append(contentsOf: [0x78, 0x2C, 0xFF, 0xFE, 0x0A])
        #expect(
            throws: SamplesCSV.ReadError(
                file: "latin1.csv", line: 4,
                message: "not UTF-8 text (invalid byte at offset \(data.count - 3)); save the file as UTF-8 (plain CSV) and run again"
            )
        ) {
            try SamplesCSV.read(data: data, file: "latin1.csv")
        }
        #expect(SamplesCSV.firstInvalidUTF8(Data([0x61, 0xE2, 0x82])) == (1, 1), "a sequence cut short at the end")
        #expect(SamplesCSV.firstInvalidUTF8(Data("a\nb".utf8)) == (2, 3), "valid text: the end")
    }

    @Test func utf8BytesWithAByteOrderMarkReadLikeText() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data((Self.header + Self.good).utf8)
        let series = try SamplesCSV.read(data: data, file: "excel.csv")
        #expect(series[0].iterations == [0, 1])
    }

    @Test func quotedCellsAndCRLFKeepLineNumbersAsAnEditorShowsThem() throws {
        let text = "arm,iteration,models_built,live_bytes\r\n\"a,\nb\",0,1,5\r\n\"a,\nb\",1,2,6\r\n\"a,\nb\",2,3,x\r\n"
        #expect {
            try SamplesCSV.read(text, file: "q.csv")
        } throws: { error in
            (error as? SamplesCSV.ReadError)?.line == 6 && "\(error)".contains("\"x\" is not a decimal number")
        }
        let series = try SamplesCSV.read(text.replacingOccurrences(of: ",x", with: ",7"), file: "q.csv")
        #expect(series[0].arm == "a,\nb")
        #expect(series[0].metrics[.liveBytes] == [5, 6, 7])
    }
}
