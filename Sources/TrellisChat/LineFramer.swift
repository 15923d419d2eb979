/// Bytes in, lines out: the framing rules of the line protocol, as a pure value, used by
/// both transports (standard input and TCP).
///
/// Lines end with LF or CRLF. A line longer than `maxLine` bytes is reported once and
/// discarded up to its newline. Telnet negotiation (IAC sequences) is taken out first. A line that
/// is not valid UTF-8, or holds NUL or other control characters, is refused, never passed on.
public struct LineFramer: Sendable {
    public enum Frame: Equatable, Sendable {
        case line(String)
        case tooLong
        case invalid(String)
    }

    public let maxLine: Int
    private var buffer: [UInt8] = []
    private var discarding = false
    /// Telnet commands are taken out before lines are split (`TelnetFilter`).
    public private(set) var telnet = TelnetFilter()
    /// Set once the client has sent a telnet command: it is a telnet client.
    public var sawTelnetCommand: Bool { telnet.sawCommand }

    public init(maxLine: Int) {
        self.maxLine = maxLine
    }

    /// The last line when input ends without a newline, if any.
    public mutating func end() -> Frame? {
        defer { buffer.removeAll() }
        guard !discarding, !buffer.isEmpty else { return nil }
        return finish()
    }

    public mutating func feed(_ bytes: [UInt8]) -> [Frame] {
        var frames: [Frame] = []
        for byte in bytes {
            guard let byte = telnet.filter(byte) else { continue }
            if byte == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    frames.append(finish())
                }
                buffer.removeAll(keepingCapacity: true)
                continue
            }
            append(byte, &frames)
        }
        return frames
    }

    private mutating func append(_ byte: UInt8, _ frames: inout [Frame]) {
        guard !discarding else { return }
        if buffer.count >= maxLine {
            discarding = true
            buffer.removeAll(keepingCapacity: true)
            frames.append(.tooLong)
            return
        }
        buffer.append(byte)
    }

    private func finish() -> Frame {
        var bytes = buffer[...]
        if bytes.last == 0x0D { bytes = bytes.dropLast() }
        // Telnet sends CR NUL for a bare carriage return.
        if bytes.last == 0x00, bytes.dropLast().last == 0x0D { bytes = bytes.dropLast(2) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .invalid("The line is not valid UTF-8 text.")
        }
        // C0 controls (but tab), DEL, and the C1 controls U+0080–U+009F (NEL among them).
        if let bad = text.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t") || (0x7F...0x9F).contains($0.value) }) {
            return .invalid(bad.value == 0 ? "The line holds a NUL byte." : "The line holds a control character (code \(bad.value)).")
        }
        return .line(text)
    }
}
