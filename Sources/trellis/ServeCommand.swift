import Foundation
import TrellisChat
import TrellisServer

/// `trellis serve`: the TCP server. Every option can also come from an environment variable
/// (`TRELLIS_HOST`, `TRELLIS_PORT`, `TRELLIS_DATA`, `TRELLIS_DIALOGUES`, `TRELLIS_MAX_CLIENTS`,
/// `TRELLIS_IDLE_TIMEOUT`, `TRELLIS_MAX_LINE`, `TRELLIS_MAX_OUTPUT`, `TRELLIS_MAX_ANSWER`, `TRELLIS_LOG_LEVEL`); the option wins.
struct ServeCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "serve", brief: "the TCP server", summary: "The TCP server: many people at once, each signing in with a site id and an access code. SIGTERM or SIGINT stops it cleanly; SIGHUP reloads the dialogues.",
                                  options: [
                                    .value("host", "H", "address to listen on (default 127.0.0.1; put TLS in front for others)", environment: "TRELLIS_HOST"),
                                    .value("port", "P", "port (default 7447; 0 picks a free one)", environment: "TRELLIS_PORT"),
                                    .value("max-clients", "N", "connections at once (default 1024)", environment: "TRELLIS_MAX_CLIENTS"),
                                    .value("idle-timeout", "SECONDS", "disconnect silent clients after this long (default 600)", environment: "TRELLIS_IDLE_TIMEOUT"),
                                    .value("max-line", "BYTES", "longest line accepted (default 8192)", environment: "TRELLIS_MAX_LINE"),
                                    .value("max-output", "BYTES", "unread output after which a client is disconnected (default 1048576)", environment: "TRELLIS_MAX_OUTPUT"),
                                    .value("max-answer", "BYTES", "the most one answer may hold, long text's lines together (default 65536)", environment: "TRELLIS_MAX_ANSWER"),
                                    .value("log-level", "LEVEL", "debug, info, warn or error (default info)", environment: "TRELLIS_LOG_LEVEL"),
                                    .value("width", "N", "wrap text at N columns for clients that do not report their window size (telnet does); 0 for not at all (default 80)", environment: "TRELLIS_WIDTH"),
                                    .flag("json-only", "every connection speaks JSON lines from its first byte, the greeting included (for script clients)"),
                                    .data, .dialogues,
                                  ])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        if let extra = arguments.positional.first { throw .init(message: "serve takes no argument '\(extra)'") }
    }

    /// The option, else its environment variable (the declaration names it).
    func value(_ name: String) -> String? {
        let variable = Self.spec.options.first { $0.name == name }?.environment
        return arguments.values[name] ?? variable.flatMap { ProcessInfo.processInfo.environment[$0] }
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
        if let n = try number("width", in: 0...1000) {
            guard n == 0 || n >= TextWrap.minimumWidth else {
                throw Arguments.UsageError(message: "--width takes 0 (no wrapping) or a number of columns from \(TextWrap.minimumWidth) to 1000, not '\(n)'")
            }
            configuration.width = n == 0 ? nil : n
        }
        configuration.jsonOnly = arguments.flags.contains("json-only")
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
