import Foundation
import Glibc
import Testing
import TrellisLanguage
import TrellisSession
@testable import TrellisStore

/// The store's files hold a site's answers: the folder is the owner's alone (0700) and every
/// file in it, and every backup, is 0600, whatever the umask.
@Suite(.serialized) struct FileModeTests {
    func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o777
    }

    @Test func theFolderTheDatabaseItsWALAndBackupsAreTheOwnersAlone() throws {
        let old = umask(0o000)
        defer { umask(old) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trellis-modes-\(UUID().uuidString)/data").path
        let store = try Store(folder: folder)
        let site = SiteID("demo")!
        _ = try store.createSite(site, name: "Demo")
        _ = try store.commit(Commit(site: site, person: "Ann", dialogue: "d", target: .new(initialProfile: .object([]), replacing: nil),
                                    steps: [SessionStep(kind: .answer, question: "q", given: "x", value: .string("x"))],
                                    writes: [ProfileWrite(path: ["a"], value: .string("x"), source: "q")], finished: false, waitingOn: nil))
        #expect(mode(folder) == 0o700)
        #expect(mode(store.path) == 0o600)
        #expect(mode(store.path + "-wal") == 0o600, "the WAL takes the database's mode")
        #expect(mode(store.path + "-shm") == 0o600)
        let backup = (folder as NSString).deletingLastPathComponent + "/backup.sqlite"
        try store.backup(to: backup)
        #expect(mode(backup) == 0o600)
    }

    @Test func anOlderStoresFilesAreNarrowedWhenItOpens() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trellis-modes-\(UUID().uuidString)").path
        _ = try Store(folder: folder)
        let path = folder + "/" + Store.fileName
        chmod(path, 0o644)
        _ = try Store(folder: folder)
        #expect(mode(path) == 0o600)
    }
}
