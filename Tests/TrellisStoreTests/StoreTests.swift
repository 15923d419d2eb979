import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

/// The store's round trips on a real SQLite file in a fresh folder: sites and access codes,
/// commits into the profile and history, sessions kept as their steps, durability and backups.
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

    // MARK: Commits, the profile and history

    @Test func commitBuildsTheProfileWithNestedPathsAndLists() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.commitWrites(site, person: "ana", dialogue: "site-setup", [
            write("site.name", .string("North School")),
            write("site.address.city", .string("Porto")),
            write("site.address.street", .string("Rua 1")),
            write("staff", .list([.string("Ana"), .string("Bo")])),
            write("counts.pupils", .number(312)),
            write("counts.ratio", .number(0.25)),
            write("open", .bool(true)),
            write("notes", .null),
            write("rooms", .list([.object([(key: "name", value: .string("Hall")), (key: "seats", value: .number(80))])])),
        ])
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
        #expect(ProfileDiff.same(try store.replayedProfile(site), expected))
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
            .null,
        ]
        try store.commitWrites(site, person: "ana", values.enumerated().map { write("v\($0.offset)", $0.element) })
        let profile = try store.profile(site)
        for (index, value) in values.enumerated() {
            #expect(profile["v\(index)"] == value)
        }
        // A written null is a value (not a removal): history keeps it as `.null`, never nil.
        #expect(try store.history(site).map(\.value) == values.map(Optional.some))
    }

    @Test func aLaterWriteReplacesTheValueAndHistoryKeepsBoth() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try Store(folder: scratch.path, clock: clock.closure)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North") // tick 0
        let first = try store.commit(commit(person: "ana", dialogue: "setup", steps: [answer("name", "Nrth")],
                                            writes: [write("site.name", .string("Nrth"), question: "name")],
                                            finished: true)) // tick 1
        let second = try store.commit(commit(person: "bo", dialogue: "fix", steps: [answer("rename", "North")],
                                             writes: [write("site.name", .string("North"), question: "rename")],
                                             finished: true)) // tick 2
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
        // Each write names the session and the step that made it.
        #expect(history.map(\.session) == [first.id, second.id])
        let steps = try store.steps(site)
        #expect(history.map(\.step) == steps.map(\.sequence).map(Optional.some))
    }

    @Test func previousIsTheReplacedValueEvenWhenItIsAnObjectOrNull() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let object: Value = .object([(key: "a", value: .list([.number(1), .string("x")]))])
        for value in [object, .null, .string("end")] {
            try store.commitWrites(site, [write("thing", value)])
        }
        let history = try store.history(site)
        #expect(history.map(\.value) == [object, .null, .string("end")])
        #expect(history.map(\.previous) == [nil, object, .null])
    }

    @Test func writesToTheSamePathInOneCommitChainTheirPrevious() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.commitWrites(site, [write("x", .number(1)), write("x", .number(2))])
        #expect(try store.profile(site) == .object([(key: "x", value: .number(2))]))
        #expect(try store.history(site).map(\.previous) == [nil, .number(1)])
    }

    @Test func aLaterWriteToAParentPathReplacesWhatWasUnderIt() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.commitWrites(site, [write("address", .string("unknown"))])
        try store.commitWrites(site, [write("address.city", .string("Porto"))])
        try store.commitWrites(site, [write("address", .object([(key: "city", value: .string("Braga"))]))])
        // The latest write to `address` is the whole address now: Braga, not the older Porto.
        #expect(try store.profile(site)["address"] == .object([(key: "city", value: .string("Braga"))]))
        #expect(ProfileDiff.same(try store.replayedProfile(site), try store.profile(site)))
    }

    @Test func historyIsInSequenceOrderAcrossCommits() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        var expected: [String] = []
        for round in 0..<5 {
            let paths = ["z\(round)", "a\(round)", "m\(round)"]
            expected += paths
            try store.commitWrites(site, paths.map { write($0, .number(Double(round))) })
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
        try store.commitWrites(site, [
            write("site.name", .string("N")),
            write("site.names", .list([.string("N"), .string("North")])),
            write("site.name.short", .string("n")),
            write("site.namespace.x", .string("ns")),
            write("site", .string("whole")),
            write("sitemap", .string("no")),
            write("other.site.name", .string("no")),
        ])
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
        try store.commitWrites(site, [
            write("école.nom", .string("Nord")),
            write("école.ville", .string("Lille")),
            write("écoles", .string("no")),
        ])
        #expect(try store.history(site, path: "école").map(\.path) == ["école.nom", "école.ville"])
        #expect(try store.history(site, path: "école.nom").map(\.path) == ["école.nom"])
    }

    @Test func historyPathFilterTreatsWildcardCharactersLiterally() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        try store.commitWrites(site, [
            write("a_b.c", .number(1)), write("axb.c", .number(2)), write("a%.c", .number(3)), write("aQQ.c", .number(4)),
        ])
        #expect(try store.history(site, path: "a_b").map(\.path) == ["a_b.c"])
        #expect(try store.history(site, path: "a%").map(\.path) == ["a%.c"])
    }

    @Test func sitesKeepTheirOwnProfilesHistoriesAndSessions() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        _ = try store.createSite(siteID("north"), name: "North")
        _ = try store.createSite(siteID("south"), name: "South")
        try store.commitWrites(siteID("north"), [write("name", .string("N"))])
        try store.commitWrites(siteID("south"), [write("name", .string("S"))])
        #expect(try store.profile(siteID("north")) == .object([(key: "name", value: .string("N"))]))
        #expect(try store.profile(siteID("south")) == .object([(key: "name", value: .string("S"))]))
        // The south write did not see north's value as its previous.
        #expect(try store.history(siteID("south")).map(\.previous) == [nil])
        #expect(try store.history(siteID("north"), path: "name").map(\.value) == [.string("N")])
        #expect(try store.allSessions(site: siteID("north")).count == 1)
        #expect(try store.allSessions(site: siteID("south")).count == 1)
        #expect(try store.allSessions(site: siteID("north")).map(\.id) != store.allSessions(site: siteID("south")).map(\.id))
    }

    @Test func aSiteWithNoAnswersHasAnEmptyProfileAndHistory() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        _ = try store.createSite(siteID("north"), name: "North")
        #expect(try store.profile(siteID("north")) == .object([]))
        #expect(try store.history(siteID("north")).isEmpty)
        #expect(try store.steps(siteID("north")).isEmpty)
        #expect(try store.allSessions(site: siteID("north")).isEmpty)
        #expect(try store.profile(siteID("ghost")) == .object([]))
        #expect(try store.history(siteID("ghost")).isEmpty)
        #expect(try store.steps(siteID("ghost")).isEmpty)
        #expect(try store.replayedProfile(siteID("ghost")) == .object([]))
    }

    @Test func aCommitForAnUnknownSiteIsRefusedAndStoresNothing() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let error = try #require(storeError {
            _ = try store.commit(commit(site: "ghost", person: "p", steps: [answer("q", "a")],
                                        writes: [write("x", .number(1))], waitingOn: "q2"))
        })
        guard case .noSuchSite(let id) = error else { Issue.record("got \(error)"); return }
        #expect(id == "ghost")
        for table in ["answers", "profile_values", "sessions", "session_steps"] {
            #expect(try store.count(table) == 0, "\(table)")
        }
        // And the store is still usable: the failed transaction was rolled back.
        _ = try store.createSite(siteID("north"), name: "North")
        try store.commitWrites(siteID("north"), [write("x", .number(1))])
        #expect(try store.history(siteID("north")).count == 1)
    }

    @Test func aCommitWithNothingInItIsFine() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let ref = try store.commit(commit(waitingOn: "q1"))
        #expect(ref.steps == 0)
        #expect(try store.profile(site) == .object([]))
        #expect(try store.history(site).isEmpty)
        #expect(try store.steps(site).isEmpty)
        // An empty commit to an open session changes nothing but where it waits.
        #expect(try store.commit(commit(to: .existing(ref), waitingOn: "q1")) == ref)
        #expect(try store.openSessions(site: site, person: "ana").map(\.steps) == [[]])
    }

    // MARK: Several commits in one transaction

    @Test func severalCommitsCommitTogether() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try Store(folder: scratch.path, clock: clock.closure)
        _ = try store.createSite(siteID("north"), name: "North") // tick 0
        _ = try store.createSite(siteID("south"), name: "South") // tick 1
        let refs = try store.commitAll([
            commit(site: "north", person: "ana", steps: [answer("q", "1")], writes: [write("x", .number(1))], waitingOn: "q2"),
            commit(site: "south", person: "bo", dialogue: "e", writes: [write("y", .number(2))], finished: true),
            commit(site: "north", person: "cy", dialogue: "f", writes: [write("x", .number(3))], finished: true),
        ]) // tick 2
        #expect(refs.map(\.steps) == [1, 0, 0])
        #expect(Set(refs.map(\.id)).count == 3)
        #expect(try store.profile(siteID("north")) == .object([(key: "x", value: .number(3))]))
        #expect(try store.profile(siteID("south")) == .object([(key: "y", value: .number(2))]))
        let north = try store.history(siteID("north"))
        #expect(north.map(\.person) == ["ana", "cy"])
        #expect(north.map(\.dialogue) == ["d", "f"])
        #expect(north.map(\.previous) == [nil, .number(1)])
        #expect(north.map(\.at) == [TickingClock.time(2), TickingClock.time(2)])
        #expect(try store.history(siteID("south")).map(\.person) == ["bo"])
        let open = try store.openSessions(site: siteID("north"), person: "ana")
        try #require(open.count == 1)
        #expect(open[0].id == refs[0].id)
        #expect(open[0].steps == [answer("q", "1")])
        #expect(open[0].waitingOn == "q2")
        #expect(open[0].updatedAt == TickingClock.time(2))
        // An empty batch is fine.
        #expect(try store.commitAll([]).isEmpty)
        #expect(try store.history(siteID("north")).count == 2)
    }

    @Test func ifOneCommitOfABatchNamesAnUnknownSiteNoneIsStored() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let ref = try store.commit(commit(steps: [answer("q", "1")], writes: [write("x", .number(1))], waitingOn: "q2"))
        let error = try #require(storeError {
            _ = try store.commitAll([
                commit(to: .existing(ref), steps: [answer("q2", "2")], writes: [write("x", .number(2))], waitingOn: "q3"),
                commit(person: "bo", steps: [answer("q", "b")], writes: [write("y", .number(2))], waitingOn: "q2"),
                commit(site: "ghost", writes: [write("x", .number(3))]),
            ])
        })
        #expect(error.kind == "noSuchSite")
        #expect(try store.profile(site) == .object([(key: "x", value: .number(1))]))
        #expect(try store.history(site).count == 1)
        #expect(try store.steps(site).count == 1)
        #expect(try store.openSessions(site: site, person: "ana").map(\.steps.count) == [1])
        #expect(try store.openSessions(site: site, person: "bo").isEmpty)
        #expect(try store.allSessions(site: site).count == 1)
        // The session did not move on: the same commit alone still fits.
        #expect(try store.commit(commit(to: .existing(ref), steps: [answer("q2", "2")], waitingOn: "q3")).steps == 2)
    }

    // MARK: Sessions

    @Test func aSessionRoundTripsItsStepsWaitingQuestionAndInitialProfile() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try Store(folder: scratch.path, clock: clock.closure)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North") // tick 0
        let initial: Value = .object([
            (key: "site", value: .object([(key: "name", value: .string("North"))])),
            (key: "tags", value: .list([.string("a"), .number(2), .null])),
        ])
        let steps = [
            answer("name", "North School"),
            answer("city", "é👍 \"Porto\"\n", value: .string("Porto"), display: "Porto (the city)"),
            SessionStep(kind: .skip, question: "empty", given: ""),
            answer("size", "2", value: .object([(key: "n", value: .number(2)), (key: "unit", value: .null)]), display: "two"),
            SessionStep(kind: .back, question: "size"),
            SessionStep(kind: .restart),
            answer("name", "North", value: .string("North")),
        ]
        let ref = try store.commit(commit(dialogue: "site-setup", to: fresh(initial), steps: steps,
                                          writes: [write("site.name", .string("North School"))],
                                          waitingOn: "staff")) // tick 1
        #expect(ref.steps == steps.count)
        let open = try store.openSessions(site: site, person: "ana")
        try #require(open.count == 1)
        #expect(open[0] == StoredSession(id: ref.id, person: "ana", dialogue: "site-setup", initialProfile: initial,
                                         steps: steps, status: .open, waitingOn: "staff",
                                         startedAt: TickingClock.time(1), updatedAt: TickingClock.time(1)))
        // The steps fold into where the session stands.
        let resume = ResumePoint(open[0])
        #expect(resume.session == ref)
        #expect(resume.log == [ResumePoint.Entry(question: "name", given: "North", value: .string("North"))])
        #expect(resume.question == "staff")
        #expect(resume.initialProfile == initial)
        // The writes landed in the same commit.
        #expect(try store.profile(site)["site"]?["name"] == .string("North School"))
        #expect(try store.openSession(site: site, person: "ana", dialogue: "site-setup") == open[0])
        #expect(try store.openSession(site: site, person: "ana", dialogue: "other") == nil)
    }

    @Test func aSessionWithoutAQuestionRoundTripsAsNil() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        _ = try store.commit(commit())
        let open = try store.openSessions(site: site, person: "ana")
        #expect(open.count == 1)
        #expect(open.first?.waitingOn == nil)
        #expect(open.first?.steps.isEmpty == true)
        #expect(open.first?.status == .open)
    }

    /// Replaces `aSessionIsOneRowUpdatedInPlace`: a session is no longer a log overwritten on
    /// every answer, but one row whose steps are appended; what it started from is kept.
    @Test func aSessionIsOneRowWhoseStepsAreAppended() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let initial: Value = .object([(key: "x", value: .number(1))])
        let first = try store.commit(commit(to: fresh(initial), steps: [answer("q1", "a")], waitingOn: "q2"))
        let second = try store.commit(commit(to: .existing(first), steps: [answer("q2", "b")], waitingOn: "q3"))
        #expect(second == SessionRef(id: first.id, steps: 2))
        let open = try store.openSessions(site: site, person: "ana")
        try #require(open.count == 1)
        #expect(open[0].steps == [answer("q1", "a"), answer("q2", "b")])
        #expect(open[0].waitingOn == "q3")
        #expect(open[0].initialProfile == initial)
        #expect(try store.count("sessions") == 1)
        #expect(try store.count("session_steps") == 2)
    }

    /// Replaces `finishedSessionsAreNotReturned`, whose second half (starting again reopens the
    /// same row) is no longer the promise: see `aNewSessionAfterAFinishedOneGetsANewIDAndTheOldStepsRemain`.
    @Test func finishedSessionsAreNotReturnedAsOpen() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let ref = try store.commit(commit(waitingOn: "q"))
        _ = try store.commit(commit(to: .existing(ref), steps: [answer("q", "done")], finished: true))
        #expect(try store.openSessions(site: site, person: "ana").isEmpty)
        #expect(try store.allSessions(site: site).map(\.status) == [.finished])
    }

    @Test func aSessionCommittedFinishedFromTheStartIsNotReturned() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        _ = try store.commit(commit(steps: [answer("q", "a")], finished: true))
        #expect(try store.openSessions(site: site, person: "ana").isEmpty)
        #expect(try store.allSessions(site: site).map(\.status) == [.finished])
        #expect(try store.allSessions(site: site).first?.steps == [answer("q", "a")])
    }

    @Test func sessionsAreKeptPerSitePersonAndDialogueMostRecentFirst() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try Store(folder: scratch.path, clock: clock.closure)
        _ = try store.createSite(siteID("north"), name: "North")
        _ = try store.createSite(siteID("south"), name: "South")
        let one = try store.commit(commit(site: "north", person: "ana", dialogue: "one", waitingOn: "a"))
        _ = try store.commit(commit(site: "north", person: "ana", dialogue: "two", waitingOn: "b"))
        _ = try store.commit(commit(site: "north", person: "bo", dialogue: "one", waitingOn: "c"))
        _ = try store.commit(commit(site: "south", person: "ana", dialogue: "one", waitingOn: "d"))
        #expect(try store.openSessions(site: siteID("north"), person: "ana").map(\.dialogue) == ["two", "one"])
        #expect(try store.openSessions(site: siteID("north"), person: "bo").map(\.waitingOn) == ["c"])
        #expect(try store.openSessions(site: siteID("south"), person: "ana").map(\.waitingOn) == ["d"])
        #expect(try store.openSessions(site: siteID("south"), person: "bo").isEmpty)
        #expect(try store.openSessions(site: siteID("ghost"), person: "ana").isEmpty)
        // Carrying on with "one" makes it the most recent.
        _ = try store.commit(commit(site: "north", person: "ana", dialogue: "one", to: .existing(one),
                                    steps: [answer("a", "x")], waitingOn: "a2"))
        #expect(try store.openSessions(site: siteID("north"), person: "ana").map(\.dialogue) == ["one", "two"])
        #expect(try store.count("sessions") == 4)
        // allSessions is per site, oldest first.
        #expect(try store.allSessions(site: siteID("north")).map(\.waitingOn) == ["a2", "b", "c"])
        #expect(try store.allSessions(site: siteID("south")).map(\.person) == ["ana"])
    }

    /// Replaces `recordWithoutASessionLeavesTheSessionAlone`: every commit now belongs to a
    /// session, so the promise is that a commit to one session leaves the person's others alone.
    @Test func aCommitToOneSessionLeavesTheOthersAlone() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        _ = try store.commit(commit(dialogue: "d", steps: [answer("q", "a")], waitingOn: "q2"))
        let before = try store.openSessions(site: site, person: "ana")
        let other = try store.commit(commit(dialogue: "e", steps: [answer("r", "b")], writes: [write("x", .number(1))], waitingOn: "r2"))
        _ = try store.commit(commit(dialogue: "e", to: .existing(other), steps: [answer("r2", "c")], finished: true))
        try store.commitWrites(site, person: "ana", dialogue: "set", [write("y", .number(2))])
        #expect(try store.openSessions(site: site, person: "ana") == before)
    }

    // MARK: Durability and backups

    @Test func aCommitIsSeenByASecondStoreOnTheSameFolder() throws {
        let scratch = ScratchFolder()
        let first = try Store(folder: scratch.path)
        let site = siteID("north")
        let code = try first.createSite(site, name: "North")
        let ref = try first.commit(commit(steps: [answer("name", "North")], writes: [write("site.name", .string("North"))],
                                          waitingOn: "city"))
        // The first store is still open: nothing depends on it closing.
        let second = try Store(folder: scratch.path)
        #expect(try second.profile(site) == first.profile(site))
        #expect(try second.history(site) == first.history(site))
        #expect(try second.openSessions(site: site, person: "ana") == first.openSessions(site: site, person: "ana"))
        #expect(try second.steps(site) == first.steps(site))
        #expect(try second.verifyCode(site, code: code))
        // And the second one's commits are seen by the first, session steps included.
        _ = try second.commit(commit(to: .existing(ref), steps: [answer("city", "Porto")],
                                     writes: [write("site.name", .string("Nord"))], waitingOn: "staff"))
        #expect(try first.profile(site)["site"]?["name"] == .string("Nord"))
        #expect(try first.history(site).last?.previous == .string("North"))
        #expect(try first.openSessions(site: site, person: "ana").first?.steps.map(\.question) == ["name", "city"])
    }

    @Test func dataSurvivesClosingAndReopening() throws {
        let scratch = ScratchFolder()
        let site = siteID("north")
        var code = ""
        var ref = SessionRef(id: 0, steps: 0)
        do {
            let store = try Store(folder: scratch.path)
            code = try store.createSite(site, name: "North")
            ref = try store.commit(commit(steps: [answer("b", "1")], writes: [write("a.b", .number(1))], waitingOn: "c"))
        }
        let reopened = try Store(folder: scratch.path)
        #expect(try reopened.profile(site) == .object([(key: "a", value: .object([(key: "b", value: .number(1))]))]))
        #expect(try reopened.verifyCode(site, code: code))
        #expect(try reopened.openSessions(site: site, person: "ana").map(\.steps) == [[answer("b", "1")]])
        #expect(try reopened.integrityCheck() == "ok")
        // The session goes on where it was left.
        #expect(try reopened.commit(commit(to: .existing(ref), steps: [answer("c", "2")], waitingOn: nil)).steps == 2)
    }

    @Test func backupMakesAFileAnotherStoreCanOpen() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        let code = try store.createSite(site, name: "North")
        let ref = try store.commit(commit(steps: [answer("name", "North")], writes: [
            write("site.name", .string("North")), write("staff", .list([.string("Ana")])),
        ], waitingOn: "staff"))
        try store.commitWrites(site, person: "ana", dialogue: "fix", [write("site.name", .string("Nord"))])
        _ = try store.commit(commit(person: "bo", steps: [answer("q", "x")], writes: [removal("staff")], finished: true))

        let copyFolder = scratch.sibling("copy")
        try FileManager.default.createDirectory(atPath: copyFolder, withIntermediateDirectories: true)
        try store.backup(to: (copyFolder as NSString).appendingPathComponent(Store.fileName))

        let copy = try Store(folder: copyFolder)
        #expect(try copy.profile(site) == store.profile(site))
        #expect(try copy.history(site) == store.history(site))
        #expect(try copy.sites() == store.sites())
        #expect(try copy.openSessions(site: site, person: "ana") == store.openSessions(site: site, person: "ana"))
        #expect(try copy.allSessions(site: site) == store.allSessions(site: site))
        #expect(try copy.steps(site) == store.steps(site))
        #expect(try copy.verifyCode(site, code: code))
        #expect(try copy.integrityCheck() == "ok")
        #expect(try integer(copy.db, "PRAGMA user_version") == Int64(Store.schemaVersion))
        #expect(try integer(copy.db, "PRAGMA application_id") == Store.applicationID)
        // The copy is independent of the original, sessions included.
        try copy.commitWrites(site, person: "bo", [write("site.name", .string("Copy"))])
        _ = try copy.commit(commit(to: .existing(ref), steps: [answer("staff", "Bo")], finished: true))
        #expect(try store.profile(site)["site"]?["name"] == .string("Nord"))
        #expect(try store.openSessions(site: site, person: "ana").map(\.id) == [ref.id])
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
