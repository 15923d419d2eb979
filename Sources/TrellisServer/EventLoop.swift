/// The event loop, after Redis's `ae`: one thread, one epoll set, a readiness callback per
/// descriptor and a short list of timers. Each turn it runs the `beforeSleep` hook, waits
/// until a descriptor is ready or the next timer is due, calls the callbacks, then fires
/// due timers. Nothing here blocks except `epoll_wait`.
final class EventLoop {
    private struct Timer {
        var id: Int
        var due: UInt64
        var action: () -> Void
    }

    private let epoll: Epoll
    private var handlers: [Int32: (Epoll.Events) -> Void] = [:]
    private var timers: [Timer] = []
    private var nextTimerID = 1
    private var running = false

    init() throws(SystemError) {
        epoll = try Epoll()
    }

    /// Calls `handler` whenever `fd` is ready for `events`.
    func watch(_ fd: Int32, _ events: Epoll.Events, handler: @escaping (Epoll.Events) -> Void) throws(SystemError) {
        try epoll.add(fd, events)
        handlers[fd] = handler
    }

    func change(_ fd: Int32, _ events: Epoll.Events) {
        try? epoll.modify(fd, events)
    }

    func unwatch(_ fd: Int32) {
        epoll.remove(fd)
        handlers[fd] = nil
    }

    /// Runs `action` once, `milliseconds` from now.
    @discardableResult
    func after(_ milliseconds: Int, _ action: @escaping () -> Void) -> Int {
        let id = nextTimerID
        nextTimerID += 1
        timers.append(Timer(id: id, due: Socket.now() + UInt64(max(milliseconds, 0)), action: action))
        return id
    }

    func stop() { running = false }

    /// `beforeSleep` returns true when it left work for the next turn: the loop then only
    /// polls, without waiting.
    func run(beforeSleep: () -> Bool) throws(SystemError) {
        running = true
        while running {
            let moreToDo = beforeSleep()
            guard running else { break }
            let now = Socket.now()
            let timeout = moreToDo ? 0 : timers.map(\.due).min().map { Int32(min($0 > now ? $0 - now : 0, 1000)) } ?? 1000
            for (fd, events) in try epoll.wait(timeout: timeout) {
                handlers[fd]?(events)
            }
            fireDueTimers()
        }
    }

    private func fireDueTimers() {
        let now = Socket.now()
        let due = timers.filter { $0.due <= now }
        guard !due.isEmpty else { return }
        timers.removeAll { $0.due <= now }
        for timer in due { timer.action() }
    }
}
