import Foundation
import Glibc
import Testing
import TrellisLanguage
import TrellisStore

/// A real `trellis serve` on an ephemeral loopback port, started as a child process.
final class ServerProcess {
    let process = Process()
    let data: String
    var port: UInt16 = 0
    private let errPipe = Pipe()
    private let outPipe = Pipe()

    /// Creates the sites (id → code) and starts the server with `options`.
    init(sites: [String] = ["demo"], data: String? = nil, options: [String] = []) throws {
        self.data = try data ?? Trellis.temporaryFolder().path
        let store = try Store(folder: self.data)
        for site in sites where try store.site(SiteID(site)!) == nil { _ = try store.createSite(SiteID(site)!, name: site) }
        process.executableURL = Trellis.binary
        process.arguments = ["serve", "--port", "0", "--data", self.data, "--dialogues", Trellis.root.appendingPathComponent("dialogues").path]
            // Unwrapped unless a test asks, so what a test looks for is never split across lines.
            + (options.contains("--width") ? [] : ["--width", "0"]) + options
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        let line = String(decoding: outPipe.fileHandleForReading.availableData, as: UTF8.self)
        guard let portText = line.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines), let port = UInt16(portText) else {
            throw TCPClient.Failure("the server did not say where it listens: \(line)")
        }
        self.port = port
    }

    /// Replaces a site's code with a known one, straight in the store (the server reads it per login).
    func code(for site: String) throws -> String {
        try Store(folder: data).replaceCode(SiteID(site)!)
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the server to exit and returns its status and log.
    func finish(timeout: Double = 10) -> (status: Int32?, log: String) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return (nil, log)
        }
        return (process.terminationStatus, log)
    }

    private var logBytes: [UInt8] = []

    /// Everything the server has logged so far (read without blocking).
    var log: String {
        let fd = errPipe.fileHandleForReading.fileDescriptor
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            logBytes += buffer[0..<n]
        }
        return String(decoding: logBytes, as: UTF8.self)
    }

    /// Waits up to `timeout` seconds for the log to contain `text`.
    func waitForLog(_ text: String, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(text) { return true }
            usleep(50_000)
        }
        return log.contains(text)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }
}

/// A blocking test client with timeouts: send lines, read until a text appears.
final class TCPClient: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    let fd: Int32
    private(set) var received = ""
    private var pending: [UInt8] = []

    /// Connects to the server on 127.0.0.1, from `source` (another loopback address, so a test
    /// can stand for a second client machine).
    init(port: UInt16, from source: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard bound == 0 else { close(fd); throw Failure("bind to \(source) failed: errno \(errno)") }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard result == 0 else { close(fd); throw Failure("connect failed: errno \(errno)") }
    }

    deinit { close(fd) }

    func send(_ text: String) { sendBytes(Array((text + "\n").utf8)) }

    func sendBytes(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Reads until `text` has arrived (since the last call that found something), or the
    /// connection closes, or `timeout` seconds pass. Returns what arrived.
    @discardableResult
    func read(until text: String, timeout: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = received.range(of: text) {
                // Take the rest of the line too, so the next read starts on a fresh line.
                let end = received[range.upperBound...].firstIndex(where: { $0 == "\n" || $0 == "\r\n" }).map { received.index(after: $0) } ?? range.upperBound
                let upTo = String(received[..<end])
                received = String(received[end...])
                return upTo
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { throw Failure("timed out waiting for \(text.debugDescription); got \(received.suffix(400).debugDescription)") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { throw Failure("connection closed waiting for \(text.debugDescription); got \(received.suffix(400).debugDescription)") }
            pending += buffer[0..<n]
            // Decode whole UTF-8 sequences only.
            var cut = pending.count
            while cut > 0 && pending.count - cut < 4 && (pending[cut - 1] & 0xC0) == 0x80 { cut -= 1 }
            if cut > 0 && pending[cut - 1] >= 0xC0 { cut -= 1 } else { cut = pending.count }
            received += String(decoding: pending[0..<cut], as: UTF8.self)
            pending.removeFirst(cut)
        }
    }

    /// True when the server closes the connection within `timeout` seconds.
    func closes(within timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return true }
            received += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return false
    }

    /// Signs in: site, code, name; returns once the menu is shown.
    func signIn(site: String, code: String, name: String) throws {
        try read(until: "Which site are you with?")
        send(site)
        try read(until: "access code?")
        send(code)
        try read(until: "What is your name?")
        send(name)
        try read(until: "Which dialogue would you like to start?")
    }
}

/// Site setup's answers, typed one by one after choosing it from the menu.
let siteSetupLines = siteSetupAnswers.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)

@Suite(.serialized) struct ServeCommandTests {
    @Test func aWholeDialogueOverTCPIsStored() throws {
        let server = try ServerProcess()
        let code = try server.code(for: "demo")
        let client = try TCPClient(port: server.port)
        try client.signIn(site: "demo", code: code, name: "Sam")
        client.send("site setup")
        for line in siteSetupLines { client.send(line) }
        let transcript = try client.read(until: "Done. Thank you!")
        #expect(transcript.contains("----- Site profile: Riverbend Primary -----"))
        try client.read(until: "Which dialogue would you like to start?")
        let profile = try Store(folder: server.data).profile(SiteID("demo")!)
        // The code was replaced by this process while the server ran; its commits must still land
        // (a stray file descriptor on the database once made them vanish).
        #expect(profile.value(at: ["backbone", "host"]) == .string("Riverbend Health"), "\(JSON.encode(profile))")
        #expect(try Store(folder: server.data).history(SiteID("demo")!).allSatisfy { $0.person == "Sam" })
        server.signal(SIGTERM)
        let (status, log) = server.finish()
        #expect(status == 0)
        #expect(log.contains("event=session_start conn=1 person=Sam site=demo"))
    }

    @Test func jsonAfterTheGreetingStartsOnALineOfItsOwn() throws {
        let server = try ServerProcess()
        let client = try TCPClient(port: server.port)
        let greeting = try client.read(until: "characters)\n")
        #expect(greeting.hasPrefix("Welcome to Trellis."))
        try client.read(until: "> ")
        client.send("/json")
        let switched = try client.read(until: "\"id\":\"site\"")
        let objects = switched.split(separator: "\n").filter { $0.contains("{") }
        #expect(objects.count == 2 && objects.allSatisfy { $0.hasPrefix("{\"type\":") }, "\(switched.debugDescription)")
    }

    @Test func jsonModeOverTCP() throws {
        let server = try ServerProcess()
        let code = try server.code(for: "demo")
        let client = try TCPClient(port: server.port)
        client.send("/json")
        try client.read(until: "\"id\":\"site\"")
        client.send("{\"answer\": \"demo\", \"id\": \"site\"}")
        try client.read(until: "\"id\":\"code\"")
        client.send("{\"answer\": \"\(code)\"}")
        try client.read(until: "\"id\":\"name\"")
        client.send("Sam")
        try client.read(until: "\"id\":\"dialogue\"")
        client.send("{\"answer\": \"site-setup\", \"id\": \"dialogue\"}")
        let asked = try client.read(until: "\"id\":\"site_name\"")
        for line in asked.split(separator: "\n") where !line.isEmpty {
            #expect((try? JSON.decode(String(line)))?["type"] != nil, "\(line)")
        }
        client.send("{\"answer\": \"x\", \"id\": \"model\"}")
        try client.read(until: "\"code\":\"wrong_question\"")
    }

    @Test func sitesAreIsolated() throws {
        let server = try ServerProcess(sites: ["north", "south"])
        let north = try server.code(for: "north")
        let south = try server.code(for: "south")
        let a = try TCPClient(port: server.port)
        try a.signIn(site: "north", code: north, name: "Ana")
        a.send("site")
        for line in siteSetupLines { a.send(line) }
        try a.read(until: "Done. Thank you!")
        // North's code does not open south.
        let b = try TCPClient(port: server.port)
        try b.read(until: "Which site")
        b.send("south")
        try b.read(until: "access code?")
        b.send(north)
        try b.read(until: "That access code is not right.", timeout: 5)
        b.send(south)
        try b.read(until: "What is your name?")
        b.send("Ben")
        try b.read(until: "Which dialogue")
        b.send("site")
        let first = try b.read(until: "What is the site called?")
        #expect(!first.contains("unfinished"))
        let store = try Store(folder: server.data)
        #expect(try store.profile(SiteID("south")!) == .object([]))
        #expect(try store.profile(SiteID("north")!).value(at: ["site", "name"]) == .string("Riverbend Primary"))
    }

    @Test func wrongCodesAreDelayedThenDisconnected() throws {
        let server = try ServerProcess()
        let client = try TCPClient(port: server.port)
        try client.read(until: "Which site")
        client.send("demo")
        for attempt in 1...2 {
            try client.read(until: "access code?")
            client.send("guess-\(attempt)")
            try client.read(until: "That access code is not right.", timeout: 5)
        }
        try client.read(until: "access code?")
        client.send("guess-3")
        try client.read(until: "that was the last try", timeout: 5)
        #expect(client.closes(within: 5))
        let unknown = try TCPClient(port: server.port)
        try unknown.read(until: "Which site")
        unknown.send("../etc")
        try unknown.read(until: "is not a site id")
    }

    @Test func badInputIsRefusedAndOthersAreStillServed() throws {
        let server = try ServerProcess(options: ["--max-line", "100"])
        let code = try server.code(for: "demo")
        let bad = try TCPClient(port: server.port)
        let good = try TCPClient(port: server.port)
        try good.signIn(site: "demo", code: code, name: "Good")
        try bad.signIn(site: "demo", code: code, name: "Bad")
        bad.send("site")
        try bad.read(until: "What is the site called?")

        bad.send(String(repeating: "x", count: 5000))
        try bad.read(until: "longer than 100 bytes")
        bad.sendBytes([0x66, 0xC3, 0x28, 0x0A])                  // invalid UTF-8
        try bad.read(until: "not valid UTF-8")
        bad.sendBytes(Array("ab\u{0}cd\n".utf8))                   // NUL
        try bad.read(until: "NUL byte")
        bad.sendBytes(Array("ab\u{1B}[2Jcd\n".utf8))                // escape sequence
        try bad.read(until: "control character")
        bad.sendBytes([0xFF, 0xFB, 0x01, 0xFF, 0xFD, 0x03] + Array("Telnet Primary\r\n".utf8))  // IAC WILL ECHO, IAC DO SGA
        try bad.read(until: "Which community does Telnet Primary serve?")

        // The well-behaved client is answered throughout.
        good.send("site")
        try good.read(until: "What is the site called?")
        good.send("/status")
        try good.read(until: "question 1 of about")
        let store = try Store(folder: server.data)
        let names = try store.history(SiteID("demo")!, path: "site.name").map(\.value)
        #expect(names == [.string("Telnet Primary")], "nothing invalid was stored")
    }

    @Test func idleClientsAreToldAndDisconnectedAndTheirSessionKept() throws {
        let server = try ServerProcess(options: ["--idle-timeout", "1"])
        let code = try server.code(for: "demo")
        let client = try TCPClient(port: server.port)
        try client.signIn(site: "demo", code: code, name: "Idle")
        client.send("site")
        client.send("Idle Primary")
        try client.read(until: "Which community")
        try client.read(until: "connection is closing", timeout: 5)
        #expect(client.closes(within: 3))
        let again = try TCPClient(port: server.port)
        try again.signIn(site: "demo", code: code, name: "Idle")
        again.send("site")
        try again.read(until: "You have an unfinished Site setup with 1 answer given")
    }

    @Test func aClientThatDoesNotReadIsDisconnected() throws {
        let server = try ServerProcess(options: ["--max-output", "65536"])
        let code = try server.code(for: "demo")
        let slow = try TCPClient(port: server.port)
        var size = Int32(4096)
        setsockopt(slow.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        try slow.signIn(site: "demo", code: code, name: "Slow")
        let good = try TCPClient(port: server.port)
        try good.signIn(site: "demo", code: code, name: "Good")
        // Ask for a lot of output and never read it; the sender runs on its own thread
        // because the server stops reading once it drops the client.
        let sender = Thread { for _ in 0..<20000 { slow.send("/help") } }
        sender.start()
        good.send("site")
        try good.read(until: "What is the site called?")
        #expect(server.waitForLog("event=slow_reader", timeout: 20))
        good.send("/status")
        try good.read(until: "question 1 of about")
    }

    @Test func pastMaxClientsANewConnectionIsToldTheServerIsFull() throws {
        let server = try ServerProcess(options: ["--max-clients", "2"])
        let first = try TCPClient(port: server.port)
        let second = try TCPClient(port: server.port)
        try first.read(until: "Which site")
        try second.read(until: "Which site")
        let third = try TCPClient(port: server.port)
        try third.read(until: "Trellis is full right now")
        #expect(third.closes(within: 3))
        first.send("demo")
        try first.read(until: "access code?")
    }

    @Test func aHundredClientsFinishAtOnce() throws {
        let server = try ServerProcess()
        let code = try server.code(for: "demo")
        let clients = try (0..<100).map { _ in try TCPClient(port: server.port) }
        // Each step goes to every client before the next, so they are all mid-dialogue together.
        for client in clients { try client.read(until: "Which site") ; client.send("demo") }
        for client in clients { try client.read(until: "access code?"); client.send(code) }
        for (n, client) in clients.enumerated() { try client.read(until: "your name?"); client.send("Person \(n)") }
        for client in clients { try client.read(until: "Which dialogue"); client.send("site") }
        for (n, line) in siteSetupLines.enumerated() {
            for (i, client) in clients.enumerated() {
                client.send(n == 0 ? "School \(i)" : line)
            }
        }
        for client in clients { try client.read(until: "Done. Thank you!", timeout: 60) }
        let store = try Store(folder: server.data)
        let history = try store.history(SiteID("demo")!)
        for i in 0..<100 {
            #expect(history.contains { $0.person == "Person \(i)" && $0.path == "site.name" && $0.value == .string("School \(i)") })
            #expect(history.contains { $0.person == "Person \(i)" && $0.path == "backbone.host" })
        }
        server.signal(SIGTERM)
        let (status, log) = server.finish()
        #expect(status == 0)
        let stopped = try #require(log.split(separator: "\n").last { $0.contains("event=stopped") })
        #expect(stopped.contains("commits="))
    }

    @Test func sigtermTellsClientsAndExitsCleanly() throws {
        let server = try ServerProcess()
        let code = try server.code(for: "demo")
        let clients = try (0..<5).map { _ in try TCPClient(port: server.port) }
        for (n, client) in clients.enumerated() {
            try client.signIn(site: "demo", code: code, name: "Person \(n)")
            client.send("site")
            client.send("Shutdown Primary")
        }
        for client in clients { try client.read(until: "Which community") }
        server.signal(SIGTERM)
        for client in clients {
            try client.read(until: "Trellis is shutting down now", timeout: 5)
            #expect(client.closes(within: 5))
        }
        let (status, log) = server.finish(timeout: 6)
        #expect(status == 0)
        #expect(log.contains("event=shutdown signal=SIGTERM"))
        #expect(try Store(folder: server.data).integrityCheck() == "ok")
    }

    @Test func sighupReloadsOrKeepsTheOldDialogues() throws {
        let dialogues = try Trellis.temporaryFolder()
        try FileManager.default.copyItem(at: Trellis.root.appendingPathComponent("dialogues/site-setup.dialogue"),
                                         to: dialogues.appendingPathComponent("site-setup.dialogue"))
        let server = try ServerProcess(options: ["--dialogues", dialogues.path])
        try Data("dialogue broken\ntitle: B\npurpose: P\nsection s\n  go to nowhere\n".utf8).write(to: dialogues.appendingPathComponent("broken.dialogue"))
        server.signal(SIGHUP)
        #expect(server.waitForLog("event=reload_refused"))
        #expect(server.log.contains("broken.dialogue:5:3"))
        try FileManager.default.removeItem(at: dialogues.appendingPathComponent("broken.dialogue"))
        server.signal(SIGHUP)
        #expect(server.waitForLog("event=reloaded dialogues=1"))
    }

    /// Regression: a SIGHUP reload that met a deeply nested file overflowed the stack and
    /// killed the server with every connection.
    @Test func aReloadThatMeetsAHostileFileKeepsServing() throws {
        let dialogues = try Trellis.temporaryFolder()
        try FileManager.default.copyItem(at: Trellis.root.appendingPathComponent("dialogues/site-setup.dialogue"),
                                         to: dialogues.appendingPathComponent("site-setup.dialogue"))
        let server = try ServerProcess(options: ["--dialogues", dialogues.path])
        let code = try server.code(for: "demo")
        let client = try TCPClient(port: server.port)
        try client.signIn(site: "demo", code: code, name: "Sam")
        let condition = String(repeating: "(", count: 14_000) + "x" + String(repeating: ")", count: 14_000)
        try Data("dialogue deep\ntitle: D\npurpose: P\nsection s\n  if \(condition)\n    say: hi\n".utf8)
            .write(to: dialogues.appendingPathComponent("deep.dialogue"))
        server.signal(SIGHUP)
        #expect(server.waitForLog("event=reload_refused"))
        #expect(server.log.contains("deep.dialogue:5:"))
        client.send("site setup")
        try client.read(until: "What is the site called?")
        server.signal(SIGTERM)
        #expect(server.finish().status == 0)
    }

    @Test func aRestartedServerResumesTheSession() throws {
        let data = try Trellis.temporaryFolder().path
        var server: ServerProcess? = try ServerProcess(data: data)
        let code = try server!.code(for: "demo")
        let client = try TCPClient(port: server!.port)
        try client.signIn(site: "demo", code: code, name: "Rae")
        client.send("site")
        for line in siteSetupLines.prefix(4) { client.send(line) }
        try client.read(until: "What is the partner organisation's name?")
        server!.signal(SIGKILL)
        _ = server!.finish()
        server = nil
        let restarted = try ServerProcess(data: data)
        let again = try TCPClient(port: restarted.port)
        try again.signIn(site: "demo", code: code, name: "Rae")
        again.send("site")
        try again.read(until: "with 4 answers given")
        again.send("yes")
        let resumed = try again.read(until: "What is the partner organisation's name?")
        #expect(resumed.contains("Resuming Site setup where you left off"))
    }
}
