// The options of `trellis-bench load`, parsed from the command line.

/// What the load client talks to and how it plays.
enum LoadMode: String, CaseIterable {
    /// `trellis serve`: signs in over JSON lines and plays a dialogue, answering every question.
    case trellis
    /// Redis: inline `PING`, answered `+PONG`.
    case redisPing = "redis-ping"
    /// Redis: inline `SET key:CONN:I VALUE` (40 bytes), answered `+OK`.
    case redisSet = "redis-set"
}

struct LoadOptions {
    var mode = LoadMode.trellis
    var host = "127.0.0.1"
    var port: UInt16 = 7447
    var connections = 1
    /// Seconds of timed load (after sign-in and warm-up); nil with `--turns` alone.
    var duration: Double?
    /// Stop after this many turns in all (in the timed window).
    var turns: Int?
    var warmup = 0.0
    var site = "demo"
    var code = ""
    var dialogue = "site-setup"
    var serverPID: Int32?
    var json = false
    var label = ""
    /// Sign in, stop at the menu (or the first question), print READY and hold.
    var idle = false
    var idleAtQuestion = false
    var hold = 60.0
    /// The longest a connection may take to sign in, and to finish its last turn at the end.
    var timeout = 60.0

    static let usage = """
        Usage: trellis-bench load [OPTIONS]

        A closed-loop load generator: N persistent connections, one request in flight on each,
        one epoll loop. A turn is one answer line written to the next ask or done read (trellis),
        or one command to its reply (redis-*). Sign-in is timed apart and not counted in turns.

        Options:
          --mode M              trellis (default), redis-ping or redis-set
          --host H              server address (default 127.0.0.1)
          --port P              server port (default 7447; Redis's is 6379)
          --connections N       connections at once (default 1)
          --duration SECONDS    seconds of timed load (default 10 unless --turns is given)
          --turns N             stop after N turns in all (with --duration: whichever comes first)
          --warmup SECONDS      play this long before the timed window starts (default 0)
          --site ID             the site to sign in to (default demo)
          --code CODE           the site's shared access code
          --dialogue ID         the dialogue to play, again and again (default site-setup)
          --server-pid PID      report the server's CPU per turn from /proc/PID/stat
          --json                print one JSON object with every figure
          --label TEXT          a label carried into the report
          --idle                sign in, stop at the menu, print READY, hold (measuring memory)
          --idle-at-question    with --idle: stop at the dialogue's first question instead
          --hold SECONDS        how long --idle holds the connections (default 60)
          --timeout SECONDS     the longest sign-in, and the last turn at the end, may take (default 60)
        """

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ arguments: [String]) throws(Failure) -> LoadOptions? {
        var options = LoadOptions()
        var index = 0
        func value(_ name: String) throws(Failure) -> String {
            index += 1
            guard index < arguments.count else { throw Failure(description: "\(name) needs a value") }
            return arguments[index]
        }
        func number<T: LosslessStringConvertible>(_ name: String, _ type: T.Type) throws(Failure) -> T {
            let text = try value(name)
            guard let parsed = T(text) else { throw Failure(description: "\(name): '\(text)' is not a number") }
            return parsed
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-h", "--help": return nil
            case "--mode":
                let text = try value(argument)
                guard let mode = LoadMode(rawValue: text) else {
                    throw Failure(description: "--mode: '\(text)' is not one of \(LoadMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                options.mode = mode
            case "trellis", "redis-ping", "redis-set": options.mode = LoadMode(rawValue: argument)!
            case "--host": options.host = try value(argument)
            case "--port": options.port = try number(argument, UInt16.self)
            case "--connections": options.connections = try number(argument, Int.self)
            case "--duration": options.duration = try number(argument, Double.self)
            case "--turns": options.turns = try number(argument, Int.self)
            case "--warmup": options.warmup = try number(argument, Double.self)
            case "--site": options.site = try value(argument)
            case "--code": options.code = try value(argument)
            case "--dialogue": options.dialogue = try value(argument)
            case "--server-pid": options.serverPID = try number(argument, Int32.self)
            case "--json": options.json = true
            case "--label": options.label = try value(argument)
            case "--idle": options.idle = true
            case "--idle-at-question": options.idle = true; options.idleAtQuestion = true
            case "--hold": options.hold = try number(argument, Double.self)
            case "--timeout": options.timeout = try number(argument, Double.self)
            default: throw Failure(description: "unknown option '\(argument)'")
            }
            index += 1
        }
        guard options.connections >= 1 else { throw Failure(description: "--connections must be at least 1") }
        if let turns = options.turns, turns < 1 { throw Failure(description: "--turns must be at least 1") }
        if options.duration == nil && options.turns == nil { options.duration = 10 }
        if options.mode == .trellis && options.code.isEmpty { throw Failure(description: "--code is needed to sign in to trellis") }
        if options.idle && options.mode != .trellis { throw Failure(description: "--idle is for --mode trellis") }
        return options
    }
}
