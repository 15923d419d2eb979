import TrellisLanguage
@testable import TrellisSession

/// A store in memory for tests of the session layer: the same promises as `TrellisStore.Store`
/// (steps appended, one open session per person and dialogue, stale writers refused, all or
/// nothing per call), without SQLite. The real store has its own tests.
final class MemoryPersistence: SessionPersistence {
    var codes: [String: String] = [:]
    /// Personal codes: code → who it signs in.
    var people: [String: Identity] = [:]
    var profiles: [String: Value] = [:]
    var sessions: [(site: String, session: StoredSession)] = []
    /// Every write applied, in order, as the store's history would hold them.
    var writes: [ProfileWrite] = []
    /// When set, the next commit fails with this.
    var failNext: CommitFailure?
    var commits = 0

    init(profile: Value = .object([]), site: String = "demo") {
        profiles[site] = profile
    }

    func signIn(_ site: SiteID, code: String) throws -> Identity? {
        if let person = people[code] { return person }
        return codes[site.rawValue] == code ? .siteCode : nil
    }

    func profile(_ site: SiteID) throws -> Value { profiles[site.rawValue] ?? .object([]) }

    func siteSnapshots() throws -> (sites: [SiteSnapshot], today: String) {
        (profiles.keys.sorted().map { SiteSnapshot(id: $0, name: $0, profile: profiles[$0]!, lastActivity: "") }, "2026-12-01")
    }

    func openSessions(site: SiteID, person: String) throws -> [StoredSession] {
        sessions.filter { $0.site == site.rawValue && $0.session.person == person && $0.session.status == .open }.map(\.session).reversed()
    }

    func commit(_ commits: [Commit]) -> Result<[SessionRef], CommitFailure> {
        if let failure = failNext {
            failNext = nil
            return .failure(failure)
        }
        let saved = (sessions, profiles, writes)
        var refs: [SessionRef] = []
        for commit in commits {
            guard let ref = append(commit) else {
                (sessions, profiles, writes) = saved
                return .failure(CommitFailure(message: "the \(commit.dialogue) session moved on", conflict: true))
            }
            refs.append(ref)
        }
        self.commits += commits.count
        return .success(refs)
    }

    private func index(_ id: Int64) -> Int? { sessions.firstIndex { $0.session.id == id } }

    private func append(_ commit: Commit) -> SessionRef? {
        let site = commit.site.rawValue
        var at: Int
        switch commit.target {
        case .existing(let ref):
            guard let i = index(ref.id), sessions[i].session.status == .open, sessions[i].session.steps.count == ref.steps else { return nil }
            at = i
        case .new(let initial, let replacing):
            if let replacing {
                guard let i = index(replacing.id), sessions[i].session.status == .open, sessions[i].session.steps.count == replacing.steps else { return nil }
                sessions[i].session.steps.append(SessionStep(kind: .abandon))
                sessions[i].session.status = .abandoned
            }
            if sessions.contains(where: { $0.site == site && $0.session.person == commit.person && $0.session.dialogue == commit.dialogue && $0.session.status == .open }) {
                return nil
            }
            sessions.append((site, StoredSession(id: Int64(sessions.count + 1), person: commit.person, dialogue: commit.dialogue,
                                                 initialProfile: initial, steps: [], status: .open, waitingOn: nil)))
            at = sessions.count - 1
        }
        sessions[at].session.steps += commit.steps
        sessions[at].session.waitingOn = commit.waitingOn
        if commit.finished { sessions[at].session.status = .finished }
        var profile = profiles[site] ?? .object([])
        for write in commit.writes {
            profile = write.value.map { profile.setting($0, at: write.path) } ?? profile.removing(at: write.path)
        }
        profiles[site] = profile
        writes += commit.writes
        return SessionRef(id: sessions[at].session.id, steps: sessions[at].session.steps.count)
    }
}
