import TrellisLanguage
import TrellisSession

/// The store is what sessions persist to: the session module declares what it needs and never
/// imports the store.
extension Store: SessionPersistence {
    // signIn, profile and openSessions are Store's own (their typed throws satisfy the protocol).

    public func siteSnapshots() throws -> (sites: [SiteSnapshot], today: String) {
        var snapshots: [SiteSnapshot] = []
        for site in try sites() {
            guard let id = SiteID(site.id) else { continue }
            snapshots.append(SiteSnapshot(id: site.id, name: site.name, profile: try profile(id), lastActivity: try lastActivity(id) ?? ""))
        }
        return (snapshots, String(clock().prefix(10)))
    }

    public func commit(_ commits: [Commit]) -> Result<[SessionRef], CommitFailure> {
        do {
            return .success(try commitAll(commits))
        } catch {
            if case .sessionConflict = error { return .failure(CommitFailure(message: error.description, conflict: true)) }
            return .failure(CommitFailure(message: error.description))
        }
    }
}
