import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

/// Schema step 5 (document approvals) on a store written by schema 4: the committed fixture
/// (written by the schema-4 `trellis`, see Tests/fixtures/README.md), always on a copy.
@Suite struct StoreV4MigrationTests {
    private let fixture = siteID("fixture")

    @Test func theFixtureIsSchemaFourWithoutApprovals() throws {
        let scratch = ScratchFolder()
        try Fixtures.copy(Fixtures.storeV4, into: scratch)
        let db = try SQLite(path: scratch.databasePath)
        #expect(try integer(db, "PRAGMA user_version") == 4)
        #expect(try integer(db, "SELECT count(*) FROM sqlite_master WHERE name = 'document_approvals'") == 0)
        #expect(try integer(db, "SELECT count(*) FROM answers") == 17)
    }

    @Test func theFixtureMigratesKeepingEverythingAndTakesApprovals() throws {
        let before = try #require(fileBytes(Fixtures.storeV4))
        let scratch = ScratchFolder()
        try Fixtures.copy(Fixtures.storeV4, into: scratch)
        let store = try Store(folder: scratch.path)
        #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.db.query("PRAGMA foreign_key_check").isEmpty)
        // Nothing of schema 4's was dropped.
        #expect(try store.count("answers") == 17)
        #expect(try store.count("session_steps") == 21)
        #expect(try store.sites().map(\.name) == ["Fixture Primary"])
        #expect(try store.verifyCode(fixture, code: Fixtures.storeV4Code))
        #expect(try store.signIn(fixture, code: Fixtures.storeV4JoCode) == .person(name: "Jo Bloggs", role: .coordinator))
        #expect(try store.openSessions(site: fixture, person: "Alex").first?.waitingOn == "model")
        #expect(ProfileDiff.same(try store.replayedProfile(fixture), try store.profile(fixture)))
        // The document's two versions, as schema 4 wrote them; none approved yet.
        let versions = try store.documentVersions(fixture, path: "documents.site_summary")
        #expect(versions.map(\.person) == ["Sam", "Jo"])
        #expect(versions[1].text.contains("- **Community:** Riverbend East\n"))
        #expect(try store.documentApprovals(fixture).isEmpty)
        let approved = try store.approveDocument(fixture, path: "documents.site_summary", version: 2, sequence: versions[1].sequence,
                                                 person: "Jo Bloggs")
        #expect(approved.isNew)
        // Opened again: migrated once, the approval kept.
        let again = try Store(folder: scratch.path)
        #expect(try again.documentApprovals(fixture) == [approved.approval])
        #expect(fileBytes(Fixtures.storeV4) == before)
    }
}
