import TrellisChat
import TrellisEngine
import TrellisLanguage

/// The session reducer: `reduce(&state, input) -> [effect]`, the one place that decides what a
/// line means, what is committed, and what is shown after a commit or a failed one. Standard
/// input and TCP are thin runners of its effects.
///
/// The rule it keeps: an input that changes the dialogue's session produces a `commit` and
/// nothing else; what the input led to is shown only once `committed` reports it stored. If the
/// commit fails, the conversation goes back to where it was before the input and says so.
public enum SessionReducer {
    public static func reduce(_ state: inout SessionState, _ input: SessionInput) -> [SessionEffect] {
        var effects = handle(&state, input)
        // Whatever was shown, the marker follows it once the session takes the next line.
        if state.showsPromptMarker, !state.isBusy, !state.isClosed, effects.contains(where: { if case .emit = $0 { true } else { false } }) {
            effects.append(.emit(SessionState.promptMarker))
        }
        return effects
    }

    static func handle(_ state: inout SessionState, _ input: SessionInput) -> [SessionEffect] {
        if state.isClosed { return [] }
        switch input {
        case .windowWidth(let columns):
            state.width = min(max(columns, TextWrap.minimumWidth), 1000)
            return []
        case .start: return start(&state)
        case .line(let line):
            if state.isBusy {
                state.queued.append(line)
                return []
            }
            state.lineNumber += 1
            return receive(&state, line)
        case .framing(let problem):
            state.lineNumber += 1
            let rejection: AnswerParser.Rejection
            switch problem {
            case .tooLong(let limit):
                rejection = .init(code: "line_too_long", message: "That line is longer than \(describe(bytes: limit)), so it was ignored.",
                                  expected: "Send shorter lines; for long text, send several lines and end with a line holding only '.'.")
            case .invalid(let reason):
                rejection = .init(code: "invalid_text", message: reason + " It was ignored.",
                                  expected: "Send a line of UTF-8 text without control characters.")
            }
            return show(&state, [.rejected(rejection)])
        case .verified(let identity): return verified(&state, identity)
        case .throttled(let seconds):
            guard state.awaiting == .verify else { return [] }
            state.awaiting = nil
            return [.log(event: "sign_in_throttled", fields: ["site": state.site?.rawValue ?? "", "retry_after": "\(seconds)"])]
                + close(&state, [.rejected(.init(code: "too_many_attempts",
                                                  message: "Too many wrong access codes have been tried from your address or for this site lately, so this one was not checked.",
                                                  expected: "Wait \(seconds) second\(seconds == 1 ? "" : "s"), then connect again with the code your coordinator gave you."))],
                        .accessDenied)
        case .delayEnded:
            state.awaiting = nil
            if state.failures >= SessionState.maxCodeFailures {
                return close(&state, [.rejected(.init(code: "access_denied", message: "That access code is not right, and that was the last try.",
                                                      expected: "Ask your site's coordinator for the current code, then connect again."))], .accessDenied)
            }
            let left = SessionState.maxCodeFailures - state.failures
            return [.emit(state.render([.rejected(.init(code: "access_denied", message: "That access code is not right.",
                                                          expected: "Check it with your coordinator and type it again (\(left) tr\(left == 1 ? "y" : "ies") left)."))]))]
                + ask(&state, .code) + drain(&state)
        case .loaded(let profile, let sessions): return loaded(&state, profile, sessions)
        case .overview(let sites, let today):
            guard state.awaiting == .load, case .program = state.stage else { return [] }
            state.awaiting = nil
            let overview = ProgramOverview(sites: sites.map { ($0.id, $0.name, $0.profile, $0.lastActivity) },
                                           vocabulary: .init(state.configuration.catalog), today: today)
            let hint = "Send any line to see it again, or /quit to leave."
            if state.mode == .json {
                return [.emit(JSON.encode(.object([("type", .string("overview")), ("sites", overview.json())])) + "\n"
                              + state.render([.say(hint)]))] + drain(&state)
            }
            return [.emit(overview.text() + "\n" + state.render([.say(hint)]))] + drain(&state)
        case .opened(let profile, let session):
            guard state.awaiting == .open, var conversation = state.conversation else { return [] }
            state.awaiting = nil
            let before = conversation
            let events = conversation.opened(profile: profile, session: session)
            state.conversation = conversation
            return proceed(&state, events, before: before) + drain(&state)
        case .committed(let result): return committed(&state, result)
        case .storeFailed(let message):
            state.awaiting = nil
            return close(&state, [.rejected(.init(code: "store_error", message: message, expected: "Please try again later."))],
                         .failed(message))
        case .idle(let seconds):
            return closing(&state, "idle", "Nothing has arrived for \(seconds) seconds, so this connection is closing. Your answers are saved; connect again to carry on.", .idle)
        case .shutdown:
            return closing(&state, "shutdown", "Trellis is shutting down now. Your answers are saved; connect again later to carry on.", .shutdown)
        case .inputEnded:
            guard state.configuration.transport == .standardInput else { return [] }
            let question = state.currentPrompt?.id
            var effects: [SessionEffect] = []
            if state.mode == .json {
                effects.append(.emit(JSONRenderer.error(code: "input_ended",
                                                        text: "Input ended before the dialogue finished\(question.map { " at question '\($0)'" } ?? "").") + "\n"))
            }
            state.stage = .closed(.inputEnded(question: question))
            return effects + [.close(.inputEnded(question: question))]
        case .detached(let dialogue):
            if state.isBusy {
                state.detachPending = dialogue
                return []
            }
            return detach(&state, dialogue)
        }
    }

    static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    // MARK: Starting and signing in

    static func start(_ state: inout SessionState) -> [SessionEffect] {
        switch state.configuration.transport {
        case .tcp:
            // A connection that starts in JSON (`serve --json-only`) is a script's: no hint about /json.
            let welcome = state.mode == .json ? "Welcome to Trellis. JSON lines, as docs/protocol.md describes."
                : "Welcome to Trellis. Send /json first for JSON lines, or just answer. Type /help at any question."
            return [.emit(state.render([.say(welcome)]))] + ask(&state, .site)
        case .standardInput:
            if let site = state.site {
                state.awaiting = .load
                return [.load(site: site, person: state.person)]
            }
            return loaded(&state, .object([]), [])
        }
    }

    static func ask(_ state: inout SessionState, _ question: BuiltinQuestion) -> [SessionEffect] {
        state.stage = .signIn(question)
        let engine = Engine(SignInQuestions.dialogue(question))
        let (engineState, events) = engine.start()
        state.signIn = (engine, engineState)
        // A code is typed unseen where the client can do it (telnet); JSON clients are scripts.
        let hide: [SessionEffect] = question == .code && state.mode == .human ? [.hideInput(true)] : []
        return hide + [.emit(state.render(events))]
    }

    /// One typed line: `/json`, a sign-in answer, or the conversation's.
    static func receive(_ state: inout SessionState, _ line: String) -> [SessionEffect] {
        if line.trimmingSpaces == "/json" {
            // The prompt marker shown before ends its line first, so every JSON object starts a
            // line of its own (a client skips the human lines before them, the marker's among them).
            let endMarker = state.showsPromptMarker ? "\n" : ""
            state.mode = .json
            var events: [Event] = [.say("JSON mode on: one JSON object per line, as docs/protocol.md describes.")]
            if let prompt = state.currentPrompt { events.append(.ask(prompt)) }
            return [.emit(endMarker + state.render(events))]
        }
        let input: Input
        if state.mode == .json {
            switch ClientLine.parse(line) {
            case .success(let parsed): input = parsed
            case .failure(let rejection): return show(&state, [.rejected(rejection)])
            }
        } else {
            input = .line(line)
        }
        if case .signIn(let question) = state.stage { return signIn(&state, question, input) }
        if case .program = state.stage {
            // Read-only: /quit leaves, anything else shows the overview as it stands now.
            let typed: String
            switch input {
            case .line(let text): typed = text
            case .answer(let text, _): typed = text
            }
            if typed.trimmingSpaces == "/quit" { return close(&state, [.say("Goodbye.")], .quit) }
            state.awaiting = .load
            return [.loadOverview]
        }
        guard var conversation = state.conversation else { return [] }
        let before = conversation
        let events = conversation.receive(input)
        state.conversation = conversation
        return proceed(&state, events, before: before)
    }

    static func signIn(_ state: inout SessionState, _ question: BuiltinQuestion, _ input: Input) -> [SessionEffect] {
        guard var signIn = state.signIn else { return [] }
        let (next, events) = signIn.engine.step(signIn.state, input)
        signIn.state = next
        state.signIn = signIn
        if events.contains(.left) { return close(&state, [.say("Goodbye.")], .quit) }
        guard next.phase == .finished, let answer = next.position.answers[question.rawValue]?.stringValue else {
            return [.emit(state.render(events))]
        }
        switch question {
        case .code:
            guard let site = state.site else { return ask(&state, .site) }
            state.awaiting = .verify
            return [.verify(site: site, code: answer)]
        case .name:
            guard let site = state.site else { return ask(&state, .site) }
            state.person = answer
            state.awaiting = .load
            return [.load(site: site, person: answer)]
        default:
            guard let id = SiteID(answer.lowercased()) else {
                return [.emit(state.render([.rejected(.init(message: "'\(answer)' is not a site id.",
                                                             expected: "Use the id your coordinator gave you: \(SiteID.rule)."))]))]
                    + ask(&state, .site)
            }
            state.site = id
            return ask(&state, .code)
        }
    }

    static func verified(_ state: inout SessionState, _ identity: Identity?) -> [SessionEffect] {
        guard state.awaiting == .verify else { return [] }
        state.awaiting = nil
        let fields = ["site": state.site?.rawValue ?? ""]
        if let identity, let site = state.site {
            state.identity = identity
            switch identity {
            case .person(let name, .program):
                state.person = name
                state.stage = .program
                state.awaiting = .load
                return [.hideInput(false), .log(event: "login", fields: fields.merging(["person": name, "role": "program"]) { a, _ in a }),
                        .emit(state.render([.say("Signed in as \(name) (program): a read-only overview of every site.")])), .loadOverview]
            case .person(let name, let role):
                // The name is the record's: nothing typed can make someone another person.
                state.person = name
                state.awaiting = .load
                return [.hideInput(false), .log(event: "login", fields: fields.merging(["person": name, "role": role.rawValue]) { a, _ in a }),
                        .emit(state.render([.say("Signed in as \(name) (\(role.rawValue)).")])),
                        .load(site: site, person: name)]
            case .siteCode:
                return [.hideInput(false), .log(event: "login", fields: fields.merging(["role": "coordinator", "code": "site"]) { a, _ in a }),
                        .emit(state.render([.say("That is the site's shared code. It signs you in as a coordinator until it is retired; ask for a code of your own (trellis person add \(site.rawValue) \"NAME\" --role coordinator).")]))]
                    + ask(&state, .name) + drain(&state)
            }
        }
        state.failures += 1
        let counted = fields.merging(["failures": "\(state.failures)"]) { a, _ in a }
        // Every wrong code, the last one too, is answered only after the pause.
        state.awaiting = .delay
        return [.log(event: state.failures >= SessionState.maxCodeFailures ? "login_refused" : "wrong_code", fields: counted),
                .delay(milliseconds: SessionState.wrongCodeDelay)]
    }

    /// The site's profile and the person's open sessions: the conversation begins, at the menu
    /// or opening the dialogue standard input named.
    static func loaded(_ state: inout SessionState, _ profile: Value, _ sessions: [StoredSession]) -> [SessionEffect] {
        state.awaiting = nil
        state.signIn = nil
        state.stage = .conversation
        // Only sessions with answers to resume are marked (a dialogue that saved something
        // before its first question has a session with no steps).
        state.unfinished = Set(sessions.filter { !ResumePoint($0).log.isEmpty }.map(\.dialogue))
        var conversation = Conversation(catalog: state.catalog, dialogueId: state.configuration.dialogue,
                                        profile: profile, builtins: state.builtins, prefill: state.configuration.prefill,
                                        unfinished: state.unfinished, maxAnswerBytes: state.configuration.maxAnswerBytes)
        let before = conversation
        let events = conversation.begin()
        state.conversation = conversation
        var effects: [SessionEffect] = []
        if state.configuration.transport == .tcp {
            effects.append(.log(event: "session_start", fields: ["site": state.site?.rawValue ?? "", "person": state.person]))
        }
        return effects + proceed(&state, events, before: before) + drain(&state)
    }

    // MARK: The conversation

    /// After the conversation took an input: open the dialogue it chose, commit what the input
    /// changed, or show what it led to.
    static func proceed(_ state: inout SessionState, _ events: [Event], before: Conversation) -> [SessionEffect] {
        guard var conversation = state.conversation else { return [] }
        if let dialogue = conversation.opening {
            state.documents = []
            let text = state.render(events)
            let shown = text.isEmpty ? [] : [SessionEffect.emit(text)]
            guard state.persistent, let site = state.site else {
                let opened = conversation.opened(profile: conversation.baseProfile, session: nil)
                state.conversation = conversation
                return shown + proceed(&state, opened, before: conversation)
            }
            state.awaiting = .open
            return shown + [.open(site: site, person: state.person, dialogue: dialogue)]
        }
        if let journal = conversation.takeJournal() {
            state.conversation = conversation
            if state.persistent, let site = state.site {
                state.awaiting = .commit(before: before, events: events, finished: journal.finished)
                return [.commit(Commit(site: site, person: state.person, dialogue: journal.dialogue, target: journal.target,
                                       steps: journal.steps, writes: journal.writes, finished: journal.finished,
                                       waitingOn: journal.waitingOn))]
            }
        }
        return deliver(&state, events)
    }

    static func committed(_ state: inout SessionState, _ result: Result<SessionRef, CommitFailure>) -> [SessionEffect] {
        guard case .commit(let before, let events, let finished)? = state.awaiting, var conversation = state.conversation else { return [] }
        state.awaiting = nil
        switch result {
        case .success(let session):
            conversation.committed(session)
            state.conversation = conversation
            if finished || conversation.state.history.isEmpty {
                state.unfinished.remove(conversation.dialogue.id)
            } else {
                state.unfinished.insert(conversation.dialogue.id)
            }
            return deliver(&state, events) + drain(&state)
        case .failure(let failure):
            state.conversation = before
            if failure.conflict {
                let message = "\(before.dialogue.title) was carried on elsewhere (another connection or window), so your answer was not saved here."
                return [.log(event: "commit_conflict", fields: ["dialogue": before.dialogue.id])]
                    + leaveDialogue(&state, message: message, code: "session_taken", ended: .failed(message))
            }
            let refused = AnswerParser.Rejection(code: "not_saved", message: "Your answer was not saved: \(failure.message)",
                                                 expected: "Nothing earlier was lost; answer again in a moment.")
            let log = SessionEffect.log(event: "commit_failed", fields: ["error": failure.message])
            if state.configuration.strict {
                return [log] + close(&state, [.rejected(refused)], .failed(failure.message))
            }
            var shown: [Event] = [.rejected(refused)]
            if let prompt = before.currentPrompt { shown.append(.ask(prompt)) }
            return [log, .emit(state.render(shown))] + drain(&state)
        }
    }

    /// Shows what an input led to, and what follows from it: the end of a scripted run at a
    /// refusal, leaving, or the end of the dialogue (the menu again over TCP).
    static func deliver(_ state: inout SessionState, _ events: [Event]) -> [SessionEffect] {
        guard let conversation = state.conversation else { return [] }
        for case .document(_, let title, let text) in events { state.documents.append((title, text)) }
        if state.configuration.strict, let refused = events.firstRejection {
            let question = conversation.currentPrompt.map { "question '\($0.id)'" } ?? "the dialogue"
            let place = refused.code == "invalid_prefill" ? "answers file" : "line \(state.lineNumber)"
            return close(&state, events, .refused("\(place): the answer to \(question) was refused: \(refused.text)"))
        }
        let text = state.render(events)
        var effects: [SessionEffect] = text.isEmpty ? [] : [.emit(text)]
        if events.contains(.left) {
            let inDialogue = conversation.state.phase == .left
            switch state.configuration.transport {
            case .tcp:
                return effects + close(&state, [.say(inDialogue ? "Your answers are saved. Connect again to carry on." : "Goodbye.")], .quit)
            case .standardInput:
                if inDialogue, let site = state.site, state.mode == .human {
                    let who = state.configuration.builtins["person"] != nil ? " --as \(shellQuoted(state.person))" : ""
                    effects.append(.emit("Your answers so far are saved. To carry on later: trellis chat \(conversation.dialogue.id) --site \(site)\(who)\n"))
                }
                state.stage = .closed(.quit)
                return effects + [.close(.quit)]
            }
        }
        if conversation.isOver {
            switch state.configuration.transport {
            case .tcp:
                effects.append(.log(event: "dialogue_finished", fields: ["site": state.site?.rawValue ?? "", "dialogue": conversation.dialogue.id]))
                effects += menu(&state, profile: conversation.profile)
            case .standardInput:
                state.stage = .closed(.finished)
                effects.append(.close(.finished))
            }
        }
        return effects
    }

    /// Back to the menu with the profile as it now stands and the unfinished dialogues marked.
    static func menu(_ state: inout SessionState, profile: Value) -> [SessionEffect] {
        var next = Conversation(catalog: state.catalog, dialogueId: nil, profile: profile,
                                builtins: state.builtins, unfinished: state.unfinished, maxAnswerBytes: state.configuration.maxAnswerBytes)
        let events = next.begin()
        state.conversation = next
        return [.emit(state.render(events))]
    }

    /// Leaves the dialogue (taken over, or moved on elsewhere): said, then the menu over TCP;
    /// standard input ends.
    static func leaveDialogue(_ state: inout SessionState, message: String, code: String, ended: SessionEnd) -> [SessionEffect] {
        let said = AnswerParser.Rejection(code: code, message: message, expected: "Carry on there, or choose a dialogue here.")
        // Lines typed for the dialogue must not be read as choices at the menu.
        state.queued = []
        guard state.configuration.transport == .tcp else { return close(&state, [.rejected(said)], ended) }
        state.unfinished.insert(state.conversation?.dialogue.id ?? "")
        return [.emit(state.render([.rejected(said)]))] + menu(&state, profile: state.conversation?.baseProfile ?? .object([]))
    }

    static func detach(_ state: inout SessionState, _ dialogue: String) -> [SessionEffect] {
        guard let conversation = state.conversation, conversation.stage == .dialogue || conversation.stage == .resumeOffer,
              (conversation.pendingDialogue ?? conversation.dialogue.id) == dialogue else { return [] }
        let message = "You opened \(conversation.catalogTitle(dialogue)) on another connection, so it carries on there; nothing you answered is lost."
        return [.log(event: "detached", fields: ["dialogue": dialogue])]
            + leaveDialogue(&state, message: message, code: "session_moved", ended: .failed(message))
    }

    /// Handles what arrived while waiting, until something starts another wait.
    static func drain(_ state: inout SessionState) -> [SessionEffect] {
        var effects: [SessionEffect] = []
        if !state.isBusy, let dialogue = state.detachPending {
            state.detachPending = nil
            effects += detach(&state, dialogue)
        }
        while !state.isBusy, !state.isClosed, !state.queued.isEmpty {
            let line = state.queued.removeFirst()
            state.lineNumber += 1
            effects += receive(&state, line)
        }
        return effects
    }

    /// A refusal outside the conversation's own steps: shown, and in a scripted run the end.
    static func show(_ state: inout SessionState, _ events: [Event]) -> [SessionEffect] {
        if state.configuration.strict, case .conversation = state.stage { return deliver(&state, events) }
        return [.emit(state.render(events))]
    }

    /// The server closing the connection itself: a sentence in human mode, and in JSON a
    /// `closing` object with the reason, so a script can tell it from anything the dialogue says.
    static func closing(_ state: inout SessionState, _ reason: String, _ text: String, _ end: SessionEnd) -> [SessionEffect] {
        guard state.mode == .json else { return close(&state, [.say(text)], end) }
        state.stage = .closed(end)
        return [.emit(JSON.encode(.object([("type", .string("closing")), ("reason", .string(reason)), ("text", .string(text))])) + "\n"), .close(end)]
    }

    static func close(_ state: inout SessionState, _ events: [Event], _ end: SessionEnd) -> [SessionEffect] {
        state.stage = .closed(end)
        return (events.isEmpty ? [] : [.emit(state.render(events))]) + [.close(end)]
    }

    /// A name as a shell reads it back: as is when it is plain, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.@".unicodeScalars.contains($0)
        }
        return plain ? text : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

extension Array where Element == Event {
    /// The first refusal among the events, if any.
    public var firstRejection: AnswerParser.Rejection? {
        for case .rejected(let r) in self { return r }
        return nil
    }
}
