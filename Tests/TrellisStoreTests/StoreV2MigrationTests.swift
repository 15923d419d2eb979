import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

/// Schema step 3 on stores written by schema 2: the committed fixture (written by the released
/// version 2, see Tests/fixtures/README.md) and hand-made ones for the edge cases. Every test
/// works on a copy in a fresh folder; the fixture itself is never opened.
@Suite struct StoreV2MigrationTests {
    private let fixture = siteID("fixture")

    /// A migrated copy of the fixture; keep `scratch` alive while using it.
    private func openFixture(_ scratch: ScratchFolder) throws -> Store {
        try Fixtures.copy(Fixtures.storeV2, into: scratch)
        return try Store(folder: scratch.path)
    }

    @Test func theFixtureIsThereAndIsSchemaTwo() throws {
        let scratch = ScratchFolder()
        try #require(FileManager.default.fileExists(atPath: Fixtures.storeV2), "missing \(Fixtures.storeV2)")
        try Fixtures.copy(Fixtures.storeV2, into: scratch)
        // Read the copy raw, before any Store migrates it.
        let db = try SQLite(path: scratch.databasePath)
        #expect(try integer(db, "PRAGMA user_version") == 2)
        #expect(try integer(db, "PRAGMA application_id") == Store.applicationID)
        #expect(try integer(db, "SELECT count(*) FROM sessions") == 3)
        #expect(try integer(db, "SELECT count(*) FROM answers") == 13)
    }

    @Test func theFixtureMigratesToTheLatestSchemaIntact() throws {
        let before = try #require(fileBytes(Fixtures.storeV2))
        let scratch = ScratchFolder()
        let store = try openFixture(scratch)
        #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try integer(store.db, "PRAGMA application_id") == Store.applicationID)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.db.query("PRAGMA foreign_key_check").isEmpty)
        #expect(try store.sites().map(\.id) == ["fixture"])
        #expect(try store.site(fixture)?.name == "Fixture Primary")
        #expect(try store.verifyCode(fixture, code: Fixtures.storeV2Code))
        #expect(try !store.verifyCode(fixture, code: "n5dm-mn9e-77b6-ww6s"))
        // The released version's site code is a coordinator's sign-in; no one has a code of
        // their own yet, and one can be added.
        #expect(try store.signIn(fixture, code: Fixtures.storeV2Code) == .siteCode)
        #expect(try store.people(fixture).isEmpty)
        let personal = try store.addPerson(fixture, name: "Sam", role: .staff)
        #expect(try store.signIn(fixture, code: personal) == .person(name: "Sam", role: .staff))
        // The fixture itself was not touched (nor opened: no WAL next to it).
        #expect(fileBytes(Fixtures.storeV2) == before)
        #expect(!FileManager.default.fileExists(atPath: Fixtures.storeV2 + "-wal"))
    }

    @Test func theFixturesProfileAndHistoryAreUnchanged() throws {
        let scratch = ScratchFolder()
        let store = try openFixture(scratch)
        let history = try store.history(fixture)
        try #require(history.count == 13)
        #expect(history.map(\.sequence) == Array(1...13))
        #expect(history.map(\.path) == [
            "site.name", "site.community", "site.model", "site.phase", "partners", "partners", "partners", "partners",
            "backbone.arrangement", "documents.site_summary", "considerations.pre-establishment.who-drives-progress",
            "site.name", "site.community",
        ])
        #expect(history.map(\.person) == Array(repeating: "Sam", count: 11) + ["Alex", "Alex"])
        #expect(history.map(\.dialogue) == Array(repeating: "site-setup", count: 10) + ["pre-establishment", "site-setup", "site-setup"])
        #expect(history.map(\.question).prefix(4) == ["site_name", "community", "model", "phase"])
        #expect(history.allSatisfy { $0.value != nil && $0.session == nil && $0.step == nil })
        #expect(history[5].previous == .list([.object([(key: "name", value: .string("Riverbend Health"))])]))
        #expect(history[11].previous == .string("Riverbend Primary"))
        #expect(history[0].at == "2026-12-01T23:46:40.960Z")

        let profile = try store.profile(fixture)
        #expect(profile["site"] == .object([
            (key: "name", value: .string("Riverbend Primary")), (key: "community", value: .string("Riverbend")),
            (key: "model", value: .string("hybrid")), (key: "phase", value: .string("pre-establishment")),
        ]))
        #expect(profile["partners"] == .list([.object([(key: "name", value: .string("Riverbend Health")),
                                                      (key: "sector", value: .string("health")), (key: "brings", value: .null)])]))
        #expect(profile["backbone"] == .object([(key: "arrangement", value: .string("independent"))]))
        #expect(profile["documents"]?["site_summary"]?.stringValue?.hasPrefix("# Riverbend Primary\n") == true)
        #expect(profile["considerations"]?["pre-establishment"]?["who-drives-progress"] == .string("partly"))
        #expect(profile.objectValue?.count == 5)
        #expect(ProfileDiff.same(try store.replayedProfile(fixture), profile))
    }

    @Test func theFixturesSessionsAreCarriedOverStepByStep() throws {
        let scratch = ScratchFolder()
        let store = try openFixture(scratch)

        // Sam: one open session, pre-establishment, one answer, waiting on who_drives_next.
        let sam = try store.openSessions(site: fixture, person: "Sam")
        try #require(sam.count == 1)
        #expect(sam[0].dialogue == "pre-establishment")
        #expect(sam[0].status == .open)
        #expect(sam[0].steps == [SessionStep(kind: .answer, question: "who_drives", given: "2")])
        #expect(sam[0].updatedAt == "2026-12-01T23:46:41.170Z")
        #expect(sam[0].initialProfile["site"]?["name"] == .string("Riverbend Primary"))
        #expect(sam[0].initialProfile["considerations"] == nil)
        let resume = ResumePoint(sam[0])
        #expect(resume.log == [ResumePoint.Entry(question: "who_drives", given: "2")])
        #expect(resume.question == "who_drives_next")
        #expect(resume.dialogue == "pre-establishment")
        #expect(resume.session == SessionRef(id: sam[0].id, steps: 1))

        // Alex: one open site-setup, two answers, waiting on model.
        let alex = try store.openSessions(site: fixture, person: "Alex")
        try #require(alex.count == 1)
        #expect(alex[0].dialogue == "site-setup")
        let alexResume = ResumePoint(alex[0])
        #expect(alexResume.log == [.init(question: "site_name", given: "Riverbend Primary"),
                                   .init(question: "community", given: "Riverbend")])
        #expect(alexResume.question == "model")
        #expect(alex[0].initialProfile["considerations"]?["pre-establishment"]?["who-drives-progress"] == .string("partly"))

        // Sam's finished site-setup is kept, with its nine answers.
        let all = try store.allSessions(site: fixture)
        #expect(all.count == 3)
        let finished = try #require(all.first { $0.person == "Sam" && $0.dialogue == "site-setup" })
        #expect(finished.status == .finished)
        #expect(finished.waitingOn == nil)
        #expect(finished.initialProfile == .object([]))
        #expect(finished.steps.count == 9)
        #expect(finished.steps.allSatisfy { $0.kind == .answer })
        #expect(finished.steps.map(\.question) == ["site_name", "community", "model", "phase", "name", "sector", "brings",
                                                   "partners", "backbone_arrangement"])
        #expect(finished.steps.map(\.given) == ["Riverbend Primary", "Riverbend", "hybrid", "1", "Riverbend Health", "health", "",
                                                "no", "independent"])
        #expect(Set(all.map(\.id)).count == 3)
        // steps(_:) lists all twelve, each session's numbered from 1.
        let steps = try store.steps(fixture)
        #expect(steps.count == 12)
        #expect(steps.filter { $0.session == finished.id }.map(\.number) == Array(1...9))
        #expect(steps.filter { $0.session == alex[0].id }.map(\.number) == [1, 2])
        #expect(try integer(store.db, "SELECT steps FROM sessions WHERE id = \(finished.id)") == 9)
    }

    @Test func theOldSessionsTableSurvivesAsSessionsV2() throws {
        let scratch = ScratchFolder()
        let store = try openFixture(scratch)
        #expect(try store.count("sessions_v2") == 3)
        let rows = try store.db.query("SELECT person, dialogue, log, question, status FROM sessions_v2 ORDER BY updated_at")
        #expect(rows.map { $0[0].text ?? "" } == ["Sam", "Sam", "Alex"])
        #expect(rows.map { $0[1].text ?? "" } == ["site-setup", "pre-establishment", "site-setup"])
        #expect(rows.map { $0[3].text } == [nil, "who_drives_next", "model"])
        #expect(rows.map { $0[4].text ?? "" } == ["finished", "open", "open"])
        #expect(rows[1][2].text == #"[{"question":"who_drives","given":"2"}]"#)
    }

    @Test func theFixturesOpenSessionsGoOnAfterMigrating() throws {
        let scratch = ScratchFolder()
        let store = try openFixture(scratch)
        let sam = try #require(try store.openSessions(site: fixture, person: "Sam").first)
        let ref = try store.commit(Commit(
            site: fixture, person: "Sam", dialogue: "pre-establishment", target: .existing(SessionRef(id: sam.id, steps: 1)),
            steps: [answer("who_drives_next", "the backbone")],
            writes: [write("considerations.pre-establishment.who-drives-next", .string("the backbone"), question: "who_drives_next")],
            finished: false, waitingOn: "coordination"))
        #expect(ref == SessionRef(id: sam.id, steps: 2))
        let after = try #require(try store.openSessions(site: fixture, person: "Sam").first)
        #expect(after.steps.map(\.question) == ["who_drives", "who_drives_next"])
        #expect(after.waitingOn == "coordination")
        #expect(try store.history(fixture).count == 14)
        #expect(try store.history(fixture).last?.session == sam.id)
        #expect(ProfileDiff.same(try store.replayedProfile(fixture), try store.profile(fixture)))

        // The migrated open sessions are guarded like new ones: stale counts and a second open
        // site-setup for Alex are refused.
        #expect(storeError {
            _ = try store.commit(Commit(site: fixture, person: "Sam", dialogue: "pre-establishment",
                                        target: .existing(SessionRef(id: sam.id, steps: 1)), steps: [answer("x", "y")],
                                        writes: [], finished: false, waitingOn: nil))
        }?.kind == "sessionConflict")
        #expect(storeError {
            _ = try store.commit(Commit(site: fixture, person: "Alex", dialogue: "site-setup", target: fresh(), steps: [],
                                        writes: [], finished: false, waitingOn: "site_name"))
        }?.kind == "sessionConflict")
        // Alex can leave the old one behind for a new one.
        let alex = try #require(try store.openSessions(site: fixture, person: "Alex").first)
        _ = try store.commit(Commit(site: fixture, person: "Alex", dialogue: "site-setup",
                                    target: .new(initialProfile: try store.profile(fixture), replacing: ResumePoint(alex).session),
                                    steps: [], writes: [], finished: false, waitingOn: "site_name"))
        #expect(try store.allSessions(site: fixture).first { $0.id == alex.id }?.status == .abandoned)
        #expect(try store.allSessions(site: fixture).first { $0.id == alex.id }?.steps.map(\.kind) == [.answer, .answer, .abandon])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aMigratedFixtureOpensAgainWithoutMigratingTwice() throws {
        let scratch = ScratchFolder()
        do { _ = try openFixture(scratch) }
        let again = try Store(folder: scratch.path)
        #expect(try integer(again.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try again.count("sessions") == 3)
        #expect(try again.count("session_steps") == 12)
        #expect(try again.count("sessions_v2") == 3)
        #expect(try again.history(fixture).count == 13)
    }

    @Test func aBackupOfAMigratedFixtureHoldsTheSameSessions() throws {
        let scratch = ScratchFolder()
        let store = try openFixture(scratch)
        let copyFolder = scratch.sibling("copy")
        try FileManager.default.createDirectory(atPath: copyFolder, withIntermediateDirectories: true)
        try store.backup(to: (copyFolder as NSString).appendingPathComponent(Store.fileName))
        let copy = try Store(folder: copyFolder)
        #expect(try copy.allSessions(site: fixture) == store.allSessions(site: fixture))
        #expect(try copy.steps(fixture) == store.steps(fixture))
        #expect(try copy.verifyCode(fixture, code: Fixtures.storeV2Code))
    }

    // MARK: Hand-made version 2 stores

    /// A store as schema 2 left it, with the sessions given as (person, dialogue, log, question, status, updated).
    private func makeVersionTwoDatabase(_ scratch: ScratchFolder,
                                        sessions: [(String, String, String, String?, String, String)]) throws {
        try scratch.create()
        let db = try SQLite(path: scratch.databasePath)
        try db.execute("PRAGMA application_id = \(Store.applicationID)")
        try db.execute(Migrations.steps[0])
        try db.execute(Migrations.steps[1])
        try db.execute("PRAGMA user_version = 2")
        try db.query("INSERT INTO sites (id, name, code_hash, created_at) VALUES ('north', 'North', 'x', '2025-01-01T00:00:00.000Z')")
        for (person, dialogue, log, question, status, updated) in sessions {
            try db.query("""
                INSERT INTO sessions (site_id, person, dialogue, log, question, initial_profile, status, updated_at)
                VALUES ('north', ?, ?, ?, ?, '{"x":1}', ?, ?)
                """, [.text(person), .text(dialogue), .text(log), question.map { .text($0) } ?? .null, .text(status), .text(updated)])
        }
    }

    @Test func skipsEmptyLogsAndOrderAreCarriedOver() throws {
        let scratch = ScratchFolder()
        try makeVersionTwoDatabase(scratch, sessions: [
            ("ana", "late", #"[{"question":"a","given":"/skip"},{"question":"b","given":"é \"q\"\n"}]"#, "c", "open",
             "2025-01-03T00:00:00.000Z"),
            ("ana", "early", "[]", "first", "open", "2025-01-01T00:00:00.000Z"),
            ("bo", "done", #"[{"question":"a","given":"1"}]"#, nil, "finished", "2025-01-02T00:00:00.000Z"),
        ])
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        #expect(try store.integrityCheck() == "ok")
        // Ids follow the old rows' last update.
        let all = try store.allSessions(site: site)
        #expect(all.map(\.dialogue) == ["early", "done", "late"])
        #expect(all.map(\.status) == [.open, .finished, .open])
        #expect(all.map(\.startedAt) == ["2025-01-01T00:00:00.000Z", "2025-01-02T00:00:00.000Z", "2025-01-03T00:00:00.000Z"])
        #expect(all.allSatisfy { $0.initialProfile == .object([(key: "x", value: .number(1))]) })
        #expect(all[0].steps.isEmpty)
        #expect(all[0].waitingOn == "first")
        #expect(all[2].steps == [SessionStep(kind: .skip, question: "a", given: "/skip"),
                                 SessionStep(kind: .answer, question: "b", given: "é \"q\"\n")])
        #expect(ResumePoint(all[2]).log == [.init(question: "a", given: "/skip", skipped: true), .init(question: "b", given: "é \"q\"\n")])
        #expect(try store.openSessions(site: site, person: "ana").map(\.dialogue) == ["late", "early"])
        #expect(try store.openSessions(site: site, person: "bo").isEmpty)
        // The step counts the sessions table keeps match the steps, so the first commit fits.
        let late = try store.commit(commit(dialogue: "late", to: .existing(SessionRef(id: all[2].id, steps: 2)),
                                           steps: [answer("c", "x")], waitingOn: nil))
        #expect(late.steps == 3)
        let early = try store.commit(commit(dialogue: "early", to: .existing(SessionRef(id: all[0].id, steps: 0)),
                                            steps: [answer("first", "y")], finished: true))
        #expect(early.steps == 1)
    }

    @Test func aVersionTwoStoreWithNoSessionsMigrates() throws {
        let scratch = ScratchFolder()
        try makeVersionTwoDatabase(scratch, sessions: [])
        let store = try Store(folder: scratch.path)
        #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try store.allSessions(site: siteID("north")).isEmpty)
        #expect(try store.count("sessions_v2") == 0)
        _ = try store.commit(commit(waitingOn: "q"))
        #expect(try store.openSessions(site: siteID("north"), person: "ana").count == 1)
    }
}
