import TrellisEngine

/// Turns a batch of events into the text a transport writes: plain text for people, JSON
/// lines for scripts. Every transport and the golden transcripts use this one function, so
/// what the tests compare is exactly what people see.
public struct Renderer: Sendable {
    public enum Mode: String, Sendable {
        case human, json
    }

    public var mode: Mode

    public init(_ mode: Mode) { self.mode = mode }

    public func render(_ events: [Event], dialogue: String) -> String {
        var text = ""
        for event in events {
            switch mode {
            case .json:
                if let line = JSONRenderer.render(event, dialogue: dialogue) { text += line + "\n" }
            case .human:
                if let rendered = HumanRenderer.render(event) { text += rendered }
            }
        }
        return text
    }
}
