import TrellisLanguage
import TrellisEngine

/// Renders events as JSON lines for scripts (`trellis chat --json`, `/json` over TCP).
/// Every object has a `type`; docs/protocol.md lists them all.
public enum JSONRenderer {
    /// The JSON object for the event, or nil for events not sent (`Renderer` encodes a batch
    /// of them into one buffer).
    static func object(_ event: Event, dialogue: String) -> Value? {
        switch event {
        case .say(let text):
            return .object([("type", .string("say")), ("text", .string(text))])
        case .ask(let p):
            var members: [(key: String, value: Value)] = [
                ("type", .string("ask")), ("id", .string(p.id)), ("kind", .string(p.kind.protocolName)), ("text", .string(p.text)),
            ]
            if p.kind.hasOptions {
                members.append(("options", .list(p.options.map { .object([("key", .string($0.key)), ("label", .string($0.label))]) })))
            }
            members += [("required", .bool(p.required)), ("step", .number(Double(p.step))), ("total", .number(Double(p.total)))]
            if let help = p.help { members.append(("help", .string(help))) }
            if let d = p.defaultText { members.append(("default", .string(d))) }
            if let d = p.defaultDisplay { members.append(("default_display", .string(d))) }
            if let l = p.length { members += [("min_length", .number(Double(l.lowerBound))), ("max_length", .number(Double(l.upperBound)))] }
            if let r = p.range { members += [("min", .number(r.lowerBound)), ("max", .number(r.upperBound))] }
            if let g = p.group { members.append(("group", .string(g))) }
            if let i = p.item { members.append(("item", .number(Double(i)))) }
            return .object(members)
        case .rejected(let r):
            return .object([("type", .string("error")), ("code", .string(r.code)), ("text", .string(r.text))]
                           + (r.attempt.map { [("attempt", .number(Double($0)))] } ?? []))
        case .skipped(let id):
            return .object([("type", .string("skipped")), ("id", .string(id))])
        case .accepted(let id, let value, let display):
            return .object([("type", .string("accepted")), ("id", .string(id)), ("value", value), ("display", .string(display))])
        case .saved:
            return nil
        case .document(let name, let title, let text):
            return .object([("type", .string("document")), ("name", .string(name)), ("title", .string(title)), ("text", .string(text))])
        case .help:
            return .object([("type", .string("say")), ("topic", .string("help")),
                            ("text", .string(HumanRenderer.render(event)?.trimmingBlankLines ?? ""))])
        case .review(let items):
            return .object([("type", .string("review")), ("answers", .list(items.map {
                .object([("number", .number(Double($0.number))), ("id", .string($0.questionId)), ("prompt", .string($0.prompt)), ("answer", .string($0.answer))])
            }))])
        case .status(let title, let step, let total):
            return .object([("type", .string("status")), ("dialogue", .string(dialogue)), ("title", .string(title)),
                            ("step", .number(Double(step))), ("total", .number(Double(total)))])
        case .restarted:
            return .object([("type", .string("say")), ("topic", .string("restart")), ("text", .string("Starting again from the beginning."))])
        case .left:
            return .object([("type", .string("left")), ("dialogue", .string(dialogue))])
        case .finished:
            return .object([("type", .string("done")), ("dialogue", .string(dialogue))])
        }
    }

    /// An error that is not an engine event (bad JSON, input ended), in the same shape.
    public static func error(code: String, text: String) -> String {
        JSON.encode(.object([("type", .string("error")), ("code", .string(code)), ("text", .string(text))]))
    }
}
