import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

/// The store when things go wrong: a full disk, a lock held by another process, a database
/// that cannot be written, a folder that cannot be made. Each is refused with the error a
/// person can act on, and nothing already stored is lost.
@Suite struct StoreFailureTests {
    // MARK: Disk full

    @Test func aFullDiskRefusesTheCommitAndKeepsEverythingBefore() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        var ref = try store.commit(commit(waitingOn: "q0"))
        let pages = try #require(try integer(store.db, "PRAGMA page_count"))
        try store.limitPages(Int(pages) + 4)

        let filler = String(repeating: "x", count: 1500)
        var recorded = 0
        var failure: StoreError?
        for round in 0..<2000 {
            do {
                ref = try store.commit(commit(to: .existing(ref), steps: [answer("q\(round)", filler)], writes: [
                    write("a.r\(round)", .string(filler)), write("b.r\(round)", .string(filler)),
                ], waitingOn: "q\(round + 1)"))
            } catch {
                failure = error
                break
            }
            recorded += 1
        }
        let error = try #require(failure, "the capped database never filled up")
        guard case .diskFull(let path) = error else { Issue.record("got \(error)"); return }
        #expect(path == scratch.databasePath)
        #expect(recorded > 0)

        // Everything committed before is still there, and nothing of the refused commit is.
        let profile = try store.profile(site)
        #expect(profile["a"]?.objectValue?.count == recorded)
        #expect(profile["b"]?.objectValue?.count == recorded)
        #expect(profile["a"]?["r\(recorded)"] == nil)
        #expect(profile["b"]?["r\(recorded)"] == nil)
        let history = try store.history(site)
        #expect(history.count == 2 * recorded)
        #expect(history.last?.path == "b.r\(recorded - 1)")
        let open = try #require(try store.openSessions(site: site, person: "ana").first)
        #expect(open.waitingOn == "q\(recorded)")
        #expect(open.steps.count == recorded)
        #expect(try store.steps(site).count == recorded)
        #expect(ref.steps == recorded)
        #expect(try store.integrityCheck() == "ok")

        // Another store on the same folder sees the same, and once there is room again, the
        // session goes on from its last stored step (the refused one left no trace).
        let other = try Store(folder: scratch.path)
        #expect(try other.history(site).count == 2 * recorded)
        #expect(try other.integrityCheck() == "ok")
        try store.limitPages(1_000_000)
        ref = try store.commit(commit(to: .existing(ref), steps: [answer("q\(recorded)", "after")],
                                      writes: [write("after", .bool(true))], waitingOn: nil))
        #expect(ref.steps == recorded + 1)
        #expect(try other.profile(site)["after"] == .bool(true))
        #expect(try other.openSessions(site: site, person: "ana").first?.steps.last == answer("q\(recorded)", "after"))
    }

    @Test func aFullDiskRefusesANewSiteAndKeepsTheOthers() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let code = try store.createSite(siteID("north"), name: "North")
        let pages = try #require(try integer(store.db, "PRAGMA page_count"))
        try store.limitPages(Int(pages))
        let longName = String(repeating: "n", count: 20_000)
        let error = try #require(storeError { _ = try store.createSite(siteID("south"), name: longName) })
        #expect(error.kind == "diskFull")
        #expect(try store.sites().map(\.id) == ["north"])
        #expect(try store.verifyCode(siteID("north"), code: code))
        #expect(try store.integrityCheck() == "ok")
    }

    // MARK: Locked

    @Test func aHeldLockGivesLockedAndTheWriteWorksOnceReleased() throws {
        let scratch = ScratchFolder()
        let site = siteID("north")
        do {
            let setup = try Store(folder: scratch.path)
            _ = try setup.createSite(site, name: "North")
            _ = try setup.commit(commit(steps: [answer("x", "1")], writes: [write("x", .number(1))], waitingOn: "y"))
        }
        let holder = try SQLite(path: scratch.databasePath)
        try holder.execute("BEGIN IMMEDIATE")
        try holder.query("INSERT INTO sites (id, name, code_hash, created_at) VALUES ('held', 'Held', 'h', 't')")

        let store = try Store(folder: scratch.path, busyTimeoutMilliseconds: 50)
        let ref = try #require(try store.openSessions(site: site, person: "ana").first.map { ResumePoint($0).session })
        let next = commit(to: .existing(ref), steps: [answer("y", "2")], writes: [write("x", .number(2))], waitingOn: "z")
        let error = try #require(storeError { _ = try store.commit(next) })
        guard case .locked(let path) = error else { Issue.record("got \(error)"); return }
        #expect(path == scratch.databasePath)
        // Reading is not blocked, and sees neither the refused write nor the holder's uncommitted one.
        #expect(try store.profile(site) == .object([(key: "x", value: .number(1))]))
        #expect(try store.history(site).count == 1)
        #expect(try store.sites().map(\.id) == ["north"])
        // Other writes are refused the same way.
        #expect(storeError { _ = try store.createSite(siteID("south"), name: "South") }?.kind == "locked")
        #expect(storeError { _ = try store.replaceCode(site) }?.kind == "locked")
        #expect(storeError { _ = try store.commit(commit(person: "bo")) }?.kind == "locked")
        // Through the session protocol it is a failure to report, not a conflict.
        guard case .failure(let failure) = store.commit([next]) else { Issue.record("a locked commit succeeded"); return }
        #expect(!failure.conflict)
        #expect(try store.openSessions(site: site, person: "ana").first?.steps.count == 1)

        try holder.execute("ROLLBACK")
        #expect(try store.commit(next) == SessionRef(id: ref.id, steps: 2))
        #expect(try store.profile(site) == .object([(key: "x", value: .number(2))]))
        #expect(try store.history(site).map(\.previous) == [nil, .number(1)])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aLockHeldWhileAMigrationIsDueGivesLockedAndTheMigrationRunsLater() throws {
        let scratch = ScratchFolder()
        try scratch.create()
        do {
            let db = try SQLite(path: scratch.databasePath)
            try db.execute("PRAGMA application_id = \(Store.applicationID)")
            try db.execute(Migrations.steps[0])
            try db.execute("PRAGMA user_version = 1")
        }
        let holder = try SQLite(path: scratch.databasePath)
        try holder.execute("BEGIN IMMEDIATE")
        let error = try #require(storeError { _ = try Store(folder: scratch.path, busyTimeoutMilliseconds: 50) })
        #expect(error.kind == "locked")
        try holder.execute("ROLLBACK")
        #expect(try integer(holder, "PRAGMA user_version") == 1)

        let store = try Store(folder: scratch.path, busyTimeoutMilliseconds: 50)
        #expect(try integer(store.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
    }

    @Test func twoStoresOnOneFolderTakeTurns() throws {
        let scratch = ScratchFolder()
        let first = try Store(folder: scratch.path, busyTimeoutMilliseconds: 50)
        let second = try Store(folder: scratch.path, busyTimeoutMilliseconds: 50)
        let site = siteID("north")
        _ = try first.createSite(site, name: "North")
        for n in 0..<10 {
            let store = n.isMultiple(of: 2) ? first : second
            try store.commitWrites(site, person: "p\(n % 2)", [write("n", .number(Double(n)))])
        }
        #expect(try second.history(site).map(\.value) == (0..<10).map { .number(Double($0)) })
        #expect(try first.profile(site) == .object([(key: "n", value: .number(9))]))
    }

    /// Two writers carrying on one session take turns too, but only one can append to what it
    /// read: the other is refused with sessionConflict and nothing of its commit is stored.
    @Test func twoStoresCarryingOnOneSessionCannotInterleave() throws {
        let scratch = ScratchFolder()
        let first = try Store(folder: scratch.path, busyTimeoutMilliseconds: 50)
        let site = siteID("north")
        _ = try first.createSite(site, name: "North")
        let ref = try first.commit(commit(steps: [answer("q1", "a")], writes: [write("q1", .string("a"))], waitingOn: "q2"))
        let second = try Store(folder: scratch.path, busyTimeoutMilliseconds: 50)
        let seen = try #require(try second.openSessions(site: site, person: "ana").first)
        #expect(ResumePoint(seen).session == ref)

        _ = try first.commit(commit(to: .existing(ref), steps: [answer("q2", "from first")],
                                    writes: [write("q2", .string("from first"))], waitingOn: "q3"))
        let error = try #require(storeError {
            _ = try second.commit(commit(to: .existing(ref), steps: [answer("q2", "from second")],
                                         writes: [write("q2", .string("from second"))], waitingOn: "q3"))
        })
        #expect(error.kind == "sessionConflict")
        #expect(try first.profile(site)["q2"] == .string("from first"))
        #expect(try second.steps(site).map(\.step.given) == ["a", "from first"])
        #expect(try second.history(site).count == 2)
    }

    // MARK: Read-only

    /// Running as root, file permissions do not stop writes, so this uses SQLite's own
    /// `PRAGMA query_only`: the connection refuses every write with SQLITE_READONLY, the
    /// same code a write-protected file gives.
    @Test func aDatabaseThatCannotBeWrittenGivesReadOnlyAndKeepsItsData() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        let code = try store.createSite(site, name: "North")
        let ref = try store.commit(commit(steps: [answer("x", "1")], writes: [write("x", .number(1))], waitingOn: "y"))
        try store.db.execute("PRAGMA query_only = 1")

        let next = commit(to: .existing(ref), steps: [answer("y", "2")], writes: [write("x", .number(2))], waitingOn: "z")
        let error = try #require(storeError { _ = try store.commit(next) })
        guard case .readOnly(let path) = error else { Issue.record("got \(error)"); return }
        #expect(path == scratch.databasePath)
        #expect(storeError { _ = try store.createSite(siteID("south"), name: "South") }?.kind == "readOnly")
        #expect(storeError { _ = try store.replaceCode(site) }?.kind == "readOnly")
        // Reads still work and nothing changed.
        #expect(try store.profile(site) == .object([(key: "x", value: .number(1))]))
        #expect(try store.verifyCode(site, code: code))
        #expect(try store.sites().map(\.id) == ["north"])
        #expect(try store.openSessions(site: site, person: "ana").first?.steps.count == 1)

        try store.db.execute("PRAGMA query_only = 0")
        #expect(try store.commit(next).steps == 2)
        #expect(try store.profile(site) == .object([(key: "x", value: .number(2))]))
        #expect(try store.integrityCheck() == "ok")
    }

    /// With real permissions: only meaningful when not root (root writes through them). Checked
    /// by running the test binary as uid 65534 (`setpriv --reuid=65534 ...`): the open is refused
    /// with readOnly.
    @Test(.enabled(if: getuid() != 0, "root ignores file permissions"))
    func aWriteProtectedFolderIsRefusedAndKeepsItsData() throws {
        let scratch = ScratchFolder()
        let site = siteID("north")
        do {
            let store = try Store(folder: scratch.path)
            _ = try store.createSite(site, name: "North")
            try store.commitWrites(site, person: "ana", [write("x", .number(1))])
        }
        let before = try #require(fileBytes(scratch.databasePath))
        #expect(chmod(scratch.databasePath, 0o444) == 0)
        #expect(chmod(scratch.path, 0o555) == 0)
        defer {
            chmod(scratch.path, 0o755)
            chmod(scratch.databasePath, 0o644)
        }
        do {
            let store = try Store(folder: scratch.path, busyTimeoutMilliseconds: 50)
            let error = try #require(storeError { try store.commitWrites(site, person: "ana", [write("x", .number(2))]) })
            #expect(error.kind == "readOnly")
        } catch let error as StoreError {
            #expect(["readOnly", "cannotOpen"].contains(error.kind), "\(error)")
        }
        #expect(fileBytes(scratch.databasePath) == before)
    }

    // MARK: Cannot open

    @Test func aFolderUnderARegularFileGivesCannotOpen() throws {
        let scratch = ScratchFolder()
        try FileManager.default.createDirectory(atPath: scratch.root, withIntermediateDirectories: true)
        let file = scratch.sibling("plain.txt")
        try Data("just a file".utf8).write(to: URL(fileURLWithPath: file))
        let folder = (file as NSString).appendingPathComponent("data")
        let error = try #require(storeError { _ = try Store(folder: folder) })
        guard case .cannotOpen(let path, let reason) = error else { Issue.record("got \(error)"); return }
        #expect(path == folder)
        #expect(!reason.isEmpty)
        #expect(fileBytes(file) == Data("just a file".utf8))
    }

    @Test func aFolderThatIsARegularFileGivesCannotOpen() throws {
        let scratch = ScratchFolder()
        try FileManager.default.createDirectory(atPath: scratch.root, withIntermediateDirectories: true)
        try Data("just a file".utf8).write(to: URL(fileURLWithPath: scratch.path))
        let error = try #require(storeError { _ = try Store(folder: scratch.path) })
        #expect(error.kind == "cannotOpen")
        #expect(fileBytes(scratch.path) == Data("just a file".utf8))
    }

    @Test func aDatabasePathThatIsAFolderGivesCannotOpen() throws {
        let scratch = ScratchFolder()
        try FileManager.default.createDirectory(atPath: scratch.databasePath, withIntermediateDirectories: true)
        let error = try #require(storeError { _ = try Store(folder: scratch.path) })
        #expect(error.kind == "cannotOpen", "\(error)")
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: scratch.databasePath, isDirectory: &isFolder) && isFolder.boolValue)
    }
}
