import Foundation

/// One record of a CSV file (RFC 4180: commas, double-quoted cells with `""` for a
/// quote, CR, LF or CRLF line ends), with the line it starts on. Cells are trimmed of
/// spaces and tabs. Its only reader is `SamplesCSV`; line numbers in messages are the
/// lines an editor shows, even after a quoted cell that spans lines.
struct CSVRecord: Equatable {
    var line: Int
    var cells: [String]

    struct SyntaxError: Error {
        var line: Int
        var message: String
    }

    /// Splits `text` into records; a UTF-8 byte-order mark at the start is skipped.
    static func parse(_ text: String) throws(SyntaxError) -> [CSVRecord] {
        var text = text
        let result: Result<[CSVRecord], SyntaxError> = text.withUTF8 { bytes in
            do throws(SyntaxError) {
                return .success(try parse(bytes: bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [CSVRecord] {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [CSVRecord] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1, recordLine = 1
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func finishCell() {
            cells.append(String(decoding: cell, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            cell.removeAll(keepingCapacity: true)
        }
        func finishRecord() {
            finishCell()
            records.append(CSVRecord(line: recordLine, cells: cells))
            cells.removeAll(keepingCapacity: true)
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote, cell.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                cell.removeAll(keepingCapacity: true)
                let opened = line
                position += 1
                while true {
                    guard position < bytes.count else {
                        throw SyntaxError(line: opened, message: "a quoted cell opened on this line is never closed (a missing \")")
                    }
                    let inner = bytes[position]
                    if inner == quote {
                        if position + 1 < bytes.count, bytes[position + 1] == quote {
                            cell.append(quote)
                            position += 2
                            continue
                        }
                        position += 1
                        break
                    }
                    if inner == lf || (inner == cr && (position + 1 == bytes.count || bytes[position + 1] != lf)) { line += 1 }
                    cell.append(inner)
                    position += 1
                }
                while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
                if position < bytes.count, bytes[position] != comma, bytes[position] != cr, bytes[position] != lf {
                    throw SyntaxError(line: line, message: "text follows a closing quote inside a cell; write a quote inside a quoted cell as \"\"")
                }
                continue
            }
            switch byte {
            case comma:
                finishCell()
            case cr, lf:
                finishRecord()
                if byte == cr, position + 1 < bytes.count, bytes[position + 1] == lf { position += 1 }
                line += 1
                recordLine = line
            default:
                cell.append(byte)
            }
            position += 1
        }
        if !cell.isEmpty || !cells.isEmpty { finishRecord() }
        return records.filter { !($0.cells.count == 1 && $0.cells[0].isEmpty) }
    }
}
