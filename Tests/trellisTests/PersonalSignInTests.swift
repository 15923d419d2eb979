import Foundation
import Glibc
import Testing
import TrellisLanguage
import TrellisStore

/// Personal codes over TCP: the name comes from the record, staff see only the dialogues for
/// everyone and only their own sessions, and a telnet client hides the code as it is typed.
@Suite(.serialized) struct PersonalSignInTests {
    /// Signs in with a personal code; returns what the server said up to the menu.
    @discardableResult
    func signIn(_ client: TCPClient, site: String = "demo", code: String) throws -> String {
        try client.read(until: "Which site are you with?")
        client.send(site)
        try client.read(until: "access code?")
        client.send(code)
        return try client.read(until: "Which dialogue would you like to start?") + client.read(until: "(a number or the start of a name)")
    }

    @Test func staffSignInByTheirRecordAndSeeOnlyTheirOwn() throws {
        let server = try ServerProcess()
        let store = try Store(folder: server.data)
        let site = SiteID("demo")!
        let samCode = try store.addPerson(site, name: "Sam Lee", role: .staff)
        let priyaCode = try store.addPerson(site, name: "Priya Shah", role: .staff)
        let siteCode = try server.code(for: "demo")

        let sam = try TCPClient(port: server.port)
        let menu = try signIn(sam, code: samCode)
        #expect(menu.contains("Signed in as Sam Lee (staff)."))
        #expect(!menu.contains("What is your name?"), "the name is the record's, not typed")
        #expect(menu.contains("1. Partner staff induction"))
        #expect(!menu.contains("Site setup") && !menu.contains("2. "), "staff are offered only the dialogues for everyone")
        sam.send("site setup")
        let refused = try sam.read(until: "is not one of the options")
        #expect(refused.contains("'site setup'"))
        sam.send("1")
        // The record goes under the signed-in name: the name question is not asked.
        let first = try sam.read(until: "Which organisation are you with?")
        #expect(!first.contains("What name should your induction record go under?"))
        sam.send("1")
        try sam.read(until: "What is your role there?")
        sam.send("/quit")
        try sam.read(until: "Your answers are saved")

        // Another staff member is not offered Sam's unfinished induction.
        let priya = try TCPClient(port: server.port)
        let priyaMenu = try signIn(priya, code: priyaCode)
        #expect(priyaMenu.contains("Signed in as Priya Shah (staff)."))
        #expect(!priyaMenu.contains("unfinished"))
        priya.send("1")
        let priyaFirst = try priya.read(until: "?")
        #expect(!priyaFirst.contains("carry on"), "\(priyaFirst)")

        // Sam is, when he comes back.
        let again = try TCPClient(port: server.port)
        let samMenu = try signIn(again, code: samCode)
        #expect(samMenu.contains("unfinished"), "\(samMenu)")

        // A coordinator with the site's shared code is told what it is, types a name, and sees the whole menu.
        let coordinator = try TCPClient(port: server.port)
        try coordinator.read(until: "Which site are you with?")
        coordinator.send("demo")
        try coordinator.read(until: "access code?")
        coordinator.send(siteCode)
        let note = try coordinator.read(until: "What is your name?")
        #expect(note.contains("That is the site's shared code. It signs you in as a coordinator until it is retired"))
        coordinator.send("Jo")
        try coordinator.read(until: "Which dialogue would you like to start?")
        let options = try coordinator.read(until: "(a number or the start of a name)")
        #expect(options.contains("Site setup") && options.contains("Update an action"))

        let profile = try store.profile(site)
        #expect(profile.value(at: ["inductions", "sam-lee", "name"]) == .string("Sam Lee"))
        #expect(try store.history(site).filter { $0.path.hasPrefix("inductions.sam-lee") }.allSatisfy { $0.person == "Sam Lee" })
        server.signal(SIGTERM)
        let (_, log) = server.finish()
        #expect(log.contains("event=login") && log.contains("person=\"Sam Lee\"") && log.contains("role=staff"))
    }

    @Test func theProgramSeesEverySiteReadOnly() throws {
        let server = try ServerProcess(sites: ["demo", "hilltop"])
        let store = try Store(folder: server.data)
        let code = try store.addPerson(nil, name: "Dana Fox", role: .program)
        let client = try TCPClient(port: server.port)
        try client.read(until: "Which site are you with?")
        client.send("program")
        try client.read(until: "access code?")
        client.send(code)
        let overview = try client.read(until: "Send any line to see it again")
        #expect(overview.contains("Signed in as Dana Fox (program): a read-only overview of every site."))
        #expect(overview.contains("demo (demo)") && overview.contains("hilltop (hilltop)"))
        #expect(overview.contains("Across all sites:"))
        client.send("site setup")
        let again = try client.read(until: "Send any line to see it again")
        #expect(again.contains("Across all sites:") && !again.contains("Which dialogue"), "no dialogue can be started")
        client.send("/quit")
        #expect(client.closes(within: 5))

        // A program code is no code at a site, and a site's people cannot sign in as the program.
        let staffCode = try store.addPerson(SiteID("demo")!, name: "Sam", role: .staff)
        let wrong = try TCPClient(port: server.port)
        try wrong.read(until: "Which site are you with?")
        wrong.send("demo")
        try wrong.read(until: "access code?")
        wrong.send(code)
        try wrong.read(until: "That access code is not right")
        let other = try TCPClient(port: server.port)
        try other.read(until: "Which site are you with?")
        other.send("program")
        try other.read(until: "access code?")
        other.send(staffCode)
        try other.read(until: "That access code is not right")
        server.signal(SIGTERM)
        _ = server.finish()
        #expect(try Trellis.run(["site", "create", "program", "--name", "P", "--data", server.data]).status == 2)
    }

    @Test func aJSONOnlyServerSpeaksJSONFromTheFirstByte() throws {
        let server = try ServerProcess(options: ["--json-only"])
        let code = try Store(folder: server.data).addPerson(SiteID("demo")!, name: "Sam", role: .coordinator)
        let client = try RawClient(port: server.port)
        let greeting = try client.read(until: Array("\"id\":\"site\"".utf8))
        let text = String(decoding: greeting, as: UTF8.self)
        #expect(text.hasPrefix(#"{"type":"say","text":"Welcome to Trellis. JSON lines"#), "\(text)")
        client.send(Array("{\"answer\": \"demo\", \"id\": \"site\"}\n".utf8))
        let prompt = try client.read(until: Array("\"id\":\"code\"".utf8))
        #expect(!prompt.contains(0xFF), "no telnet negotiation for a JSON client")
        client.send(Array("{\"answer\": \"\(code)\", \"id\": \"code\"}\n".utf8))
        let menu = try client.read(until: Array("\"id\":\"dialogue\"".utf8))
        server.signal(SIGTERM)
        let closing = try client.read(until: Array("\"reason\":\"shutdown\"".utf8))
        #expect(String(decoding: closing, as: UTF8.self).contains(#"{"type":"closing","reason":"shutdown""#))
        // Every whole line the connection received is one JSON object.
        let all = String(decoding: greeting + prompt + menu + closing, as: UTF8.self)
        let lines = all.split(separator: "\n").dropLast()
        #expect(!lines.isEmpty && lines.allSatisfy { (try? JSON.decode(String($0)))?["type"] != nil }, "\(lines)")
        _ = server.finish()
    }

    @Test func aTelnetClientIsAskedNotToEchoTheCodeAndARawOneCarriesOn() throws {
        let server = try ServerProcess()
        let code = try Store(folder: server.data).addPerson(SiteID("demo")!, name: "Sam", role: .coordinator)

        // A telnet client answers the offer (IAC DO ECHO) and is told when echo is back.
        let telnet = try RawClient(port: server.port)
        try telnet.read(until: Array("Which site are you with?".utf8))
        telnet.send(Array("demo\r\n".utf8))
        let prompt = try telnet.read(until: Array("access code?".utf8))
        #expect(prompt.contains(sequence: [0xFF, 0xFB, 0x01]), "IAC WILL ECHO before the code")
        telnet.send([0xFF, 0xFD, 0x01] + Array((code + "\r\n").utf8))
        let after = try telnet.read(until: Array("Which dialogue".utf8))
        #expect(after.contains(sequence: [0xFF, 0xFC, 0x01]), "IAC WONT ECHO once the code is in")

        // A raw client never answers: it sees the offer once and nothing else of telnet.
        let raw = try RawClient(port: server.port)
        try raw.read(until: Array("Which site are you with?".utf8))
        raw.send(Array("demo\n".utf8))
        let rawPrompt = try raw.read(until: Array("access code?".utf8))
        #expect(rawPrompt.contains(sequence: [0xFF, 0xFB, 0x01]))
        raw.send(Array((code + "\n").utf8))
        let rawAfter = try raw.read(until: Array("Which dialogue".utf8))
        #expect(!rawAfter.contains(0xFF), "no IAC WONT ECHO for a client that never spoke telnet")

        // JSON clients are scripts: no negotiation at all.
        let json = try RawClient(port: server.port)
        json.send(Array("/json\n".utf8))
        try json.read(until: Array("JSON mode on".utf8))
        json.send(Array("{\"answer\": \"demo\"}\n".utf8))
        let jsonPrompt = try json.read(until: Array("access code".utf8))
        #expect(!jsonPrompt.contains(0xFF))
        server.signal(SIGTERM)
        _ = server.finish()
    }
}

/// A client that reads bytes, not text, to see telnet commands as they are sent.
final class RawClient {
    let client: TCPClient
    var received: [UInt8] = []

    init(port: UInt16) throws { client = try TCPClient(port: port) }

    func send(_ bytes: [UInt8]) { client.sendBytes(bytes) }

    /// Reads until `marker` has arrived; returns everything up to and including it.
    @discardableResult
    func read(until marker: [UInt8], timeout: Double = 10) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let end = received.firstRange(of: marker)?.upperBound {
                let upTo = Array(received[..<end])
                received.removeFirst(end)
                return upTo
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { throw TCPClient.Failure("timed out waiting for \(String(decoding: marker, as: UTF8.self))") }
            var poller = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { throw TCPClient.Failure("connection closed") }
            received += buffer[0..<n]
        }
    }
}

extension Array where Element == UInt8 {
    func contains(sequence: [UInt8]) -> Bool { firstRange(of: sequence) != nil }
}
