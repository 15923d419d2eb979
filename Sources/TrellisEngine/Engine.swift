import TrellisLanguage

/// The dialogue engine: a pure step function from (state, input) to (new state, events).
///
/// It reads no clock, draws no random numbers and does no I/O, so a conversation replays
/// exactly from its inputs, tests need no terminal or socket, and every transport behaves
/// the same. An input that is not accepted leaves the state as it was.
public struct Engine: Sendable {
    public let program: Program
    /// The most one answer may hold, in UTF-8 bytes, counting a long text's lines together:
    /// what a person types is bounded line by line by the framer, and this bounds the whole.
    public let maxAnswerBytes: Int

    public static let defaultMaxAnswerBytes = 65536

    public init(_ dialogue: Dialogue, maxAnswerBytes: Int = Engine.defaultMaxAnswerBytes) {
        self.init(Program(dialogue), maxAnswerBytes: maxAnswerBytes)
    }

    /// An engine on a program compiled before (shared: a `Program` is an immutable value).
    public init(_ program: Program, maxAnswerBytes: Int = Engine.defaultMaxAnswerBytes) {
        self.program = program
        self.maxAnswerBytes = maxAnswerBytes
    }

    public var dialogue: Dialogue { program.dialogue }

    /// Begins the dialogue with the site profile as it stands and the built-in names
    /// (`person`, `site`); runs until the first question.
    public func start(profile: Value = .object([]), builtins: [String: Value] = [:]) -> (EngineState, [Event]) {
        let position = EngineState.Position(pc: 0, answers: .object([]), frames: [], profile: profile)
        var state = EngineState(position: position, initialProfile: profile, builtins: builtins)
        var events: [Event] = []
        run(&state, &events)
        return (state, events)
    }

    /// Applies one input.
    public func step(_ state: EngineState, _ input: Input) -> (EngineState, [Event]) {
        var state = state
        var events: [Event] = []
        if state.phase == .left { state.phase = .running }
        // A `/restart` waiting to be confirmed lasts one input: only the next `/restart` confirms.
        let confirmingRestart = state.restartPending
        state.restartPending = false
        let text: String
        var expectedId: String?
        switch input {
        case .line(let line):
            if let command = Command.parse(line) {
                handle(command, &state, &events, confirmingRestart: confirmingRestart)
                return (state, events)
            }
            let unescaped = line.hasPrefix("//") ? String(line.dropFirst()) : line
            if state.phase == .running, case .ask(let q) = program.instructions[state.position.pc], q.kind == .longText {
                if unescaped.trimmingBlankLines != "." {
                    // A line that would take the answer past its bound is refused, and what was
                    // typed before it is kept, so the person can finish with '.'.
                    if let refusal = tooLong(q, buffered: state.buffer ?? [], adding: unescaped) {
                        events.append(.rejected(refusal))
                        return (state, events)
                    }
                    state.buffer = (state.buffer ?? []) + [unescaped]
                    return (state, events)
                }
                text = (state.buffer ?? []).joined(separator: "\n")
                state.buffer = nil
            } else {
                text = unescaped
            }
        case .answer(let answer, let questionId):
            if let command = Command.parse(answer) {
                handle(command, &state, &events, confirmingRestart: confirmingRestart)
                return (state, events)
            }
            text = answer.hasPrefix("//") ? String(answer.dropFirst()) : answer
            expectedId = questionId
        }
        guard state.phase == .running else {
            events.append(finishedRejection)
            return (state, events)
        }
        if text.utf8.count > maxAnswerBytes {
            events.append(.rejected(answerTooLong(lines: false)))
            return (state, events)
        }
        // The question answered needs no estimate of the total (only the next one shown does).
        guard let waiting = prompt(for: state, estimating: false) else { return (state, events) }
        if let expectedId, expectedId != waiting.id {
            events.append(.rejected(.init(code: "wrong_question",
                                          message: "That answer is for '\(expectedId)', but the question now is '\(waiting.id)'.",
                                          expected: "Answer '\(waiting.id)', or send the answer without an id.")))
            return (state, events)
        }
        answer(text, waiting: waiting, &state, &events)
        continueReplay(&state, &events)
        return (state, events)
    }

    /// The id of the question the state waits on, without rendering it (cheap: no walk of the
    /// program to estimate the total); nil once finished.
    public func waitingId(_ state: EngineState) -> String? {
        guard state.phase != .finished else { return nil }
        switch program.instructions[state.position.pc] {
        case .ask(let q): return q.id
        case .repeatGate(let g, _), .repeatNext(let g, _): return g.id
        default: return nil
        }
    }

    /// The question the state is waiting on, as it would be asked now (used to ask again
    /// after resuming, and by transports that need the current question's id).
    public func prompt(for state: EngineState) -> Prompt? {
        prompt(for: state, estimating: true)
    }

    /// The prompt; without `estimating`, its `total` is only its step (walking the program to
    /// estimate the rest is most of a prompt's cost, and checking an answer does not need it).
    func prompt(for state: EngineState, estimating: Bool) -> Prompt? {
        guard state.phase != .finished else { return nil }
        let env = environment(state)
        let step = state.answeredCount + 1
        let total = step + (estimating ? estimateRemaining(state) : 0)
        switch program.instructions[state.position.pc] {
        case .ask(let q):
            let options = self.options(for: q, in: env)
            var prompt = Prompt(id: q.id, kind: q.kind, text: q.prompt.render(in: env).trimmingBlankLines, help: q.help?.render(in: env).trimmingBlankLines,
                                options: options.map { .init(key: $0.key, label: $0.label) }, required: q.required,
                                step: step, total: total, defaultText: nil, length: q.length,
                                range: q.kind == .scale ? q.scaleRange : q.range)
            if let earlier = laterAnswer(q.id, state), !earlier.skipped {
                prompt.defaultText = earlier.given
                prompt.defaultDisplay = earlier.display == earlier.given ? nil : earlier.display
            } else if let rendered = q.defaultValue?.render(in: env).trimmingBlankLines, !rendered.isEmpty {
                prompt.defaultText = rendered
            }
            // A default that would be refused (say, a name no longer among the options, or an
            // earlier answer's number when the list has changed) is not offered.
            if let text = prompt.defaultText, case .failure = AnswerParser.parse(text, for: q, options: options) {
                prompt.defaultText = nil
                prompt.defaultDisplay = nil
            }
            if let frame = state.position.frames.last {
                prompt.group = frame.groupId
                prompt.item = frame.items.count + 1
            }
            return prompt
        case .repeatGate(let g, _), .repeatNext(let g, _):
            let frame = state.position.frames.last
            let earlier = laterAnswer(g.id, state).flatMap { $0.skipped ? nil : $0.given }
            return Prompt(id: g.id, kind: .yesNo, text: g.prompt.render(in: env).trimmingBlankLines, help: g.help?.render(in: env).trimmingBlankLines, options: [],
                          required: true, step: step, total: total, defaultText: earlier,
                          group: g.id, item: frame.map { $0.items.count })
        default:
            return nil
        }
    }

    /// The answer taken back earlier for the question `id`, the first of them when a repeated
    /// group asked it more than once.
    func laterAnswer(_ id: String, _ state: EngineState) -> EngineState.Later? {
        state.later.first { $0.questionId == id }
    }

    // MARK: Commands

    func handle(_ parsed: Result<Command.Invocation, Command.UnknownCommand>, _ state: inout EngineState, _ events: inout [Event],
                confirmingRestart: Bool = false) {
        let command: Command
        let argument: String
        switch parsed {
        case .failure(let unknown):
            if let known = unknown.known {
                events.append(.rejected(.init(code: "unknown_command", message: "'/\(known.rawValue)' takes nothing after it.",
                                              expected: "Type /\(known.rawValue) on its own; only /edit takes a word after it (a number from /review, or a question's id).")))
                return
            }
            events.append(.rejected(.init(code: "unknown_command", message: "'\(unknown.word)' is not a command.",
                                          expected: "Commands: " + Command.list.map(\.command).joined(separator: ", ") + ".")))
            return
        case .success(let invocation): (command, argument) = (invocation.command, invocation.argument)
        }
        let waiting = state.phase == .running ? prompt(for: state) : nil
        switch command {
        case .help:
            events.append(.help(questionHelp: waiting?.help, commands: Command.list))
        case .review:
            events.append(.review(state.history.enumerated().map {
                Review(number: $0.offset + 1, questionId: $0.element.questionId, prompt: $0.element.prompt, answer: $0.element.display)
            }))
        case .edit:
            edit(argument, waiting: waiting, &state, &events)
        case .status:
            events.append(.status(title: dialogue.title, step: waiting?.step ?? state.answeredCount, total: waiting?.total ?? state.answeredCount))
        case .restart:
            // Everything this run answered would be taken back: asked twice, never by a slip.
            if !state.history.isEmpty && !confirmingRestart {
                state.restartPending = true
                let n = state.history.count
                events.append(.say("/restart takes back \(n == 1 ? "the answer" : "all \(n) answers") given in this run of the dialogue, and what \(n == 1 ? "it" : "they") wrote, and starts again from the first question. Type /restart again to do it, or answer the question to carry on."))
                return
            }
            let (fresh, startEvents) = start(profile: state.initialProfile, builtins: state.builtins)
            state = fresh
            events.append(.restarted)
            events += startEvents
        case .quit:
            if state.phase == .running { state.phase = .left }
            events.append(.left)
        case .back:
            guard state.phase == .running || state.phase == .finished, let last = state.history.popLast() else {
                events.append(.rejected(.init(code: "cannot_go_back", message: "There is no earlier question to go back to.",
                                              expected: "Answer this question, or type /help for the commands.")))
                return
            }
            state.position = last.before
            state.phase = .running
            state.buffer = nil
            // Kept, with any answers taken back before it, to offer when their questions come again.
            state.later.insert(EngineState.Later(last), at: 0)
            if let prompt = prompt(for: state) { events.append(.ask(prompt)) }
        case .skip:
            guard state.phase == .running, let waiting else {
                events.append(finishedRejection)
                return
            }
            guard !waiting.required else {
                events.append(.rejected(.init(code: "required", message: "This question cannot be skipped.",
                                              expected: "Please answer it; type /help for help with it.")))
                return
            }
            state.buffer = nil
            accept(nil, given: "/skip", waiting: waiting, &state, &events)
            continueReplay(&state, &events)
        }
    }

    /// `/edit N` (a number from `/review`) or `/edit ID`: goes back to that answer, keeping it
    /// and every answer after it to take again, and asks the question with the answer as its
    /// default. Once it is answered, `continueReplay` carries on.
    func edit(_ argument: String, waiting: Prompt?, _ state: inout EngineState, _ events: inout [Event]) {
        let count = state.history.count
        let howTo = "Type /review to see your answers, then /edit and a number from 1 to \(count), or /edit and a question's id."
        guard state.phase == .running || state.phase == .finished, count > 0 else {
            events.append(.rejected(.init(code: "cannot_edit", message: "There is no earlier answer to change yet.",
                                          expected: "Answer this question; /edit changes answers once you have given some.")))
            return
        }
        let index: Int
        if let number = Int(argument) {
            guard (1...count).contains(number) else {
                let message = number == count + 1 && waiting != nil
                    ? "Answer \(number) is the question now: just answer it."
                    : "There is no answer \(number): your answers are numbered 1 to \(count)."
                events.append(.rejected(.init(code: "cannot_edit", message: message, expected: howTo)))
                return
            }
            index = number - 1
        } else if !argument.isEmpty, let found = state.history.lastIndex(where: { $0.questionId.lowercased() == argument }) {
            index = found
        } else {
            let message = argument.isEmpty ? "Which answer would you like to change?"
                : waiting?.id.lowercased() == argument ? "'\(argument)' is the question now: just answer it."
                : "There is no answer to a question called '\(argument)'."
            events.append(.rejected(.init(code: "cannot_edit", message: message, expected: howTo)))
            return
        }
        let taken = state.history[index...].map(EngineState.Later.init)
        state.position = state.history[index].before
        state.history.removeSubrange(index...)
        state.later = taken + state.later
        state.phase = .running
        state.buffer = nil
        state.replaying = true
        let rest = taken.count - 1
        events.append(.say("Changing answer \(index + 1)." + (rest == 0 ? "" : " The \(rest == 1 ? "answer" : "\(rest) answers") after it \(rest == 1 ? "is" : "are") kept: "
                           + "once this one is answered, only what the change makes necessary is asked.")))
        if let prompt = prompt(for: state) { events.append(.ask(prompt)) }
    }

    /// After an answer while `replaying` (an `/edit`): takes again, without asking, each later
    /// answer whose question comes next and still accepts it, and stops at a question with no
    /// later answer (new with the change) or one that no longer fits. Only the events of the
    /// last question reached are shown (what it says before it, and it), after a line saying
    /// how many answers were kept; every answer taken again is an accepted event like any other.
    func continueReplay(_ state: inout EngineState, _ events: inout [Event]) {
        guard state.replaying else { return }
        var kept = 0
        var misfit: String?
        // What the changed answer itself led to is shown (it answers the change); what led to
        // each question taken again after it is not.
        var first = true
        while state.phase == .running, let waiting = prompt(for: state, estimating: false), let earlier = laterAnswer(waiting.id, state) {
            var trial = state
            var produced: [Event] = []
            if earlier.skipped {
                guard !waiting.required else { misfit = "You skipped it before, but it now needs an answer."; break }
                accept(nil, given: earlier.given, waiting: waiting, &trial, &produced)
            } else {
                answer(earlier.given, waiting: waiting, &trial, &produced)
            }
            if let rejection = produced.lazy.compactMap({ if case .rejected(let r) = $0 { r } else { nil } }).first {
                misfit = "Your earlier answer, \"\(earlier.display)\", no longer fits: \(rejection.message)"
                state.later.removeAll { $0 == earlier }
                break
            }
            // What led to the question this answer replaces is not shown again.
            let lastTaken = events.lastAnswerIndex ?? -1
            events = events.enumerated().filter { i, event in
                guard i > lastTaken else { return true }
                if case .say = event { return first }
                if case .ask = event { return false }
                return true
            }.map(\.element)
            events += produced
            state = trial
            kept += 1
            first = false
        }
        if state.later.isEmpty || state.phase != .running { state.replaying = false }
        guard kept > 0 || misfit != nil else { return }
        var note = kept == 0 ? "" : "\(kept) later answer\(kept == 1 ? "" : "s") still fit\(kept == 1 ? "s" : "") and \(kept == 1 ? "is" : "are") kept."
        if let misfit { note += (note.isEmpty ? "" : " ") + misfit }
        else if state.replaying { note += " This question comes with your change." }
        // The note goes before what leads to the question now asked.
        let at = events[((events.lastAnswerIndex ?? -1) + 1)...].firstIndex { if case .say = $0 { true } else if case .ask = $0 { true } else { false } } ?? events.count
        events.insert(.say(note), at: at)
    }

    /// The refusal for a long-text line that would make the answer too long: over the engine's
    /// bound in bytes, or over the question's `length` in characters.
    func tooLong(_ q: Question, buffered: [String], adding line: String) -> AnswerParser.Rejection? {
        let bytes = buffered.reduce(line.utf8.count) { $0 + $1.utf8.count + 1 }
        if bytes > maxAnswerBytes { return answerTooLong(lines: true) }
        if let most = q.length?.upperBound, buffered.reduce(line.count, { $0 + $1.count + 1 }) > most {
            return .init(code: "answer_too_long", message: "With that line the answer would be longer than \(most) characters, so the line was not added.",
                         expected: "Type '.' on its own line to finish with what you have, or send shorter lines.")
        }
        return nil
    }

    func answerTooLong(lines: Bool) -> AnswerParser.Rejection {
        let bound = maxAnswerBytes % 1024 == 0 ? "\(maxAnswerBytes / 1024) KiB (\(maxAnswerBytes) bytes)" : "\(maxAnswerBytes) bytes"
        if lines {
            return .init(code: "answer_too_long", message: "With that line the answer would be longer than \(bound), so the line was not added.",
                         expected: "Type '.' on its own line to finish with what you have, or send shorter lines.")
        }
        return .init(code: "answer_too_long", message: "That answer is longer than \(bound), so it was not taken.",
                     expected: "Please send a shorter answer.")
    }

    var finishedRejection: Event {
        .rejected(.init(code: "finished", message: "This dialogue is finished.",
                        expected: "Type /review to see your answers or /restart to begin again."))
    }

    // MARK: Answers

    /// Checks `text` as the answer to `waiting` (the prompt for the current state, computed
    /// once by the caller, since estimating its total walks the program).
    func answer(_ text: String, waiting: Prompt, _ state: inout EngineState, _ events: inout [Event]) {
        var given = text
        if text.trimmingBlankLines.isEmpty {
            if let fallback = waiting.defaultText {
                given = fallback
            } else if !waiting.required {
                accept(nil, given: "", waiting: waiting, &state, &events)
                return
            } else {
                refuse(.init(code: "required", message: "An answer is needed here.", expected: expectation(for: waiting)),
                       waiting: waiting, &state, &events)
                return
            }
        }
        let result: Result<Value, AnswerParser.Rejection>
        switch program.instructions[state.position.pc] {
        case .ask(let q):
            result = AnswerParser.parse(given, for: q, options: waiting.options.map { (key: $0.key, label: $0.label) })
        default:
            let yesNo = Question(id: waiting.id, kind: .yesNo, prompt: Template(literal: ""), location: dialogue.location)
            result = AnswerParser.parse(given, for: yesNo, options: [])
        }
        switch result {
        case .failure(let rejection): refuse(rejection, waiting: waiting, &state, &events)
        case .success(let value): accept(value, given: given.trimmingBlankLines, waiting: waiting, &state, &events)
        }
    }

    /// A refused answer, counted; every `helpAfter`-th in a row at one question also brings
    /// the question's help, what it takes with an example, and a way on (`/skip` when it is
    /// optional, otherwise `/quit` with the answers kept), since the same message again would
    /// not help.
    func refuse(_ rejection: AnswerParser.Rejection, waiting: Prompt, _ state: inout EngineState, _ events: inout [Event]) {
        state.refusals += 1
        var counted = rejection
        counted.attempt = state.refusals
        events.append(.rejected(counted))
        guard state.refusals % dialogue.helpAfter == 0 else { return }
        var text = "That is \(state.refusals) answers in a row this question could not take, so here is more about it."
        if let help = waiting.help, !help.isEmpty { text += " " + help }
        text += " " + Engine.example(for: waiting)
        text += waiting.required
            ? " If you are stuck, type /quit: your answers so far are kept, and you can ask your coordinator before carrying on."
            : " You can also type /skip to leave it for now."
        events.append(.say(text))
    }

    /// What a question takes, with an answer it would accept.
    static func example(for prompt: Prompt) -> String {
        switch prompt.kind {
        case .choice:
            let first = prompt.options.first.map { "\"1\" or \"\(prompt.options.count > 1 ? prompt.options[1].label : $0.label)\"" } ?? "a number"
            return "It takes one of the options, by its number or the start of its name, for example \(first)."
        case .multipleChoice:
            return "It takes one or more options, by number or name, separated by commas, for example \"1, 2\"."
        case .yesNo: return "It takes yes or no (y or n)."
        case .date: return "It takes a date written year-month-day, for example 2027-03-31."
        case .number, .scale:
            if let r = prompt.range {
                return "It takes a number from \(Value.format(r.lowerBound)) to \(Value.format(r.upperBound)), for example \(Value.format(r.lowerBound))."
            }
            return "It takes a number, for example 3."
        case .text, .longText:
            let bounds = prompt.length.map { " of \($0.lowerBound) to \($0.upperBound) characters" } ?? ""
            return "It takes text\(bounds)" + (prompt.kind == .longText ? ", then a line holding only '.'." : ".")
        }
    }

    /// Stores an accepted answer (nil for a skipped one), records it for `/back` and runs on.
    func accept(_ value: Value?, given: String, waiting: Prompt, _ state: inout EngineState, _ events: inout [Event]) {
        let before = state.position
        let display: String
        let pc = state.position.pc
        switch program.instructions[pc] {
        case .ask(let q):
            var env = environment(state)
            let stored = value ?? .null
            if state.position.frames.isEmpty {
                state.position.answers = state.position.answers.setting(stored, at: [q.id])
                env.answers = state.position.answers
                if let path = q.save, value != nil {
                    let save = ProfilePath.resolve(path, in: env, at: q.location)
                    state.position.profile = state.position.profile.setting(stored, at: save)
                    events.append(.saved(path: save, value: stored, source: q.id))
                    if q.perPerson, let who = state.builtins["person"]?.plainText, !who.isEmpty {
                        // Each respondent's answer beside the others', with who gave it and how it
                        // reads, so a summary can show the spread without the dialogue at hand.
                        let key = ProfilePath.slug(who).isEmpty ? "unnamed" : ProfilePath.slug(who)
                        let record = Value.object([("value", stored), ("display", .string(env.displayText(of: stored, answering: q.id))),
                                                   ("person", .string(who)), ("question", .string(q.prompt.render(in: env).trimmingBlankLines)),
                                                   ("dialogue", .string(program.dialogue.id))])
                        let at = ["responses"] + save + [key]
                        state.position.profile = state.position.profile.setting(record, at: at)
                        events.append(.saved(path: at, value: record, source: q.id))
                    }
                }
            } else {
                let last = state.position.frames.count - 1
                state.position.frames[last].current = state.position.frames[last].current.setting(stored, at: [q.id])
                saveGroupProgress(&state, &events)
            }
            display = value == nil ? "(skipped)" : env.displayText(of: stored, answering: q.id)
            state.position.pc += 1
        case .repeatGate(_, let exit):
            display = value?.plainText ?? ""
            state.position.pc = value == .bool(true) ? pc + 1 : exit
        case .repeatNext(_, let bodyStart):
            display = value?.plainText ?? ""
            state.position.pc = value == .bool(true) ? bodyStart : pc + 1
        default:
            return
        }
        if let value {
            events.append(.accepted(questionId: waiting.id, value: value, display: display))
        } else {
            events.append(.skipped(questionId: waiting.id))
        }
        state.history.append(.init(before: before, questionId: waiting.id, prompt: waiting.text, given: given, display: display, value: value))
        EngineState.Later.useUp(&state.later, answering: waiting.id)
        run(&state, &events)
    }

    /// Writes a repeated group's items so far (with the one being answered) to its profile path,
    /// so every accepted answer is in the profile at once.
    func saveGroupProgress(_ state: inout EngineState, _ events: inout [Event]) {
        guard let frame = state.position.frames.last, let group = group(frame.groupId), let path = group.save else { return }
        let save = ProfilePath.resolve(path, in: environment(state), at: group.location)
        let items = frame.items + (frame.current == .object([]) ? [] : [frame.current])
        state.position.profile = state.position.profile.setting(.list(items), at: save)
        events.append(.saved(path: save, value: .list(items), source: group.id))
    }

    func group(_ id: String) -> RepeatGroup? {
        dialogue.repeatGroups.first { $0.id == id }
    }

    func expectation(for prompt: Prompt) -> String {
        AnswerParser.expectation(prompt.kind, options: prompt.options.map(\.label), range: prompt.range)
    }

    // MARK: Running

    /// Executes instructions until one waits for an answer or the dialogue finishes.
    func run(_ state: inout EngineState, _ events: inout [Event]) {
        var budget = program.instructions.count * 100 + 1000
        while budget > 0 {
            budget -= 1
            let pc = state.position.pc
            let env = environment(state)
            switch program.instructions[pc] {
            case .say(let template):
                // A say whose every part was conditional and false says nothing at all.
                let text = template.render(in: env).trimmingBlankLines
                if !text.isEmpty { events.append(.say(text)) }
                state.position.pc += 1
            case .ask(let q):
                if let condition = q.condition, !condition.evaluate(in: env) {
                    state.position.pc += 1
                    continue
                }
                if q.kind.hasOptions, options(for: q, in: env).isEmpty {
                    // Options taken from an empty list: nothing can be chosen, so nothing is asked.
                    state.position.answers = state.position.answers.setting(.null, at: [q.id])
                    state.position.pc += 1
                    continue
                }
                if let known = knownAnswer(q, state, env) {
                    state.position.answers = state.position.answers.setting(known, at: [q.id])
                    // A name taken from the sign-in is saved as a typed one would be (a value
                    // found by `skip if known` is already where it would be saved).
                    if q.skipIfSignedIn, state.builtins["signed_in"] == .bool(true), let path = q.save, state.position.frames.isEmpty {
                        var filled = env
                        filled.answers = state.position.answers
                        let save = ProfilePath.resolve(path, in: filled, at: q.location)
                        if state.position.profile.value(at: save) != known {
                            state.position.profile = state.position.profile.setting(known, at: save)
                            events.append(.saved(path: save, value: known, source: q.id))
                        }
                    }
                    state.position.pc += 1
                    continue
                }
                if let prompt = prompt(for: state) { events.append(.ask(prompt)) }
                state.refusals = 0
                return
            case .jump(let target):
                state.position.pc = target
            case .jumpUnless(let condition, let target):
                state.position.pc = condition.evaluate(in: env) ? pc + 1 : target
            case .jumpIf(let condition, let target):
                state.position.pc = condition.evaluate(in: env) ? target : pc + 1
            case .repeatStart(let group):
                state.position.frames.append(.init(groupId: group.id, items: [], current: .object([])))
                state.position.pc += 1
            case .repeatGate:
                if let prompt = prompt(for: state) { events.append(.ask(prompt)) }
                return
            case .repeatNext(let group, let bodyStart):
                let last = state.position.frames.count - 1
                state.position.frames[last].items.append(state.position.frames[last].current)
                state.position.frames[last].current = .object([])
                let count = state.position.frames[last].items.count
                if count >= group.maximum {
                    state.position.pc += 1
                } else if count < group.minimum {
                    state.position.pc = bodyStart
                } else {
                    if let prompt = prompt(for: state) { events.append(.ask(prompt)) }
                    return
                }
            case .repeatFinish(let group):
                let frame = state.position.frames.removeLast()
                state.position.answers = state.position.answers.setting(.list(frame.items), at: [group.id])
                if let path = group.save {
                    let save = ProfilePath.resolve(path, in: env, at: group.location)
                    state.position.profile = state.position.profile.setting(.list(frame.items), at: save)
                    events.append(.saved(path: save, value: .list(frame.items), source: group.id))
                }
                state.position.pc += 1
            case .document(let spec):
                // Answers in a document are text, whatever they hold: escaped for Markdown.
                let text = spec.template.render(in: env, escaping: { MarkdownText.escape($0, atLineStart: $1) })
                events.append(.document(name: spec.name, title: spec.title.render(in: env), text: text))
                if let path = spec.save {
                    let save = ProfilePath.resolve(path, in: env, at: spec.location)
                    state.position.profile = state.position.profile.setting(.string(text), at: save)
                    events.append(.saved(path: save, value: .string(text), source: spec.name))
                }
                state.position.pc += 1
            case .set(let pattern, let template, let condition):
                if condition?.evaluate(in: env) ?? true {
                    let path = ProfilePath.resolve(pattern, in: env, at: dialogue.location)
                    let text = template.render(in: env)
                    // `yes` and `no` become true and false, so conditions read them as a person would.
                    let value: Value = YesNo.parse(text).map(Value.bool) ?? .string(text)
                    state.position.profile = state.position.profile.setting(value, at: path)
                    events.append(.saved(path: path, value: value, source: "set"))
                }
                state.position.pc += 1
            case .finish:
                state.phase = .finished
                events.append(.finished)
                return
            }
        }
        // Only a dialogue that loops without asking anything gets here; the linter reports those.
        state.phase = .finished
        events.append(.rejected(.init(code: "dialogue_loop", message: "This dialogue loops without asking anything.",
                                      expected: "Please tell whoever maintains it; `trellis lint` shows where.")))
        events.append(.finished)
    }

    func environment(_ state: EngineState) -> Environment {
        Environment(answers: state.position.answers, profile: state.position.profile, builtins: state.builtins,
                    locals: state.position.frames.map(\.current), labels: program.labels)
    }

    /// A question's options: those taken from lists first, in the order written, then the fixed
    /// ones. A list gives its values as keys and labels; a folder gives each entry, keyed by
    /// its name and labelled by its `label from` field.
    func options(for question: Question, in env: Environment) -> [AnswerParser.Option] {
        var options: [AnswerParser.Option] = []
        var seen: Set<String> = []
        for from in question.optionsFrom {
            guard let value = env.resolve(from) else { continue }
            if case .object(let entries) = value {
                for entry in entries where seen.insert(entry.key.lowercased()).inserted {
                    let label = question.labelFrom.flatMap { entry.value[$0]?.plainText.trimmingBlankLines } ?? ""
                    options.append((key: entry.key, label: label.isEmpty ? entry.key : label))
                }
                continue
            }
            for item in value.listValue ?? [value] {
                let label = item.plainText.trimmingBlankLines
                if !label.isEmpty, seen.insert(label.lowercased()).inserted { options.append((key: label, label: label)) }
            }
        }
        for option in question.options where seen.insert(option.key.lowercased()).inserted {
            options.append((key: option.key, label: option.label))
        }
        return options
    }

    /// The profile's value for a `skip if known` question, when it holds one worth keeping (not
    /// empty; `no` counts): the question is then passed over. Running and estimating the total
    /// both ask this, so the count shown matches what is asked.
    /// A `skip if signed in` question takes the name of whoever signed in with their own code
    /// (the `person` built-in when `signed_in` is yes), so a record keyed by it is theirs alone.
    func knownAnswer(_ q: Question, _ state: EngineState, _ env: Environment) -> Value? {
        if q.skipIfSignedIn, state.builtins["signed_in"] == .bool(true), let person = state.builtins["person"], person.isTruthy {
            return person
        }
        guard q.skipIfKnown, let path = q.save,
              let known = state.position.profile.value(at: ProfilePath.resolve(path, in: env, at: q.location)),
              known.isTruthy || known == .bool(false) else { return nil }
        return known
    }

    /// How many more questions the dialogue will probably ask after the current one,
    /// following branches as the answers so far decide and each loop once.
    func estimateRemaining(_ state: EngineState) -> Int {
        let env = environment(state)
        var pc = state.position.pc + 1
        var count = 0
        var visited: Set<Int> = []
        let code = program.instructions
        while pc < code.count, visited.insert(pc).inserted {
            switch code[pc] {
            case .ask(let q):
                let shown = q.condition?.evaluate(in: env) ?? true
                if shown && knownAnswer(q, state, env) == nil { count += 1 }
                pc += 1
            case .repeatGate, .repeatNext:
                count += 1
                pc += 1
            case .jump(let target): pc = target
            case .jumpUnless(let c, let target): pc = c.evaluate(in: env) ? pc + 1 : target
            case .jumpIf(let c, let target): pc = c.evaluate(in: env) ? target : pc + 1
            case .finish: return count
            default: pc += 1
            }
        }
        return count
    }
}
