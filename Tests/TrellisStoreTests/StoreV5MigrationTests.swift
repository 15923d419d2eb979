import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

/// Schema step 6 (`session_steps` and `answers` rebuilt without AUTOINCREMENT and with the step
/// kinds checked as a list of ORs) on a store written by schema 5: the committed fixture
/// (written by the schema-5 `trellis`, see Tests/fixtures/README.md), always on a copy.
@Suite struct StoreV5MigrationTests {
    private let fixture = siteID("fixture")

    /// Every row of the two rebuilt tables and of those that point into them, every column, in order.
    private func rows(_ db: SQLite) throws -> [String: [[SQLite.Value]]] {
        [
            "session_steps": try db.query("SELECT seq, session_id, number, kind, question, given, value, display, at FROM session_steps ORDER BY seq"),
            "answers": try db.query("""
                SELECT seq, site_id, path, value, previous, person, at, dialogue, question, session_id, step_seq, removed
                FROM answers ORDER BY seq
                """),
            "document_approvals": try db.query("SELECT * FROM document_approvals ORDER BY seq"),
            "sessions": try db.query("SELECT * FROM sessions ORDER BY id"),
        ]
    }

    private func schema(_ db: SQLite, _ table: String) throws -> String {
        try db.query("SELECT sql FROM sqlite_master WHERE name = ?", [.text(table)]).first?.first?.text ?? ""
    }

    @Test func theFixtureIsSchemaFiveWithAutoincrement() throws {
        let scratch = ScratchFolder()
        try Fixtures.copy(Fixtures.storeV5, into: scratch)
        let db = try SQLite(path: scratch.databasePath)
        #expect(try integer(db, "PRAGMA user_version") == 5)
        #expect(try integer(db, "SELECT count(*) FROM answers") == 19)
        #expect(try integer(db, "SELECT count(*) FROM session_steps") == 23)
        #expect(try integer(db, "SELECT count(*) FROM sqlite_sequence WHERE name IN ('answers', 'session_steps')") == 2)
        #expect(try schema(db, "session_steps").contains("kind IN ("))
    }

    @Test func theFixtureMigratesWithEveryRowWhereItWas() throws {
        let before = try #require(fileBytes(Fixtures.storeV5))
        let scratch = ScratchFolder()
        try Fixtures.copy(Fixtures.storeV5, into: scratch)
        let old = try rows(SQLite(path: scratch.databasePath))
        #expect(old["answers"]?.count == 19)

        let store = try Store(folder: scratch.path)
        #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(Store.schemaVersion >= 6)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.db.query("PRAGMA foreign_key_check").isEmpty)
        // Foreign keys are back on for everything after the migration.
        #expect(try integer(store.db, "PRAGMA foreign_keys") == 1)
        #expect(try rows(store.db) == old)
        // The new shapes: no AUTOINCREMENT (so no sequence rows), the kinds checked in place, the
        // history index rebuilt, and nothing left of the copies.
        #expect(try integer(store.db, "SELECT count(*) FROM sqlite_sequence WHERE name IN ('answers', 'session_steps')") == 0)
        #expect(!(try schema(store.db, "session_steps")).contains("AUTOINCREMENT"))
        #expect(!(try schema(store.db, "answers")).contains("AUTOINCREMENT"))
        #expect(try schema(store.db, "session_steps").contains("kind = 'abandon'"))
        #expect(try schema(store.db, "answers_by_path").contains("ON answers(site_id, path, seq)"))
        #expect(try integer(store.db, "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v6'") == 0)
        // The references into the rebuilt tables still name them.
        #expect(try schema(store.db, "answers").contains("REFERENCES session_steps(seq)"))
        #expect(try schema(store.db, "document_approvals").contains("REFERENCES answers(seq)"))

        // What a person sees is as it was.
        #expect(try store.verifyCode(fixture, code: Fixtures.storeV5Code))
        #expect(try store.signIn(fixture, code: Fixtures.storeV5JoCode) == .person(name: "Jo Bloggs", role: .coordinator))
        #expect(ProfileDiff.same(try store.replayedProfile(fixture), try store.profile(fixture)))
        let alex = try #require(try store.openSessions(site: fixture, person: "Alex").first)
        #expect(alex.waitingOn == "model")
        #expect(alex.steps.map(\.kind) == [.answer, .answer, .back, .answer])
        let approvals = try store.documentApprovals(fixture)
        #expect(approvals.map(\.person) == ["Sam"])
        #expect(try store.documentVersions(fixture, path: "documents.site_summary").map(\.person) == ["Sam", "Jo"])
        #expect(fileBytes(Fixtures.storeV5) == before)
    }

    @Test func aMigratedFixtureNumbersNewRowsAfterTheOldOnes() throws {
        let scratch = ScratchFolder()
        try Fixtures.copy(Fixtures.storeV5, into: scratch)
        let store = try Store(folder: scratch.path)
        let alex = try #require(try store.openSessions(site: fixture, person: "Alex").first)
        let ref = try store.commit(Commit(
            site: fixture, person: "Alex", dialogue: "site-setup", target: .existing(SessionRef(id: alex.id, steps: alex.steps.count)),
            steps: [answer("model", "hybrid")], writes: [write("site.model", .string("hybrid"), question: "model")],
            finished: false, waitingOn: "partner_count"))
        #expect(ref.steps == alex.steps.count + 1)
        #expect(try integer(store.db, "SELECT max(seq) FROM session_steps") == 24)
        #expect(try integer(store.db, "SELECT max(seq) FROM answers") == 20)
        #expect(try store.history(fixture).last?.step == 24)
        // A kind outside the list is still refused by the rebuilt CHECK.
        #expect(throws: SQLiteError.self) {
            try store.db.query("""
                INSERT INTO session_steps (session_id, number, kind, question, given, at) VALUES (?, 99, 'guess', '', '', '')
                """, [.integer(alex.id)])
        }
        // Opened again: migrated once.
        let again = try Store(folder: scratch.path)
        #expect(try again.count("answers") == 20)
        #expect(try again.count("session_steps") == 24)
    }

    @Test func aStoreWithABrokenReferenceIsNotMigratedAndKeepsItsRows() throws {
        let scratch = ScratchFolder()
        try Fixtures.copy(Fixtures.storeV5, into: scratch)
        do {
            // A raw connection has foreign keys off, as an older tool's might have had.
            let db = try SQLite(path: scratch.databasePath)
            try db.query("INSERT INTO session_steps (session_id, number, kind, question, given, at) VALUES (999, 1, 'answer', 'q', 'a', 'now')")
        }
        let refused = storeError { _ = try Store(folder: scratch.path) }
        #expect(refused?.description.contains("row 24 of session_steps refers to a row of sessions that does not exist") == true)
        #expect(refused?.description.contains("left at schema 5") == true)
        let db = try SQLite(path: scratch.databasePath)
        #expect(try integer(db, "PRAGMA user_version") == 5)
        #expect(try integer(db, "SELECT count(*) FROM session_steps") == 24)
        #expect(try integer(db, "SELECT count(*) FROM answers") == 19)
        #expect(try schema(db, "session_steps").contains("AUTOINCREMENT"))
    }
}
