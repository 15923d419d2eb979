/// The telnet layer of the line protocol, one byte at a time: commands (IAC sequences) are
/// taken out of the data, `IAC IAC` is a literal 255, and of the subnegotiations only the
/// window size (NAWS, RFC 1073) is read; every other is skipped. A raw client such as `nc`
/// never sends IAC, so for it this passes every byte through.
///
/// Its limit: a subnegotiation's bytes are kept only up to `maxSubnegotiation`; a longer one is
/// skipped to its end without being kept, so a client cannot make it grow.
public struct TelnetFilter: Sendable {
    static let iac: UInt8 = 0xFF, sb: UInt8 = 0xFA, se: UInt8 = 0xF0
    static let will: UInt8 = 0xFB, dont: UInt8 = 0xFE
    /// NAWS: Negotiate About Window Size.
    public static let naws: UInt8 = 31
    static let maxSubnegotiation = 16

    enum State: Sendable {
        case data, command, option, subnegotiation, subnegotiationCommand
    }

    var state = State.data
    var subnegotiation: [UInt8] = []
    var subnegotiationOverflow = false
    /// Set once the client has sent a telnet command (an answer to the server's `IAC WILL
    /// ECHO`, say): it is a telnet client, which understands option negotiation.
    public private(set) var sawCommand = false
    /// The window's width in columns as the client last reported it (NAWS), if it has.
    public private(set) var windowWidth: Int?

    public init() {}

    /// The data byte this byte gives, or nil when it belongs to a telnet command.
    public mutating func filter(_ byte: UInt8) -> UInt8? {
        switch state {
        case .data:
            if byte == Self.iac { state = .command; return nil }
            return byte
        case .command:
            switch byte {
            case Self.will...Self.dont: state = .option; sawCommand = true // WILL, WONT, DO, DONT + option byte
            case Self.sb:
                state = .subnegotiation
                subnegotiation.removeAll(keepingCapacity: true)
                subnegotiationOverflow = false
            case Self.iac: state = .data; return Self.iac                  // IAC IAC: a literal 255
            default: state = .data                                         // a two-byte command
            }
            return nil
        case .option:
            state = .data
            return nil
        case .subnegotiation:
            if byte == Self.iac { state = .subnegotiationCommand } else { keep(byte) }
            return nil
        case .subnegotiationCommand:
            switch byte {
            case Self.se:
                state = .data
                sawCommand = true
                finishSubnegotiation()
            case Self.iac:
                state = .subnegotiation
                keep(Self.iac)                                             // IAC IAC inside: a 255
            default:
                state = .subnegotiation
            }
            return nil
        }
    }

    mutating func keep(_ byte: UInt8) {
        guard subnegotiation.count < Self.maxSubnegotiation else {
            subnegotiationOverflow = true
            return
        }
        subnegotiation.append(byte)
    }

    /// `SB NAWS width(2 bytes) height(2 bytes) SE`; a width of 0 means the client does not know.
    mutating func finishSubnegotiation() {
        guard !subnegotiationOverflow, subnegotiation.count == 5, subnegotiation[0] == Self.naws else { return }
        let width = Int(subnegotiation[1]) << 8 | Int(subnegotiation[2])
        if width > 0 { windowWidth = width }
    }
}
