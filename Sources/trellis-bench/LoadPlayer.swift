// What a load connection says and how it reads the replies: one player per connection.
import Glibc

/// What one line read did, for the loop to act on.
struct LineOutcome {
    /// The turn in flight ended at this line (the next `ask` or `done`; a Redis reply).
    var endsTurn = false
    /// The answer was acknowledged (an `accepted` line for a dialogue's question; a Redis reply).
    var accepted = false
    /// The server refused the input (an `error` line; a Redis `-ERR`).
    var refused = false
    /// A line the client did not expect.
    var unexpected = false
    /// Signed in and waiting at the menu (or, idle at a question, at the first question): the
    /// loop holds `send`, the first turn, until every connection is there.
    var ready = false
    /// The next line to write (a turn starts when it is written, sign-in answers aside).
    var send: [UInt8]?
    /// Nothing more can be done on this connection: close it.
    var fatal = false
}

/// One connection's side of the conversation. Lines come without their line end.
protocol LoadPlayer: AnyObject {
    /// Called once the connection is open: what to write first.
    func begin() -> LineOutcome
    func handle(line: UnsafeRawBufferPointer) -> LineOutcome
}

extension UnsafeRawBufferPointer {
    /// Whether the bytes start with `prefix`, compared as bytes.
    @inline(__always)
    func starts(with prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard count >= length, let base = baseAddress else { return false }
        return memcmp(base, prefix.utf8Start, length) == 0
    }
}
