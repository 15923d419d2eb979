import Testing
@testable import TrellisChat
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

    /// Answers a and b, and returns where the conversation stood.
    static func leftAfterTwo() -> ResumePoint {
        var conversation = Conversation(catalog: original, dialogueId: "steps")
        _ = conversation.begin()
        _ = conversation.receive(.line("one"))
        _ = conversation.receive(.line("two"))
        return conversation.progress!
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
        #expect(asked(conversation.begin()) == Conversation.menuId)
        #expect(conversation.progress == nil, "nothing to keep while choosing")
        #expect(asked(conversation.receive(.line("steps"))) == "a")
        #expect(conversation.stage == .dialogue)
    }

    @Test func resumingReplaysTheAnswersToTheSameQuestion() {
        let point = Self.leftAfterTwo()
        #expect(point.question == "c")
        var conversation = Conversation(catalog: Self.original, dialogueId: "steps", sessions: ["steps": point])
        #expect(asked(conversation.begin()) == Conversation.resumeId)
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "c")
        #expect(said(events).first?.contains("with your 2 earlier answers kept") == true)
        #expect(conversation.state.position.answers["b"] == .string("two"))
    }

    @Test func decliningStartsAgain() {
        var conversation = Conversation(catalog: Self.original, dialogueId: "steps", sessions: ["steps": Self.leftAfterTwo()])
        _ = conversation.begin()
        #expect(asked(conversation.receive(.line("no"))) == "a")
        #expect(conversation.progress?.log.isEmpty == true)
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
        var conversation = Conversation(catalog: changed, dialogueId: "steps", sessions: ["steps": Self.leftAfterTwo()])
        _ = conversation.begin()
        let events = conversation.receive(.line("yes"))
        #expect(asked(events) == "new_one", "the new question comes first, then c")
        #expect(said(events).contains { $0.contains("has changed since you started it") && $0.contains("your first 2 answers are kept") })
        #expect(conversation.state.history.map(\.questionId) == ["a", "b"])
        #expect(asked(conversation.receive(.line("new"))) == "c")
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
        var conversation = Conversation(catalog: changed, dialogueId: "steps", sessions: ["steps": Self.leftAfterTwo()])
        _ = conversation.begin()
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
        var conversation = Conversation(catalog: changed, dialogueId: "steps", sessions: ["steps": Self.leftAfterTwo()])
        _ = conversation.begin()
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
        var conversation = Conversation(catalog: changed, dialogueId: "steps", sessions: ["steps": Self.leftAfterTwo()])
        _ = conversation.begin()
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
        var conversation = Conversation(catalog: groups, dialogueId: "steps",
                                        prefill: ["people": .list([.object([("who", .string("Ann"))]), .object([("who", .string("Bo"))])])])
        let events = conversation.begin()
        #expect(asked(events) == "after")
        #expect(conversation.state.position.answers["people"] == .list([.object([("who", .string("Ann"))]), .object([("who", .string("Bo"))])]))
        var resuming = Conversation(catalog: Self.original, dialogueId: "steps", prefill: [Conversation.resumeId: .bool(true)],
                                    sessions: ["steps": Self.leftAfterTwo()])
        #expect(asked(resuming.begin()) == "c")
    }
}
