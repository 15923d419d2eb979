// `--mode trellis`: signs in over JSON lines and plays a dialogue round after round.
import TrellisLanguage

/// One person at the site: `/json`, the site, the shared code, the name `Bench N`; then the
/// dialogue from the menu, `no` to any offer to resume, and a valid answer to every `ask`.
/// After `done` the menu comes back, and choosing the dialogue again is the next round's
/// first turn. Only `ask` lines are decoded (each distinct one once, `AskCache`); every other
/// line is told apart by its first bytes.
final class TrellisPlayer: LoadPlayer {
    enum Phase {
        /// Before the menu: the sign-in questions.
        case signingIn
        /// The next `ask` is the menu (after sign-in, after `done`).
        case menu
        /// In the dialogue (the resume offer included).
        case dialogue
    }

    enum Stop {
        /// Play on.
        case never
        /// Idle at the menu once signed in.
        case atMenu
        /// Idle at the dialogue's first question.
        case atQuestion
    }

    private let site: String
    private let code: String
    private let name: String
    private let dialogue: String
    private let stop: Stop
    /// Shared by every connection of the run.
    private let asks: AskCache
    private(set) var phase = Phase.signingIn
    /// Whether any JSON line has come yet: the human greeting before `/json` is skipped.
    private var jsonSeen = false
    /// The question answered last, to answer again differently when refused.
    private var current: Ask?
    private var attempt = 0
    /// The answer in flight is the menu's or the resume offer's: its `accepted` is not a stored answer.
    private var answeringNavigation = false
    /// Yes/no questions answered yes this round (answered no the next time).
    private var saidYes: Set<String> = []
    private var holding = false

    static let refusalsBeforeGivingUp = 3

    init(site: String, code: String, name: String, dialogue: String, stop: Stop = .never, asks: AskCache) {
        (self.site, self.code, self.name, self.dialogue, self.stop, self.asks) = (site, code, name, dialogue, stop, asks)
    }

    func begin() -> LineOutcome {
        LineOutcome(send: Array("/json\n".utf8))
    }

    func handle(line raw: UnsafeRawBufferPointer) -> LineOutcome {
        var line = raw
        // Human mode ends its last line with the prompt "> " and no newline; the first JSON
        // line follows it on the same line.
        while line.starts(with: "> ") { line = UnsafeRawBufferPointer(rebasing: line[2...]) }
        guard line.starts(with: "{") else {
            return LineOutcome(unexpected: jsonSeen)
        }
        jsonSeen = true
        if line.starts(with: #"{"type":"ask""#) { return ask(line) }
        if line.starts(with: #"{"type":"accepted""#) {
            return LineOutcome(accepted: !answeringNavigation && phase == .dialogue)
        }
        if line.starts(with: #"{"type":"say""#) || line.starts(with: #"{"type":"document""#) || line.starts(with: #"{"type":"skipped""#) {
            return LineOutcome()
        }
        if line.starts(with: #"{"type":"done""#) {
            phase = .menu
            current = nil
            return LineOutcome(endsTurn: true)
        }
        if line.starts(with: #"{"type":"error""#) { return refused() }
        // `closing` (idle timeout, shutdown) or anything else.
        return LineOutcome(unexpected: true, fatal: line.starts(with: #"{"type":"closing""#))
    }

    private func refused() -> LineOutcome {
        attempt += 1
        guard phase != .signingIn, !answeringNavigation, let current, attempt < Self.refusalsBeforeGivingUp else {
            return LineOutcome(refused: true, fatal: true)
        }
        return LineOutcome(refused: true, send: answerLine(current.id, answer(current)))
    }

    private func ask(_ line: UnsafeRawBufferPointer) -> LineOutcome {
        guard let ask = asks.ask(line) else {
            return LineOutcome(unexpected: true, fatal: true)
        }
        current = ask
        attempt = 0
        switch phase {
        case .signingIn:
            switch ask.id {
            case "site": return LineOutcome(send: answerLine("site", site))
            case "code": return LineOutcome(send: answerLine("code", code))
            case "name": return LineOutcome(send: answerLine("name", name))
            case "dialogue":
                return menu(afterSignIn: true)
            default: return LineOutcome(unexpected: true, fatal: true)
            }
        case .menu:
            return menu(afterSignIn: false)
        case .dialogue:
            if ask.id == "resume" && ask.kind == "yes_no" {
                answeringNavigation = true
                return LineOutcome(endsTurn: true, send: answerLine("resume", "no"))
            }
            answeringNavigation = false
            if stop == .atQuestion && !holding {
                holding = true
                return LineOutcome(endsTurn: true, ready: true)
            }
            return LineOutcome(endsTurn: true, send: answerLine(ask.id, answer(ask)))
        }
    }

    /// The menu: a new round starts by choosing the dialogue (its first turn). Right after
    /// sign-in the loop holds the choice until every connection is signed in.
    private func menu(afterSignIn: Bool) -> LineOutcome {
        phase = .dialogue
        saidYes.removeAll(keepingCapacity: true)
        answeringNavigation = true
        let pick = answerLine("dialogue", dialogue)
        guard afterSignIn else { return LineOutcome(send: pick) }
        switch stop {
        case .never: return LineOutcome(ready: true, send: pick)
        case .atMenu:
            phase = .menu
            return LineOutcome(ready: true)
        case .atQuestion: return LineOutcome(send: pick)
        }
    }

    private func answer(_ ask: Ask) -> String {
        let text = ask.answer(attempt: attempt, saidYes: saidYes.contains(ask.id))
        if ask.kind == "yes_no" && text == "yes" { saidYes.insert(ask.id) }
        return text
    }

    /// `{"answer":TEXT,"id":ID}` and a newline: with the id, an answer meant for another
    /// question is refused (`wrong_question`) rather than taken silently.
    private func answerLine(_ id: String, _ text: String) -> [UInt8] {
        var bytes = Array(JSON.encode(.object([(key: "answer", value: .string(text)), (key: "id", value: .string(id))])).utf8)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
