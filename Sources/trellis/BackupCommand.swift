import Foundation
import TrellisStore

/// `trellis backup FILE`: a consistent copy of the whole store (SQLite's `VACUUM INTO`),
/// safe to take while chats and the server are running.
struct BackupCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "backup FILE", brief: "a consistent copy of the store, safe while Trellis runs", summary: "A consistent copy of the whole store (SQLite's VACUUM INTO), safe while Trellis runs; restore it by putting it at DIR/trellis.sqlite while Trellis is stopped.",
                                  options: [.data])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        guard arguments.positional.count == 1 else { throw .init(message: "backup takes one argument: the file to write") }
    }

    func run() throws -> ExitStatus {
        let destination = arguments.positional[0]
        if FileManager.default.fileExists(atPath: destination) {
            throw Arguments.UsageError(message: "\(destination) already exists; name a new file so nothing is overwritten")
        }
        let store = try DataFolder.open(arguments)
        try store.backup(to: destination)
        Output.out("Backed up \(store.path) to \(destination)\n")
        return .success
    }
}
