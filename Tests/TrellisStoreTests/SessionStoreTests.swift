import Foundation
import Testing
@testable import TrellisStore
import TrellisLanguage
import TrellisSession

/// Sessions kept as events: steps are appended and never rewritten, a session is closed by
/// finishing or abandoning it, a commit that did not see the session's latest step is refused
/// with nothing written, and a group commit is all or nothing. On real SQLite files.
@Suite struct SessionStoreTests {
    /// A store in a fresh folder with the site `north`; keep `scratch` alive while using it.
    private func makeStore(_ scratch: ScratchFolder, clock: TickingClock? = nil) throws -> Store {
        let store = try clock.map { try Store(folder: scratch.path, clock: $0.closure) } ?? Store(folder: scratch.path)
        _ = try store.createSite(siteID("north"), name: "North")
        return store
    }

    private let north = siteID("north")

    /// Everything a failed commit could have touched, to compare before and after.
    private struct Snapshot: Equatable {
        var profile: String
        var history: [Store.HistoryEntry]
        var steps: [Store.StepEntry]
        var sessions: [StoredSession]

        init(_ store: Store, _ site: SiteID) throws {
            profile = JSON.encode(try store.profile(site))
            history = try store.history(site)
            steps = try store.steps(site)
            sessions = try store.allSessions(site: site)
        }
    }

    // MARK: Appending

    @Test func commitsToOneSessionAppendTheirStepsInOrder() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try makeStore(scratch, clock: clock) // tick 0
        let first = try store.commit(commit(steps: [answer("name", "North School")],
                                            writes: [write("site.name", .string("North School"), question: "name")],
                                            waitingOn: "city")) // tick 1
        #expect(first.steps == 1)
        let second = try store.commit(commit(to: .existing(first),
                                             steps: [answer("city", "Porto"), SessionStep(kind: .skip, question: "street")],
                                             writes: [write("site.city", .string("Porto"), question: "city")],
                                             waitingOn: "staff")) // tick 2
        #expect(second == SessionRef(id: first.id, steps: 3))
        let third = try store.commit(commit(to: .existing(second), steps: [SessionStep(kind: .back, question: "street")],
                                            waitingOn: "street")) // tick 3
        #expect(third == SessionRef(id: first.id, steps: 4))

        let open = try store.openSessions(site: north, person: "ana")
        try #require(open.count == 1)
        #expect(open[0].id == first.id)
        #expect(open[0].steps.map(\.question) == ["name", "city", "street", "street"])
        #expect(open[0].steps.map(\.kind) == [.answer, .answer, .skip, .back])
        #expect(open[0].waitingOn == "street")
        #expect(open[0].status == .open)
        #expect(open[0].startedAt == TickingClock.time(1))
        #expect(open[0].updatedAt == TickingClock.time(3))

        // steps(_:) lists them in order, numbered 1…n within their session.
        let steps = try store.steps(north)
        #expect(steps.map(\.number) == [1, 2, 3, 4])
        #expect(steps.map(\.step.question) == ["name", "city", "street", "street"])
        #expect(steps.map(\.step) == open[0].steps)
        #expect(steps.allSatisfy { $0.session == first.id && $0.person == "ana" && $0.dialogue == "d" })
        #expect(steps.map(\.at) == [TickingClock.time(1), TickingClock.time(2), TickingClock.time(2), TickingClock.time(3)])
        let sequences = steps.map(\.sequence)
        #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)

        // A write names the last step of its commit.
        let history = try store.history(north)
        #expect(history.map(\.session) == [first.id, first.id])
        #expect(history.map(\.step) == [sequences[0], sequences[2]])
        // The folded resume point takes the `back` into account.
        let resume = ResumePoint(open[0])
        #expect(resume.log == [.init(question: "name", given: "North School", value: .string("North School")), .init(question: "city", given: "Porto", value: .string("Porto"))])
        #expect(resume.session == third)
    }

    @Test func stepsOfSeveralSessionsInterleaveInCommitOrder() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let ana = try store.commit(commit(person: "ana", steps: [answer("a1", "x")], waitingOn: "a2"))
        let bo = try store.commit(commit(person: "bo", dialogue: "e", steps: [answer("b1", "y")], waitingOn: "b2"))
        _ = try store.commit(commit(person: "ana", to: .existing(ana), steps: [answer("a2", "z")], waitingOn: "a3"))
        _ = try store.commit(commit(person: "bo", dialogue: "e", to: .existing(bo), steps: [answer("b2", "w")], finished: true))
        let steps = try store.steps(north)
        #expect(steps.map(\.step.question) == ["a1", "b1", "a2", "b2"])
        #expect(steps.map(\.session) == [ana.id, bo.id, ana.id, bo.id])
        #expect(steps.map(\.number) == [1, 1, 2, 2])
        #expect(steps.map(\.person) == ["ana", "bo", "ana", "bo"])
        #expect(steps.map(\.dialogue) == ["d", "e", "d", "e"])
    }

    @Test func aFinishingCommitClosesTheSessionAndKeepsAllItsSteps() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let first = try store.commit(commit(steps: [answer("q1", "a")], waitingOn: "q2"))
        let last = try store.commit(commit(to: .existing(first), steps: [answer("q2", "b")],
                                           writes: [write("documents.summary", .string("# North"), question: "summary")],
                                           finished: true))
        #expect(try store.openSessions(site: north, person: "ana").isEmpty)
        let all = try store.allSessions(site: north)
        try #require(all.count == 1)
        #expect(all[0].id == first.id)
        #expect(all[0].status == .finished)
        #expect(all[0].steps == [answer("q1", "a"), answer("q2", "b")])
        #expect(all[0].waitingOn == nil)
        #expect(try store.profile(north)["documents"]?["summary"] == .string("# North"))
        // A finished session takes no more steps.
        let error = try #require(storeError {
            _ = try store.commit(commit(to: .existing(last), steps: [answer("q3", "c")], waitingOn: nil))
        })
        #expect(error.kind == "sessionConflict")
        #expect(try store.allSessions(site: north) == all)
    }

    @Test func aNewSessionAfterAFinishedOneGetsANewIDAndTheOldStepsRemain() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let old = try store.commit(commit(dialogue: "site-setup", steps: [answer("name", "North")],
                                          writes: [write("site.name", .string("North"))], waitingOn: "city"))
        _ = try store.commit(commit(dialogue: "site-setup", to: .existing(old), steps: [answer("city", "Porto")], finished: true))
        let initial = try store.profile(north)
        let new = try store.commit(commit(dialogue: "site-setup", to: fresh(initial), steps: [answer("name", "Nord")],
                                          writes: [write("site.name", .string("Nord"))], waitingOn: "city"))
        #expect(new.id != old.id)
        #expect(new.steps == 1)

        let open = try store.openSessions(site: north, person: "ana")
        #expect(open.map(\.id) == [new.id])
        #expect(open.first?.steps == [answer("name", "Nord")])
        #expect(open.first?.initialProfile == initial)
        let all = try store.allSessions(site: north)
        #expect(all.map(\.id) == [old.id, new.id])
        #expect(all.map(\.status) == [.finished, .open])
        #expect(all[0].steps == [answer("name", "North"), answer("city", "Porto")])
        #expect(all[0].initialProfile == .object([]))
        #expect(try store.steps(north).map(\.session) == [old.id, old.id, new.id])
        #expect(try store.history(north, path: "site.name").map(\.previous) == [nil, .string("North")])
    }

    @Test func replacingAnOpenSessionAbandonsItInTheSameCommit() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try makeStore(scratch, clock: clock) // tick 0
        let old = try store.commit(commit(steps: [answer("q1", "a"), answer("q2", "b")],
                                          writes: [write("x", .string("a"))], waitingOn: "q3")) // tick 1
        let new = try store.commit(commit(to: .new(initialProfile: try store.profile(north), replacing: old),
                                          steps: [answer("q1", "c")], writes: [write("x", .string("c"))],
                                          waitingOn: "q2")) // tick 2
        #expect(new.id != old.id)
        #expect(new.steps == 1)

        let all = try store.allSessions(site: north)
        try #require(all.count == 2)
        #expect(all[0].id == old.id)
        #expect(all[0].status == .abandoned)
        #expect(all[0].steps.map(\.kind) == [.answer, .answer, .abandon])
        #expect(all[0].steps.last == SessionStep(kind: .abandon))
        #expect(all[0].updatedAt == TickingClock.time(2))
        #expect(all[1].status == .open)
        #expect(try store.openSessions(site: north, person: "ana").map(\.id) == [new.id])

        // The abandon step is the old session's third, stored at the same instant as the new session's first.
        let steps = try store.steps(north)
        #expect(steps.map(\.session) == [old.id, old.id, old.id, new.id])
        #expect(steps.map(\.number) == [1, 2, 3, 1])
        #expect(steps[2].step.kind == .abandon)
        #expect(steps[2].at == steps[3].at)
        // An abandoned session takes no more steps, and cannot be replaced again.
        #expect(storeError {
            _ = try store.commit(commit(to: .existing(SessionRef(id: old.id, steps: 3)), steps: [answer("q3", "d")]))
        }?.kind == "sessionConflict")
        #expect(storeError {
            _ = try store.commit(commit(to: .new(initialProfile: .object([]), replacing: SessionRef(id: old.id, steps: 3))))
        }?.kind == "sessionConflict")
        #expect(try store.allSessions(site: north) == all)
    }

    @Test func replacingWithAFinishingCommitLeavesNoOpenSession() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let old = try store.commit(commit(steps: [answer("q1", "a")], waitingOn: "q2"))
        _ = try store.commit(commit(to: .new(initialProfile: .object([]), replacing: old),
                                    steps: [answer("q1", "b"), answer("q2", "c")], finished: true))
        #expect(try store.openSessions(site: north, person: "ana").isEmpty)
        #expect(try store.allSessions(site: north).map(\.status) == [.abandoned, .finished])
    }

    // MARK: Conflicts

    @Test func aCommitWithAStaleStepCountIsRefusedAndWritesNothing() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let read = try store.commit(commit(steps: [answer("q1", "a")], writes: [write("q1", .string("a"))], waitingOn: "q2"))
        // Another writer carries the session on from what it read.
        _ = try store.commit(commit(to: .existing(read), steps: [answer("q2", "b")], writes: [write("q2", .string("b"))],
                                    waitingOn: "q3"))
        let before = try Snapshot(store, north)

        // This writer still holds the old count (1): behind by one step.
        let stale = commit(to: .existing(read), steps: [answer("q2", "other")],
                           writes: [write("q2", .string("other")), write("q1", .string("other")), removal("q1")],
                           finished: true)
        let error = try #require(storeError { _ = try store.commit(stale) })
        guard case .sessionConflict(let dialogue) = error else { Issue.record("got \(error)"); return }
        #expect(dialogue == "d")
        #expect(try Snapshot(store, north) == before)

        // Ahead of the store, or a session that does not exist, is refused the same way.
        for ref in [SessionRef(id: read.id, steps: 5), SessionRef(id: read.id, steps: 0), SessionRef(id: read.id + 100, steps: 2)] {
            #expect(storeError { _ = try store.commit(commit(to: .existing(ref), steps: [answer("q3", "c")])) }?.kind
                == "sessionConflict", "\(ref)")
        }
        #expect(try Snapshot(store, north) == before)
        // The current count still works.
        #expect(try store.commit(commit(to: .existing(SessionRef(id: read.id, steps: 2)), steps: [answer("q3", "c")])).steps == 3)
    }

    @Test func aCommitNamingAnotherPersonsSiteOrDialoguesSessionIsRefused() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        _ = try store.createSite(siteID("south"), name: "South")
        let ref = try store.commit(commit(person: "ana", dialogue: "d", steps: [answer("q1", "a")], waitingOn: "q2"))
        let before = try Snapshot(store, north)
        for wrong in [commit(person: "bo", to: .existing(ref), steps: [answer("q2", "b")]),
                      commit(dialogue: "e", to: .existing(ref), steps: [answer("q2", "b")]),
                      commit(site: "south", to: .existing(ref), steps: [answer("q2", "b")]),
                      commit(person: "bo", to: .new(initialProfile: .object([]), replacing: ref))] {
            #expect(storeError { _ = try store.commit(wrong) }?.kind == "sessionConflict", "\(wrong)")
        }
        #expect(try Snapshot(store, north) == before)
        #expect(try store.allSessions(site: siteID("south")).isEmpty)
    }

    @Test func aSecondNewSessionWhileOneIsOpenIsRefused() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let open = try store.commit(commit(dialogue: "site-setup", steps: [answer("name", "North")],
                                           writes: [write("site.name", .string("North"))], waitingOn: "city"))
        let before = try Snapshot(store, north)
        let second = commit(dialogue: "site-setup", steps: [answer("name", "Other")], writes: [write("site.name", .string("Other"))],
                            waitingOn: "city")
        let error = try #require(storeError { _ = try store.commit(second) })
        guard case .sessionConflict(let dialogue) = error else { Issue.record("got \(error)"); return }
        #expect(dialogue == "site-setup")
        // Replacing with a stale count of the open one is refused too, and does not abandon it.
        let staleReplace = commit(dialogue: "site-setup", to: .new(initialProfile: .object([]), replacing: SessionRef(id: open.id, steps: 0)),
                                  steps: [answer("name", "Other")])
        #expect(storeError { _ = try store.commit(staleReplace) }?.kind == "sessionConflict")
        #expect(try Snapshot(store, north) == before)
        #expect(try store.openSessions(site: north, person: "ana").map(\.id) == [open.id])

        // Other people, dialogues and sites are not in the way.
        _ = try store.createSite(siteID("south"), name: "South")
        _ = try store.commit(commit(person: "bo", dialogue: "site-setup", waitingOn: "name"))
        _ = try store.commit(commit(dialogue: "pre-establishment", waitingOn: "who_drives"))
        _ = try store.commit(commit(site: "south", dialogue: "site-setup", waitingOn: "name"))
        #expect(try store.openSessions(site: north, person: "ana").count == 2)
    }

    @Test func twoNewSessionsOfOneDialogueInOneGroupAreRefused() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let error = try #require(storeError {
            _ = try store.commitAll([commit(writes: [write("x", .number(1))], waitingOn: "q"),
                                     commit(writes: [write("x", .number(2))], waitingOn: "q")])
        })
        #expect(error.kind == "sessionConflict")
        #expect(try store.allSessions(site: north).isEmpty)
        #expect(try store.history(north).isEmpty)
        #expect(try store.profile(north) == .object([]))
    }

    @Test func theSessionPersistenceCommitReportsConflictsAsConflicts() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let persistence: any SessionPersistence = store
        guard case .success(let refs) = persistence.commit([commit(steps: [answer("q1", "a")], waitingOn: "q2")]) else {
            Issue.record("the first commit failed"); return
        }
        try #require(refs.count == 1)
        let ref = refs[0]
        guard case .success(let moved) = persistence.commit([commit(to: .existing(ref), steps: [answer("q2", "b")], waitingOn: "q3")]) else {
            Issue.record("the second commit failed"); return
        }
        #expect(moved == [SessionRef(id: ref.id, steps: 2)])
        let before = try Snapshot(store, north)

        // A stale step count.
        guard case .failure(let stale) = persistence.commit([commit(to: .existing(ref), steps: [answer("q2", "c")],
                                                                   writes: [write("x", .number(1))])]) else {
            Issue.record("a stale commit succeeded"); return
        }
        #expect(stale.conflict)
        #expect(stale == CommitFailure(message: StoreError.sessionConflict(dialogue: "d").description, conflict: true))
        // A second new session of the open dialogue.
        guard case .failure(let second) = persistence.commit([commit(writes: [write("x", .number(1))])]) else {
            Issue.record("a second open session was accepted"); return
        }
        #expect(second.conflict)
        // Any other failure is not a conflict.
        guard case .failure(let ghost) = persistence.commit([commit(site: "ghost")]) else {
            Issue.record("a commit to an unknown site succeeded"); return
        }
        #expect(!ghost.conflict)
        #expect(ghost.message == StoreError.noSuchSite("ghost").description)
        #expect(try Snapshot(store, north) == before)

        // The protocol's reads are the store's.
        #expect(try persistence.openSessions(site: north, person: "ana") == store.openSessions(site: north, person: "ana"))
        #expect(try persistence.openSession(site: north, person: "ana", dialogue: "d")?.id == ref.id)
        #expect(try persistence.profile(north) == store.profile(north))
        #expect(try persistence.signIn(north, code: "nope") == nil)
    }

    // MARK: Group commit

    @Test func aGroupCommitWithAConflictStoresNoneOfIt() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let ana = try store.commit(commit(person: "ana", steps: [answer("q1", "a")], writes: [write("x", .number(1))], waitingOn: "q2"))
        let bo = try store.commit(commit(person: "bo", steps: [answer("q1", "b")], waitingOn: "q2"))
        let before = try Snapshot(store, north)
        let error = try #require(storeError {
            _ = try store.commitAll([
                commit(person: "ana", to: .existing(ana), steps: [answer("q2", "a2")], writes: [write("x", .number(2))], waitingOn: "q3"),
                commit(person: "cy", steps: [answer("q1", "c")], writes: [write("y", .number(3))], waitingOn: "q2"),
                commit(person: "bo", to: .existing(SessionRef(id: bo.id, steps: 0)), steps: [answer("q2", "b2")]),
            ])
        })
        #expect(error.kind == "sessionConflict")
        #expect(try Snapshot(store, north) == before)
        #expect(try store.openSessions(site: north, person: "cy").isEmpty)
        // Without the stale one, the rest goes through.
        let refs = try store.commitAll([
            commit(person: "ana", to: .existing(ana), steps: [answer("q2", "a2")], writes: [write("x", .number(2))], waitingOn: "q3"),
            commit(person: "cy", steps: [answer("q1", "c")], writes: [write("y", .number(3))], waitingOn: "q2"),
        ])
        #expect(refs.first == SessionRef(id: ana.id, steps: 2))
        #expect(try store.profile(north) == .object([(key: "x", value: .number(2)), (key: "y", value: .number(3))]))
    }

    @Test func aGroupCommitWithAnUnknownSiteStoresNoneOfIt() throws {
        let scratch = ScratchFolder()
        let store = try makeStore(scratch)
        let ana = try store.commit(commit(steps: [answer("q1", "a")], waitingOn: "q2"))
        let before = try Snapshot(store, north)
        let error = try #require(storeError {
            _ = try store.commitAll([
                commit(to: .new(initialProfile: .object([]), replacing: ana), steps: [answer("q1", "b")], writes: [write("x", .number(1))]),
                commit(person: "bo", writes: [write("y", .number(1))], finished: true),
                commit(site: "ghost", steps: [answer("q1", "c")]),
            ])
        })
        #expect(error.kind == "noSuchSite")
        // The replaced session was not abandoned after all.
        #expect(try Snapshot(store, north) == before)
        #expect(try store.openSessions(site: north, person: "ana").map(\.id) == [ana.id])
        #expect(try store.count("sessions") == 1)
    }

    @Test func laterCommitsOfAGroupSeeTheEarlierOnes() throws {
        let scratch = ScratchFolder()
        let clock = TickingClock()
        let store = try makeStore(scratch, clock: clock)
        let ref = try store.commit(commit(steps: [answer("q1", "a")], writes: [write("x", .number(1))], waitingOn: "q2"))
        // Two answers of one session committed as a group, the second naming the count after the first.
        let refs = try store.commitAll([
            commit(to: .existing(ref), steps: [answer("q2", "b")], writes: [write("x", .number(2))], waitingOn: "q3"),
            commit(to: .existing(SessionRef(id: ref.id, steps: 2)), steps: [answer("q3", "c")], writes: [write("x", .number(3))],
                   finished: true),
        ])
        #expect(refs == [SessionRef(id: ref.id, steps: 2), SessionRef(id: ref.id, steps: 3)])
        #expect(try store.history(north).map(\.previous) == [nil, .number(1), .number(2)])
        #expect(try store.allSessions(site: north).first?.status == .finished)
        #expect(try store.steps(north).map(\.number) == [1, 2, 3])
        #expect(Set(try store.steps(north).dropFirst().map(\.at)).count == 1)
    }
}
