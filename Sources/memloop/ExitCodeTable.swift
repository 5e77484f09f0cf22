import Model

enum ExitCodeTable {
    /// `0 success, 1 …` for `--help`.
    static var inline: String {
        ExitStatus.allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ")
    }
}
