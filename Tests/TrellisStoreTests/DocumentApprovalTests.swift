import Testing
import TrellisLanguage
import TrellisSession
@testable import TrellisStore

/// A document's versions, read from the history, and its approvals, appended one per person
/// and version.
@Suite struct DocumentApprovalTests {
    private let site = siteID("north")

    private func store(_ scratch: ScratchFolder) throws -> Store {
        let store = try Store(folder: scratch.path, clock: TickingClock().closure)
        _ = try store.createSite(site, name: "North")
        return store
    }

    @Test func versionsAreTheDialoguesWritesOfTheDocumentNotTheUndoOfBack() throws {
        let scratch = ScratchFolder()
        let store = try store(scratch)
        try store.commitWrites(site, person: "Sam", dialogue: "site-setup", [write("documents.summary", .string("# One\n\nfirst\n"), question: "summary")])
        try store.commitWrites(site, person: "Jo", dialogue: "site-setup", [write("documents.summary", .string("# One\n\nsecond\n"), question: "summary")])
        // /back puts the first back: not a version; a value under the path, or a plain string, is not one either.
        try store.commitWrites(site, person: "Jo", dialogue: "site-setup", [write("documents.summary", .string("# One\n\nfirst\n"), question: "back")])
        try store.commitWrites(site, [write("documents.summary_note", .string("# Not this path\n"))])
        let versions = try store.documentVersions(site, path: "documents.summary")
        #expect(versions.map(\.number) == [1, 2])
        #expect(versions.map(\.person) == ["Sam", "Jo"])
        #expect(versions.map(\.text) == ["# One\n\nfirst\n", "# One\n\nsecond\n"])
        #expect(versions.allSatisfy { $0.dialogue == "site-setup" })
        #expect(versions[0].at < versions[1].at)
        let history = try store.history(site, path: "documents.summary")
        #expect(versions.map(\.sequence) == history.prefix(2).map(\.sequence))
        #expect(try store.documentVersions(site, path: "documents.none").isEmpty)
    }

    @Test func anApprovalIsAppendedOncePerPersonAndVersion() throws {
        let scratch = ScratchFolder()
        let store = try store(scratch)
        try store.commitWrites(site, [write("documents.summary", .string("# One\n\nfirst\n"), question: "summary")])
        let sequence = try store.documentVersions(site, path: "documents.summary")[0].sequence
        let first = try store.approveDocument(site, path: "documents.summary", version: 1, sequence: sequence, person: "Jo Bloggs")
        #expect(first.isNew)
        #expect(first.approval.person == "Jo Bloggs" && first.approval.version == 1 && first.approval.path == "documents.summary")
        // The same person again: the approval that stands, nothing written.
        let again = try store.approveDocument(site, path: "documents.summary", version: 1, sequence: sequence, person: "Jo Bloggs")
        #expect(!again.isNew)
        #expect(again.approval == first.approval)
        #expect(try store.count("document_approvals") == 1)
        // Someone else, and a later version, are approvals of their own.
        #expect(try store.approveDocument(site, path: "documents.summary", version: 1, sequence: sequence, person: "Sam").isNew)
        #expect(try store.approveDocument(site, path: "documents.summary", version: 2, sequence: nil, person: "Jo Bloggs").isNew)
        #expect(try store.documentApprovals(site, path: "documents.summary").map { "\($0.version) \($0.person)" }
                == ["1 Jo Bloggs", "1 Sam", "2 Jo Bloggs"])
        #expect(try store.documentApprovals(site, path: "documents.other").isEmpty)
        #expect(try store.documentApprovals(site).count == 3)
        let stored = try store.db.query("SELECT answer_seq FROM document_approvals ORDER BY seq").map { $0[0].integer }
        #expect(stored == [sequence, sequence, nil])
    }

    @Test func approvalsAreKeptPerSiteAndAnUnknownSiteIsRefused() throws {
        let scratch = ScratchFolder()
        let store = try store(scratch)
        _ = try store.createSite(siteID("south"), name: "South")
        _ = try store.approveDocument(site, path: "documents.summary", version: 1, sequence: nil, person: "Jo")
        #expect(try store.documentApprovals(siteID("south")).isEmpty)
        let error = storeError { _ = try store.approveDocument(siteID("ghost"), path: "documents.summary", version: 1, sequence: nil, person: "Jo") }
        #expect(error?.kind == "noSuchSite")
        #expect(try store.count("document_approvals") == 1)
    }
}
