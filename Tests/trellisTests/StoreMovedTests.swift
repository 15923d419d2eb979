import Foundation
import Glibc
import Testing
import TrellisLanguage
import TrellisStore

/// Regression: with the database deleted, truncated away or replaced under a running server,
/// every later answer was acknowledged and lost (written into an unlinked file), and a
/// replaced store got the old write-ahead log applied to it.
@Suite(.serialized) struct StoreMovedTests {
    enum Change: String, CaseIterable { case deleted, renamed, replaced }

    @Test(arguments: Change.allCases)
    func answersAreRefusedOnceTheDatabaseIsNotWhereItWas(_ change: Change) throws {
        let server = try ServerProcess()
        let code = try server.code(for: "demo")
        let client = try TCPClient(port: server.port)
        try client.signIn(site: "demo", code: code, name: "Sam")
        client.send("site setup")
        try client.read(until: "What is the site called?")
        client.send("Riverbend Primary")
        try client.read(until: "Which community")
        let path = server.data + "/trellis.sqlite"
        let elsewhere = server.data + "/elsewhere.sqlite"
        switch change {
        case .deleted: unlink(path)
        case .renamed: rename(path, elsewhere)
        case .replaced:
            // Another store, made apart and moved in over the open one.
            let other = try Trellis.temporaryFolder().path
            _ = try Store(folder: other).createSite(SiteID("other")!, name: "Other")
            rename(other + "/trellis.sqlite", path)
        }
        client.send("Riverbend")
        let refused = try client.read(until: "Which community")
        #expect(refused.contains("Your answer was not saved"), "\(refused)")
        #expect(refused.contains("moved, deleted or replaced"))
        client.send("Riverbend again")
        #expect(try client.read(until: "Which community").contains("not saved"), "and it stays refused")
        if FileManager.default.fileExists(atPath: path + "-wal") {
            let size = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue
            #expect(size == 0, "the old connection's WAL was emptied into its own file, so nothing of it can reach another")
        }
        server.signal(SIGTERM)
        let (status, log) = server.finish()
        #expect(status == 0)
        #expect(log.contains("event=commit_failed"))
        if change == .replaced {
            let store = try Store(folder: server.data)
            #expect(try store.integrityCheck() == "ok")
            #expect(try store.sites().map(\.id) == ["other"], "the file moved in is untouched: no old WAL applied to it")
            #expect(try store.history(SiteID("demo")!).isEmpty)
        }
        if change == .renamed {
            let folder = try Trellis.temporaryFolder().path
            rename(elsewhere, folder + "/trellis.sqlite")
            let kept = try Store(folder: folder)
            #expect(try kept.profile(SiteID("demo")!).value(at: ["site", "name"]) == .string("Riverbend Primary"),
                    "what was acknowledged is in the file that moved")
            #expect(try kept.profile(SiteID("demo")!).value(at: ["site", "community"]) == nil, "and nothing refused")
        }
    }
}
