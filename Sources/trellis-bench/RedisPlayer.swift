// `--mode redis-ping` and `redis-set`: the same loop against Redis, one inline command in flight.

final class RedisPlayer: LoadPlayer {
    private let set: Bool
    private let prefix: [UInt8]
    private var counter = 0
    /// 40 bytes, the value every SET writes.
    private static let value = Array(" 0123456789abcdefghijklmnopqrstuvwxyzABCD\r\n".utf8)
    private static let ping = Array("PING\r\n".utf8)

    init(set: Bool, connection: Int) {
        self.set = set
        prefix = Array("SET key:\(connection):".utf8)
    }

    private func command() -> [UInt8] {
        guard set else { return Self.ping }
        counter += 1
        var line = prefix
        line.reserveCapacity(prefix.count + 64)
        appendDecimal(counter, to: &line)
        line += Self.value
        return line
    }

    func begin() -> LineOutcome {
        LineOutcome(ready: true, send: command())
    }

    func handle(line: UnsafeRawBufferPointer) -> LineOutcome {
        var outcome = LineOutcome(endsTurn: true, send: command())
        if line.starts(with: "+") {
            outcome.accepted = true
        } else if line.starts(with: "-") {
            outcome.refused = true
        } else {
            outcome.unexpected = true
        }
        return outcome
    }
}

/// Appends `value`'s decimal digits without building a String.
func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var rest = value, count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
        repeat {
            buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            count += 1
        } while rest > 0 && count < buffer.count
        for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
    }
}
