import Foundation
import TrellisLanguage

/// Site profiles that last: one SQLite database in the data folder, in WAL mode with full
/// sync, holding every answer as an event (who, when, which dialogue and question, and the
/// value it replaced), the profile as the current view of those events, resumable
/// sessions, and hashed access codes.
///
/// Every write is one transaction, committed before the caller shows the next question.
/// A `Store` is used from one thread at a time.
public final class Store {
    public static let fileName = "trellis.sqlite"
    /// Written into the file header (`PRAGMA application_id`) so a foreign SQLite file is recognised.
    public static let applicationID: Int64 = 0x5472_6C73
    public static var schemaVersion: Int { Migrations.latest }

    public let path: String
    let db: SQLite
    let clock: @Sendable () -> String

    /// Opens the store in `folder`, creating the folder and database on first use and running
    /// any pending migrations. Refuses a file that is not a Trellis database, or is from a
    /// newer version, and never alters it.
    public init(folder: String, busyTimeoutMilliseconds: Int32 = 5000,
                clock: @escaping @Sendable () -> String = Store.now) throws(StoreError) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: folder, reason: "the folder cannot be created")
        }
        path = (folder as NSString).appendingPathComponent(Store.fileName)
        self.clock = clock
        // No peeking at the file with an fd of our own: closing any descriptor on a database
        // file drops every POSIX lock this process holds on it, and SQLite relies on those
        // locks to know another connection (the server's other store thread) is alive. SQLite
        // itself refuses a file that is not a database (SQLITE_NOTADB) without writing to it.
        do {
            db = try SQLite(path: path)
        } catch {
            throw StoreError.opening(error, path: path)
        }
        db.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        do {
            try prepare()
        } catch {
            throw StoreError.opening(error, path: path)
        }
    }

    /// ISO 8601 UTC time with milliseconds, the form history is kept in.
    @Sendable public static func now() -> String { Timestamp.now() }

    func prepare() throws {
        let tables = try db.query("SELECT count(*) FROM sqlite_master").first?.first?.integer ?? 0
        let application = try db.query("PRAGMA application_id").first?.first?.integer ?? 0
        let version = Int(try db.query("PRAGMA user_version").first?.first?.integer ?? 0)
        if (tables > 0 || application != 0) && application != Store.applicationID {
            throw StoreError.notTrellisDatabase(path: path, reason: "it is another program's SQLite database")
        }
        if version > Migrations.latest {
            throw StoreError.newerSchema(path: path, found: version, supported: Migrations.latest)
        }
        try db.execute("PRAGMA journal_mode = WAL")
        try db.execute("PRAGMA synchronous = FULL")
        try db.execute("PRAGMA foreign_keys = ON")
        try migrate(from: version, to: Migrations.latest)
    }

    /// Runs migration steps `from+1 … to`, each with its version bump in one transaction.
    func migrate(from version: Int, to target: Int) throws {
        guard version < target else { return }
        for step in version..<target {
            try db.transaction {
                if step == 0 { try db.execute("PRAGMA application_id = \(Store.applicationID)") }
                try db.execute(Migrations.steps[step])
                try db.execute("PRAGMA user_version = \(step + 1)")
            }
        }
    }

    /// Runs `body`, mapping SQLite failures to the errors a person reads.
    @discardableResult
    func guarded<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    // MARK: Sites

    public struct Site: Sendable, Equatable {
        public var id: String
        public var name: String
        public var createdAt: String
    }

    /// Creates a site and returns its access code, which is shown once and stored only hashed.
    public func createSite(_ id: SiteID, name: String) throws(StoreError) -> String {
        let code = AccessCode.generate()
        let hash: String
        do { hash = try AccessCode.hash(code) } catch { throw .accessCode(error.description) }
        try guarded {
            if try site(id) != nil { throw StoreError.siteExists(id.rawValue) }
            try db.query("INSERT INTO sites (id, name, code_hash, created_at) VALUES (?, ?, ?, ?)",
                         [.text(id.rawValue), .text(name), .text(hash), .text(clock())])
        }
        return code
    }

    public func site(_ id: SiteID) throws(StoreError) -> Site? {
        try guarded {
            try db.query("SELECT id, name, created_at FROM sites WHERE id = ?", [.text(id.rawValue)]).first.map {
                Site(id: $0[0].text ?? "", name: $0[1].text ?? "", createdAt: $0[2].text ?? "")
            }
        }
    }

    public func sites() throws(StoreError) -> [Site] {
        try guarded {
            try db.query("SELECT id, name, created_at FROM sites ORDER BY id").map {
                Site(id: $0[0].text ?? "", name: $0[1].text ?? "", createdAt: $0[2].text ?? "")
            }
        }
    }

    /// Replaces a site's access code and returns the new one; the old one stops working.
    public func replaceCode(_ id: SiteID) throws(StoreError) -> String {
        let code = AccessCode.generate()
        let hash: String
        do { hash = try AccessCode.hash(code) } catch { throw .accessCode(error.description) }
        try guarded {
            guard try site(id) != nil else { throw StoreError.noSuchSite(id.rawValue) }
            try db.query("UPDATE sites SET code_hash = ? WHERE id = ?", [.text(hash), .text(id.rawValue)])
        }
        return code
    }

    /// True when `code` is the site's access code. An unknown site is simply false.
    public func verifyCode(_ id: SiteID, code: String) throws(StoreError) -> Bool {
        let stored = try guarded { try db.query("SELECT code_hash FROM sites WHERE id = ?", [.text(id.rawValue)]).first?.first?.text }
        guard let stored else { return false }
        return AccessCode.verify(code, against: stored)
    }

    // MARK: Answers and the profile

    /// One value written into a profile.
    public struct Write: Sendable, Equatable {
        public var path: [String]
        public var value: Value
        /// The question id (or document name, or `set`) that wrote it.
        public var question: String
        public init(path: [String], value: Value, question: String) {
            self.path = path
            self.value = value
            self.question = question
        }
    }

    /// Where a conversation stands, kept so it can be resumed: the answers given in order
    /// (question id and the text given) and the question it waits on.
    public struct Session: Sendable, Equatable {
        public var site: String
        public var person: String
        public var dialogue: String
        public var log: [(question: String, given: String)]
        public var question: String?
        /// The profile when the dialogue started: replaying `log` from it rebuilds the
        /// engine's state exactly, since the engine is deterministic.
        public var initialProfile: Value
        public var finished: Bool
        public var updatedAt: String

        public init(site: String, person: String, dialogue: String, log: [(question: String, given: String)],
                    question: String?, initialProfile: Value, finished: Bool, updatedAt: String = "") {
            self.site = site
            self.person = person
            self.dialogue = dialogue
            self.log = log
            self.question = question
            self.initialProfile = initialProfile
            self.finished = finished
            self.updatedAt = updatedAt
        }

        public static func == (a: Session, b: Session) -> Bool {
            a.site == b.site && a.person == b.person && a.dialogue == b.dialogue && a.question == b.question
                && a.initialProfile == b.initialProfile && a.finished == b.finished && a.log.map { "\($0.question)=\($0.given)" } == b.log.map { "\($0.question)=\($0.given)" }
        }
    }

    /// One conversation step to commit: the profile writes of an answer and the session.
    public struct Record: Sendable, Equatable {
        public var site: SiteID
        public var person: String
        public var dialogue: String
        public var writes: [Write]
        public var session: Session?

        public init(site: SiteID, person: String, dialogue: String, writes: [Write], session: Session?) {
            self.site = site
            self.person = person
            self.dialogue = dialogue
            self.writes = writes
            self.session = session
        }
    }

    /// Stores a conversation's writes and its session in one transaction: when this returns,
    /// both are on disk; when it throws, neither is, and nothing stored before changed.
    public func record(site: SiteID, person: String, dialogue: String, writes: [Write], session: Session?) throws(StoreError) {
        try record([Record(site: site, person: person, dialogue: dialogue, writes: writes, session: session)])
    }

    /// Stores several records in one transaction (group commit): one sync to disk for all.
    /// If any fails, none is stored.
    public func record(_ records: [Record]) throws(StoreError) {
        let at = clock()
        try guarded {
            try db.transaction {
                for record in records { try write(record, at: at) }
            }
        }
    }

    private func write(_ record: Record, at: String) throws {
        let site = record.site
        guard try self.site(site) != nil else { throw StoreError.noSuchSite(site.rawValue) }
        for write in record.writes {
            let key = write.path.joined(separator: ".")
            let previous = try db.query("SELECT value FROM profile_values WHERE site_id = ? AND path = ?",
                                        [.text(site.rawValue), .text(key)]).first?.first?.text
            let value = JSON.encode(write.value)
            try db.query("""
                INSERT INTO answers (site_id, path, value, previous, person, at, dialogue, question)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(site.rawValue), .text(key), .text(value), previous.map { .text($0) } ?? .null,
                      .text(record.person), .text(at), .text(record.dialogue), .text(write.question)])
            // A value written at a path replaces whatever was under it.
            try db.query("DELETE FROM profile_values WHERE site_id = ? AND path >= ? AND path < ?",
                         [.text(site.rawValue), .text(key + "."), .text(key + "/")])
            try db.query("""
                INSERT INTO profile_values (site_id, path, value, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (site_id, path) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, [.text(site.rawValue), .text(key), .text(value), .text(at)])
        }
        if let session = record.session {
            let log = Value.list(session.log.map { .object([("question", .string($0.question)), ("given", .string($0.given))]) })
            try db.query("""
                INSERT INTO sessions (site_id, person, dialogue, log, question, initial_profile, status, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (site_id, person, dialogue) DO UPDATE SET log = excluded.log, question = excluded.question,
                    initial_profile = excluded.initial_profile, status = excluded.status, updated_at = excluded.updated_at
                """, [.text(site.rawValue), .text(session.person), .text(session.dialogue), .text(JSON.encode(log)),
                      session.question.map { .text($0) } ?? .null, .text(JSON.encode(session.initialProfile)),
                      .text(session.finished ? "finished" : "open"), .text(at)])
        }
    }

    /// The site's profile: every path's current value, assembled into one document.
    public func profile(_ site: SiteID) throws(StoreError) -> Value {
        let rows = try guarded {
            try db.query("SELECT path, value FROM profile_values WHERE site_id = ? ORDER BY rowid", [.text(site.rawValue)])
        }
        var profile = Value.object([])
        for row in rows {
            guard let path = row[0].text, let text = row[1].text, let value = try? JSON.decode(text) else { continue }
            profile = profile.setting(value, at: path.split(separator: ".").map(String.init))
        }
        return profile
    }

    /// One stored answer: what was written where, by whom and when, and what it replaced.
    public struct HistoryEntry: Sendable, Equatable {
        public var sequence: Int64
        public var path: String
        public var value: Value
        public var previous: Value?
        public var person: String
        public var at: String
        public var dialogue: String
        public var question: String
    }

    /// The site's answers, oldest first; with `path`, only that path and those under it.
    public func history(_ site: SiteID, path: String? = nil) throws(StoreError) -> [HistoryEntry] {
        let rows = try guarded {
            if let path {
                return try db.query("""
                    SELECT seq, path, value, previous, person, at, dialogue, question FROM answers
                    WHERE site_id = ? AND (path = ? OR (path >= ? AND path < ?)) ORDER BY seq
                    """, [.text(site.rawValue), .text(path), .text(path + "."), .text(path + "/")])
            }
            return try db.query("SELECT seq, path, value, previous, person, at, dialogue, question FROM answers WHERE site_id = ? ORDER BY seq",
                                [.text(site.rawValue)])
        }
        return rows.map { row in
            HistoryEntry(sequence: row[0].integer ?? 0, path: row[1].text ?? "",
                         value: row[2].text.flatMap { try? JSON.decode($0) } ?? .null,
                         previous: row[3].text.flatMap { try? JSON.decode($0) },
                         person: row[4].text ?? "", at: row[5].text ?? "", dialogue: row[6].text ?? "", question: row[7].text ?? "")
        }
    }

    // MARK: Sessions

    /// The person's unfinished sessions at `site`, most recent first.
    public func openSessions(site: SiteID, person: String) throws(StoreError) -> [Session] {
        let rows = try guarded {
            try db.query("""
                SELECT dialogue, log, question, initial_profile, updated_at FROM sessions
                WHERE site_id = ? AND person = ? AND status = 'open' ORDER BY updated_at DESC
                """, [.text(site.rawValue), .text(person)])
        }
        return rows.compactMap { row in
            guard let dialogue = row[0].text, let text = row[1].text, let entries = (try? JSON.decode(text))?.listValue else { return nil }
            let log = entries.compactMap { entry -> (question: String, given: String)? in
                guard let question = entry["question"]?.stringValue, let given = entry["given"]?.stringValue else { return nil }
                return (question, given)
            }
            let initial = row[3].text.flatMap { try? JSON.decode($0) } ?? .object([])
            return Session(site: site.rawValue, person: person, dialogue: dialogue, log: log, question: row[2].text,
                           initialProfile: initial, finished: false, updatedAt: row[4].text ?? "")
        }
    }

    /// `PRAGMA integrity_check`'s answer: `ok` for a sound database.
    public func integrityCheck() throws(StoreError) -> String {
        try guarded { try db.query("PRAGMA integrity_check").compactMap { $0.first?.text }.joined(separator: "\n") }
    }

    /// Copies the whole database to `destination` with SQLite's `VACUUM INTO`, a consistent
    /// snapshot even while others write.
    public func backup(to destination: String) throws(StoreError) {
        try guarded { try db.query("VACUUM INTO ?", [.text(destination)]) }
    }

    /// For tests of a full disk: caps the database file at `pages` pages.
    func limitPages(_ pages: Int) throws {
        try db.query("PRAGMA max_page_count = \(pages)")
    }
}
