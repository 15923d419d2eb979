import Glibc
import TrellisChat

/// Standard input as lines, under the same framing rules as the TCP server: LF or CRLF,
/// valid UTF-8 only, no NUL or control characters, a bound on length (`ChatCommand.maxLine`).
struct StandardInput {
    private var framer: LineFramer
    private var pending: [LineFramer.Frame] = []
    private var ended = false
    /// One read buffer for the whole run.
    private var buffer = [UInt8](repeating: 0, count: 65536)

    init(maxLine: Int) {
        framer = LineFramer(maxLine: maxLine)
    }

    /// The next line (or framing problem), nil at the end of input.
    mutating func next() -> LineFramer.Frame? {
        while pending.isEmpty {
            if ended { return nil }
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                ended = true
                if let last = framer.end() { pending.append(last) }
            } else {
                pending += framer.feed(Array(buffer[0..<count]))
            }
        }
        return pending.removeFirst()
    }
}
