/// Runs a session's effects in line, one after another, against a persistence (or none): the
/// runner for standard input, and for tests that drive a whole conversation. Each store call's
/// result is fed straight back as the session's next input; there is no queue and no thread.
public struct InlineRunner {
    public private(set) var state: SessionState
    let store: (any SessionPersistence)?

    public init(_ state: SessionState, store: (any SessionPersistence)?) {
        self.state = state
        self.store = store
    }

    /// Feeds `input` and everything its effects lead to. Returns the text emitted, in order,
    /// and how the session ended if it did.
    public mutating func feed(_ input: SessionInput) -> (output: String, end: SessionEnd?) {
        var output = ""
        var end: SessionEnd?
        var pending = [input]
        while !pending.isEmpty {
            for effect in SessionReducer.reduce(&state, pending.removeFirst()) {
                switch effect {
                case .emit(let text): output += text
                case .close(let how): end = how
                case .log, .hideInput: break
                case .loadOverview:
                    pending.append(read { let (sites, today) = try $0.siteSnapshots(); return .overview(sites: sites, today: today) })
                case .delay: pending.append(.delayEnded)
                case .verify(let site, let code):
                    pending.append(read { .verified(try $0.signIn(site, code: code)) })
                case .load(let site, let person):
                    pending.append(read { .loaded(profile: try $0.profile(site), sessions: try $0.openSessions(site: site, person: person)) })
                case .open(let site, let person, let dialogue):
                    pending.append(read {
                        .opened(profile: try $0.profile(site), session: try $0.openSession(site: site, person: person, dialogue: dialogue))
                    })
                case .commit(let commit):
                    guard let store else { pending.append(.storeFailed("nothing to store answers in")); continue }
                    pending.append(.committed(store.commit([commit]).map { $0[0] }))
                }
            }
        }
        return (output, end)
    }

    private func read(_ body: (any SessionPersistence) throws -> SessionInput) -> SessionInput {
        guard let store else { return .storeFailed("nothing to read from") }
        do { return try body(store) } catch { return .storeFailed("\(error)") }
    }
}
