import TrellisChat
import TrellisSession

/// One client socket: its framing state, its session, and the output not yet written.
final class Connection {
    let id: Int
    let fd: Int32
    let peer: String
    var framer: LineFramer
    /// The person's session; only `SessionReducer.reduce` changes it.
    var session: SessionState
    /// The dialogue this connection owns (`Server.owners` key), if any.
    var owns: String?
    /// Lines framed from what was read but not yet handed to the session, from `inboxStart` on
    /// (at most one read's worth: the socket is not read again until they are handled).
    var inbox: [LineFramer.Frame] = []
    private var inboxStart = 0
    /// Bytes waiting to be written, from `outputStart` on.
    private(set) var output: [UInt8] = []
    private var outputStart = 0
    var lastActivity: UInt64
    /// Set once the connection should close after its output is written.
    var closing = false
    var closeReason = ""
    /// The readiness events currently requested from epoll.
    var interest: Epoll.Events = .readable

    init(id: Int, fd: Int32, peer: String, maxLine: Int, session: SessionState, now: UInt64) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.framer = LineFramer(maxLine: maxLine)
        self.session = session
        self.lastActivity = now
    }

    var pendingBytes: Int { output.count - outputStart }

    var hasInbox: Bool { inboxStart < inbox.count }

    /// The next framed line to handle, if any.
    func nextFrame() -> LineFramer.Frame? {
        guard inboxStart < inbox.count else { return nil }
        let frame = inbox[inboxStart]
        inboxStart += 1
        if inboxStart == inbox.count {
            inbox.removeAll()
            inboxStart = 0
        }
        return frame
    }

    /// The client's address without its port: what sign-in limits count by.
    var address: String { Connection.address(of: peer) }

    static func address(of peer: String) -> String {
        guard let colon = peer.lastIndex(of: ":") else { return peer }
        return String(peer[..<colon])
    }

    /// Whether the client was asked not to echo what it types (`IAC WILL ECHO`: the server
    /// says it will echo, and then does not).
    private var inputHidden = false

    /// Telnet ECHO negotiation, so a telnet client hides an access code as it is typed. A raw
    /// client such as `nc` shows the three bytes of the offer once and carries on; the offer is
    /// taken back (`IAC WONT ECHO`) only from a client that answered it, so `nc` sees no more.
    func hideInput(_ hide: Bool) {
        guard hide != inputHidden else { return }
        if hide {
            output.append(contentsOf: [0xFF, 0xFB, 0x01])
        } else if framer.sawTelnetCommand {
            output.append(contentsOf: [0xFF, 0xFC, 0x01])
        }
        inputHidden = hide
    }

    /// Whether `IAC DO NAWS` was sent: once, to a client that has shown it speaks telnet (never
    /// to `nc`, which would print the bytes).
    private var askedWindowSize = false
    /// The width last handed to the session, so a report of the same size is not handed again.
    private var reportedWidth: Int?

    /// After a read: asks a telnet client for its window size once it has shown it is one, and
    /// returns a width it has newly reported, for the session to wrap to.
    func windowWidthNews() -> Int? {
        if framer.sawTelnetCommand && !askedWindowSize {
            askedWindowSize = true
            output.append(contentsOf: [0xFF, 0xFD, TelnetFilter.naws])
        }
        guard let width = framer.telnet.windowWidth, width != reportedWidth else { return nil }
        reportedWidth = width
        return width
    }

    func enqueue(_ text: String) {
        // While echoing is offered to a telnet client, its terminal no longer turns a bare LF
        // into a new line at the left edge: send the CR too, as telnet's NVT expects. (The
        // prompt goes out before the client can answer the offer, so this cannot wait for
        // its answer; a raw client sees CR LF on those lines, which terminals read the same.)
        guard inputHidden else {
            output.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 {
            if byte == 0x0A { output.append(0x0D) }
            output.append(byte)
        }
    }

    /// Writes what the socket takes now. Returns false when the peer is gone.
    func flush() -> Bool {
        while pendingBytes > 0 {
            guard let written = Socket.write(fd, output[outputStart...]) else { return false }
            if written == 0 { break }
            outputStart += written
        }
        if outputStart == output.count {
            // All written: an idle connection keeps no buffer (the largest reply's capacity,
            // kept, was most of an idle session's memory).
            output = []
            outputStart = 0
        } else if outputStart > 65536 {
            output.removeFirst(outputStart)
            outputStart = 0
        }
        return true
    }
}
