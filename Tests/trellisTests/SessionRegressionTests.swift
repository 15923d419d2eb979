import Foundation
import Glibc
import Testing
import TrellisChat
import TrellisEngine
import TrellisLanguage
import TrellisSession
import TrellisStore

/// The data bugs of the layers that used to keep a session's state in two or three places,
/// each tried end to end against a real server or the real store.
@Suite(.serialized) struct SessionRegressionTests {
    static let demo = SiteID("demo")!

    /// Finishing one dialogue over TCP used to forget that another was unfinished: choosing it
    /// started it fresh and wrote an empty session over the stored answers.
    @Test func finishingOneDialogueKeepsAnotherResumable() throws {
        let server = try ServerProcess()
        let code = try server.code(for: "demo")
        let client = try TCPClient(port: server.port)
        try client.signIn(site: "demo", code: code, name: "Sam")
        client.send("partner staff")
        try client.read(until: "[1/")
        client.send("Sam Lee")
        try client.read(until: "[2/")
        client.send("/quit")
        #expect(client.closes(within: 5))

        let again = try TCPClient(port: server.port)
        try again.signIn(site: "demo", code: code, name: "Sam")
        again.send("site setup")
        for line in siteSetupLines { again.send(line) }
        try again.read(until: "Done. Thank you!")
        let menu = try again.read(until: "(a number or the start of a name)")
        #expect(menu.contains("Partner staff induction (unfinished)"), "\(menu)")
        again.send("partner staff")
        try again.read(until: "Resume where you left off?")
        again.send("yes")
        try again.read(until: "with your 1 earlier answer kept")
        server.signal(SIGTERM)
        _ = server.finish()
    }

    /// One person on two connections: the second takes the dialogue over, the first is told
    /// and goes back to its menu; their answers never interleave.
    @Test func aSecondConnectionTakesTheDialogueOver() throws {
        let server = try ServerProcess()
        let code = try server.code(for: "demo")
        let first = try TCPClient(port: server.port)
        try first.signIn(site: "demo", code: code, name: "Sam")
        first.send("site setup")
        try first.read(until: "What is the site called?")
        first.send("Riverbend Primary")
        try first.read(until: "Which community")

        let second = try TCPClient(port: server.port)
        try second.signIn(site: "demo", code: code, name: "Sam")
        second.send("site setup")
        try first.read(until: "You opened Site setup on another connection")
        try first.read(until: "Which dialogue would you like to start?")
        try second.read(until: "with 1 answer given")
        second.send("yes")
        try second.read(until: "Which community")
        second.send("Riverbend")
        try second.read(until: "Which model")
        let sessions = try Store(folder: server.data).allSessions(site: Self.demo)
        #expect(sessions.count == 1, "one session, two writers in turn: \(sessions.map(\.id))")
        #expect(sessions.first.map { ResumePoint($0).log.map(\.question) } == ["site_name", "community"])
        server.signal(SIGTERM)
        #expect(server.finish().log.contains("event=taken_over"))
    }

    /// Finishing a dialogue and choosing it again used to replace the finished session's log
    /// with `[]`: answers kept only there (questions without `save:`) were lost.
    @Test func finishingAndChoosingAgainKeepsTheFirstSessionInHistory() throws {
        let data = try Trellis.temporaryFolder().path
        for _ in 0..<2 {
            let run = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--as", "Sam", "--data", data], input: siteSetupAnswers)
            #expect(run.status == 0, "\(run.err)")
        }
        let history = try Trellis.run(["history", "demo", "--json", "--data", data])
        let steps = try history.out.split(separator: "\n").map { try JSON.decode(String($0)) }.filter { ["answer", "skip"].contains($0["kind"]?.stringValue ?? "") }
        let sessions = Set(steps.compactMap { $0["session"] })
        #expect(sessions.count == 2, "two sessions, each with all its answers")
        let perSession = Dictionary(grouping: steps) { $0["session"]! }.mapValues(\.count)
        #expect(Set(perSession.values).count == 1 && perSession.values.first == siteSetupLines.count, "\(perSession)")
        #expect(steps.contains { $0["question"] == .string("brings") }, "answers without save: are kept too")
        #expect(steps.contains { $0["question"] == .string("partners") && $0["value"] == .bool(true) }, "so are the repeated group's gates")
        let stored = try Store(folder: data).allSessions(site: Self.demo)
        #expect(stored.map(\.status) == [.finished, .finished])
    }

    /// A store written by the released version (schema 2, `Tests/fixtures/store-v2.sqlite`)
    /// opens, migrates and resumes its sessions where they stood.
    @Test func aStoreFromTheReleasedVersionResumesItsSessions() throws {
        let data = try Trellis.temporaryFolder()
        try FileManager.default.copyItem(at: Trellis.root.appendingPathComponent("Tests/fixtures/store-v2.sqlite"),
                                         to: data.appendingPathComponent("trellis.sqlite"))
        let sam = try Trellis.run(["chat", "pre-establishment", "--create", "--site", "fixture", "--as", "Sam", "--resume", "--json",
                                   "--data", data.path], input: "/status\n")
        #expect(sam.out.contains("with your 1 earlier answer kept"), "\(sam.out)")
        #expect(sam.out.contains("\"type\":\"ask\",\"id\":\"who_drives_next\""))
        let alex = try Trellis.run(["chat", "site-setup", "--create", "--site", "fixture", "--as", "Alex", "--resume", "--width", "0", "--data", data.path],
                                   input: "hybrid\n/quit\n")
        #expect(alex.out.contains("with your 2 earlier answers kept"), "\(alex.out)")
        let history = try Trellis.run(["history", "fixture", "--json", "--data", data.path])
        let answers = history.out.split(separator: "\n").compactMap { try? JSON.decode(String($0)) }.filter { $0["kind"] == .string("answer") }
        #expect(answers.filter { $0["person"] == .string("Alex") }.compactMap { $0["question"]?.stringValue } == ["site_name", "community", "model"],
                "Alex's migrated answers, then the new one, in one session")
    }

    /// Random walks through every dialogue with `/back`, `/skip` and `/restart` at random,
    /// against the real store: after every input the profile rebuilt from the history (and the
    /// profile view) equals the engine's, and every accepted answer is a step in the history.
    @Test(arguments: 1...3)
    func randomWalksKeepTheStoreAndTheEngineEqual(seed: UInt64) throws {
        let catalog = DialogueCatalog.load(paths: [Trellis.root.appendingPathComponent("dialogues").path])
        var random = Seeded(state: seed)
        for dialogue in catalog.dialogues {
            let store = try Store(folder: try Trellis.temporaryFolder().path)
            _ = try store.createSite(Self.demo, name: "Demo")
            let configuration = SessionState.Configuration(transport: .standardInput, catalog: catalog, site: Self.demo, person: "Walker",
                                                           dialogue: dialogue.id, strict: false)
            var runner = InlineRunner(SessionState(configuration, mode: .json), store: store)
            var (output, end) = runner.feed(.start)
            var accepted: [String] = []
            for _ in 0..<300 where end == nil {
                guard let prompt = runner.state.currentPrompt else { break }
                let roll = Int.random(in: 0..<100, using: &random)
                let line = roll < 8 ? "/back" : roll < 12 ? "/skip" : roll < 13 ? "/restart"
                    : roll < 17 ? "/edit \(Int.random(in: 1...max(1, prompt.step), using: &random))" : roll < 20 ? "" : Self.answer(prompt, &random)
                (output, end) = runner.feed(.line(line))
                for text in output.split(separator: "\n") {
                    let event = try JSON.decode(String(text))
                    if event["type"] == .string("accepted"), let id = event["id"]?.stringValue { accepted.append(id) }
                }
                let engine = try #require(runner.state.conversation?.profile)
                let view = try store.profile(Self.demo)
                let replayed = try store.replayedProfile(Self.demo)
                #expect(ProfileDiff.same(view, engine), "\(dialogue.id) after \(line): view \(JSON.encode(view)) engine \(JSON.encode(engine))")
                #expect(ProfileDiff.same(replayed, engine), "\(dialogue.id) after \(line): replayed differs from the engine")
                // The answers that count, folded from the stored steps, are the engine's (so `/edit`,
                // stored as `back` steps and answers, resumes to the same place).
                if let conversation = runner.state.conversation, conversation.stage == .dialogue,
                   let open = try store.openSessions(site: Self.demo, person: "Walker").first(where: { $0.dialogue == dialogue.id }) {
                    #expect(ResumePoint(open).log.map(\.given) == conversation.state.history.map(\.given), "\(dialogue.id) after \(line)")
                }
            }
            let answered = try store.steps(Self.demo).filter { $0.step.kind == .answer }.map(\.step.question)
            #expect(answered == accepted, "\(dialogue.id): every accepted answer is a step, in order")
        }
    }

    /// A valid answer most of the time, a wrong one sometimes.
    static func answer(_ prompt: Prompt, _ random: inout Seeded) -> String {
        if Int.random(in: 0..<10, using: &random) == 0 { return "%%%" }
        switch prompt.kind {
        case .text: return "Answer \(Int.random(in: 10...99, using: &random))"
        case .longText: return "A line of text"
        case .choice, .multipleChoice: return String(Int.random(in: 1...max(1, prompt.options.count), using: &random))
        case .yesNo: return Bool.random(using: &random) ? "yes" : "no"
        case .number, .scale:
            let range = prompt.range ?? 1...5
            return Value.format(Double(Int.random(in: Int(range.lowerBound)...Int(range.upperBound), using: &random)))
        case .date: return "2026-0\(Int.random(in: 1...9, using: &random))-15"
        }
    }

    /// SplitMix64, so a failing walk can be replayed from its seed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
