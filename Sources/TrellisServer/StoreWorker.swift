import Foundation
import TrellisChat
import TrellisLanguage
import TrellisStore

/// A thread with its own store connection, so disk syncs and password hashing never stall
/// the event loop.
///
/// The loop posts jobs; the worker takes every job waiting, commits all pending answers in
/// one transaction (group commit: one sync for many sessions), checks codes and loads
/// profiles, then posts the results back and wakes the loop through an eventfd. Each
/// session waits for its own result before its next question goes out. The server runs
/// two: one for commits, one for sign-ins (a yescrypt check takes milliseconds, and must
/// not hold up everyone's answers); SQLite's WAL lets them read and write side by side.
final class StoreWorker: @unchecked Sendable {
    enum Job {
        case verify(connection: Int, site: SiteID, code: String)
        case load(connection: Int, site: SiteID, person: String)
        case persist(connection: Int, record: Store.Record)
    }

    enum Result {
        case verified(connection: Int, ok: Bool)
        case loaded(connection: Int, profile: Value, sessions: [String: ResumePoint])
        case persisted(connection: Int, error: String?)
        case failed(connection: Int, message: String)

        var connection: Int {
            switch self {
            case .verified(let c, _), .loaded(let c, _, _), .persisted(let c, _), .failed(let c, _): return c
            }
        }
    }

    private let store: Store
    private let notifier: Notifier
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var results: [Result] = []
    private var stopping = false
    private var busy = false
    private var thread: Thread?
    /// Answers committed and transactions used, for the log and the benchmark.
    private(set) var committed = 0
    private(set) var transactions = 0

    private let name: String

    init(name: String, store: Store, notifier: Notifier) {
        self.name = name
        self.store = store
        self.notifier = notifier
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "trellis-\(name)"
        self.thread = thread
        thread.start()
    }

    func post(_ job: Job) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// The results ready since the last call.
    func takeResults() -> [Result] {
        condition.lock()
        defer { condition.unlock() }
        let ready = results
        results = []
        return ready
    }

    /// True while jobs are queued or being worked on.
    var hasWork: Bool {
        condition.lock()
        defer { condition.unlock() }
        return busy || !jobs.isEmpty
    }

    /// Finishes the queued jobs, then ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        while thread?.isFinished == false { usleep(1000) }
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs = []
            busy = true
            condition.unlock()

            let done = work(batch)

            condition.lock()
            results += done
            busy = false
            condition.unlock()
            notifier.notify()
        }
    }

    private func work(_ batch: [Job]) -> [Result] {
        var done: [Result] = []
        var commits: [(connection: Int, record: Store.Record)] = []
        for job in batch {
            switch job {
            case .persist(let connection, let record): commits.append((connection, record))
            case .verify(let connection, let site, let code):
                do { done.append(.verified(connection: connection, ok: try store.verifyCode(site, code: code))) } catch {
                    done.append(.failed(connection: connection, message: "\(error)"))
                }
            case .load(let connection, let site, let person):
                do {
                    let profile = try store.profile(site)
                    var sessions: [String: ResumePoint] = [:]
                    for session in try store.openSessions(site: site, person: person) {
                        sessions[session.dialogue] = ResumePoint(log: session.log, question: session.question, initialProfile: session.initialProfile)
                    }
                    done.append(.loaded(connection: connection, profile: profile, sessions: sessions))
                } catch {
                    done.append(.failed(connection: connection, message: "\(error)"))
                }
            }
        }
        guard !commits.isEmpty else { return done }
        do {
            try store.record(commits.map(\.record))
            transactions += 1
            committed += commits.count
            done += commits.map { .persisted(connection: $0.connection, error: nil) }
        } catch {
            // One bad record must not sink the others: commit them one by one.
            for commit in commits {
                do {
                    try store.record([commit.record])
                    transactions += 1
                    committed += 1
                    done.append(.persisted(connection: commit.connection, error: nil))
                } catch {
                    done.append(.persisted(connection: commit.connection, error: "\(error)"))
                }
            }
        }
        return done
    }
}
