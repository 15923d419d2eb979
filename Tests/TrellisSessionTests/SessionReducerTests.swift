import Testing
import TrellisChat
import TrellisEngine
import TrellisLanguage
@testable import TrellisSession

/// The session reducer without sockets or SQLite: inputs in, effects out, for both transports.
@Suite struct SessionReducerTests {
    static let catalog: DialogueCatalog = {
        let mini = """
            dialogue mini
            title: Mini
            purpose: A two-question test.
            section s
              ask colour: text
                prompt: Favourite colour?
                save: prefs.colour
              ask note: text
                prompt: A note?
                optional
                save: prefs.note
              ask size: number
                prompt: Size?
                range: 1..10

            """
        let other = """
            dialogue other
            title: Other
            purpose: Another test.
            section s
              ask pet: text
                prompt: Pet?
                save: prefs.pet
              ask age: number
                prompt: Age?

            """
        return DialogueCatalog(dialogues: [Linter.check(mini, file: "mini.dialogue").0!, Linter.check(other, file: "other.dialogue").0!])
    }()

    static let demo = SiteID("demo")!

    func emitted(_ effects: [SessionEffect]) -> String {
        effects.compactMap { if case .emit(let t) = $0 { return t } else { return nil } }.joined()
    }

    func commits(_ effects: [SessionEffect]) -> [Commit] {
        effects.compactMap { if case .commit(let c) = $0 { return c } else { return nil } }
    }

    /// A TCP session signed in as Sam at the menu, with `sessions` open in the store.
    func signedIn(_ sessions: [StoredSession] = []) -> SessionState {
        var state = SessionState(.tcp(catalog: Self.catalog))
        for input: SessionInput in [.start, .line("demo"), .line("code"), .verified(.siteCode), .line("Sam"), .loaded(profile: .object([]), sessions: sessions)] {
            _ = SessionReducer.reduce(&state, input)
        }
        return state
    }

    @Test func signInAsksSiteCodeAndNameThenLoads() {
        var state = SessionState(.tcp(catalog: Self.catalog))
        #expect(emitted(SessionReducer.reduce(&state, .start)).contains("Which site are you with?"))
        #expect(emitted(SessionReducer.reduce(&state, .line("demo"))).contains("access code?"))
        #expect(SessionReducer.reduce(&state, .line("k7qp")) == [.verify(site: Self.demo, code: "k7qp")])
        #expect(state.isBusy)
        #expect(SessionReducer.reduce(&state, .line("early line")).isEmpty, "lines wait while the code is checked")
        let afterCode = SessionReducer.reduce(&state, .verified(.siteCode))
        #expect(emitted(afterCode).contains("What is your name?"))
        #expect(afterCode.contains(.load(site: Self.demo, person: "early line")), "the queued line answers the next question")
    }

    @Test func aBadSiteIdIsRefusedWithTheRule() {
        var state = SessionState(.tcp(catalog: Self.catalog))
        _ = SessionReducer.reduce(&state, .start)
        let shown = emitted(SessionReducer.reduce(&state, .line("../etc")))
        #expect(shown.contains("'../etc' is not a site id"))
        #expect(shown.contains("a-z"))
        #expect(state.stage == .signIn(.site))
    }

    @Test func wrongCodesAreDelayedThenTheConnectionCloses() {
        var state = SessionState(.tcp(catalog: Self.catalog))
        _ = SessionReducer.reduce(&state, .start)
        _ = SessionReducer.reduce(&state, .line("demo"))
        for attempt in 1..<SessionState.maxCodeFailures {
            _ = SessionReducer.reduce(&state, .line("wrong"))
            #expect(SessionReducer.reduce(&state, .verified(nil)).contains(.delay(milliseconds: SessionState.wrongCodeDelay)), "attempt \(attempt)")
            #expect(emitted(SessionReducer.reduce(&state, .delayEnded)).contains("That access code is not right."))
        }
        _ = SessionReducer.reduce(&state, .line("wrong"))
        #expect(SessionReducer.reduce(&state, .verified(nil)).contains(.delay(milliseconds: SessionState.wrongCodeDelay)),
                "the last wrong code waits too")
        #expect(SessionReducer.reduce(&state, .delayEnded).contains(.close(.accessDenied)))
        #expect(state.isClosed)
    }

    @Test func aThrottledCodeIsNotCheckedAndTheConnectionCloses() {
        var state = SessionState(.tcp(catalog: Self.catalog))
        _ = SessionReducer.reduce(&state, .start)
        _ = SessionReducer.reduce(&state, .line("demo"))
        #expect(SessionReducer.reduce(&state, .line("guess")) == [.verify(site: Self.demo, code: "guess")])
        let effects = SessionReducer.reduce(&state, .throttled(seconds: 3))
        #expect(emitted(effects).contains("Wait 3 seconds"))
        #expect(effects.contains(.close(.accessDenied)))
        #expect(effects.contains { if case .log("sign_in_throttled", _) = $0 { return true } else { return false } })
    }

    @Test func choosingADialogueReadsItsOpenSessionFromTheStoreFirst() {
        var state = signedIn()
        #expect(SessionReducer.reduce(&state, .line("mini")) == [.open(site: Self.demo, person: "Sam", dialogue: "mini")])
        #expect(state.isBusy)
        #expect(emitted(SessionReducer.reduce(&state, .opened(profile: .object([]), session: nil))).contains("Favourite colour?"))
    }

    @Test func eachAnswerIsCommittedBeforeTheNextQuestionGoesOut() throws {
        var state = signedIn()
        _ = SessionReducer.reduce(&state, .line("mini"))
        _ = SessionReducer.reduce(&state, .opened(profile: .object([]), session: nil))
        let effects = SessionReducer.reduce(&state, .line("blue"))
        let commit = try #require(commits(effects).first)
        #expect(effects.count == 1, "only the commit, nothing shown yet")
        #expect(commit.writes == [ProfileWrite(path: ["prefs", "colour"], value: .string("blue"), source: "colour")])
        #expect(commit.steps == [SessionStep(kind: .answer, question: "colour", given: "blue", value: .string("blue"), display: "blue")])
        #expect(commit.waitingOn == "note")
        #expect(commit.target == .new(initialProfile: .object([]), replacing: nil))
        #expect(SessionReducer.reduce(&state, .line("/skip")).isEmpty, "the next line waits for the commit")
        let next = SessionReducer.reduce(&state, .committed(.success(SessionRef(id: 4, steps: 1))))
        #expect(emitted(next).contains("A note?"))
        let queued = try #require(commits(next).first, "then the queued line is handled")
        #expect(queued.target == .existing(SessionRef(id: 4, steps: 1)), "appending to the stored session, expecting its one step")
        #expect(queued.steps.map(\.kind) == [.skip])
    }

    @Test func aFailedCommitTakesTheAnswerBack() {
        var state = signedIn()
        _ = SessionReducer.reduce(&state, .line("mini"))
        _ = SessionReducer.reduce(&state, .opened(profile: .object([]), session: nil))
        _ = SessionReducer.reduce(&state, .line("blue"))
        let refused = emitted(SessionReducer.reduce(&state, .committed(.failure(CommitFailure(message: "disk full")))))
        #expect(refused.contains("Your answer was not saved: disk full"))
        #expect(refused.contains("Favourite colour?"), "the same question is asked again")
        let again = SessionReducer.reduce(&state, .line("green"))
        #expect(commits(again).first?.target == .new(initialProfile: .object([]), replacing: nil), "nothing was stored, so still a new session")
    }

    /// Regression: `/back` over a saved optional answer, then `/skip`, left the value in the
    /// store's profile though the engine's no longer had it.
    @Test func backOverASavedAnswerCommitsItsRemoval() throws {
        let store = MemoryPersistence()
        let configuration = SessionState.Configuration(transport: .standardInput, catalog: Self.catalog, site: Self.demo, person: "Sam",
                                                       dialogue: "mini")
        var runner = InlineRunner(SessionState(configuration), store: store)
        _ = runner.feed(.start)
        for line in ["blue", "a note", "/back", "/skip"] { _ = runner.feed(.line(line)) }
        let engineProfile = try #require(runner.state.conversation?.profile)
        #expect(engineProfile.value(at: ["prefs", "note"]) == nil)
        #expect(ProfileDiff.same(store.profiles["demo"]!, engineProfile), "store \(store.profiles["demo"]!) vs engine \(engineProfile)")
        #expect(store.writes.last == ProfileWrite(path: ["prefs", "note"], value: nil, source: "back"))
        let kinds = store.sessions.first?.session.steps.map(\.kind)
        #expect(kinds == [.answer, .answer, .back, .skip])
    }

    /// Regression: `/restart` and a different answer left what the first pass wrote.
    @Test func restartRetractsWhatTheSessionWrote() throws {
        let store = MemoryPersistence(profile: .object([("prefs", .object([("shape", .string("round"))]))]))
        let configuration = SessionState.Configuration(transport: .standardInput, catalog: Self.catalog, site: Self.demo, person: "Sam",
                                                       dialogue: "mini")
        var runner = InlineRunner(SessionState(configuration), store: store)
        _ = runner.feed(.start)
        for line in ["blue", "a note", "/restart", "/restart", "green"] { _ = runner.feed(.line(line)) }
        let profile = store.profiles["demo"]!
        #expect(profile.value(at: ["prefs", "colour"]) == .string("green"))
        #expect(profile.value(at: ["prefs", "note"]) == nil, "the first pass's note is gone")
        #expect(profile.value(at: ["prefs", "shape"]) == .string("round"), "what was there before the session stays")
        #expect(ProfileDiff.same(profile, runner.state.conversation!.profile))
    }

    /// Regression: after finishing one dialogue over TCP, the menu forgot that another was
    /// unfinished, and choosing it started it fresh over the stored answers.
    @Test func afterFinishingTheMenuStillMarksTheOtherUnfinishedDialogue() throws {
        let other = StoredSession(id: 9, person: "Sam", dialogue: "other", initialProfile: .object([]),
                                  steps: [SessionStep(kind: .answer, question: "pet", given: "cat", value: .string("cat"))],
                                  status: .open, waitingOn: "age")
        var state = signedIn([other])
        _ = SessionReducer.reduce(&state, .line("mini"))
        _ = SessionReducer.reduce(&state, .opened(profile: .object([]), session: nil))
        var ref = SessionRef(id: 10, steps: 0)
        var last: [SessionEffect] = []
        for line in ["blue", "", "3"] {
            _ = SessionReducer.reduce(&state, .line(line))
            ref.steps += 1
            last = SessionReducer.reduce(&state, .committed(.success(ref)))
        }
        #expect(emitted(last).contains("Other (unfinished)"), "the menu after finishing still marks it")
        #expect(!emitted(last).contains("Mini (unfinished)"))
        #expect(SessionReducer.reduce(&state, .line("other")) == [.open(site: Self.demo, person: "Sam", dialogue: "other")])
        let offer = emitted(SessionReducer.reduce(&state, .opened(profile: .object([]), session: other)))
        #expect(offer.contains("unfinished Other with 1 answer given"))
        let resumed = SessionReducer.reduce(&state, .line("yes"))
        #expect(emitted(resumed).contains("Age?"))
        #expect(commits(resumed).isEmpty, "resuming writes nothing")
        #expect(commits(SessionReducer.reduce(&state, .line("4"))).first?.target == .existing(SessionRef(id: 9, steps: 1)))
    }

    /// A dialogue that saves before its first question leaves a session with no steps: nothing
    /// to resume, so the menu does not call it unfinished.
    @Test func aSessionWithNoAnswersIsNotMarkedUnfinished() {
        let empty = StoredSession(id: 3, person: "Sam", dialogue: "other", initialProfile: .object([]), steps: [], status: .open, waitingOn: "pet")
        var state = SessionState(.tcp(catalog: Self.catalog))
        var shown = ""
        for input: SessionInput in [.start, .line("demo"), .line("code"), .verified(.siteCode), .line("Sam"), .loaded(profile: .object([]), sessions: [empty])] {
            shown = emitted(SessionReducer.reduce(&state, input))
        }
        #expect(shown.contains("Which dialogue"))
        #expect(!shown.contains("(unfinished)"))
    }

    @Test func takenOverOnAnotherConnectionGoesBackToTheMenu() {
        var state = signedIn()
        _ = SessionReducer.reduce(&state, .line("mini"))
        _ = SessionReducer.reduce(&state, .opened(profile: .object([]), session: nil))
        let shown = emitted(SessionReducer.reduce(&state, .detached(dialogue: "mini")))
        #expect(shown.contains("You opened Mini on another connection"))
        #expect(shown.contains("Which dialogue would you like to start?"))
        #expect(SessionReducer.reduce(&state, .detached(dialogue: "mini")).isEmpty, "at the menu there is nothing to detach")
    }

    @Test func aDetachWhileCommittingWaitsForTheCommit() {
        var state = signedIn()
        _ = SessionReducer.reduce(&state, .line("mini"))
        _ = SessionReducer.reduce(&state, .opened(profile: .object([]), session: nil))
        _ = SessionReducer.reduce(&state, .line("blue"))
        #expect(SessionReducer.reduce(&state, .line("2")).isEmpty, "typed for the dialogue while the commit is under way")
        #expect(SessionReducer.reduce(&state, .detached(dialogue: "mini")).isEmpty)
        let after = SessionReducer.reduce(&state, .committed(.success(SessionRef(id: 1, steps: 1))))
        #expect(emitted(after).contains("A note?"), "the committed answer's result is shown")
        #expect(emitted(after).contains("another connection"), "then the detach")
        #expect(!after.contains { if case .open = $0 { return true } else { return false } }, "the queued line is not taken as a menu choice")
        #expect(state.conversation?.stage == .menu)
    }

    @Test func aConflictingCommitSaysSoAndReturnsToTheMenu() {
        var state = signedIn()
        _ = SessionReducer.reduce(&state, .line("mini"))
        _ = SessionReducer.reduce(&state, .opened(profile: .object([]), session: nil))
        _ = SessionReducer.reduce(&state, .line("blue"))
        let shown = emitted(SessionReducer.reduce(&state, .committed(.failure(CommitFailure(message: "moved on", conflict: true)))))
        #expect(shown.contains("was carried on elsewhere"))
        #expect(shown.contains("Mini (unfinished)"))
    }

    @Test func jsonModeSwitchesTheRendering() {
        var state = SessionState(.tcp(catalog: Self.catalog))
        _ = SessionReducer.reduce(&state, .start)
        let switched = emitted(SessionReducer.reduce(&state, .line("/json")))
        #expect(switched.contains("{\"type\":\"say\""))
        #expect(switched.contains("{\"type\":\"ask\",\"id\":\"site\""))
        #expect(state.mode == .json)
        #expect(emitted(SessionReducer.reduce(&state, .line("{\"answer\": \"demo\", \"id\": \"code\"}"))).contains("\"code\":\"wrong_question\""))
    }

    @Test func framingProblemsAreSaidButChangeNothing() {
        var state = signedIn()
        let before = state.stage
        #expect(emitted(SessionReducer.reduce(&state, .framing(.tooLong(limit: 8192)))).contains("longer than 8192 bytes"))
        #expect(emitted(SessionReducer.reduce(&state, .framing(.tooLong(limit: 1 << 20)))).contains("longer than 1 MiB"))
        #expect(state.stage == before)
    }

    @Test func shutdownAndIdleSayWhyAndClose() {
        var a = signedIn()
        let down = SessionReducer.reduce(&a, .shutdown)
        #expect(emitted(down).contains("shutting down"))
        #expect(down.contains(.close(.shutdown)))
        var b = signedIn()
        let idle = SessionReducer.reduce(&b, .idle(seconds: 600))
        #expect(emitted(idle).contains("600 seconds"))
        #expect(idle.contains(.close(.idle)))
        // In JSON the server's own closing is an object of its own type, with the reason.
        var c = signedIn()
        _ = SessionReducer.reduce(&c, .line("/json"))
        let closing = emitted(SessionReducer.reduce(&c, .idle(seconds: 600)))
        #expect(closing.hasPrefix(#"{"type":"closing","reason":"idle","text":"Nothing has arrived for 600 seconds"#))
    }

    @Test func aScriptStopsAtTheFirstRefusalNamingTheLine() {
        let configuration = SessionState.Configuration(transport: .standardInput, catalog: Self.catalog, dialogue: "mini", strict: true)
        var runner = InlineRunner(SessionState(configuration), store: nil)
        _ = runner.feed(.start)
        _ = runner.feed(.line("blue"))
        _ = runner.feed(.line(""))
        let (_, end) = runner.feed(.line("eleven"))
        guard case .refused(let message)? = end else {
            Issue.record("expected a refusal, got \(String(describing: end))")
            return
        }
        #expect(message.hasPrefix("line 3: the answer to question 'size' was refused:"))
    }

    @Test func quittingOnStandardInputSaysHowToCarryOn() {
        let configuration = SessionState.Configuration(transport: .standardInput, catalog: Self.catalog, site: Self.demo, person: "Ann Lee",
                                                       dialogue: "mini", builtins: ["person": .string("Ann Lee")])
        var runner = InlineRunner(SessionState(configuration), store: MemoryPersistence())
        _ = runner.feed(.start)
        let (output, end) = runner.feed(.line("/quit"))
        #expect(end == .quit)
        #expect(output.contains("trellis chat mini --site demo --as 'Ann Lee'"))
    }
}
