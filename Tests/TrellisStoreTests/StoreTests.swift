import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage

/// The store's round trips on a real SQLite file in a fresh folder: sites and access codes,
/// answers into the profile and history, sessions, durability and backups.
@Suite struct StoreTests {
    // MARK: Opening

    @Test func opensANewNestedFolderAndCreatesTheDatabase() throws {
        let scratch = ScratchFolder("deeper/still/data")
        let store = try Store(folder: scratch.path)
        #expect(store.path == scratch.databasePath)
        #expect(FileManager.default.fileExists(atPath: scratch.databasePath))
        #expect(try store.sites().isEmpty)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func usesWALWithFullSyncAndForeignKeys() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        #expect(try store.db.query("PRAGMA journal_mode").first?.first?.text == "wal")
        #expect(try integer(store.db, "PRAGMA synchronous") == 2) // FULL
        #expect(try integer(store.db, "PRAGMA foreign_keys") == 1)
    }

    @Test func nowIsISO8601UTCWithMilliseconds() throws {
        let now = Store.now()
        #expect(now.hasSuffix("Z"))
        #expect(now.count == "2025-01-01T00:00:00.000Z".count)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try #require(formatter.date(from: now))
        #expect(abs(date.timeIntervalSinceNow) < 3600)
    }

    // MARK: Sites and access codes

    @Test func createSiteReturnsACodeThatVerifies() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path, clock: { "2025-05-01T10:00:00.000Z" })
        let code = try store.createSite(siteID("north"), name: "North School")
        #expect(code.split(separator: "-").count == 4)
        #expect(try store.verifyCode(siteID("north"), code: code))
        #expect(try !store.verifyCode(siteID("north"), code: AccessCode.generate()))
        #expect(try !store.verifyCode(siteID("north"), code: ""))
        #expect(try !store.verifyCode(siteID("south"), code: code))
        let site = try #require(try store.site(siteID("north")))
        #expect(site == Store.Site(id: "north", name: "North School", createdAt: "2025-05-01T10:00:00.000Z"))
        #expect(try store.site(siteID("south")) == nil)
    }

    @Test func theCodeIsStoredOnlyHashed() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let code = try store.createSite(siteID("north"), name: "North")
        let stored = try #require(try store.db.query("SELECT code_hash FROM sites").first?.first?.text)
        #expect(stored.hasPrefix("$y$"))
        #expect(!stored.contains(code))
        // Nowhere in the file either, once the WAL is folded in.
        try store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let bytes = try #require(fileBytes(scratch.databasePath))
        #expect(bytes.range(of: Data(code.utf8)) == nil)
    }

    @Test func eachSiteHasItsOwnCode() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let north = try store.createSite(siteID("north"), name: "North")
        let south = try store.createSite(siteID("south"), name: "South")
        #expect(north != south)
        #expect(try store.verifyCode(siteID("north"), code: north))
        #expect(try store.verifyCode(siteID("south"), code: south))
        #expect(try !store.verifyCode(siteID("north"), code: south))
        #expect(try !store.verifyCode(siteID("south"), code: north))
    }

    @Test func creatingAnExistingSiteIsRefusedAndKeepsTheOldCode() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let code = try store.createSite(siteID("north"), name: "North")
        let error = try #require(storeError { _ = try store.createSite(siteID("north"), name: "Other") })
        guard case .siteExists(let id) = error else { Issue.record("got \(error)"); return }
        #expect(id == "north")
        #expect(try store.verifyCode(siteID("north"), code: code))
        #expect(try store.site(siteID("north"))?.name == "North")
        #expect(try store.sites().count == 1)
    }

    @Test func sitesAreListedInIDOrder() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        for id in ["b", "c-1", "a", "c", "10", "2"] {
            _ = try store.createSite(siteID(id), name: "Site \(id)")
        }
        #expect(try store.sites().map(\.id) == ["10", "2", "a", "b", "c", "c-1"])
        #expect(try store.sites().map(\.name) == ["Site 10", "Site 2", "Site a", "Site b", "Site c", "Site c-1"])
    }

    @Test func nameIsKeptAsGiven() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let name = "École « Nord » — it's \"ours\"; DROP TABLE sites; --"
        _ = try store.createSite(siteID("north"), name: name)
        #expect(try store.site(siteID("north"))?.name == name)
    }

    @Test func replaceCodeMakesTheOldCodeStopWorking() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let old = try store.createSite(siteID("north"), name: "North")
        let other = try store.createSite(siteID("south"), name: "South")
        let new = try store.replaceCode(siteID("north"))
        #expect(new != old)
        #expect(try store.verifyCode(siteID("north"), code: new))
        #expect(try !store.verifyCode(siteID("north"), code: old))
        // Other sites are untouched.
        #expect(try store.verifyCode(siteID("south"), code: other))
        #expect(try store.site(siteID("north"))?.name == "North")
    }

    @Test func replaceCodeOfAnUnknownSiteIsRefused() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let error = try #require(storeError { _ = try store.replaceCode(siteID("ghost")) })
        guard case .noSuchSite(let id) = error else { Issue.record("got \(error)"); return }
        #expect(id == "ghost")
        #expect(try store.sites().isEmpty)
    }

    // MARK: Answers, the profile and history

    @Test func recordBuildsTheProfileWithNestedPathsAndLists() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "ana", dialogue: "site-setup", writes: [
            write("site.name", .string("North School")),
            write("site.address.city", .string("Porto")),
            write("site.address.street", .string("Rua 1")),
            write("staff", .list([.string("Ana"), .string("Bo")])),
            write("counts.pupils", .number(312)),
            write("counts.ratio", .number(0.25)),
            write("open", .bool(true)),
            write("notes", .null),
            write("rooms", .list([.object([(key: "name", value: .string("Hall")), (key: "seats", value: .number(80))])])),
        ], session: nil)
        let expected: Value = .object([
            (key: "site", value: .object([
                (key: "name", value: .string("North School")),
                (key: "address", value: .object([(key: "city", value: .string("Porto")), (key: "street", value: .string("Rua 1"))])),
            ])),
            (key: "staff", value: .list([.string("Ana"), .string("Bo")])),
            (key: "counts", value: .object([(key: "pupils", value: .number(312)), (key: "ratio", value: .number(0.25))])),
            (key: "open", value: .bool(true)),
            (key: "notes", value: .null),
            (key: "rooms", value: .list([.object([(key: "name", value: .string("Hall")), (key: "seats", value: .number(80))])])),
        ])
        #expect(try store.profile(site) == expected)
    }

    @Test func valuesRoundTripExactly() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let values: [Value] = [
            .string(""), .string("é👍\n\t\"quoted\" \\ back"), .string("1"), .string("null"), .number(-0.5),
            .number(1e20), .number(123456789), .number(-7), .bool(false), .list([]), .object([]),
            .list([.null, .list([.number(1)]), .object([(key: "z", value: .bool(true)), (key: "a", value: .null)])]),
        ]
        try store.record(site: site, person: "ana", dialogue: "d",
                         writes: values.enumerated().map { write("v\($0.offset)", $0.element) }, session: nil)
        let profile = try store.profile(site)
        for (index, value) in values.enumerated() {
            #expect(profile["v\(index)"] == value)
        }
        #expect(try store.history(site).map(\.value) == values)
    }

    @Test func aLaterWriteReplacesTheValueAndHistoryKeepsBoth() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try Store(folder: scratch.path, clock: clock.closure)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North") // tick 0
        try store.record(site: site, person: "ana", dialogue: "setup",
                         writes: [write("site.name", .string("Nrth"), question: "name")], session: nil) // tick 1
        try store.record(site: site, person: "bo", dialogue: "fix",
                         writes: [write("site.name", .string("North"), question: "rename")], session: nil) // tick 2
        #expect(try store.profile(site) == .object([(key: "site", value: .object([(key: "name", value: .string("North"))]))]))
        let history = try store.history(site)
        try #require(history.count == 2)
        #expect(history[0].path == "site.name")
        #expect(history[0].value == .string("Nrth"))
        #expect(history[0].previous == nil)
        #expect(history[0].person == "ana")
        #expect(history[0].dialogue == "setup")
        #expect(history[0].question == "name")
        #expect(history[0].at == TickingClock.time(1))
        #expect(history[1].value == .string("North"))
        #expect(history[1].previous == .string("Nrth"))
        #expect(history[1].person == "bo")
        #expect(history[1].dialogue == "fix")
        #expect(history[1].question == "rename")
        #expect(history[1].at == TickingClock.time(2))
    }

    @Test func previousIsTheReplacedValueEvenWhenItIsAnObjectOrNull() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let object: Value = .object([(key: "a", value: .list([.number(1), .string("x")]))])
        for value in [object, .null, .string("end")] {
            try store.record(site: site, person: "p", dialogue: "d", writes: [write("thing", value)], session: nil)
        }
        let history = try store.history(site)
        #expect(history.map(\.value) == [object, .null, .string("end")])
        #expect(history.map(\.previous) == [nil, object, .null])
    }

    @Test func writesToTheSamePathInOneRecordChainTheirPrevious() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "p", dialogue: "d",
                         writes: [write("x", .number(1)), write("x", .number(2))], session: nil)
        #expect(try store.profile(site) == .object([(key: "x", value: .number(2))]))
        #expect(try store.history(site).map(\.previous) == [nil, .number(1)])
    }

    @Test func aLaterWriteToAParentPathReplacesWhatWasUnderIt() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "p", dialogue: "d", writes: [write("address", .string("unknown"))], session: nil)
        try store.record(site: site, person: "p", dialogue: "d", writes: [write("address.city", .string("Porto"))], session: nil)
        try store.record(site: site, person: "p", dialogue: "d",
                         writes: [write("address", .object([(key: "city", value: .string("Braga"))]))], session: nil)
        // The latest write to `address` is the whole address now: Braga, not the older Porto.
        #expect(try store.profile(site)["address"] == .object([(key: "city", value: .string("Braga"))]))
    }

    @Test func historyIsInSequenceOrderAcrossRecords() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        var expected: [String] = []
        for round in 0..<5 {
            let paths = ["z\(round)", "a\(round)", "m\(round)"]
            expected += paths
            try store.record(site: site, person: "p", dialogue: "d",
                             writes: paths.map { write($0, .number(Double(round))) }, session: nil)
        }
        let history = try store.history(site)
        #expect(history.map(\.path) == expected)
        let sequences = history.map(\.sequence)
        #expect(sequences == sequences.sorted())
        #expect(Set(sequences).count == sequences.count)
    }

    @Test func historyPathFilterTakesThePathAndItsChildrenButNotSiblingsWithTheSamePrefix() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "p", dialogue: "d", writes: [
            write("site.name", .string("N")),
            write("site.names", .list([.string("N"), .string("North")])),
            write("site.name.short", .string("n")),
            write("site.namespace.x", .string("ns")),
            write("site", .string("whole")),
            write("sitemap", .string("no")),
            write("other.site.name", .string("no")),
        ], session: nil)
        #expect(try store.history(site, path: "site.name").map(\.path) == ["site.name", "site.name.short"])
        #expect(try store.history(site, path: "site.names").map(\.path) == ["site.names"])
        #expect(try store.history(site, path: "site.name.short").map(\.path) == ["site.name.short"])
        #expect(try store.history(site, path: "site").map(\.path)
            == ["site.name", "site.names", "site.name.short", "site.namespace.x", "site"])
        #expect(try store.history(site, path: "sit").isEmpty)
        #expect(try store.history(site, path: "site.nam").isEmpty)
        #expect(try store.history(site, path: "nothing").isEmpty)
        #expect(try store.history(site, path: "").isEmpty)
    }

    @Test func historyPathFilterWorksForNonASCIIPaths() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "p", dialogue: "d", writes: [
            write("école.nom", .string("Nord")),
            write("école.ville", .string("Lille")),
            write("écoles", .string("no")),
        ], session: nil)
        #expect(try store.history(site, path: "école").map(\.path) == ["école.nom", "école.ville"])
        #expect(try store.history(site, path: "école.nom").map(\.path) == ["école.nom"])
    }

    @Test func historyPathFilterTreatsWildcardCharactersLiterally() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "p", dialogue: "d", writes: [
            write("a_b.c", .number(1)), write("axb.c", .number(2)), write("a%.c", .number(3)), write("aQQ.c", .number(4)),
        ], session: nil)
        #expect(try store.history(site, path: "a_b").map(\.path) == ["a_b.c"])
        #expect(try store.history(site, path: "a%").map(\.path) == ["a%.c"])
    }

    @Test func sitesKeepTheirOwnProfilesAndHistories() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        _ = try store.createSite(siteID("north"), name: "North")
        _ = try store.createSite(siteID("south"), name: "South")
        try store.record(site: siteID("north"), person: "p", dialogue: "d", writes: [write("name", .string("N"))], session: nil)
        try store.record(site: siteID("south"), person: "p", dialogue: "d", writes: [write("name", .string("S"))], session: nil)
        #expect(try store.profile(siteID("north")) == .object([(key: "name", value: .string("N"))]))
        #expect(try store.profile(siteID("south")) == .object([(key: "name", value: .string("S"))]))
        // The south write did not see north's value as its previous.
        #expect(try store.history(siteID("south")).map(\.previous) == [nil])
        #expect(try store.history(siteID("north"), path: "name").map(\.value) == [.string("N")])
    }

    @Test func aSiteWithNoAnswersHasAnEmptyProfileAndHistory() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        _ = try store.createSite(siteID("north"), name: "North")
        #expect(try store.profile(siteID("north")) == .object([]))
        #expect(try store.history(siteID("north")).isEmpty)
        #expect(try store.profile(siteID("ghost")) == .object([]))
        #expect(try store.history(siteID("ghost")).isEmpty)
    }

    @Test func recordForAnUnknownSiteIsRefusedAndStoresNothing() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let session = Store.Session(site: "ghost", person: "p", dialogue: "d", log: [("q", "a")], question: "q2",
                                    initialProfile: .object([]), finished: false)
        let error = try #require(storeError {
            try store.record(site: siteID("ghost"), person: "p", dialogue: "d", writes: [write("x", .number(1))], session: session)
        })
        guard case .noSuchSite(let id) = error else { Issue.record("got \(error)"); return }
        #expect(id == "ghost")
        #expect(try integer(store.db, "SELECT count(*) FROM answers") == 0)
        #expect(try integer(store.db, "SELECT count(*) FROM profile_values") == 0)
        #expect(try integer(store.db, "SELECT count(*) FROM sessions") == 0)
        // And the store is still usable: the failed transaction was rolled back.
        _ = try store.createSite(siteID("north"), name: "North")
        try store.record(site: siteID("north"), person: "p", dialogue: "d", writes: [write("x", .number(1))], session: nil)
        #expect(try store.history(siteID("north")).count == 1)
    }

    @Test func recordWithNothingToWriteIsFine() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        _ = try store.createSite(siteID("north"), name: "North")
        try store.record(site: siteID("north"), person: "p", dialogue: "d", writes: [], session: nil)
        #expect(try store.profile(siteID("north")) == .object([]))
        #expect(try store.history(siteID("north")).isEmpty)
    }

    // MARK: Several records in one transaction

    @Test func severalRecordsCommitTogether() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try Store(folder: scratch.path, clock: clock.closure)
        _ = try store.createSite(siteID("north"), name: "North") // tick 0
        _ = try store.createSite(siteID("south"), name: "South") // tick 1
        let ana = Store.Session(site: "north", person: "ana", dialogue: "d", log: [("q", "1")], question: "q2",
                                initialProfile: .object([]), finished: false)
        try store.record([
            Store.Record(site: siteID("north"), person: "ana", dialogue: "d", writes: [write("x", .number(1))], session: ana),
            Store.Record(site: siteID("south"), person: "bo", dialogue: "e", writes: [write("y", .number(2))], session: nil),
            Store.Record(site: siteID("north"), person: "cy", dialogue: "f", writes: [write("x", .number(3))], session: nil),
        ]) // tick 2
        #expect(try store.profile(siteID("north")) == .object([(key: "x", value: .number(3))]))
        #expect(try store.profile(siteID("south")) == .object([(key: "y", value: .number(2))]))
        let north = try store.history(siteID("north"))
        #expect(north.map(\.person) == ["ana", "cy"])
        #expect(north.map(\.dialogue) == ["d", "f"])
        #expect(north.map(\.previous) == [nil, .number(1)])
        #expect(north.map(\.at) == [TickingClock.time(2), TickingClock.time(2)])
        #expect(try store.history(siteID("south")).map(\.person) == ["bo"])
        #expect(try store.openSessions(site: siteID("north"), person: "ana") == [ana])
        // An empty batch is fine.
        try store.record([])
        #expect(try store.history(siteID("north")).count == 2)
    }

    @Test func ifOneRecordOfABatchFailsNoneIsStored() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        _ = try store.createSite(siteID("north"), name: "North")
        try store.record(site: siteID("north"), person: "ana", dialogue: "d", writes: [write("x", .number(1))], session: nil)
        let session = Store.Session(site: "north", person: "ana", dialogue: "d", log: [], question: "q",
                                    initialProfile: .object([]), finished: false)
        let error = try #require(storeError {
            try store.record([
                Store.Record(site: siteID("north"), person: "ana", dialogue: "d", writes: [write("x", .number(2))], session: session),
                Store.Record(site: siteID("ghost"), person: "ana", dialogue: "d", writes: [write("x", .number(3))], session: nil),
            ])
        })
        #expect(error.kind == "noSuchSite")
        #expect(try store.profile(siteID("north")) == .object([(key: "x", value: .number(1))]))
        #expect(try store.history(siteID("north")).count == 1)
        #expect(try store.openSessions(site: siteID("north"), person: "ana").isEmpty)
    }

    // MARK: Sessions

    private func session(_ dialogue: String, person: String = "ana", site: String = "north",
                         log: [(question: String, given: String)] = [], question: String? = nil,
                         initial: Value = .object([]), finished: Bool = false) -> Store.Session {
        Store.Session(site: site, person: person, dialogue: dialogue, log: log, question: question,
                      initialProfile: initial, finished: finished)
    }

    @Test func openSessionsRoundTripLogQuestionAndInitialProfile() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try Store(folder: scratch.path, clock: clock.closure)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let initial: Value = .object([
            (key: "site", value: .object([(key: "name", value: .string("North"))])),
            (key: "tags", value: .list([.string("a"), .number(2), .null])),
        ])
        let saved = session("site-setup", log: [("name", "North School"), ("city", "é👍 \"Porto\"\n"), ("empty", "")],
                            question: "staff", initial: initial)
        try store.record(site: site, person: "ana", dialogue: "site-setup",
                         writes: [write("site.name", .string("North School"))], session: saved)
        let open = try store.openSessions(site: site, person: "ana")
        try #require(open.count == 1)
        #expect(open[0] == saved)
        #expect(open[0].site == "north")
        #expect(open[0].log.map(\.question) == ["name", "city", "empty"])
        #expect(open[0].log.map(\.given) == ["North School", "é👍 \"Porto\"\n", ""])
        #expect(open[0].question == "staff")
        #expect(open[0].initialProfile == initial)
        #expect(!open[0].finished)
        #expect(open[0].updatedAt == TickingClock.time(1))
        // The writes landed in the same record.
        #expect(try store.profile(site)["site"]?["name"] == .string("North School"))
    }

    @Test func aSessionWithoutAQuestionRoundTripsAsNil() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "ana", dialogue: "d", writes: [], session: session("d"))
        let open = try store.openSessions(site: site, person: "ana")
        #expect(open.count == 1)
        #expect(open.first?.question == nil)
        #expect(open.first?.log.isEmpty == true)
    }

    @Test func aSessionIsOneRowUpdatedInPlace() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "ana", dialogue: "d", writes: [],
                         session: session("d", log: [("q1", "a")], question: "q2"))
        let later = session("d", log: [("q1", "a"), ("q2", "b")], question: "q3",
                            initial: .object([(key: "x", value: .number(1))]))
        try store.record(site: site, person: "ana", dialogue: "d", writes: [], session: later)
        #expect(try store.openSessions(site: site, person: "ana") == [later])
        #expect(try integer(store.db, "SELECT count(*) FROM sessions") == 1)
    }

    @Test func finishedSessionsAreNotReturned() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "ana", dialogue: "d", writes: [], session: session("d", question: "q"))
        try store.record(site: site, person: "ana", dialogue: "d", writes: [],
                         session: session("d", log: [("q", "done")], finished: true))
        #expect(try store.openSessions(site: site, person: "ana").isEmpty)
        #expect(try integer(store.db, "SELECT count(*) FROM sessions") == 1)
        // Starting the same dialogue again opens the same row again.
        try store.record(site: site, person: "ana", dialogue: "d", writes: [], session: session("d", question: "q"))
        #expect(try store.openSessions(site: site, person: "ana") == [session("d", question: "q")])
        #expect(try integer(store.db, "SELECT count(*) FROM sessions") == 1)
    }

    @Test func aSessionRecordedFinishedFromTheStartIsNotReturned() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.record(site: site, person: "ana", dialogue: "d", writes: [], session: session("d", finished: true))
        #expect(try store.openSessions(site: site, person: "ana").isEmpty)
    }

    @Test func sessionsAreKeptPerSitePersonAndDialogueMostRecentFirst() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try Store(folder: scratch.path, clock: clock.closure)
        _ = try store.createSite(siteID("north"), name: "North")
        _ = try store.createSite(siteID("south"), name: "South")
        try store.record(site: siteID("north"), person: "ana", dialogue: "one", writes: [], session: session("one", question: "a"))
        try store.record(site: siteID("north"), person: "ana", dialogue: "two", writes: [], session: session("two", question: "b"))
        try store.record(site: siteID("north"), person: "bo", dialogue: "one", writes: [],
                         session: session("one", person: "bo", question: "c"))
        try store.record(site: siteID("south"), person: "ana", dialogue: "one", writes: [],
                         session: session("one", site: "south", question: "d"))
        #expect(try store.openSessions(site: siteID("north"), person: "ana").map(\.dialogue) == ["two", "one"])
        #expect(try store.openSessions(site: siteID("north"), person: "bo").map(\.question) == ["c"])
        #expect(try store.openSessions(site: siteID("south"), person: "ana").map(\.question) == ["d"])
        #expect(try store.openSessions(site: siteID("south"), person: "bo").isEmpty)
        #expect(try store.openSessions(site: siteID("ghost"), person: "ana").isEmpty)
        // Touching "one" again makes it the most recent.
        try store.record(site: siteID("north"), person: "ana", dialogue: "one", writes: [],
                         session: session("one", log: [("a", "x")], question: "a2"))
        #expect(try store.openSessions(site: siteID("north"), person: "ana").map(\.dialogue) == ["one", "two"])
        #expect(try integer(store.db, "SELECT count(*) FROM sessions") == 4)
    }

    @Test func recordWithoutASessionLeavesTheSessionAlone() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let saved = session("d", log: [("q", "a")], question: "q2")
        try store.record(site: site, person: "ana", dialogue: "d", writes: [], session: saved)
        try store.record(site: site, person: "ana", dialogue: "d", writes: [write("x", .number(1))], session: nil)
        #expect(try store.openSessions(site: site, person: "ana") == [saved])
    }

    // MARK: Durability and backups

    @Test func aCommittedRecordIsSeenByASecondStoreOnTheSameFolder() throws {
        let scratch = ScratchFolder()
        let first = try Store(folder: scratch.path)
        let site = siteID("north")
        let code = try first.createSite(site, name: "North")
        try first.record(site: site, person: "ana", dialogue: "d", writes: [write("site.name", .string("North"))],
                         session: session("d", log: [("name", "North")], question: "city"))
        // The first store is still open: nothing depends on it closing.
        let second = try Store(folder: scratch.path)
        #expect(try second.profile(site) == first.profile(site))
        #expect(try second.history(site) == first.history(site))
        #expect(try second.openSessions(site: site, person: "ana") == first.openSessions(site: site, person: "ana"))
        #expect(try second.verifyCode(site, code: code))
        // And the second one's writes are seen by the first.
        try second.record(site: site, person: "bo", dialogue: "d", writes: [write("site.name", .string("Nord"))], session: nil)
        #expect(try first.profile(site)["site"]?["name"] == .string("Nord"))
        #expect(try first.history(site).last?.previous == .string("North"))
    }

    @Test func dataSurvivesClosingAndReopening() throws {
        let scratch = ScratchFolder()
        let site = siteID("north")
        var code = ""
        do {
            let store = try Store(folder: scratch.path)
            code = try store.createSite(site, name: "North")
            try store.record(site: site, person: "ana", dialogue: "d", writes: [write("a.b", .number(1))], session: nil)
        }
        let reopened = try Store(folder: scratch.path)
        #expect(try reopened.profile(site) == .object([(key: "a", value: .object([(key: "b", value: .number(1))]))]))
        #expect(try reopened.verifyCode(site, code: code))
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test func backupMakesAFileAnotherStoreCanOpen() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        let code = try store.createSite(site, name: "North")
        try store.record(site: site, person: "ana", dialogue: "d", writes: [
            write("site.name", .string("North")), write("staff", .list([.string("Ana")])),
        ], session: session("d", log: [("name", "North")], question: "staff"))
        try store.record(site: site, person: "ana", dialogue: "d", writes: [write("site.name", .string("Nord"))], session: nil)

        let copyFolder = scratch.sibling("copy")
        try FileManager.default.createDirectory(atPath: copyFolder, withIntermediateDirectories: true)
        try store.backup(to: (copyFolder as NSString).appendingPathComponent(Store.fileName))

        let copy = try Store(folder: copyFolder)
        #expect(try copy.profile(site) == store.profile(site))
        #expect(try copy.history(site) == store.history(site))
        #expect(try copy.sites() == store.sites())
        #expect(try copy.openSessions(site: site, person: "ana") == store.openSessions(site: site, person: "ana"))
        #expect(try copy.verifyCode(site, code: code))
        #expect(try copy.integrityCheck() == "ok")
        #expect(try integer(copy.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try integer(copy.db, "PRAGMA application_id") == Store.applicationID)
        // The copy is independent of the original.
        try copy.record(site: site, person: "bo", dialogue: "d", writes: [write("site.name", .string("Copy"))], session: nil)
        #expect(try store.profile(site)["site"]?["name"] == .string("Nord"))
    }

    @Test func backupOntoAnExistingFileIsRefusedAndLeavesItAlone() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        _ = try store.createSite(siteID("north"), name: "North")
        let target = scratch.sibling("existing.sqlite")
        try FileManager.default.createDirectory(atPath: scratch.root, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: target))
        #expect(storeError { try store.backup(to: target) } != nil)
        #expect(fileBytes(target) == Data("precious".utf8))
    }
}
