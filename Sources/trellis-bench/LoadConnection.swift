// One connection of the load client: its descriptor, its player, the turn in flight, and the
// bytes of a line cut by a read.
import Glibc

final class LoadConnection {
    enum State {
        /// The non-blocking connect is under way.
        case connecting
        /// Connected and signing in (Redis: at once ready).
        case signingIn
        /// Signed in, waiting for every other connection before the first turn.
        case ready
        /// Playing turns.
        case playing
        /// No more turns (the run is stopping); left open until the end.
        case finished
        /// Closed early: refused for good, disconnected, timed out.
        case failed
    }

    let index: Int
    let fd: Int32
    let player: any LoadPlayer
    var state = State.connecting
    /// When the connect began (monotonic nanoseconds), for the sign-in time.
    let started: UInt64
    /// When the turn in flight began; 0 when none is.
    var turnStart: UInt64 = 0
    /// The first turn's line, held while the other connections sign in.
    var held: [UInt8]?
    /// Output the socket would not take yet.
    var output: [UInt8] = []
    /// The start of a line the last read cut off.
    private var carry: [UInt8] = []

    init(index: Int, fd: Int32, player: any LoadPlayer, started: UInt64) {
        (self.index, self.fd, self.player, self.started) = (index, fd, player, started)
    }

    var isOpen: Bool { state != .failed }

    /// Calls `body` with each complete line in `bytes` and what `carry` held before it, without
    /// its LF or CRLF; the bytes after the last newline are kept for the next read. Lines are
    /// found with memchr and handed over in place, never copied into a String. Returns false as
    /// soon as `body` does (the connection was closed).
    func lines(in bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        let end = bytes.count
        var start = 0
        if !carry.isEmpty {
            guard let found = memchr(base, 0x0A, end) else {
                carry.append(contentsOf: bytes)
                return true
            }
            let newline = base.distance(to: UnsafeRawPointer(found))
            carry.append(contentsOf: UnsafeRawBufferPointer(start: base, count: newline))
            let keepGoing = carry.withUnsafeBytes { body(Self.trimmed($0)) }
            carry.removeAll(keepingCapacity: true)
            guard keepGoing else { return false }
            start = newline + 1
        }
        while start < end {
            guard let found = memchr(base + start, 0x0A, end - start) else {
                carry.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: end - start))
                break
            }
            let newline = base.distance(to: UnsafeRawPointer(found))
            guard body(Self.trimmed(UnsafeRawBufferPointer(start: base + start, count: newline - start))) else { return false }
            start = newline + 1
        }
        return true
    }

    /// The line without a CR before its LF.
    private static func trimmed(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if let last = line.last, last == 0x0D { return UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        return line
    }
}
