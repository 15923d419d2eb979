import TrellisLanguage
import TrellisEngine

/// Renders events as the plain text a person reads in a terminal or a `nc` session:
/// numbered options, a `[step/total]` progress marker, and a hint of what each kind of
/// question accepts.
public enum HumanRenderer {
    /// The text for one event, ending with a newline; nil for events a person need not see.
    public static func render(_ event: Event) -> String? {
        switch event {
        case .say(let text):
            return text + "\n\n"
        case .ask(let prompt):
            return ask(prompt)
        case .rejected(let rejection):
            return "! \(rejection.text)\n"
        case .accepted, .saved, .skipped:
            return nil
        case .document(_, let title, let text):
            return "----- \(title) -----\n\(text)\n----- end of \(title) -----\n\n"
        case .help(let questionHelp, let commands):
            var text = ""
            if let questionHelp, !questionHelp.isEmpty { text += questionHelp + "\n\n" }
            text += "Commands:\n" + commands.map { "  \($0.command.padding(9))\($0.meaning)" }.joined(separator: "\n") + "\n"
            return text
        case .review(let items):
            if items.isEmpty { return "No answers yet.\n" }
            return "Your answers so far:\n" + items.map { "  \($0.number). \($0.prompt) \($0.answer)" }
                .joined(separator: "\n") + "\n(/edit and a number changes that answer.)\n"
        case .status(let title, let step, let total):
            return "\(title): question \(step) of about \(total).\n"
        case .restarted:
            return "Starting again from the beginning.\n\n"
        case .left:
            return "Leaving the dialogue.\n"
        case .finished:
            return "Done. Thank you!\n"
        }
    }

    static func ask(_ prompt: Prompt) -> String {
        // A lone question (the menu, signing in) needs no progress marker.
        var text = prompt.total > 1 ? "[\(prompt.step)/\(prompt.total)] " : ""
        if let group = prompt.group, let item = prompt.item, prompt.id != group { text += "(\(group) #\(item)) " }
        text += prompt.text + "\n"
        for (n, option) in prompt.options.enumerated() { text += "  \(n + 1). \(option.label)\n" }
        var hints: [String] = []
        switch prompt.kind {
        case .text: if let l = prompt.length { hints.append("\(l.lowerBound) to \(l.upperBound) characters") }
        case .longText: hints.append("several lines if you like; end with a line holding only '.'")
        case .choice: hints.append("a number or the start of a name")
        case .multipleChoice: hints.append("one or more numbers or names, separated by commas")
        case .yesNo: hints.append("yes or no")
        case .number:
            if let r = prompt.range { hints.append("a number from \(Value.format(r.lowerBound)) to \(Value.format(r.upperBound))") } else { hints.append("a number") }
        case .date: hints.append("YYYY-MM-DD")
        case .scale:
            let r = prompt.range ?? 1...5
            hints.append("\(Value.format(r.lowerBound)) to \(Value.format(r.upperBound))")
        }
        if let d = prompt.defaultDisplay ?? prompt.defaultText { hints.append("Enter for \"\(d)\"") } else if !prompt.required { hints.append("optional: Enter or /skip to leave it") }
        if !hints.isEmpty { text += "(" + hints.joined(separator: "; ") + ")\n" }
        return text
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
