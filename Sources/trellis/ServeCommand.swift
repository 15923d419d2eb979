import Foundation
import TrellisServer

/// `trellis serve`: the TCP server. Every option can also come from an environment variable
/// (`TRELLIS_HOST`, `TRELLIS_PORT`, `TRELLIS_DATA`, `TRELLIS_DIALOGUES`, `TRELLIS_MAX_CLIENTS`,
/// `TRELLIS_IDLE_TIMEOUT`, `TRELLIS_MAX_LINE`, `TRELLIS_MAX_OUTPUT`, `TRELLIS_MAX_ANSWER`, `TRELLIS_LOG_LEVEL`); the option wins.
struct ServeCommand {
    let arguments: Arguments

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, options: ["host", "port", "data", "dialogues", "max-clients", "idle-timeout", "max-line", "max-output", "max-answer", "log-level"],
                                  flags: [])
        if let extra = arguments.positional.first { throw .init(message: "serve takes no argument '\(extra)'") }
    }

    func value(_ name: String) -> String? {
        arguments.values[name] ?? ProcessInfo.processInfo.environment["TRELLIS_" + name.uppercased().replacingOccurrences(of: "-", with: "_")]
    }

    func number(_ name: String, in range: ClosedRange<Int>) throws(Arguments.UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let n = Int(text), range.contains(n) else {
            throw .init(message: "--\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return n
    }

    func run() throws -> ExitStatus {
        var configuration = Server.Configuration()
        if let host = value("host") { configuration.host = host }
        if let port = try number("port", in: 0...65535) { configuration.port = UInt16(port) }
        configuration.dataFolder = value("data") ?? DataFolder.defaultPath(environment: ProcessInfo.processInfo.environment)
        configuration.dialoguesFolder = DataFolder.dialogues(arguments.values["dialogues"])
        if let n = try number("max-clients", in: 1...1_000_000) { configuration.maxClients = n }
        if let n = try number("idle-timeout", in: 1...86_400) { configuration.idleTimeout = n }
        if let n = try number("max-line", in: 64...1_048_576) { configuration.maxLine = n }
        if let n = try number("max-output", in: 4096...1_073_741_824) { configuration.maxOutput = n }
        if let n = try number("max-answer", in: 64...16_777_216) { configuration.maxAnswer = n }
        let levelName = value("log-level") ?? "info"
        guard let level = Log.Level(name: levelName) else {
            throw Arguments.UsageError(message: "--log-level takes debug, info, warn or error, not '\(levelName)'")
        }
        let server: Server
        do {
            server = try Server(configuration: configuration, log: Log(level: level))
        } catch let error as Server.ServerError {
            Output.err("trellis: \(error)\n")
            return .invalidDialogue
        } catch {
            Output.err("trellis: cannot start the server: \(error)\n")
            return .failure
        }
        Output.out("trellis: listening on \(configuration.host):\(server.port)\n")
        try server.run()
        return .success
    }
}
