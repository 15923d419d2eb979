// The load client's one epoll loop: connects every connection, signs them in, starts them
// together, keeps one request in flight on each, and stops on time or on the turn count.
import Glibc
import TrellisServer

final class LoadRunner {
    enum Phase {
        case signingIn, warmup, timed, draining, holding, done
    }

    private let options: LoadOptions
    private let epoll: Epoll
    private var connections: [LoadConnection] = []
    /// Connection index by descriptor.
    private var slots: [Int] = []
    /// The one read buffer, reused by every read.
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)

    private(set) var phase = Phase.signingIn
    private var recording = false
    private var runStart: UInt64 = 0
    private var windowStart: UInt64 = 0
    private var windowEnd: UInt64 = 0
    private var phaseDeadline: UInt64 = 0
    private var inFlight = 0
    private var settled = 0
    private var serverCPUStart: Double?
    private var clientCPUStart = 0.0
    private var report = LoadReport()
    private var samples: LatencySamples
    private var signIns = LatencySamples()
    private let asks = AskCache()

    init(_ options: LoadOptions) throws(SystemError) {
        self.options = options
        epoll = try Epoll(capacity: min(1024, options.connections + 1))
        samples = LatencySamples(capacity: options.turns.map { $0 + options.connections } ?? 100_000)
        report.label = options.label
        report.mode = options.mode.rawValue
        report.connections = options.connections
        report.dialogue = options.mode == .trellis ? options.dialogue : ""
    }

    deinit { readBuffer.deallocate() }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Runs the whole benchmark and returns its figures.
    func run() throws -> LoadReport {
        Socket.raiseDescriptorLimit()
        let address = try ClientSocket.address(host: options.host, port: options.port)
        if options.idle, let pid = options.serverPID { report.serverRSSBeforeKB = ProcessMemory.residentKB(pid) }
        runStart = Self.now()
        phaseDeadline = runStart + Self.nanos(options.timeout)
        for index in 0..<options.connections {
            let fd = try ClientSocket.connect(address)
            let connection = LoadConnection(index: index, fd: fd, player: player(index + 1), started: Self.now())
            if Int(fd) >= slots.count { slots += [Int](repeating: -1, count: Int(fd) + 1 - slots.count + 64) }
            slots[Int(fd)] = index
            connections.append(connection)
            try epoll.add(fd, .writable)
        }
        while phase != .done {
            let events = try epoll.wait(timeout: waitTimeout())
            for (fd, ready) in events {
                guard Int(fd) < slots.count, slots[Int(fd)] >= 0 else { continue }
                let connection = connections[slots[Int(fd)]]
                guard connection.isOpen else { continue }
                if connection.state == .connecting {
                    connected(connection)
                    continue
                }
                if !ready.intersection([.readable, .hangUp, .error]).isEmpty { read(connection) }
                if connection.isOpen && ready.contains(.writable) { flush(connection) }
            }
            tick(Self.now())
        }
        for connection in connections where connection.isOpen { close(connection) }
        return finish()
    }

    private func player(_ number: Int) -> any LoadPlayer {
        switch options.mode {
        case .trellis:
            let stop: TrellisPlayer.Stop = !options.idle ? .never : options.idleAtQuestion ? .atQuestion : .atMenu
            return TrellisPlayer(site: options.site, code: options.code, name: "Bench \(number)", dialogue: options.dialogue, stop: stop, asks: asks)
        case .redisPing: return RedisPlayer(set: false, connection: number)
        case .redisSet: return RedisPlayer(set: true, connection: number)
        }
    }

    private static func nanos(_ seconds: Double) -> UInt64 { UInt64(max(0, seconds) * 1e9) }

    private func waitTimeout() -> Int32 {
        guard phaseDeadline > 0 else { return 100 }
        let now = Self.now()
        guard phaseDeadline > now else { return 0 }
        return Int32(min(100, (phaseDeadline - now) / 1_000_000 + 1))
    }

    // MARK: Phases

    /// Moves on when a phase's time is up.
    private func tick(_ now: UInt64) {
        guard phaseDeadline > 0, now >= phaseDeadline else { return }
        switch phase {
        case .signingIn:
            // Whoever has not signed in by now will not count.
            for connection in connections where connection.state == .connecting || connection.state == .signingIn {
                report.timeouts += 1
                fail(connection)
            }
            startIfSettled(now)
        case .warmup: beginWindow(now)
        case .timed: stop(now)
        case .draining:
            // Turns still in flight this long after the end never came back.
            for connection in connections where connection.turnStart != 0 {
                report.timeouts += 1
                fail(connection)
            }
            end(now)
        case .holding: end(now)
        case .done: break
        }
    }

    /// Once every connection is signed in (or given up), they all start together.
    private func startIfSettled(_ now: UInt64) {
        guard phase == .signingIn, settled == connections.count else { return }
        report.signedIn = connections.filter { $0.state == .ready }.count
        if options.idle {
            phase = .holding
            phaseDeadline = now + Self.nanos(options.hold)
            if let pid = options.serverPID { report.serverRSSReadyKB = ProcessMemory.residentKB(pid) }
            let ready = Array("READY \(report.signedIn)\n".utf8)
            _ = ready.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            return
        }
        if options.warmup > 0 {
            phase = .warmup
            phaseDeadline = now + Self.nanos(options.warmup)
        } else {
            beginWindow(now)
        }
        for connection in connections where connection.state == .ready {
            connection.state = .playing
            if let line = connection.held {
                connection.held = nil
                startTurn(connection, line, now)
            }
        }
    }

    private func beginWindow(_ now: UInt64) {
        phase = .timed
        phaseDeadline = options.duration.map { now + Self.nanos($0) } ?? 0
        samples.removeAll()
        report.turns = 0
        recording = true
        windowStart = now
        serverCPUStart = options.serverPID.flatMap(ProcessCPU.microseconds)
        clientCPUStart = ProcessCPU.ownMicroseconds()
    }

    /// The turn count or the time is reached: no new turns; those in flight may finish.
    private func stop(_ now: UInt64) {
        guard phase == .timed else { return }
        phase = .draining
        phaseDeadline = now + Self.nanos(options.timeout)
        for connection in connections where connection.state == .playing && connection.turnStart == 0 {
            connection.state = .finished
        }
        if inFlight == 0 { end(now) }
    }

    private func end(_ now: UInt64) {
        if phase == .draining || phase == .timed {
            windowEnd = now
            if let pid = options.serverPID, let start = serverCPUStart, let end = ProcessCPU.microseconds(pid) {
                report.serverCPUMicros = end - start
            }
            report.clientCPUMicros = ProcessCPU.ownMicroseconds() - clientCPUStart
        }
        if phase == .holding, let pid = options.serverPID { report.serverRSSEndKB = ProcessMemory.residentKB(pid) }
        phase = .done
        phaseDeadline = 0
    }

    private func finish() -> LoadReport {
        report.seconds = windowEnd > windowStart ? Double(windowEnd - windowStart) / 1e9 : 0
        report.latency = samples.summary()
        report.signIn = signIns.summary()
        return report
    }

    // MARK: Connections

    private func connected(_ connection: LoadConnection) {
        let error = ClientSocket.pendingError(connection.fd)
        guard error == 0 else {
            report.disconnects += 1
            fail(connection)
            return
        }
        connection.state = .signingIn
        do { try epoll.modify(connection.fd, .readable) } catch {
            report.disconnects += 1
            fail(connection)
            return
        }
        _ = apply(connection.player.begin(), to: connection, at: Self.now())
    }

    private func read(_ connection: LoadConnection) {
        switch ClientSocket.read(connection.fd, into: readBuffer) {
        case .bytes(let count):
            let bytes = UnsafeRawBufferPointer(rebasing: readBuffer[0..<count])
            let now = Self.now()
            _ = connection.lines(in: bytes) { line in
                self.apply(connection.player.handle(line: line), to: connection, at: now)
            }
        case .wouldBlock: break
        case .closed:
            if connection.state != .finished { report.disconnects += 1 }
            fail(connection)
        }
    }

    /// Acts on what a line did; false when the connection is closed.
    private func apply(_ outcome: LineOutcome, to connection: LoadConnection, at now: UInt64) -> Bool {
        if outcome.accepted { report.accepted += 1 }
        if outcome.unexpected { report.unexpected += 1 }
        if outcome.refused {
            report.refused += 1
            if connection.turnStart != 0 { dropTurn(connection) }
        }
        if outcome.endsTurn && connection.turnStart != 0 { endTurn(connection, now) }
        if outcome.fatal {
            fail(connection)
            return false
        }
        if outcome.ready && connection.state == .signingIn {
            signIns.record(now - connection.started)
            connection.state = .ready
            connection.held = outcome.send
            settled += 1
            startIfSettled(now)
            return true
        }
        guard let line = outcome.send else { return true }
        switch connection.state {
        case .signingIn: write(connection, line)
        case .playing: startTurn(connection, line, now)
        default: break
        }
        return connection.isOpen
    }

    private func startTurn(_ connection: LoadConnection, _ line: [UInt8], _ now: UInt64) {
        guard phase == .warmup || phase == .timed else {
            connection.state = .finished
            return
        }
        connection.turnStart = now
        inFlight += 1
        write(connection, line)
    }

    private func endTurn(_ connection: LoadConnection, _ now: UInt64) {
        if recording {
            samples.record(now - connection.turnStart)
            report.turns += 1
        }
        dropTurn(connection)
        if phase == .timed, let limit = options.turns, report.turns >= limit { stop(now) }
    }

    /// The turn in flight is over, answered or not; the last one of a stopping run ends it.
    private func dropTurn(_ connection: LoadConnection) {
        connection.turnStart = 0
        inFlight -= 1
        if phase == .draining && inFlight == 0 { end(Self.now()) }
    }

    private func write(_ connection: LoadConnection, _ line: [UInt8]) {
        if !connection.output.isEmpty {
            connection.output += line
            return
        }
        guard let written = Socket.write(connection.fd, line[...]) else {
            report.disconnects += 1
            fail(connection)
            return
        }
        if written < line.count {
            connection.output = Array(line[written...])
            try? epoll.modify(connection.fd, [.readable, .writable])
        }
    }

    private func flush(_ connection: LoadConnection) {
        guard !connection.output.isEmpty else { return }
        guard let written = Socket.write(connection.fd, connection.output[...]) else {
            report.disconnects += 1
            fail(connection)
            return
        }
        connection.output.removeFirst(written)
        if connection.output.isEmpty { try? epoll.modify(connection.fd, .readable) }
    }

    /// Closes a connection for good; one still signing in counts as settled.
    private func fail(_ connection: LoadConnection) {
        guard connection.isOpen else { return }
        if connection.turnStart != 0 { dropTurn(connection) }
        let wasSigningIn = connection.state == .connecting || connection.state == .signingIn
        close(connection)
        connection.state = .failed
        report.failed += 1
        if wasSigningIn {
            settled += 1
            startIfSettled(Self.now())
        } else if phase == .draining && inFlight == 0 {
            end(Self.now())
        }
    }

    private func close(_ connection: LoadConnection) {
        epoll.remove(connection.fd)
        Socket.close(connection.fd)
        slots[Int(connection.fd)] = -1
    }
}
