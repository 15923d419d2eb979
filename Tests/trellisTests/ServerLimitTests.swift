import Foundation
import Glibc
import Testing
import TrellisLanguage
import TrellisStore

/// The server's bounds on what one client can make it hold.
@Suite(.serialized) struct ServerLimitTests {
    /// A dialogue folder with one long-text question.
    func notesDialogue() throws -> String {
        let folder = try Trellis.temporaryFolder()
        try """
            dialogue notes
            title: Notes
            purpose: One long answer.
            section s
              ask notes: long text
                prompt: Your notes?
                save: notes.text

            """.write(to: folder.appendingPathComponent("notes.dialogue"), atomically: true, encoding: .utf8)
        return folder.path
    }

    /// Regression: each line was under --max-line, but a long text of thousands of lines was
    /// taken whole, and the reading client was then dropped because one reply was over
    /// --max-output.
    @Test func aLongAnswerIsBoundedAndALongReplyDoesNotDropAReadingClient() throws {
        let server = try ServerProcess(options: ["--dialogues", try notesDialogue(), "--max-answer", "8000", "--max-output", "4096"])
        let code = try server.code(for: "demo")
        let client = try TCPClient(port: server.port)
        try client.signIn(site: "demo", code: code, name: "Sam")
        client.send("/json")
        try client.read(until: "\"id\":\"dialogue\"")
        client.send("notes")
        try client.read(until: "\"id\":\"notes\"")
        let line = String(repeating: "n", count: 999)
        for _ in 0..<20 { client.send(line) }
        let refused = try client.read(until: "answer_too_long", timeout: 10)
        #expect(refused.contains("longer than 8000 bytes"), "\(refused)")
        // The answer is echoed twice in `accepted` (value and display): one reply of about
        // 16 KB, four times --max-output, to a client that reads it.
        client.send(".")
        let reply: String
        do { reply = try client.read(until: "\"id\":\"dialogue\"", timeout: 10) } catch {
            server.signal(SIGTERM)
            Issue.record("\(error)\n\(server.finish().log)")
            return
        }
        #expect(reply.utf8.count > 4096 * 3)
        let stored = try Store(folder: server.data).profile(SiteID("demo")!).value(at: ["notes", "text"])?.stringValue
        #expect((stored?.utf8.count ?? 0) <= 8000 && (stored?.utf8.count ?? 0) >= 7000, "\(stored?.utf8.count ?? 0) bytes kept")
        client.send("{\"command\": \"help\"}")
        try client.read(until: "\"topic\":\"help\"")
        server.signal(SIGTERM)
        #expect(!server.finish().log.contains("slow_reader"))
    }
}
