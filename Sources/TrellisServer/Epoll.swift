import CEpoll
import Glibc

/// The one thin Swift layer over Linux's readiness APIs: epoll for sockets, eventfd for
/// waking the loop from the store thread, signalfd for SIGTERM, SIGINT and SIGHUP. Each
/// type owns its descriptor and turns failures into thrown `SystemError`s.
public final class Epoll {
    public struct Events: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let readable = Events(rawValue: trellis_epollin)
        public static let writable = Events(rawValue: trellis_epollout)
        public static let error = Events(rawValue: trellis_epollerr)
        public static let hangUp = Events(rawValue: trellis_epollhup | trellis_epollrdhup)
    }

    public let fd: Int32
    private var buffer: [epoll_event]

    public init(capacity: Int = 256) throws(SystemError) {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SystemError("epoll_create1") }
        buffer = [epoll_event](repeating: epoll_event(), count: capacity)
    }

    deinit { close(fd) }

    public func add(_ descriptor: Int32, _ events: Events) throws(SystemError) {
        try control(EPOLL_CTL_ADD, descriptor, events)
    }

    public func modify(_ descriptor: Int32, _ events: Events) throws(SystemError) {
        try control(EPOLL_CTL_MOD, descriptor, events)
    }

    public func remove(_ descriptor: Int32) {
        _ = epoll_ctl(fd, EPOLL_CTL_DEL, descriptor, nil)
    }

    private func control(_ operation: Int32, _ descriptor: Int32, _ events: Events) throws(SystemError) {
        var event = epoll_event()
        event.events = events.rawValue | trellis_epollrdhup
        event.data.fd = descriptor
        guard epoll_ctl(fd, operation, descriptor, &event) == 0 else { throw SystemError("epoll_ctl") }
    }

    /// Waits up to `timeout` milliseconds (-1: forever) and returns the ready descriptors.
    public func wait(timeout: Int32) throws(SystemError) -> [(fd: Int32, events: Events)] {
        let count = buffer.withUnsafeMutableBufferPointer { epoll_wait(fd, $0.baseAddress, Int32($0.count), timeout) }
        if count < 0 {
            if errno == EINTR { return [] }
            throw SystemError("epoll_wait")
        }
        return (0..<Int(count)).map { (buffer[$0].data.fd, Events(rawValue: buffer[$0].events)) }
    }
}

/// An eventfd: another thread calls `notify()`, the loop sees the descriptor readable.
final class Notifier: @unchecked Sendable {
    let fd: Int32

    init() throws(SystemError) {
        fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw SystemError("eventfd") }
    }

    deinit { close(fd) }

    func notify() {
        var one: UInt64 = 1
        _ = write(fd, &one, 8)
    }

    /// Clears the pending count after a wake-up.
    func drain() {
        var value: UInt64 = 0
        _ = read(fd, &value, 8)
    }
}

/// Delivers SIGTERM, SIGINT and SIGHUP as readable data instead of asynchronous handlers,
/// so the loop handles them between events like any other input.
final class SignalChannel {
    let fd: Int32

    /// Blocks the signals for this thread and those it starts later, and opens the channel.
    /// Call before starting any thread.
    init(_ signals: [Int32]) throws(SystemError) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        guard pthread_sigmask(SIG_BLOCK, &set, nil) == 0 else { throw SystemError("pthread_sigmask") }
        fd = signalfd(-1, &set, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
        guard fd >= 0 else { throw SystemError("signalfd") }
    }

    deinit { close(fd) }

    /// The signals received since the last call.
    func received() -> [Int32] {
        var found: [Int32] = []
        var info = signalfd_siginfo()
        while read(fd, &info, MemoryLayout<signalfd_siginfo>.size) == MemoryLayout<signalfd_siginfo>.size {
            found.append(Int32(info.ssi_signo))
        }
        return found
    }
}

/// A failed system call, with its name and `errno`.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    public let call: String
    public let code: Int32

    init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    public var description: String { "\(call) failed: \(String(cString: strerror(code))) (errno \(code))" }
}
