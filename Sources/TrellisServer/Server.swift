import Glibc
import TrellisChat
import TrellisLanguage
import TrellisSession
import TrellisStore

/// `trellis serve`: many conversations at once over TCP on one event-loop thread, with a
/// store thread committing answers. Limits are explicit: line length, output backlog,
/// idle time and the number of clients.
public final class Server {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port: UInt16 = 7447
        public var dataFolder = "trellis-data"
        public var dialoguesFolder = "dialogues"
        public var maxClients = 1024
        /// Seconds a client may stay silent before it is told and disconnected.
        public var idleTimeout = 600
        /// The longest line accepted, in bytes.
        public var maxLine = 8192
        /// Unread output beyond which a client that does not read is disconnected (checked
        /// before a reply is queued, so one long reply never counts against a reading client).
        public var maxOutput = 1 << 20
        /// The most one answer may hold, in bytes (a long text's lines counted together).
        public var maxAnswer = 65536
        /// Every connection speaks JSON lines from its first byte (for clients that are scripts).
        public var jsonOnly = false
        /// Human text is wrapped to this many columns until a telnet client reports its window
        /// (NAWS); nil: not wrapped unless it does.
        public var width: Int? = 80
        /// How long shutdown waits for output to drain.
        public var shutdownGrace = 3000
        public init() {}
    }

    public let configuration: Configuration
    /// The port actually listened on (useful with port 0).
    public let port: UInt16
    let log: Log
    private let loop: EventLoop
    private let signals: SignalChannel
    private let notifier: Notifier
    /// Commits answers (group commit).
    private let worker: StoreWorker
    /// Checks access codes and loads profiles at sign-in.
    private let logins: StoreWorker
    private var listener: Int32?
    private var catalog: DialogueCatalog
    private var connections: [Int: Connection] = [:]
    /// Which connection owns each person's open dialogue ("site/person/dialogue"): one writer
    /// per session. Opening a dialogue another connection owns detaches that one.
    private var owners: [String: Int] = [:]
    /// How many access codes may be checked per client address and per site (the sign-in
    /// thread's work); touched only on the loop.
    private var guesses = GuessLimiter()
    /// Code checks posted and not yet answered (by connection, and counted per address), and
    /// those waiting their turn, per address.
    private var checking: [Int: (address: String, site: String)] = [:]
    private var checksInFlight: [String: Int] = [:]
    /// Connections turned away at accept since the last sweep (over their address's bound).
    private var turnedAway = 0
    private var waitingChecks: [String: [(connection: Int, site: SiteID, code: String)]] = [:]
    /// The one read buffer every connection's reads go through (the loop reads one at a time).
    private var readBuffer = [UInt8](repeating: 0, count: 65536)
    /// Connections with framed lines left over from an earlier turn, handled in `beforeSleep`.
    private var backlogged: Set<Int> = []
    private var nextID = 1
    private var shutdownDeadline: UInt64?

    /// Opens the store, loads the dialogues and starts listening; `run()` serves.
    /// Blocks SIGTERM, SIGINT and SIGHUP for the process so the loop receives them.
    public init(configuration: Configuration, log: Log) throws {
        self.configuration = configuration
        self.log = log
        signals = try SignalChannel([SIGTERM, SIGINT, SIGHUP])
        signal(SIGPIPE, SIG_IGN)
        Socket.raiseDescriptorLimit()
        catalog = Conversation.withMenu(DialogueCatalog.load(paths: [configuration.dialoguesFolder]))
        if catalog.diagnostics.hasErrors || catalog.dialogues.isEmpty {
            throw ServerError.dialogues(catalog.diagnostics.filter { $0.severity == .error }.map(\.description))
        }
        notifier = try Notifier()
        worker = StoreWorker(name: "commits", store: try Store(folder: configuration.dataFolder), notifier: notifier)
        logins = StoreWorker(name: "logins", store: try Store(folder: configuration.dataFolder), notifier: notifier)
        loop = try EventLoop()
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port)
        listener = fd
        self.port = port
    }

    /// Log events about sign-ins that failed or were refused: logged as warnings, with the peer.
    static let signInEvents: Set<String> = ["wrong_code", "login_refused", "sign_in_throttled"]

    public enum ServerError: Error, CustomStringConvertible {
        case dialogues([String])
        public var description: String {
            switch self {
            case .dialogues(let problems):
                return "the dialogues have errors, so the server will not start:\n" + (problems.isEmpty ? "no dialogue files found" : problems.joined(separator: "\n"))
            }
        }
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting, tells every client, lets pending
    /// commits finish and returns.
    public func run() throws {
        worker.start()
        logins.start()
        defer {
            worker.stop()
            logins.stop()
        }
        if let listener { try loop.watch(listener, .readable) { [unowned self] _ in self.acceptClients() } }
        try loop.watch(notifier.fd, .readable) { [unowned self] _ in self.deliverResults() }
        try loop.watch(signals.fd, .readable) { [unowned self] _ in self.handleSignals() }
        scheduleSweep()
        log(.info, "listening", [("host", configuration.host), ("port", String(port)), ("dialogues", String(catalog.dialogues.count))])
        try loop.run { [unowned self] in self.beforeSleep() }
        for connection in Array(connections.values) { drop(connection, reason: connection.closeReason.isEmpty ? "shutdown" : connection.closeReason) }
        log(.info, "stopped", [("commits", String(worker.committed)), ("transactions", String(worker.transactions))])
    }

    // MARK: Accepting and reading

    private func acceptClients() {
        while let listener {
            let accepted: (fd: Int32, peer: String)?
            do { accepted = try Socket.accept(listener) } catch {
                log(.error, "accept_failed", [("error", "\(error)")])
                return
            }
            guard let (fd, peer) = accepted else { return }
            if connections.count >= configuration.maxClients {
                _ = Socket.write(fd, Array("Trellis is full right now (\(configuration.maxClients) people connected). Please try again in a few minutes.\n".utf8)[...])
                Socket.close(fd)
                log(.warn, "refused_full", [("peer", peer), ("clients", String(connections.count))])
                continue
            }
            // An address over its bound on wrong codes is turned away before any work is spent
            // on it (a guesser reconnects as fast as it is refused); counted, logged once a second.
            let address = Connection.address(of: peer)
            if let wait = guesses.check(address: address, site: "", now: Socket.now(), pending: checksInFlight[address, default: 0]) {
                _ = Socket.write(fd, Array("Too many wrong access codes have been tried from your address lately. Wait \(wait) second\(wait == 1 ? "" : "s"), then connect again.\n".utf8)[...])
                Socket.close(fd)
                turnedAway += 1
                continue
            }
            var session = SessionState.Configuration.tcp(catalog: catalog, maxAnswerBytes: configuration.maxAnswer)
            session.width = configuration.width
            let connection = Connection(id: nextID, fd: fd, peer: peer, maxLine: configuration.maxLine,
                                        session: SessionState(session, mode: configuration.jsonOnly ? .json : .human), now: Socket.now())
            nextID += 1
            do {
                try loop.watch(fd, .readable) { [unowned self] events in self.ready(connection, events) }
            } catch {
                Socket.close(fd)
                log(.error, "watch_failed", [("error", "\(error)")])
                continue
            }
            connections[connection.id] = connection
            log(.info, "connect", [("conn", String(connection.id)), ("peer", peer), ("clients", String(connections.count))])
            reduce(connection, .start)
        }
    }

    private func ready(_ connection: Connection, _ events: Epoll.Events) {
        if events.contains(.writable) { write(connection) }
        guard connections[connection.id] != nil else { return }
        if events.contains(.hangUp) || events.contains(.error) { return read(connection) }
        guard events.contains(.readable) else { return }
        if connection.session.isBusy || connection.hasInbox {
            // Not read while the session waits or earlier lines wait: readiness is switched off
            // now that the client has sent more (so TCP holds it back), not on every turn, and
            // back on in `write` once the session can take a line.
            setInterest(connection, connection.interest.subtracting(.readable))
            return
        }
        read(connection)
    }

    private func read(_ connection: Connection) {
        switch Socket.read(connection.fd, into: &readBuffer) {
        case .wouldBlock:
            return
        case .closed:
            drop(connection, reason: connection.closing ? connection.closeReason : "client closed")
        case .data(let bytes):
            guard !connection.closing else { return }
            connection.lastActivity = Socket.now()
            connection.inbox += connection.framer.feed(bytes)
            if let width = connection.windowWidthNews() { reduce(connection, .windowWidth(width)) }
            handleInbox(connection)
        }
    }

    /// Lines one connection may have handled per turn of the loop: one read can bring
    /// thousands (a client flooding `/help`), and they must not hold up everyone else. A person
    /// or a closed-loop script sends one at a time; with 16, four flooding clients raised the
    /// others' answer p99 2.5 times, with 4 about 1.3 times (BENCHMARKS.md, isolation).
    static let linesPerTurn = 4

    /// Hands the session the lines already framed, up to `linesPerTurn`, and none while it
    /// waits on the store. What is left waits for the next turn (`beforeSleep`), and the
    /// socket is not read again until it is all handled, so TCP holds the client back.
    private func handleInbox(_ connection: Connection) {
        var budget = Server.linesPerTurn
        while budget > 0, connections[connection.id] != nil, !connection.closing {
            // A client that leaves its replies unread is dropped before another of its lines is
            // handled, not after the reply was rendered: a flood of `/help` costs nothing more.
            if connection.pendingBytes > configuration.maxOutput, !(connection.flush() && connection.pendingBytes <= configuration.maxOutput) {
                log(.warn, "slow_reader", [("conn", String(connection.id)), ("pending", String(connection.pendingBytes))])
                drop(connection, reason: "not reading its output")
                return
            }
            guard let frame = connection.nextFrame() else { break }
            budget -= 1
            switch frame {
            case .line(let line): reduce(connection, .line(line))
            case .tooLong: reduce(connection, .framing(.tooLong(limit: configuration.maxLine)))
            case .invalid(let reason): reduce(connection, .framing(.invalid(reason)))
            }
            if connection.session.isBusy { break }
        }
        guard connections[connection.id] != nil else { return }
        if connection.hasInbox && !connection.closing && !connection.session.isBusy {
            backlogged.insert(connection.id)
        } else {
            backlogged.remove(connection.id)
        }
        write(connection)
    }

    private func write(_ connection: Connection) {
        guard connection.flush() else {
            drop(connection, reason: "write failed")
            return
        }
        if connection.pendingBytes == 0 && connection.closing {
            drop(connection, reason: connection.closeReason)
            return
        }
        // Read only while the session can take a line (not while it waits on the store, nor
        // while lines read before are still to be handled), so a client that floods lines is
        // held back by TCP instead of filling our memory or our turns. Readiness stays on
        // while the session waits, and `ready` turns it off if the client sends meanwhile: a
        // person or a closed-loop script sends nothing until the reply, so a turn costs no
        // `epoll_ctl` (switching it off and on for every wait cost two system calls a turn).
        // Writability is asked for only while output is waiting.
        var wanted = connection.interest
        if connection.closing {
            wanted.remove(.readable)
        } else if !connection.session.isBusy && !connection.hasInbox {
            wanted.insert(.readable)
        }
        if connection.pendingBytes > 0 { wanted.insert(.writable) } else { wanted.remove(.writable) }
        setInterest(connection, wanted)
    }

    private func setInterest(_ connection: Connection, _ wanted: Epoll.Events) {
        guard wanted != connection.interest else { return }
        connection.interest = wanted
        loop.change(connection.fd, wanted)
    }

    // MARK: Carrying out a session's effects

    /// Feeds the session one input and carries out what it asks for.
    private func reduce(_ connection: Connection, _ input: SessionInput) {
        perform(SessionReducer.reduce(&connection.session, input), on: connection)
    }

    private func perform(_ effects: [SessionEffect], on connection: Connection) {
        for effect in effects {
            guard connections[connection.id] != nil else { return }
            switch effect {
            case .emit(let text):
                guard !text.isEmpty else { continue }
                // The backlog the client has left unread decides, not the replies about to join
                // it: what the socket takes now is written first.
                if connection.pendingBytes > configuration.maxOutput, !connection.flush() {
                    drop(connection, reason: "write failed")
                    return
                }
                if connection.pendingBytes > configuration.maxOutput {
                    log(.warn, "slow_reader", [("conn", String(connection.id)), ("pending", String(connection.pendingBytes))])
                    drop(connection, reason: "not reading its output")
                    return
                }
                connection.enqueue(text)
            case .verify(let site, let code):
                waitingChecks[connection.address, default: []].append((connection.id, site, code))
                startChecks(for: connection.address)
            case .load(let site, let person):
                logins.post(.load(connection: connection.id, site: site, person: person))
            case .loadOverview:
                logins.post(.overview(connection: connection.id))
            case .open(let site, let person, let dialogue):
                claim("\(site)/\(person)/\(dialogue)", dialogue: dialogue, for: connection)
                // On the commit thread, behind any commit already posted, so it reads them all.
                worker.post(.open(connection: connection.id, site: site, person: person, dialogue: dialogue))
            case .commit(let commit):
                worker.post(.commit(connection: connection.id, commit: commit))
            case .hideInput(let hide):
                connection.hideInput(hide)
            case .delay(let milliseconds):
                loop.after(milliseconds) { [unowned self] in
                    guard let live = self.connections[connection.id] else { return }
                    self.reduce(live, .delayEnded)
                }
            case .close(let end):
                connection.closing = true
                connection.closeReason = end.reason
            case .log(let event, let fields):
                // Failed and refused sign-ins are warnings and name the address they came from.
                let signIn = Server.signInEvents.contains(event)
                log(signIn ? .warn : .info, event, [("conn", String(connection.id))] + (signIn ? [("peer", connection.peer)] : [])
                    + fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
        }
        // Lines read while the session waited get their turn once it no longer waits.
        if connection.hasInbox, !connection.session.isBusy, !connection.closing { backlogged.insert(connection.id) }
        write(connection)
    }

    /// Starts the code checks waiting for `address`, as many as it may have at once; a code
    /// that may not be checked now (too many wrong ones lately) is refused unchecked.
    private func startChecks(for address: String) {
        while checksInFlight[address, default: 0] < guesses.inFlight, waitingChecks[address]?.isEmpty == false {
            // Taken in place: copying the queue out and back would copy it once per check.
            let (id, site, code) = waitingChecks[address]!.removeFirst()
            if waitingChecks[address]!.isEmpty { waitingChecks[address] = nil }
            guard let connection = connections[id] else { continue }
            if let wait = guesses.check(address: address, site: site.rawValue, now: Socket.now(), pending: checksInFlight[address, default: 0]) {
                reduce(connection, .throttled(seconds: wait))
                continue
            }
            checking[id] = (address, site.rawValue)
            checksInFlight[address, default: 0] += 1
            logins.post(.verify(connection: connection.id, site: site, code: code))
        }
        if checksInFlight[address] == 0 { checksInFlight[address] = nil }
    }

    /// Makes `connection` the one writer of a person's dialogue; the connection that held it
    /// (the same person elsewhere) is told and goes back to its menu.
    private func claim(_ key: String, dialogue: String, for connection: Connection) {
        release(connection)
        if let holder = owners[key], holder != connection.id, let other = connections[holder] {
            other.owns = nil
            log(.info, "taken_over", [("conn", String(holder)), ("by", String(connection.id)), ("dialogue", dialogue)])
            reduce(other, .detached(dialogue: dialogue))
        }
        owners[key] = connection.id
        connection.owns = key
    }

    private func release(_ connection: Connection) {
        if let key = connection.owns, owners[key] == connection.id { owners[key] = nil }
        connection.owns = nil
    }

    private func deliverResults() {
        notifier.drain()
        for result in worker.takeResults() + logins.takeResults() {
            if case .verified(let identity) = result.input, let check = checking.removeValue(forKey: result.connection) {
                // Counted whether or not the connection is still here.
                checksInFlight[check.address, default: 1] -= 1
                if identity == nil { guesses.failed(address: check.address, site: check.site, now: Socket.now()) }
                if let connection = connections[result.connection] { reduce(connection, result.input) }
                startChecks(for: check.address)
                continue
            }
            guard let connection = connections[result.connection] else { continue }
            if let failed = result.failed {
                log(.error, "store_error", [("conn", String(connection.id)), ("error", failed)])
            }
            reduce(connection, result.input)
        }
    }

    private func drop(_ connection: Connection, reason: String) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        backlogged.remove(connection.id)
        release(connection)
        loop.unwatch(connection.fd)
        Socket.close(connection.fd)
        log(.info, "disconnect", [("conn", String(connection.id)), ("reason", reason), ("clients", String(connections.count))])
    }

    // MARK: Timers, signals and shutdown

    /// Once a second: disconnect clients silent for longer than the idle timeout.
    private func scheduleSweep() {
        loop.after(1000) { [unowned self] in
            self.guesses.sweep(now: Socket.now())
            if self.turnedAway > 0 {
                self.log(.warn, "refused_throttled", [("connections", String(self.turnedAway))])
                self.turnedAway = 0
            }
            let limit = UInt64(self.configuration.idleTimeout) * 1000
            let now = Socket.now()
            for connection in Array(self.connections.values) where !connection.closing && now - connection.lastActivity > limit {
                self.log(.info, "idle", [("conn", String(connection.id))])
                self.reduce(connection, .idle(seconds: self.configuration.idleTimeout))
            }
            self.scheduleSweep()
        }
    }

    private func handleSignals() {
        for signal in signals.received() {
            switch signal {
            case SIGHUP: reload()
            default: beginShutdown(signal == SIGINT ? "SIGINT" : "SIGTERM")
            }
        }
    }

    /// Reloads the dialogues; when any fails lint, keeps the old set and logs why.
    private func reload() {
        let fresh = DialogueCatalog.load(paths: [configuration.dialoguesFolder])
        if fresh.diagnostics.hasErrors || fresh.dialogues.isEmpty {
            let first = fresh.diagnostics.first { $0.severity == .error }?.description ?? "no dialogue files found"
            log(.warn, "reload_refused", [("reason", first), ("kept", String(catalog.dialogues.count))])
            return
        }
        catalog = Conversation.withMenu(fresh)
        log(.info, "reloaded", [("dialogues", String(fresh.dialogues.count))])
    }

    private func beginShutdown(_ why: String) {
        guard shutdownDeadline == nil else { return }
        log(.info, "shutdown", [("signal", why), ("clients", String(connections.count))])
        shutdownDeadline = Socket.now() + UInt64(configuration.shutdownGrace)
        if let listener {
            loop.unwatch(listener)
            Socket.close(listener)
            self.listener = nil
        }
        for connection in Array(connections.values) where !connection.closing {
            reduce(connection, .shutdown)
        }
    }

    /// During shutdown: stop once commits are done and output is written, or the grace ends.
    /// Before the loop waits: a turn for each connection with lines left over (the loop does
    /// not sleep while any remain), then, during shutdown, whether to stop.
    private func beforeSleep() -> Bool {
        for id in backlogged {
            backlogged.remove(id)
            if let connection = connections[id] { handleInbox(connection) }
        }
        stopIfDrained()
        return !backlogged.isEmpty
    }

    private func stopIfDrained() {
        guard let deadline = shutdownDeadline else { return }
        let drained = connections.values.allSatisfy { $0.pendingBytes == 0 }
        if (!worker.hasWork && drained) || Socket.now() >= deadline {
            while worker.hasWork { usleep(1000) }
            loop.stop()
        }
    }
}
