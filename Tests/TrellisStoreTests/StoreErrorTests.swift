import Testing
@testable import TrellisStore

/// Every StoreError is read by a person: it must say what happened (naming the file or
/// site) and what to do about it.
@Suite struct StoreErrorTests {
    /// Phrases that tell a person what to do next; every description needs at least one.
    static let actions = ["try again", "check", "choose", "use a newer", "free some space", "create it",
                          "move it", "replaces its access code", "run ", "report", "fix", "permission", "open it again", "put the database back"]

    static let cases: [(StoreError, subject: String, happened: String)] = [
        (.cannotOpen(path: "/data/x", reason: "the folder cannot be created"), "/data/x", "cannot open"),
        (.notTrellisDatabase(path: "/data/trellis.sqlite", reason: "it is not a SQLite file"), "/data/trellis.sqlite", "not a Trellis database"),
        (.newerSchema(path: "/data/trellis.sqlite", found: 9, supported: 2), "/data/trellis.sqlite", "newer"),
        (.locked(path: "/data/trellis.sqlite"), "/data/trellis.sqlite", "locked"),
        (.diskFull(path: "/data/trellis.sqlite"), "/data/trellis.sqlite", "full"),
        (.readOnly(path: "/data/trellis.sqlite"), "/data/trellis.sqlite", "cannot be written"),
        (.noSuchSite("north"), "north", "no site"),
        (.siteExists("north"), "north", "already exists"),
        (.database(SQLiteError(code: 1, message: "no such table: sites")), "no such table: sites", "database error"),
        (.accessCode("libcrypt could not hash the access code with yescrypt"), "libcrypt", "access code"),
        (.sessionConflict(dialogue: "site-setup"), "site-setup", "nothing was saved"),
        (.moved(path: "/data/trellis.sqlite"), "/data/trellis.sqlite", "moved, deleted or replaced"),
    ]

    @Test(arguments: 0..<cases.count)
    func descriptionSaysWhatHappenedAndWhatToDo(index: Int) {
        let (error, subject, happened) = Self.cases[index]
        let text = error.description
        #expect(text.contains(subject), "\(error.kind): \(text)")
        #expect(text.contains(happened), "\(error.kind): \(text)")
        let lower = text.lowercased()
        #expect(Self.actions.contains { lower.contains($0) }, "\(error.kind) does not say what to do: \(text)")
    }

    @Test func everyCaseIsCovered() {
        #expect(Set(Self.cases.map { $0.0.kind }).count == 12)
    }

    @Test func specificDetails() {
        #expect(StoreError.newerSchema(path: "p", found: 9, supported: 2).description.contains("schema 9"))
        #expect(StoreError.newerSchema(path: "p", found: 9, supported: 2).description.contains("up to 2"))
        #expect(StoreError.notTrellisDatabase(path: "p", reason: "r").description.contains("left untouched"))
        #expect(StoreError.newerSchema(path: "p", found: 9, supported: 2).description.contains("left untouched"))
        #expect(StoreError.diskFull(path: "p").description.contains("nothing already stored was lost"))
        #expect(StoreError.noSuchSite("north").description.contains("trellis site create north"))
        #expect(StoreError.siteExists("north").description.contains("trellis site code north"))
        #expect(StoreError.cannotOpen(path: "p", reason: "the folder cannot be created").description.contains("the folder cannot be created"))
    }

    @Test func sqliteFailuresMapToThePersonsError() {
        let path = "/data/trellis.sqlite"
        #expect(StoreError.from(SQLiteError(code: 5, message: "busy"), path: path).kind == "locked")
        #expect(StoreError.from(SQLiteError(code: 6, message: "locked"), path: path).kind == "locked")
        #expect(StoreError.from(SQLiteError(code: 13, message: "full"), path: path).kind == "diskFull")
        #expect(StoreError.from(SQLiteError(code: 8, message: "ro"), path: path).kind == "readOnly")
        #expect(StoreError.from(SQLiteError(code: 26, message: "notadb"), path: path).kind == "notTrellisDatabase")
        #expect(StoreError.from(SQLiteError(code: 11, message: "corrupt"), path: path).kind == "notTrellisDatabase")
        #expect(StoreError.from(SQLiteError(code: 19, message: "constraint"), path: path).kind == "database")
        #expect(StoreError.from(StoreError.noSuchSite("x"), path: path).kind == "noSuchSite")
        #expect(StoreError.from(StoreError.sessionConflict(dialogue: "d"), path: path).kind == "sessionConflict")
        struct Other: Error {}
        #expect(StoreError.from(Other(), path: path).kind == "cannotOpen")
        guard case .locked(let lockedPath) = StoreError.from(SQLiteError(code: 5, message: "busy"), path: path) else {
            Issue.record("not locked"); return
        }
        #expect(lockedPath == path)
    }
}
