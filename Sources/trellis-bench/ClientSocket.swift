// The client's side of a TCP connection: a non-blocking connect and the reads into one buffer.
// Writing and closing are TrellisServer's `Socket.write` and `Socket.close`.
import Glibc
import TrellisServer

enum ClientSocket {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Resolves `host` (a numeric IPv4 or IPv6 address, or a name) once for every connection.
    static func address(host: String, port: UInt16) throws(Failure) -> (storage: sockaddr_storage, length: socklen_t, family: Int32) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: Int(first.pointee.ai_addrlen)))
        }
        return (storage, first.pointee.ai_addrlen, first.pointee.ai_family)
    }

    /// Starts connecting without blocking, with TCP_NODELAY (one small line per turn must not
    /// wait for Nagle). Returns the descriptor; it turns writable once connected.
    static func connect(_ address: (storage: sockaddr_storage, length: socklen_t, family: Int32)) throws(Failure) -> Int32 {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        var storage = address.storage
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        if result != 0 && errno != EINPROGRESS {
            let error = Failure(description: "connect: \(String(cString: strerror(errno)))")
            Socket.close(fd)
            throw error
        }
        return fd
    }

    /// The outcome of a non-blocking connect, once the descriptor is writable: 0 when connected.
    static func pendingError(_ fd: Int32) -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return errno }
        return error
    }

    enum ReadResult {
        case bytes(Int)
        case wouldBlock
        case closed
    }

    /// Reads into the caller's one buffer, which is reused for every read of every connection.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
        if count > 0 { return .bytes(count) }
        if count == 0 { return .closed }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock }
        return .closed
    }
}
