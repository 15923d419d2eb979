import TrellisLanguage

/// What a conversation needs from storage, declared here so the session module never imports
/// a store: `TrellisStore.Store` conforms, and so can an in-memory double in tests.
///
/// Every call is synchronous and is made from one thread at a time; the TCP server makes them
/// on its store threads, standard input in line.
public protocol SessionPersistence: AnyObject {
    /// Who `code` signs in at the site: the holder of a personal code, or a coordinator with the
    /// site's shared code; nil for a wrong code or an unknown site.
    func signIn(_ site: SiteID, code: String) throws -> Identity?
    /// The site's profile as it stands.
    func profile(_ site: SiteID) throws -> Value
    /// The person's open sessions at the site (at most one per dialogue), most recent first.
    func openSessions(site: SiteID, person: String) throws -> [StoredSession]
    /// Stores several commits in one transaction (group commit): all of them, or none and the
    /// reason. A commit whose session moved on since it was read fails with `conflict`.
    func commit(_ commits: [Commit]) -> Result<[SessionRef], CommitFailure>
}

extension SessionPersistence {
    /// The person's open session of `dialogue`, if any.
    public func openSession(site: SiteID, person: String, dialogue: String) throws -> StoredSession? {
        try openSessions(site: site, person: person).first { $0.dialogue == dialogue }
    }
}
