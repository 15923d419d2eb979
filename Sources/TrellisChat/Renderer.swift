import TrellisLanguage
import TrellisEngine

/// Turns a batch of events into the text a transport writes: plain text for people, JSON
/// lines for scripts. Every transport and the golden transcripts use this one function, so
/// what the tests compare is exactly what people see.
public struct Renderer: Sendable {
    public enum Mode: String, Sendable {
        case human, json
    }

    public var mode: Mode
    /// Human text is wrapped to this many columns (nil: not wrapped). Documents never are: they
    /// are Markdown to copy whole, and a table row must stay one line.
    public var width: Int?

    public static let defaultWidth = 80

    public init(_ mode: Mode, width: Int? = nil) {
        self.mode = mode
        self.width = width
    }

    public func render(_ events: [Event], dialogue: String) -> String {
        if mode == .json {
            // One byte buffer for the whole batch, made a String once.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1024)
            for event in events {
                guard let object = JSONRenderer.object(event, dialogue: dialogue) else { continue }
                JSON.encode(object, into: &bytes)
                bytes.append(0x0A)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var text = ""
        for event in events {
            guard let rendered = HumanRenderer.render(event) else { continue }
            if let width, !event.isDocument {
                text += TextWrap.wrap(rendered, width: width)
            } else {
                text += rendered
            }
        }
        return text
    }
}

extension Event {
    var isDocument: Bool {
        if case .document = self { return true }
        return false
    }
}
