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
    /// Every site of the store as it stands, for the program's overview, with today's date
    /// (`YYYY-MM-DD`, by the store's clock) to judge overdue actions by.
    func siteSnapshots() throws -> (sites: [SiteSnapshot], today: String)
    /// The site's profile as it stands.
    func profile(_ site: SiteID) throws -> Value
    /// The person's open sessions at the site (at most one per dialogue), most recent first.
    func openSessions(site: SiteID, person: String) throws -> [StoredSession]
    /// Stores several commits in one transaction (group commit): all of them, or none and the
    /// reason. A commit whose session moved on since it was read fails with `conflict`.
    func commit(_ commits: [Commit]) -> Result<[SessionRef], CommitFailure>
}

/// One site as the program's overview reads it.
public struct SiteSnapshot: Sendable {
    public var id: String
    public var name: String
    public var profile: Value
    /// When an answer was last stored there (ISO 8601), empty when never.
    public var lastActivity: String

    public init(id: String, name: String, profile: Value, lastActivity: String) {
        self.id = id
        self.name = name
        self.profile = profile
        self.lastActivity = lastActivity
    }
}

extension SessionPersistence {
    /// The person's open session of `dialogue`, if any.
    public func openSession(site: SiteID, person: String, dialogue: String) throws -> StoredSession? {
        try openSessions(site: site, person: person).first { $0.dialogue == dialogue }
    }
}
