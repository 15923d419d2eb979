import Foundation
import Glibc
import Testing
import TrellisLanguage
import TrellisStore

/// Text for people at a terminal over TCP: wrapped to the window (80 columns, or what a telnet
/// client reports with NAWS), and a prompt marker where they type next.
@Suite(.serialized) struct TerminalTextTests {
    /// The lines shown, without telnet commands (IAC and the two bytes after it) or CRs.
    static func lines(_ bytes: [UInt8]) -> [String] {
        var text: [UInt8] = []
        var skip = 0
        for byte in bytes {
            if skip > 0 { skip -= 1; continue }
            if byte == 0xFF { skip = 2; continue }
            if byte != 0x0D { text.append(byte) }
        }
        return String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func aTelnetClientsWindowWidthWrapsTheText() throws {
        let server = try ServerProcess(options: ["--width", "80"])
        let code = try Store(folder: server.data).addPerson(SiteID("demo")!, name: "Sam", role: .coordinator)

        let telnet = try RawClient(port: server.port)
        let greeting = try telnet.read(until: Array("Which site are you with?".utf8))
        #expect(Self.lines(greeting).allSatisfy { $0.count <= 80 }, "80 columns until the client says otherwise")
        #expect(Self.lines(greeting).count > 2, "the greeting is longer than one line of 80")
        #expect(!greeting.contains(sequence: [0xFF, 0xFD, 31]), "no NAWS request before the client has spoken telnet")
        telnet.send(Array("demo\r\n".utf8))
        try telnet.read(until: Array("access code?".utf8))
        telnet.send([0xFF, 0xFD, 0x01] + Array((code + "\r\n").utf8))
        try telnet.read(until: [0xFF, 0xFD, 31])
        // IAC WILL NAWS, then SB NAWS 0 40 0 24 IAC SE: 40 columns.
        telnet.send([0xFF, 0xFB, 31, 0xFF, 0xFA, 31, 0, 40, 0, 24, 0xFF, 0xF0])
        try telnet.read(until: Array("(a number or the start of a name)".utf8))
        try telnet.read(until: Array("> ".utf8))
        telnet.send(Array("/help\r\n".utf8))
        let help = try telnet.read(until: Array("/quit".utf8))
        let rest = try telnet.read(until: Array("> ".utf8))
        let shown = Self.lines(help + rest)
        #expect(shown.count > 10 && shown.allSatisfy { $0.count <= 40 }, "\(shown)")
        #expect((help + rest).suffix(2) == Array("> ".utf8), "the prompt marker ends what is shown")
        server.signal(SIGTERM)
        _ = server.finish()
    }

    @Test func aRawClientGetsEightyColumnsAndNoNegotiation() throws {
        let server = try ServerProcess(options: ["--width", "80"])
        let raw = try RawClient(port: server.port)
        raw.send(Array("demo\n".utf8))
        let shown = try raw.read(until: Array("access code?".utf8))
        let after = try raw.read(until: Array("> ".utf8))
        #expect(!(shown + after).contains(sequence: [0xFF, 0xFD, 31]))
        #expect(Self.lines(shown).allSatisfy { $0.count <= 80 })
        server.signal(SIGTERM)
        _ = server.finish()
    }
}
