import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

/// Opening a data folder: new databases get the whole schema, older ones are migrated with
/// their data intact, and anything that is not ours or is from a newer Trellis is refused
/// and left exactly as it was.
@Suite struct MigrationTests {
    // MARK: New databases

    @Test func aNewFolderGetsTheLatestSchemaAndOurApplicationID() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        #expect(Store.schemaVersion == Migrations.steps.count)
        #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try integer(store.db, "PRAGMA application_id") == Store.applicationID)
        let names = try store.db.query("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
            .compactMap { $0.first?.text }
        // Step 3 renames step 2's sessions table, so even a new database keeps an (empty) sessions_v2.
        #expect(names == ["answers", "answers_by_path", "document_approvals", "people", "people_by_handle", "people_by_name", "profile_values",
                          "session_steps", "sessions", "sessions_by_person", "sessions_one_open", "sessions_v2", "sites"])
        #expect(try store.count("sessions_v2") == 0)
    }

    @Test func theApplicationIDIsInTheFileHeader() throws {
        let scratch = ScratchFolder()
        do { _ = try Store(folder: scratch.path) }
        let bytes = try #require(fileBytes(scratch.databasePath))
        try #require(bytes.count >= 100)
        // Bytes 68…71 hold the application id, big-endian; 60…63 the user version.
        let application = bytes[68..<72].reduce(0) { $0 << 8 | Int64($1) }
        let version = bytes[60..<64].reduce(0) { $0 << 8 | Int64($1) }
        #expect(application == Store.applicationID)
        #expect(version == Int64(Store.schemaVersion))
    }

    @Test func reopeningAnUpToDateDatabaseChangesNothingInIt() throws {
        let scratch = ScratchFolder()
        let site = siteID("north")
        do {
            let store = try Store(folder: scratch.path)
            _ = try store.createSite(site, name: "North")
            try store.commitWrites(site, [write("x", .number(1))])
        }
        for _ in 0..<3 {
            let store = try Store(folder: scratch.path)
            #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
            #expect(try store.history(site).count == 1)
            #expect(try store.sites().count == 1)
        }
    }

    @Test func anEmptyExistingFileIsInitialised() throws {
        let scratch = ScratchFolder()
        try scratch.create()
        #expect(FileManager.default.createFile(atPath: scratch.databasePath, contents: Data()))
        let store = try Store(folder: scratch.path)
        #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try integer(store.db, "PRAGMA application_id") == Store.applicationID)
        let code = try store.createSite(siteID("north"), name: "North")
        #expect(try store.verifyCode(siteID("north"), code: code))
    }

    // MARK: Migrating the previous schema

    /// A database as the first release left it: only step 1, with one site and one answer.
    private func makeVersionOneDatabase(_ scratch: ScratchFolder, code: String) throws {
        try scratch.create()
        let db = try SQLite(path: scratch.databasePath)
        try db.execute("PRAGMA application_id = \(Store.applicationID)")
        try db.execute(Migrations.steps[0])
        try db.execute("PRAGMA user_version = 1")
        try db.query("INSERT INTO sites (id, name, code_hash, created_at) VALUES (?, ?, ?, ?)",
                     [.text("north"), .text("North"), .text(try AccessCode.hash(code)), .text("2024-01-01T00:00:00.000Z")])
        try db.query("""
            INSERT INTO answers (site_id, path, value, previous, person, at, dialogue, question)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text("north"), .text("site.name"), .text("\"North School\""), .null, .text("ana"),
                  .text("2024-01-01T00:00:01.000Z"), .text("site-setup"), .text("name")])
        try db.query("INSERT INTO profile_values (site_id, path, value, updated_at) VALUES (?, ?, ?, ?)",
                     [.text("north"), .text("site.name"), .text("\"North School\""), .text("2024-01-01T00:00:01.000Z")])
    }

    @Test func theFirstSchemaIsMigratedWithItsDataIntact() throws {
        let scratch = ScratchFolder()
        let code = AccessCode.generate()
        try makeVersionOneDatabase(scratch, code: code)

        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try integer(store.db, "PRAGMA application_id") == Store.applicationID)
        #expect(try store.sites() == [Store.Site(id: "north", name: "North", createdAt: "2024-01-01T00:00:00.000Z")])
        #expect(try store.verifyCode(site, code: code))
        #expect(try store.profile(site) == .object([(key: "site", value: .object([(key: "name", value: .string("North School"))]))]))
        let history = try store.history(site)
        try #require(history.count == 1)
        #expect(history[0].value == .string("North School"))
        #expect(history[0].person == "ana")
        #expect(history[0].at == "2024-01-01T00:00:01.000Z")
        #expect(history[0].dialogue == "site-setup")
        #expect(history[0].question == "name")
        #expect(try integer(store.db, "SELECT count(*) FROM sqlite_master WHERE name = 'answers_by_path'") == 1)
        #expect(try store.integrityCheck() == "ok")

        // A migrated history row belongs to no session.
        #expect(history[0].session == nil)
        #expect(history[0].step == nil)
        #expect(try store.allSessions(site: site).isEmpty)

        // The new sessions tables work, and a new write chains onto the migrated one.
        let initial = try store.profile(site)
        let ref = try store.commit(commit(dialogue: "site-setup", to: fresh(initial), steps: [answer("name", "Nord")],
                                          writes: [write("site.name", .string("Nord"), question: "name")], waitingOn: "city"))
        let open = try store.openSessions(site: site, person: "ana")
        #expect(open.map(\.id) == [ref.id])
        #expect(open.first?.steps == [answer("name", "Nord")])
        #expect(open.first?.initialProfile == initial)
        #expect(open.first?.waitingOn == "city")
        #expect(try store.history(site, path: "site.name").map(\.previous) == [nil, .string("North School")])
        #expect(ProfileDiff.same(try store.replayedProfile(site), try store.profile(site)))
    }

    @Test func aMigratedDatabaseOpensAgainWithoutMigratingTwice() throws {
        let scratch = ScratchFolder()
        try makeVersionOneDatabase(scratch, code: AccessCode.generate())
        do { _ = try Store(folder: scratch.path) }
        let again = try Store(folder: scratch.path)
        #expect(try integer(again.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try again.history(siteID("north")).count == 1)
    }

    // MARK: Files that are refused and left alone

    @Test func aNewerSchemaIsRefusedAndLeftByteForByteUnchanged() throws {
        let scratch = ScratchFolder()
        let site = siteID("north")
        do {
            let store = try Store(folder: scratch.path)
            _ = try store.createSite(site, name: "North")
            try store.commitWrites(site, [write("x", .number(1))])
        }
        do {
            let db = try SQLite(path: scratch.databasePath)
            try db.execute("PRAGMA user_version = \(Store.schemaVersion + 1)")
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let before = try #require(fileBytes(scratch.databasePath))

        let error = try #require(storeError { _ = try Store(folder: scratch.path) })
        guard case .newerSchema(let path, let found, let supported) = error else { Issue.record("got \(error)"); return }
        #expect(path == scratch.databasePath)
        #expect(found == Store.schemaVersion + 1)
        #expect(supported == Store.schemaVersion)
        #expect(fileBytes(scratch.databasePath) == before)
        // Refusing it twice changes nothing either.
        #expect(storeError { _ = try Store(folder: scratch.path) }?.kind == "newerSchema")
        #expect(fileBytes(scratch.databasePath) == before)
    }

    @Test func aNewerSchemaInRollbackJournalModeIsRefusedAndUnchanged() throws {
        let scratch = ScratchFolder()
        try scratch.create()
        do {
            let db = try SQLite(path: scratch.databasePath)
            try db.execute("PRAGMA application_id = \(Store.applicationID)")
            for step in Migrations.steps { try db.execute(step) }
            try db.execute("CREATE TABLE from_the_future (x)")
            try db.execute("PRAGMA user_version = 99")
        }
        let before = try #require(fileBytes(scratch.databasePath))
        let error = try #require(storeError { _ = try Store(folder: scratch.path) })
        guard case .newerSchema(_, let found, _) = error else { Issue.record("got \(error)"); return }
        #expect(found == 99)
        #expect(fileBytes(scratch.databasePath) == before)
        let db = try SQLite(path: scratch.databasePath)
        #expect(try db.query("PRAGMA journal_mode").first?.first?.text == "delete")
    }

    @Test(arguments: [0, 0x1234_5678] as [Int64])
    func anotherProgramsDatabaseIsRefusedAndUnchanged(applicationID: Int64) throws {
        let scratch = ScratchFolder()
        try scratch.create()
        do {
            let db = try SQLite(path: scratch.databasePath)
            try db.execute("PRAGMA application_id = \(applicationID)")
            try db.execute("CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Ana', '123')")
        }
        let before = try #require(fileBytes(scratch.databasePath))
        let error = try #require(storeError { _ = try Store(folder: scratch.path) })
        guard case .notTrellisDatabase(let path, let reason) = error else { Issue.record("got \(error)"); return }
        #expect(path == scratch.databasePath)
        #expect(!reason.isEmpty)
        #expect(fileBytes(scratch.databasePath) == before)
        let db = try SQLite(path: scratch.databasePath)
        #expect(try integer(db, "PRAGMA user_version") == 0)
        #expect(try integer(db, "PRAGMA application_id") == applicationID)
    }

    @Test func anotherProgramsEmptyDatabaseIsRefusedAndUnchanged() throws {
        // No tables yet, but the header's application id says whose file it is.
        let scratch = ScratchFolder()
        try scratch.create()
        do {
            let db = try SQLite(path: scratch.databasePath)
            try db.execute("PRAGMA application_id = \(0x1234_5678)")
        }
        let before = try #require(fileBytes(scratch.databasePath))
        try #require(!before.isEmpty)
        #expect(storeError { _ = try Store(folder: scratch.path) }?.kind == "notTrellisDatabase")
        #expect(fileBytes(scratch.databasePath) == before)
    }

    @Test(arguments: [
        "hello, this is a text file\nwith two lines\n",
        "hi",
        String(repeating: "SQLite format 2\0 but not really ", count: 40),
        "SQLite format 3",
    ])
    func aFileThatIsNotSQLiteIsRefusedAndUnchanged(text: String) throws {
        let scratch = ScratchFolder()
        try scratch.create()
        let contents = Data(text.utf8)
        try contents.write(to: URL(fileURLWithPath: scratch.databasePath))
        let error = try #require(storeError { _ = try Store(folder: scratch.path) })
        guard case .notTrellisDatabase(let path, _) = error else { Issue.record("got \(error)"); return }
        #expect(path == scratch.databasePath)
        #expect(fileBytes(scratch.databasePath) == contents)
        #expect(!FileManager.default.fileExists(atPath: scratch.databasePath + "-wal"))
    }

    @Test func binaryRubbishIsRefusedAndUnchanged() throws {
        let scratch = ScratchFolder()
        try scratch.create()
        var generator = SystemRandomNumberGenerator()
        let contents = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try contents.write(to: URL(fileURLWithPath: scratch.databasePath))
        #expect(storeError { _ = try Store(folder: scratch.path) }?.kind == "notTrellisDatabase")
        #expect(fileBytes(scratch.databasePath) == contents)
    }

    @Test func aSQLiteHeaderFollowedByRubbishIsRefusedAndUnchanged() throws {
        let scratch = ScratchFolder()
        try scratch.create()
        var contents = Data("SQLite format 3\0".utf8)
        contents.append(Data(repeating: 0xA5, count: 4096 - contents.count))
        try contents.write(to: URL(fileURLWithPath: scratch.databasePath))
        #expect(storeError { _ = try Store(folder: scratch.path) }?.kind == "notTrellisDatabase")
        #expect(fileBytes(scratch.databasePath) == contents)
    }
}
