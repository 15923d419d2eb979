import CTerminal
import Foundation
import TrellisChat

/// How wide the text `trellis chat` writes may be: `$COLUMNS` when set to a number, else the
/// terminal standard output is, else 80 (a pipe or a file; a person reads those too).
enum TerminalWidth {
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)), columns > 0 {
            return columns
        }
        let columns = Int(trellis_terminal_columns(STDOUT_FILENO))
        return columns > 0 ? columns : Renderer.defaultWidth
    }
}
