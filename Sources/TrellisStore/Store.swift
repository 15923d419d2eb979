import Foundation
import TrellisLanguage
import TrellisSession

/// Site profiles that last: one SQLite database in the data folder, in WAL mode with full
/// sync. Sessions are kept as their steps (every answer, skip, `/back`, `/restart`), appended
/// and never rewritten; every profile write is recorded with who, when, which session and step,
/// and the value it replaced; the profile (`profile_values`) and each session's status, step
/// count and waiting question are views of those, kept up to date in the same transaction.
/// Access codes are kept hashed.
///
/// Every commit is one transaction, committed before the caller shows the next question.
/// A `Store` is used from one thread at a time.
public final class Store {
    public static let fileName = "trellis.sqlite"
    /// Written into the file header (`PRAGMA application_id`) so a foreign SQLite file is recognised.
    public static let applicationID: Int64 = 0x5472_6C73
    public static var schemaVersion: Int { Migrations.latest }

    public let path: String
    let db: SQLite
    /// Set once the database file is found moved, deleted or replaced: from then on this store
    /// refuses every read and write until Trellis is restarted (a new `Store` opens whatever is
    /// at the path then).
    public private(set) var moved = false
    let clock: @Sendable () -> String

    /// Opens the store in `folder`, creating the folder and database on first use and running
    /// any pending migrations. Refuses a file that is not a Trellis database, or is from a
    /// newer version, and never alters it.
    public init(folder: String, busyTimeoutMilliseconds: Int32 = 5000,
                clock: @escaping @Sendable () -> String = Store.now) throws(StoreError) {
        let manager = FileManager.default
        do {
            // Only its owner may list or enter the data folder, whatever the umask.
            if !manager.fileExists(atPath: folder) {
                try manager.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: Store.folderMode])
            }
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
        Store.makePrivate(path)
        do {
            try prepare()
        } catch {
            throw StoreError.opening(error, path: path)
        }
    }

    /// The data folder's mode, and every file's the store writes: the owner's alone.
    public static let folderMode: Int16 = 0o700
    public static let fileMode: mode_t = 0o600

    /// Narrows the database file (and its WAL and shared-memory files, if a run left them) to
    /// the owner before anything is written: SQLite creates the WAL and `-shm` with the
    /// database's own mode, so they follow. `chmod` takes a path, not a descriptor, so it
    /// cannot disturb SQLite's locks (closing a descriptor on the file would).
    static func makePrivate(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] { _ = chmod(file, fileMode) }
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
            // `foreign_keys` cannot change inside a transaction, so it is turned off around it.
            let rebuilds = Migrations.rebuildsTables.contains(step)
            if rebuilds { try db.execute("PRAGMA foreign_keys = OFF") }
            defer { if rebuilds { try? db.execute("PRAGMA foreign_keys = ON") } }
            try db.transaction {
                if step == 0 { try db.execute("PRAGMA application_id = \(Store.applicationID)") }
                try db.execute(Migrations.steps[step])
                // A row of `table` (rowid, refers to `parent`) whose parent row is missing.
                if rebuilds, let broken = try db.query("PRAGMA foreign_key_check").first {
                    let table = broken[0].text ?? "?", row = broken[1].integer.map(String.init) ?? "?", parent = broken[2].text ?? "?"
                    throw SQLiteError.foreignKey("""
                        schema step \(step + 1) was not applied: row \(row) of \(table) refers to a row of \(parent) that does not \
                        exist, and the store was left at schema \(step) as it was. 'PRAGMA foreign_key_check' on a copy lists every \
                        such row; once they are mended or removed, open the store again
                        """)
                }
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

    /// When an answer, skip or other step was last stored for the site (ISO 8601), or nil.
    public func lastActivity(_ id: SiteID) throws(StoreError) -> String? {
        try guarded {
            try db.query("""
                SELECT max(at) FROM (SELECT max(at) AS at FROM answers WHERE site_id = ?1
                                     UNION ALL SELECT max(updated_at) FROM sessions WHERE site_id = ?1)
                """, [.text(id.rawValue)]).first?.first?.text
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
        try checkInPlace()
        return try matchesSiteCode(id, code: code)
    }

    /// The check itself, for a caller that has already made sure the file is in place.
    func matchesSiteCode(_ id: SiteID, code: String) throws(StoreError) -> Bool {
        let stored = try guarded { try db.query("SELECT code_hash FROM sites WHERE id = ?", [.text(id.rawValue)]).first?.first?.text }
        guard let stored, !stored.isEmpty else { return false }
        return AccessCode.verify(code, against: stored)
    }

    // MARK: Commits: session steps and profile writes

    /// Stores one commit in its own transaction; see `commit(_:)`.
    public func commit(_ one: Commit) throws(StoreError) -> SessionRef {
        try commitAll([one])[0]
    }

    /// Stores several commits in one transaction (group commit: one sync to disk for all).
    /// Each appends its session's steps and applies its profile writes (recording each in the
    /// answer history with the value it replaced); nothing is rewritten. If any fails, none is
    /// stored. A commit naming a session that moved on since (another writer) fails with
    /// `sessionConflict` and changes nothing.
    public func commitAll(_ commits: [Commit]) throws(StoreError) -> [SessionRef] {
        try checkInPlace()
        let at = clock()
        return try guarded {
            try db.transaction {
                try commits.map { try append($0, at: at) }
            }
        }
    }

    private func append(_ commit: Commit, at: String) throws -> SessionRef {
        let site = commit.site.rawValue
        let status = commit.finished ? "finished" : "open"
        let waiting: SQLite.Value = commit.waitingOn.map { .text($0) } ?? .null
        var session: SessionRef
        switch commit.target {
        case .existing(let ref):
            // One statement both checks (open, exactly the steps this writer saw) and moves the
            // session's view on; no row back means another writer got there first.
            try claim(ref, commit, steps: ref.steps + commit.steps.count, status: status, waitingOn: waiting, at: at)
            session = ref
        case .new(let initialProfile, let replacing):
            guard try self.site(commit.site) != nil else { throw StoreError.noSuchSite(site) }
            if let replacing {
                try claim(replacing, commit, steps: replacing.steps + 1, status: "abandoned", waitingOn: .null, at: at)
                try db.query("""
                    INSERT INTO session_steps (session_id, number, kind, question, given, at) VALUES (?, ?, 'abandon', '', '', ?)
                    """, [.integer(replacing.id), .integer(Int64(replacing.steps + 1)), .text(at)])
            }
            let open = try db.query("SELECT id FROM sessions WHERE site_id = ? AND person = ? AND dialogue = ? AND status = 'open'",
                                    [.text(site), .text(commit.person), .text(commit.dialogue)])
            if !open.isEmpty { throw StoreError.sessionConflict(dialogue: commit.dialogue) }
            try db.query("""
                INSERT INTO sessions (site_id, person, dialogue, initial_profile, status, steps, waiting_on, started_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(site), .text(commit.person), .text(commit.dialogue), .text(JSON.encode(initialProfile)), .text(status),
                      .integer(Int64(commit.steps.count)), waiting, .text(at), .text(at)])
            session = SessionRef(id: db.lastInsertRowID, steps: 0)
        }
        var lastStep: Int64?
        for step in commit.steps {
            session.steps += 1
            try db.query("""
                INSERT INTO session_steps (session_id, number, kind, question, given, value, display, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.integer(session.id), .integer(Int64(session.steps)), .text(step.kind.rawValue), .text(step.question),
                      .text(step.given), step.value.map { .text(JSON.encode($0)) } ?? .null, step.display.map { .text($0) } ?? .null,
                      .text(at)])
            lastStep = db.lastInsertRowID
        }
        for write in commit.writes {
            try apply(write, site: site, person: commit.person, dialogue: commit.dialogue, session: session.id, step: lastStep, at: at)
        }
        return session
    }

    /// Moves an open session's view (step count, status, waiting question) on, but only if it
    /// is open and has exactly the steps `ref` says: otherwise another writer moved it on since
    /// this one read it, and the commit is refused.
    ///
    /// A session that stays open (the usual answer) is claimed by a statement that leaves
    /// `status` alone: setting it, even to the value it has, makes SQLite check its CHECK list
    /// and rewrite both session indexes, two passes instead of one.
    private static let claimSet = "UPDATE sessions SET steps = ?, waiting_on = ?, updated_at = ?"
    private static let claimWhere = " WHERE id = ? AND site_id = ? AND person = ? AND dialogue = ? AND status = 'open' AND steps = ?"
    private static let claimStaysOpen = claimSet + claimWhere
    private static let claimAndClose = claimSet + ", status = ?" + claimWhere

    private func claim(_ ref: SessionRef, _ commit: Commit, steps: Int, status: String, waitingOn: SQLite.Value, at: String) throws {
        let stays = status == "open"
        try db.query(stays ? Store.claimStaysOpen : Store.claimAndClose,
                     [.integer(Int64(steps)), waitingOn, .text(at)] + (stays ? [] : [.text(status)])
                        + [.integer(ref.id), .text(commit.site.rawValue), .text(commit.person), .text(commit.dialogue),
                           .integer(Int64(ref.steps))])
        if db.changes != 1 { throw StoreError.sessionConflict(dialogue: commit.dialogue) }
    }

    /// Writes (or removes) one profile value and records it, with what it replaced.
    ///
    /// The view keeps a value as a row at the path it was written at, so the value at a path may
    /// be a row of its own, rows under it, or part of an object held by an ancestor's row. The
    /// write applies to whichever holds it, so the view always equals the history replayed
    /// (`replayedProfile`), and `previous` is the whole value that was there.
    private func apply(_ write: ProfileWrite, site: String, person: String, dialogue: String, session: Int64, step: Int64?, at: String) throws {
        let key = write.path.joined(separator: ".")
        // An ancestor's row, if one holds this path (there is at most one: a write at a path
        // always removes the rows under it). One equality lookup per prefix: `path IN (?, ?)`
        // with two or more values makes SQLite build a temporary table of them on every call,
        // which costs more than the lookups; one query with an OR of both lookups costs more too.
        var owner = write.path
        for length in 1..<max(write.path.count, 1) {
            let prefix = write.path[0..<length].joined(separator: ".")
            if try !db.query("SELECT 1 FROM profile_values WHERE site_id = ? AND path = ?", [.text(site), .text(prefix)]).isEmpty {
                owner = Array(write.path[0..<length])
                break
            }
        }
        let ownerKey = owner.joined(separator: ".")
        let rows = try db.query("""
            SELECT path, value FROM profile_values WHERE site_id = ? AND (path = ? OR (path >= ? AND path < ?)) ORDER BY rowid
            """, [.text(site), .text(ownerKey), .text(ownerKey + "."), .text(ownerKey + "/")])
        // Everything held at or under the owner, assembled as `profile(_:)` assembles it; a lone
        // row at the path itself (the usual case) is taken as it is, without decoding it.
        var held = Value.object([])
        let previous: String?
        if rows.count == 1, rows[0][0].text == key {
            previous = rows[0][1].text
            if let text = previous, ownerKey != key, let value = try? JSON.decode(text) { held = held.setting(value, at: write.path) }
        } else {
            for row in rows {
                guard let path = row[0].text, let text = row[1].text, let value = try? JSON.decode(text) else { continue }
                held = held.setting(value, at: path.split(separator: ".").map(String.init))
            }
            previous = held.value(at: write.path).map(JSON.encode)
        }
        let value = write.value.map { JSON.encode($0) }
        try db.query("""
            INSERT INTO answers (site_id, path, value, previous, person, at, dialogue, question, session_id, step_seq, removed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(site), .text(key), .text(value ?? "null"), previous.map { .text($0) } ?? .null, .text(person), .text(at),
                  .text(dialogue), .text(write.source), .integer(session), step.map { .integer(Int64($0)) } ?? .null,
                  .integer(value == nil ? 1 : 0)])
        // The usual case: one row holds exactly this path, and a new value replaces it in place
        // (one statement instead of a delete and an insert).
        if ownerKey == key, let value, rows.count == 1, rows[0][0].text == key {
            try db.query("UPDATE profile_values SET value = ?, updated_at = ? WHERE site_id = ? AND path = ?",
                         [.text(value), .text(at), .text(site), .text(key)])
            return
        }
        // Whatever held the old value goes; the new one is stored where its holder was.
        try db.query("DELETE FROM profile_values WHERE site_id = ? AND (path = ? OR (path >= ? AND path < ?))",
                     [.text(site), .text(ownerKey), .text(ownerKey + "."), .text(ownerKey + "/")])
        let stored: String?
        if ownerKey == key {
            stored = value
        } else {
            let updated = write.value.map { held.setting($0, at: write.path) } ?? held.removing(at: write.path)
            stored = updated.value(at: owner).map(JSON.encode)
        }
        if let stored {
            try db.query("INSERT INTO profile_values (site_id, path, value, updated_at) VALUES (?, ?, ?, ?)",
                         [.text(site), .text(ownerKey), .text(stored), .text(at)])
        }
    }

    /// Refuses to go on with a database file that is no longer the one at the store's path.
    /// The first time, it also empties this connection's write-ahead log into the file it
    /// belongs to (`wal_checkpoint(TRUNCATE)`), so no frame of it can later be applied to
    /// whatever file now sits at the path.
    public func checkInPlace() throws(StoreError) {
        if moved { throw .moved(path: path) }
        guard db.hasMoved else { return }
        moved = true
        try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        throw .moved(path: path)
    }

    /// The site's profile: every path's current value, assembled into one document.
    public func profile(_ site: SiteID) throws(StoreError) -> Value {
        try checkInPlace()
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

    /// One profile write: what was written where (or removed), by whom and when, in which
    /// session and step, and what it replaced.
    public struct HistoryEntry: Sendable, Equatable {
        public var sequence: Int64
        public var path: String
        /// Nil when the write removed the value.
        public var value: Value?
        public var previous: Value?
        public var person: String
        public var at: String
        public var dialogue: String
        /// The question, document or `set` that wrote it, or `back`/`restart` for an undo.
        public var question: String
        /// The session and step it belongs to (nil for writes stored before schema 3).
        public var session: Int64?
        public var step: Int64?
    }

    static let historyColumns = "seq, path, value, previous, person, at, dialogue, question, session_id, step_seq, removed"

    /// The site's profile writes, oldest first; with `path`, only that path and those under it.
    public func history(_ site: SiteID, path: String? = nil) throws(StoreError) -> [HistoryEntry] {
        let rows = try guarded {
            if let path {
                return try db.query("""
                    SELECT \(Store.historyColumns) FROM answers
                    WHERE site_id = ? AND (path = ? OR (path >= ? AND path < ?)) ORDER BY seq
                    """, [.text(site.rawValue), .text(path), .text(path + "."), .text(path + "/")])
            }
            return try db.query("SELECT \(Store.historyColumns) FROM answers WHERE site_id = ? ORDER BY seq", [.text(site.rawValue)])
        }
        return rows.map { row in
            HistoryEntry(sequence: row[0].integer ?? 0, path: row[1].text ?? "",
                         value: row[10].integer == 1 ? nil : row[2].text.flatMap { try? JSON.decode($0) } ?? .null,
                         previous: row[3].text.flatMap { try? JSON.decode($0) },
                         person: row[4].text ?? "", at: row[5].text ?? "", dialogue: row[6].text ?? "", question: row[7].text ?? "",
                         session: row[8].integer, step: row[9].integer)
        }
    }

    /// The profile rebuilt from the history alone, every write and removal applied in order:
    /// it must always equal `profile(_:)`, the view kept for reading.
    public func replayedProfile(_ site: SiteID) throws(StoreError) -> Value {
        var profile = Value.object([])
        for entry in try history(site) {
            let path = entry.path.split(separator: ".").map(String.init)
            profile = entry.value.map { profile.setting($0, at: path) } ?? profile.removing(at: path)
        }
        return profile
    }

    // MARK: Sessions

    static let sessionColumns = "id, person, dialogue, initial_profile, status, waiting_on, started_at, updated_at"

    /// The person's open sessions at `site` (one per dialogue at most), most recent first,
    /// each with all its steps.
    public func openSessions(site: SiteID, person: String) throws(StoreError) -> [StoredSession] {
        try guarded {
            try sessions(try db.query("""
                SELECT \(Store.sessionColumns) FROM sessions WHERE site_id = ? AND person = ? AND status = 'open'
                ORDER BY updated_at DESC, id DESC
                """, [.text(site.rawValue), .text(person)]))
        }
    }

    /// Every session at the site, open, finished or abandoned, oldest first, with its steps.
    public func allSessions(site: SiteID) throws(StoreError) -> [StoredSession] {
        try guarded {
            try sessions(try db.query("SELECT \(Store.sessionColumns) FROM sessions WHERE site_id = ? ORDER BY id", [.text(site.rawValue)]))
        }
    }

    private func sessions(_ rows: [[SQLite.Value]]) throws -> [StoredSession] {
        try rows.map { row in
            let id = row[0].integer ?? 0
            let steps = try db.query("SELECT kind, question, given, value, display FROM session_steps WHERE session_id = ? ORDER BY number",
                                     [.integer(Int64(id))]).map { step in
                SessionStep(kind: SessionStep.Kind(rawValue: step[0].text ?? "") ?? .answer, question: step[1].text ?? "",
                            given: step[2].text ?? "", value: step[3].text.flatMap { try? JSON.decode($0) }, display: step[4].text)
            }
            return StoredSession(id: id, person: row[1].text ?? "", dialogue: row[2].text ?? "",
                                 initialProfile: row[3].text.flatMap { try? JSON.decode($0) } ?? .object([]), steps: steps,
                                 status: StoredSession.Status(rawValue: row[4].text ?? "") ?? .open, waitingOn: row[5].text,
                                 startedAt: row[6].text ?? "", updatedAt: row[7].text ?? "")
        }
    }

    /// One session step as `trellis history` lists it: the step, its session, and when.
    public struct StepEntry: Sendable, Equatable {
        public var sequence: Int64
        public var session: Int64
        public var number: Int
        public var person: String
        public var dialogue: String
        public var at: String
        public var step: SessionStep
    }

    /// Every session step at the site, oldest first: every answer given, skip, `/back`,
    /// `/restart` and abandoned session.
    public func steps(_ site: SiteID) throws(StoreError) -> [StepEntry] {
        let rows = try guarded {
            try db.query("""
                SELECT st.seq, st.session_id, st.number, s.person, s.dialogue, st.at, st.kind, st.question, st.given, st.value, st.display
                FROM session_steps st JOIN sessions s ON s.id = st.session_id WHERE s.site_id = ? ORDER BY st.seq
                """, [.text(site.rawValue)])
        }
        return rows.map { row in
            StepEntry(sequence: row[0].integer ?? 0, session: row[1].integer ?? 0, number: Int(row[2].integer ?? 0),
                      person: row[3].text ?? "", dialogue: row[4].text ?? "", at: row[5].text ?? "",
                      step: SessionStep(kind: SessionStep.Kind(rawValue: row[6].text ?? "") ?? .answer, question: row[7].text ?? "",
                                        given: row[8].text ?? "", value: row[9].text.flatMap { try? JSON.decode($0) }, display: row[10].text))
        }
    }

    /// `PRAGMA integrity_check`'s answer: `ok` for a sound database.
    public func integrityCheck() throws(StoreError) -> String {
        try guarded { try db.query("PRAGMA integrity_check").compactMap { $0.first?.text }.joined(separator: "\n") }
    }

    /// Copies the whole database to `destination` with SQLite's `VACUUM INTO`, a consistent
    /// snapshot even while others write.
    public func backup(to destination: String) throws(StoreError) {
        // Made empty and private first (VACUUM INTO fills an empty file), so the copy is never
        // readable by others, not even for a moment.
        let fd = open(destination, O_WRONLY | O_CREAT | O_EXCL, Store.fileMode)
        if fd >= 0 { close(fd) }
        try guarded { try db.query("VACUUM INTO ?", [.text(destination)]) }
        _ = chmod(destination, Store.fileMode)
    }

    /// For tests of a full disk: caps the database file at `pages` pages.
    func limitPages(_ pages: Int) throws {
        try db.query("PRAGMA max_page_count = \(pages)")
    }
}
