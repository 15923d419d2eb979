import Testing
import TrellisLanguage
import TrellisSession
@testable import TrellisStore

/// Personal codes: each person's own, shown once, kept hashed, naming who signs in.
@Suite struct PeopleTests {
    @Test func aPersonalCodeSignsInItsHolderWithTheirRole() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        let siteCode = try store.createSite(site, name: "North")
        let sam = try store.addPerson(site, name: "Sam Lee", role: .staff)
        let jo = try store.addPerson(site, name: "Jo Ng", role: .coordinator)
        #expect(sam.split(separator: "-").count == 5)
        #expect(try store.signIn(site, code: sam) == .person(name: "Sam Lee", role: .staff))
        #expect(try store.signIn(site, code: jo) == .person(name: "Jo Ng", role: .coordinator))
        // The site's shared code still signs a coordinator in, who then says who they are.
        #expect(try store.signIn(site, code: siteCode) == .siteCode)
        // A personal code with one character wrong, or at another site, signs no one in.
        var wrong = Array(sam)
        wrong[wrong.count - 1] = wrong.last == "a" ? "b" : "a"
        #expect(try store.signIn(site, code: String(wrong)) == nil)
        _ = try store.createSite(siteID("south"), name: "South")
        #expect(try store.signIn(siteID("south"), code: sam) == nil)
        #expect(try store.people(site).map(\.name) == ["Sam Lee", "Jo Ng"])
        // Only a hash is kept.
        let stored = try store.db.query("SELECT code_hash FROM people").compactMap { $0.first?.text }
        #expect(stored.allSatisfy { $0.hasPrefix("$y$") && !$0.contains(sam) })
    }

    @Test func aNewCodeRetiresTheOldAndRemovingAPersonEndsTheirSignIn() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        let old = try store.addPerson(site, name: "Sam", role: .staff)
        let new = try store.replacePersonCode(site, name: "Sam")
        #expect(try store.signIn(site, code: old) == nil)
        #expect(try store.signIn(site, code: new) == .person(name: "Sam", role: .staff))
        try store.removePerson(site, name: "Sam")
        #expect(try store.signIn(site, code: new) == nil)
        #expect(try store.people(site).isEmpty)
        // The name is free again, for someone new (the old row stays, for the history).
        _ = try store.addPerson(site, name: "Sam", role: .coordinator)
        #expect(try store.db.query("SELECT count(*) FROM people").first?.first?.integer == 2)
    }

    @Test func mistakesAreNamedWithWhatWouldWork() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        _ = try store.createSite(site, name: "North")
        _ = try store.addPerson(site, name: "Sam", role: .staff)
        #expect(throws: StoreError.self) { try store.addPerson(site, name: "Sam", role: .staff) }
        do {
            _ = try store.replacePersonCode(site, name: "Nobody")
            Issue.record("a code was made for no one")
        } catch {
            #expect(error.kind == "noSuchPerson")
            #expect(error.description.contains("trellis person list north"))
        }
        #expect(throws: StoreError.self) { try store.addPerson(siteID("nowhere"), name: "Sam", role: .staff) }
    }

    @Test func aRetiredSiteCodeSignsNoOneIn() throws {
        let scratch = ScratchFolder()
        let store = try Store(folder: scratch.path)
        let site = siteID("north")
        let code = try store.createSite(site, name: "North")
        #expect(try store.siteCodeActive(site))
        try store.retireSiteCode(site)
        #expect(try !store.siteCodeActive(site))
        #expect(try store.signIn(site, code: code) == nil)
        #expect(try store.signIn(site, code: "") == nil)
        // Replacing it brings a shared code back.
        let again = try store.replaceCode(site)
        #expect(try store.signIn(site, code: again) == .siteCode)
    }
}
