import Testing
@testable import TrellisServer
import TrellisChat
import TrellisLanguage
import TrellisStore

/// The TCP conversation without sockets: lines in, actions out.
@Suite struct ClientSessionTests {
    static let catalog: DialogueCatalog = {
        let text = """
            dialogue mini
            title: Mini
            purpose: A two-question test.
            section s
              ask colour: text
                prompt: Favourite colour?
                save: prefs.colour
              ask size: number
                prompt: Size?
                range: 1..10

            """
        let (dialogue, _) = Linter.check(text, file: "mini.dialogue")
        return DialogueCatalog(dialogues: [dialogue!])
    }()

    func sent(_ actions: [ClientSession.Action]) -> String {
        actions.compactMap { if case .send(let t) = $0 { return t } else { return nil } }.joined()
    }

    func signedIn() -> ClientSession {
        var session = ClientSession(catalog: Self.catalog)
        _ = session.start()
        _ = session.receive("demo")
        _ = session.receive("code")
        _ = session.verified(true)
        _ = session.receive("Sam")
        _ = session.loaded(profile: .object([]), sessions: [:])
        return session
    }

    @Test func loginAsksSiteCodeAndNameThenLoads() {
        var session = ClientSession(catalog: Self.catalog)
        #expect(sent(session.start()).contains("Which site are you with?"))
        #expect(sent(session.receive("demo")).contains("access code?"))
        #expect(session.receive("k7qp") == [.verify(site: SiteID("demo")!, code: "k7qp")])
        #expect(session.isBusy)
        #expect(session.receive("early line").isEmpty, "lines wait while the code is checked")
        let afterCode = session.verified(true)
        #expect(sent(afterCode).contains("What is your name?"))
        #expect(afterCode.contains(.load(site: SiteID("demo")!, person: "early line")), "the queued line answers the next question")
    }

    @Test func aBadSiteIdIsRefusedWithTheRule() {
        var session = ClientSession(catalog: Self.catalog)
        _ = session.start()
        let actions = session.receive("../etc")
        #expect(sent(actions).contains("'../etc' is not a site id"))
        #expect(sent(actions).contains("a-z"))
        #expect(session.stage == .site)
    }

    @Test func wrongCodesAreDelayedThenTheConnectionCloses() {
        var session = ClientSession(catalog: Self.catalog)
        _ = session.start()
        _ = session.receive("demo")
        for attempt in 1..<ClientSession.maxCodeFailures {
            _ = session.receive("wrong")
            let actions = session.verified(false)
            #expect(actions.contains(.delay(milliseconds: ClientSession.wrongCodeDelay)), "attempt \(attempt)")
            #expect(sent(session.delayEnded()).contains("That access code is not right."))
        }
        _ = session.receive("wrong")
        let last = session.verified(false)
        #expect(last.contains(.close(reason: "wrong access codes")))
        #expect(session.stage == .closed)
    }

    @Test func eachAnswerIsCommittedBeforeTheNextQuestionGoesOut() {
        var session = signedIn()
        #expect(sent(session.receive("mini")).isEmpty, "choosing the dialogue is committed first")
        let shown = sent(session.persisted(nil))
        #expect(shown.contains("Favourite colour?"))
        let actions = session.receive("blue")
        guard case .persist(let persist)? = actions.first, actions.count == 1, let stored = persist.session else {
            Issue.record("expected only a commit, got \(actions)")
            return
        }
        #expect(persist.writes == [Store.Write(path: ["prefs", "colour"], value: .string("blue"), question: "colour")])
        #expect(stored.log.map(\.question) == ["colour"])
        #expect(stored.question == "size")
        #expect(session.receive("7").isEmpty, "the next line waits for the commit")
        let next = session.persisted(nil)
        #expect(sent(next).contains("Size?"))
        #expect(next.contains { if case .persist = $0 { return true } else { return false } }, "then the queued line is handled")
    }

    @Test func aFailedCommitTakesTheAnswerBack() {
        var session = signedIn()
        _ = session.receive("mini")
        _ = session.persisted(nil)
        _ = session.receive("blue")
        let refused = sent(session.persisted("disk full"))
        #expect(refused.contains("Your answer was not saved: disk full"))
        #expect(refused.contains("Favourite colour?"), "the same question is asked again")
    }

    @Test func jsonModeSwitchesTheRendering() {
        var session = ClientSession(catalog: Self.catalog)
        _ = session.start()
        let switched = sent(session.receive("/json"))
        #expect(switched.contains("{\"type\":\"say\""))
        #expect(switched.contains("{\"type\":\"ask\",\"id\":\"site\""))
        #expect(session.mode == .json)
        #expect(sent(session.receive("{\"answer\": \"demo\", \"id\": \"code\"}")).contains("\"code\":\"wrong_question\""))
    }

    @Test func framingProblemsAreSaidButChangeNothing() {
        var session = signedIn()
        let before = session.stage
        #expect(sent(session.refuse("That line is longer than 8192 bytes, so it was ignored.", code: "line_too_long")).contains("longer than 8192 bytes"))
        #expect(session.stage == before)
    }

    @Test func shutdownAndIdleSayWhyAndClose() {
        var a = signedIn()
        let down = a.shutdown()
        #expect(sent(down).contains("shutting down"))
        #expect(down.contains(.close(reason: "shutdown")))
        var b = signedIn()
        let idle = b.idle(seconds: 600)
        #expect(sent(idle).contains("600 seconds"))
        #expect(idle.contains(.close(reason: "idle")))
    }
}
