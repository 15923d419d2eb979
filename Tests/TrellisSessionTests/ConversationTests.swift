import Testing
import TrellisChat
@testable import TrellisSession
import TrellisEngine
import TrellisLanguage

/// The conversation around a dialogue: the menu, resuming (also after the file changed),
/// and answers files.
@Suite struct ConversationTests {
    static func catalog(_ body: String) -> DialogueCatalog {
        let text = "dialogue steps\ntitle: Steps\npurpose: Testing.\nsection s\n" + body
        let (dialogue, diagnostics) = Linter.check(text, file: "steps.dialogue")
        precondition(!diagnostics.hasErrors, "\(diagnostics)")
        return DialogueCatalog(dialogues: [dialogue!])
    }

    static let original = catalog("""
          ask a: text
            prompt: A?
          ask b: text
            prompt: B?
          ask c: text
            prompt: C?

        """)

    /// Answers a and b, and returns the session as a store would keep it: its steps, folded
    /// from what the conversation journaled.
    static func leftAfterTwo() -> StoredSession {
        var conversation = Conversation(catalog: original, dialogueId: "steps")
        _ = conversation.opened(profile: .object([]), session: nil)
        _ = conversation.receive(.line("one"))
        _ = conversation.receive(.line("two"))
        let journal = conversation.takeJournal()!
        return StoredSession(id: 7, person: "Sam", dialogue: "steps", initialProfile: .object([]), steps: journal.steps,
                             status: .open, waitingOn: journal.waitingOn)
    }

    /// A conversation opening `steps` with `session` waiting in the store.
    static func opening(_ catalog: DialogueCatalog, _ session: StoredSession?, prefill: [String: Value] = [:]) -> (Conversation, [Event]) {
        var conversation = Conversation(catalog: catalog, dialogueId: "steps", prefill: prefill)
        let events = conversation.opened(profile: .object([]), session: session)
        return (conversation, events)
    }

    func asked(_ events: [Event]) -> String? {
        for case .ask(let p) in events.reversed() { return p.id }
        return nil
    }

    func said(_ events: [Event]) -> [String] {
        events.compactMap { if case .say(let t) = $0 { return t } else { return nil } }
    }

    @Test func theMenuLeadsIntoTheChosenDialogue() {
        var conversation = Conversation(catalog: Self.original, dialogueId: nil)
        #expect(asked(conversation.begin()) == BuiltinQuestion.menu.rawValue)
        _ = conversation.receive(.line("steps"))
        #expect(conversation.opening == "steps", "choosing asks the store for the dialogue's open session")
        #expect(conversation.takeJournal() == nil, "nothing to keep while choosing")
        #expect(asked(conversation.opened(profile: .object([]), session: nil)) == "a")
        #expect(conversation.stage == .dialogue)
    }

    @Test func theSharedMenuAndProgramsAreWhatEachSessionWouldBuild() {
        var built = Conversation(catalog: Self.original, dialogueId: nil)
        var shared = Conversation(catalog: Conversation.withMenu(Self.original), dialogueId: nil)
        #expect(Conversation.withMenu(Self.original).plainMenu != nil)
        #expect(shared.begin() == built.begin())
        #expect(shared.receive(.line("1")) == built.receive(.line("1")))
        #expect(shared.opened(profile: .object([]), session: nil) == built.opened(profile: .object([]), session: nil))
        let none = Conversation.withMenu(Self.original).filter { _ in false }
        #expect(none.plainMenu == nil && none.programs.isEmpty && none.dialogues.isEmpty, "a filtered catalog's menu is another")
    }

    @Test func resumingReplaysTheAnswersToTheSameQuestion() {
        let stored = Self.leftAfterTwo()
        #expect(stored.waitingOn == "c")
        var (conversation, offer) = Self.opening(Self.original, stored)
        #expect(asked(offer) == BuiltinQuestion.resume.rawValue)
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "c")
        #expect(said(events).first?.contains("with your 2 earlier answers kept") == true)
        #expect(conversation.state.position.answers["b"] == .string("two"))
        #expect(conversation.target == .existing(SessionRef(id: 7, steps: 2)), "later answers append to the same session")
    }

    @Test func decliningStartsANewSessionAndLeavesTheOldOneBehind() {
        var (conversation, _) = Self.opening(Self.original, Self.leftAfterTwo())
        #expect(asked(conversation.receive(.line("no"))) == "a")
        #expect(conversation.state.history.isEmpty)
        #expect(conversation.target == .new(initialProfile: .object([]), replacing: SessionRef(id: 7, steps: 2)))
    }

    @Test func backAndRestartAreSteps() {
        var (conversation, _) = Self.opening(Self.original, nil)
        _ = conversation.receive(.line("one"))
        _ = conversation.receive(.line("two"))
        _ = conversation.receive(.line("/back"))
        _ = conversation.receive(.line("/restart"))
        _ = conversation.receive(.line("/restart"))
        _ = conversation.receive(.line("uno"))
        let steps = conversation.takeJournal()?.steps ?? []
        #expect(steps.map(\.kind) == [.answer, .answer, .back, .restart, .answer])
        #expect(steps.map(\.question) == ["a", "b", "b", "", "a"])
        let point = ResumePoint(StoredSession(id: 1, person: "", dialogue: "steps", initialProfile: .object([]), steps: steps,
                                              status: .open, waitingOn: "b"))
        #expect(point.log == [.init(question: "a", given: "uno", display: "uno", value: .string("uno"))], "the resume point is folded from the steps")
    }

    @Test func aChangedFileStillResumesWhereTheQuestionStillExists() {
        let changed = Self.catalog("""
              say: A new opening line.
              ask a: text
                prompt: A, reworded?
              ask b: text
                prompt: B?
              ask new_one: text
                prompt: A question added later on?
              ask c: text
                prompt: C?

            """)
        var (conversation, _) = Self.opening(changed, Self.leftAfterTwo())
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "new_one", "the new question comes first, then c")
        #expect(said(events).contains { $0.contains("has changed since you started it") && $0.contains("your first 2 answers are kept") })
        #expect(conversation.state.history.map(\.questionId) == ["a", "b"])
        #expect(asked(conversation.receive(.line("new"))) == "c")
    }

    @Test func resumingSaysAgainWhatCameJustBeforeTheQuestion() {
        let withLeadIn = Self.catalog("""
              ask a: text
                prompt: A?
              ask b: text
                prompt: B?
              say: C is about {{b}}.
              ask c: text
                prompt: C?

            """)
        var (conversation, _) = Self.opening(withLeadIn, Self.leftAfterTwo())
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "c")
        #expect(said(events).count == 2 && said(events).last == "C is about two.")
    }

    @Test func answersTakenBackBeforeLeavingAreOfferedAgainOnResume() {
        var (first, _) = Self.opening(Self.original, nil)
        for line in ["one", "two", "/back", "/back"] { _ = first.receive(.line(line)) }
        let journal = first.takeJournal()!
        let stored = StoredSession(id: 3, person: "Sam", dialogue: "steps", initialProfile: .object([]), steps: journal.steps,
                                   status: .open, waitingOn: journal.waitingOn)
        #expect(ResumePoint(stored).log.isEmpty && ResumePoint(stored).later.map(\.given) == ["one", "two"])
        // Nothing counts, so there is no resume offer: the dialogue starts afresh.
        _ = first.receive(.line(""))
        let journal2 = first.takeJournal()!
        let resumable = StoredSession(id: 3, person: "Sam", dialogue: "steps", initialProfile: .object([]), steps: journal.steps + journal2.steps,
                                      status: .open, waitingOn: journal2.waitingOn)
        var (conversation, _) = Self.opening(Self.original, resumable)
        let events = conversation.receive(.line("yes"))
        guard case .ask(let prompt)? = events.last else { Issue.record("no question"); return }
        #expect(prompt.id == "b" && prompt.defaultText == "two", "the answer taken back before leaving is the default")
    }

    @Test func answersThatNoLongerReplayAreOfferedAsDefaults() {
        let changed = Self.catalog("""
              ask a: text
                prompt: A?
              ask inserted: text
                prompt: A question put in before B?
              ask b: text
                prompt: B?
              ask c: text
                prompt: C?

            """)
        var (conversation, _) = Self.opening(changed, Self.leftAfterTwo())
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "inserted")
        #expect(said(events).first?.contains("the others are offered again") == true)
        let next = conversation.receive(.line("new"))
        guard case .ask(let prompt)? = next.last else { Issue.record("no question"); return }
        #expect(prompt.id == "b" && prompt.defaultText == "two")
    }

    @Test func aChangedFileThatKeepsThePathResumes() {
        let changed = Self.catalog("""
              ask a: text
                prompt: A, reworded?
              ask b: text
                prompt: B?
              ask c: text
                prompt: C, reworded?
              ask d: text
                prompt: A question added at the end?

            """)
        var (conversation, _) = Self.opening(changed, Self.leftAfterTwo())
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "c")
        #expect(said(events).first?.contains("Resuming") == true)
    }

    @Test func aChangedFileThatRefusesTheFirstAnswerStartsAgain() {
        let changed = Self.catalog("""
              ask a: number
                prompt: A is now a number?
              ask b: text
                prompt: B?
              ask c: text
                prompt: C?

            """)
        var (conversation, _) = Self.opening(changed, Self.leftAfterTwo())
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "a")
        #expect(said(events).contains { $0.contains("starts again from the beginning") }, "no earlier answer fits, so nothing is kept")
    }

    @Test func whenTheQuestionItWasOnIsGoneItStartsAgain() {
        let changed = Self.catalog("""
              ask a: text
                prompt: A?
              ask b: text
                prompt: B?
              ask d: text
                prompt: D replaces C?

            """)
        var (conversation, _) = Self.opening(changed, Self.leftAfterTwo())
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "a")
        #expect(said(events).contains { $0.contains("starts again from the beginning") })
        #expect(conversation.state.history.isEmpty)
    }

    @Test func answersFilesFillQuestionsGroupsAndTheResumeOffer() {
        let groups = Self.catalog("""
              repeat people
                prompt: Another?
                ask who: text
                  prompt: Who?
              ask after: text
                prompt: After?

            """)
        var (conversation, events) = Self.opening(groups, nil,
                                                  prefill: ["people": .list([.object([("who", .string("Ann"))]), .object([("who", .string("Bo"))])])])
        #expect(asked(events) == "after")
        #expect(conversation.state.position.answers["people"] == .list([.object([("who", .string("Ann"))]), .object([("who", .string("Bo"))])]))
        let (_, resumed) = Self.opening(Self.original, Self.leftAfterTwo(), prefill: [BuiltinQuestion.resume.rawValue: .bool(true)])
        #expect(asked(resumed) == "c")
    }
}
