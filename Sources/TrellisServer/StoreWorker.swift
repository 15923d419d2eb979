import Foundation
import TrellisSession
import TrellisLanguage
import TrellisStore

/// A thread with its own store connection, so disk syncs and password hashing never stall
/// the event loop.
///
/// The loop posts jobs; the worker takes every job waiting, commits all pending answers in
/// one transaction (group commit: one sync for many sessions), checks codes and loads
/// profiles and opens dialogues, then posts the results back (as session inputs) and wakes
/// the loop through an eventfd. Each session waits for its own result before its next
/// question goes out. The server runs
/// two: one for commits, one for sign-ins (a yescrypt check takes milliseconds, and must
/// not hold up everyone's answers); SQLite's WAL lets them read and write side by side.
final class StoreWorker: @unchecked Sendable {
    enum Job {
        case verify(connection: Int, site: SiteID, code: String)
        case overview(connection: Int)
        case load(connection: Int, site: SiteID, person: String)
        case open(connection: Int, site: SiteID, person: String, dialogue: String)
        case commit(connection: Int, commit: Commit)
    }

    /// A job's result, as the session input it becomes.
    struct Result {
        var connection: Int
        var input: SessionInput
        var failed: String?
    }

    private let store: any SessionPersistence
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

    init(name: String, store: any SessionPersistence, notifier: Notifier) {
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
        // Commits first, in one transaction, so a dialogue opened in the same batch (or after)
        // reads every answer committed before it was asked for.
        var commits: [(connection: Int, commit: Commit)] = []
        for case .commit(let connection, let commit) in batch { commits.append((connection, commit)) }
        if !commits.isEmpty { done += commitAll(commits) }
        for job in batch {
            switch job {
            case .commit: continue
            case .verify(let connection, let site, let code):
                done.append(read(connection) { .verified(try store.signIn(site, code: code)) })
            case .overview(let connection):
                done.append(read(connection) { let (sites, today) = try store.siteSnapshots(); return .overview(sites: sites, today: today) })
            case .load(let connection, let site, let person):
                done.append(read(connection) { .loaded(profile: try store.profile(site), sessions: try store.openSessions(site: site, person: person)) })
            case .open(let connection, let site, let person, let dialogue):
                done.append(read(connection) {
                    .opened(profile: try store.profile(site), session: try store.openSession(site: site, person: person, dialogue: dialogue))
                })
            }
        }
        return done
    }

    private func read(_ connection: Int, _ body: () throws -> SessionInput) -> Result {
        do { return Result(connection: connection, input: try body()) } catch {
            return Result(connection: connection, input: .storeFailed("\(error)"), failed: "\(error)")
        }
    }

    /// Group commit; if the batch fails, one bad commit must not sink the others: they are
    /// committed one by one.
    private func commitAll(_ commits: [(connection: Int, commit: Commit)]) -> [Result] {
        switch store.commit(commits.map(\.commit)) {
        case .success(let sessions):
            transactions += 1
            committed += commits.count
            return zip(commits, sessions).map { Result(connection: $0.0.connection, input: .committed(.success($0.1))) }
        case .failure where commits.count > 1:
            return commits.flatMap { commitAll([$0]) }
        case .failure(let failure):
            return [Result(connection: commits[0].connection, input: .committed(.failure(failure)))]
        }
    }
}
