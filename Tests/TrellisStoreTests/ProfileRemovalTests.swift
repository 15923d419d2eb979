import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

/// Removals (a write with no value, the undo of `/back` and `/restart`) and the promise that
/// the profile view always equals the profile replayed from the history alone.
@Suite struct ProfileRemovalTests {
    private let north = siteID("north")

    private func makeStore(_ scratch: ScratchFolder) throws -> Store {
        let store = try Store(folder: scratch.path)
        _ = try store.createSite(north, name: "North")
        return store
    }

    /// `profile(_:)` and `replayedProfile(_:)` hold the same values (member order aside).
    private func expectReplayMatches(_ store: Store, _ site: SiteID, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let view = try store.profile(site)
        let replayed = try store.replayedProfile(site)
        #expect(ProfileDiff.same(view, replayed), "view \(JSON.encode(view)) but replayed \(JSON.encode(replayed))",
                sourceLocation: sourceLocation)
    }

    @Test func aRemovalTakesTheValueAndEverythingUnderItsPath() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let address: Value = .object([(key: "city", value: .string("Porto")), (key: "street", value: .string("Rua 1"))])
        try store.commitWrites(north, [
            write("site.name", .string("North")),
            write("site.address", address),
            write("site.address.zip", .string("4000")),
            write("contact.name", .string("Ana")),
            write("contact.phone.work", .string("123")),
            write("contacts", .string("a sibling with the same prefix")),
        ])
        let ref = try store.commit(commit(steps: [SessionStep(kind: .back, question: "address")],
                                          writes: [removal("site.address", source: "back")], waitingOn: "address"))
        #expect(try store.profile(north)["site"] == .object([(key: "name", value: .string("North"))]))

        let history = try store.history(north)
        let entry = try #require(history.last)
        #expect(entry.path == "site.address")
        #expect(entry.value == nil)
        #expect(entry.previous == address.setting(.string("4000"), at: ["zip"]), "the whole value that was there, the row under it included")
        #expect(entry.question == "back")
        #expect(entry.person == "ana")
        #expect(entry.session == ref.id)
        #expect(entry.step == (try store.steps(north).last?.sequence))
        #expect(try store.history(north, path: "site.address").map(\.value) == [address, .string("4000"), nil])

        // A removal of a path held only by the values under it takes them all.
        try store.commitWrites(north, [removal("contact", source: "restart")])
        let profile = try store.profile(north)
        #expect(profile["contact"] == nil)
        #expect(profile["contacts"] == .string("a sibling with the same prefix"))
        #expect(try store.history(north).last?.value == nil)
        try expectReplayMatches(store, north)
    }

    @Test func aRemovalOfAValueThatIsNotThereIsRecordedAndChangesNothing() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        try store.commitWrites(north, [write("x", .number(1))])
        try store.commitWrites(north, [removal("y"), removal("x.deeper")])
        #expect(try store.profile(north) == .object([(key: "x", value: .number(1))]))
        let history = try store.history(north)
        #expect(history.map(\.path) == ["x", "y", "x.deeper"])
        #expect(history.map(\.value) == [.number(1), nil, nil])
        #expect(history.map(\.previous) == [nil, nil, nil])
        try expectReplayMatches(store, north)
    }

    @Test func aWriteAfterARemovalHasNoPreviousAndARemovedNullIsNotANull() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        try store.commitWrites(north, [write("x", .null)])
        try store.commitWrites(north, [removal("x")])
        #expect(try store.profile(north) == .object([]))
        try store.commitWrites(north, [write("x", .string("again"))])
        let history = try store.history(north)
        // A written null is `.null`; a removal is nil, and its previous is the null it took.
        #expect(history.map(\.value) == [.null, nil, .string("again")])
        #expect(history.map(\.previous) == [nil, .null, nil])
        #expect(try store.profile(north) == .object([(key: "x", value: .string("again"))]))
        try expectReplayMatches(store, north)
    }

    @Test func theReplayedProfileEqualsTheProfileAfterWritesOverwritesNestedPathsAndRemovals() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        _ = try store.createSite(siteID("south"), name: "South")
        // A session as the reducer commits it: answers, a document, /back and /restart undone by removals.
        var ref = try store.commit(commit(dialogue: "site-setup", steps: [answer("site_name", "North")],
                                          writes: [write("site.name", .string("North"), question: "site_name")],
                                          waitingOn: "community"))
        try expectReplayMatches(store, north)
        let steps: [([SessionStep], [ProfileWrite])] = [
            ([answer("community", "Porto")], [write("site.community", .string("Porto"), question: "community")]),
            ([answer("partners", "x")], [write("partners", .list([.object([(key: "name", value: .string("Health"))])]), question: "partners")]),
            ([answer("sector", "health")], [write("partners", .list([.object([(key: "name", value: .string("Health")),
                                                                            (key: "sector", value: .string("health"))])]),
                                                  question: "partners")]),
            ([SessionStep(kind: .back, question: "sector")],
             [write("partners", .list([.object([(key: "name", value: .string("Health"))])]), question: "back")]),
            ([answer("backbone", "independent")], [write("backbone.arrangement", .string("independent"), question: "backbone"),
                                                   write("backbone.host", .null, question: "backbone")]),
            ([SessionStep(kind: .back, question: "backbone")], [removal("backbone.arrangement"), removal("backbone.host")]),
            ([answer("backbone", "embedded")], [write("backbone", .object([(key: "arrangement", value: .string("embedded")),
                                                                          (key: "host", value: .string("School"))]),
                                                      question: "backbone")]),
            ([answer("host_contact", "Bo")], [write("backbone.contact.name", .string("Bo"), question: "host_contact")]),
            ([answer("site_name", "Nord")], [write("site.name", .string("Nord"), question: "site_name"),
                                             write("documents.summary", .string("# Nord"), question: "summary")]),
            ([SessionStep(kind: .restart)], [removal("site.name", source: "restart"), removal("site.community", source: "restart"),
                                             removal("partners", source: "restart"), removal("backbone", source: "restart"),
                                             removal("documents", source: "restart")]),
            ([answer("site_name", "North again")], [write("site.name", .string("North again"), question: "site_name")]),
        ]
        for (commitSteps, writes) in steps {
            ref = try store.commit(commit(dialogue: "site-setup", to: .existing(ref), steps: commitSteps, writes: writes,
                                          waitingOn: "next"))
            try expectReplayMatches(store, north)
        }
        #expect(try store.profile(north) == .object([(key: "site", value: .object([(key: "name", value: .string("North again"))]))]))

        // And directly: overwrites, a parent replacing its children, children under a replaced scalar, lists, removals.
        try store.commitWrites(north, [
            write("a.b.c", .number(1)), write("a.b.d", .number(2)), write("a.e", .string("e")),
            write("a.b", .string("flat")), write("a.b.x", .bool(true)), write("list", .list([.number(1), .null])),
            write("m", .object([(key: "n", value: .number(1))])), write("m", .object([(key: "o", value: .number(2))])),
            write("z", .number(0)), removal("z"), write("z", .number(1)),
            removal("a.e"), write("a.f.g", .string("g")), removal("a.f"),
        ])
        try expectReplayMatches(store, north)
        try store.commitWrites(north, person: "bo", [removal("a"), write("a.h", .number(3)), write("list", .list([]))])
        try expectReplayMatches(store, north)
        // The other site's replay is its own.
        try store.commitWrites(siteID("south"), [write("a.b", .number(9)), removal("a.b")])
        try expectReplayMatches(store, siteID("south"))
        #expect(try store.profile(siteID("south")) == .object([]))
        try expectReplayMatches(store, north)
    }

    /// The view keeps a value written as a whole object in one row. A removal (or a write) at a
    /// path inside that object should change the object; the store only deletes rows at and
    /// under the removed path, so the member survives in the view while the replay drops it.
    @Test
    func aRemovalInsideAnObjectWrittenWholeMatchesTheReplay() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        try store.commitWrites(north, [write("a", .object([(key: "b", value: .number(1)), (key: "c", value: .number(2))]))])
        try store.commitWrites(north, [removal("a.b")])
        #expect(try store.profile(north) == .object([(key: "a", value: .object([(key: "c", value: .number(2))]))]))
        try expectReplayMatches(store, north)
    }

    /// The same with a scalar ancestor: `address` = "unknown", then `address.city`, then the
    /// city's removal: the replay has no address left; the view brings "unknown" back.
    @Test
    func aRemovalUnderAReplacedScalarMatchesTheReplay() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        try store.commitWrites(north, [write("address", .string("unknown"))])
        try store.commitWrites(north, [write("address.city", .string("Porto"))])
        try store.commitWrites(north, [removal("address.city")])
        try expectReplayMatches(store, north)
        #expect(try store.profile(north)["address"] == nil)
    }

    /// An empty object written at a path is a value; a value written under it and then removed
    /// leaves the replay without the (now empty) object, as `Value.removing` drops empty objects.
    @Test
    func aRemovalUnderAnEmptyObjectMatchesTheReplay() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        try store.commitWrites(north, [write("a", .object([])), write("a.b", .number(1))])
        try store.commitWrites(north, [removal("a.b")])
        try expectReplayMatches(store, north)
    }

    /// A removal's `previous` is what it took. For a path whose values were written under it
    /// (as the reducer's path-by-path writes always are), the store reads only the row at the
    /// path itself, finds none, and records nil: `trellis history` then shows a `/restart`
    /// that removed a whole section as removing nothing.
    @Test
    func aRemovalOfAParentRecordsWhatItTookAsItsPrevious() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        try store.commitWrites(north, [write("backbone.arrangement", .string("embedded")), write("backbone.host", .string("School"))])
        try store.commitWrites(north, [removal("backbone", source: "restart")])
        let previous = try #require(try store.history(north).last?.previous)
        #expect(ProfileDiff.same(previous, .object([(key: "arrangement", value: .string("embedded")),
                                                    (key: "host", value: .string("School"))])))
    }
}
