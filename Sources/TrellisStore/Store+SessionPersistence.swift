import TrellisLanguage
import TrellisSession

/// The store is what sessions persist to: the session module declares what it needs and never
/// imports the store.
extension Store: SessionPersistence {
    // verifyCode, profile and openSessions are Store's own (their typed throws satisfy the protocol).

    public func commit(_ commits: [Commit]) -> Result<[SessionRef], CommitFailure> {
        do {
            return .success(try commitAll(commits))
        } catch {
            if case .sessionConflict = error { return .failure(CommitFailure(message: error.description, conflict: true)) }
            return .failure(CommitFailure(message: error.description))
        }
    }
}
