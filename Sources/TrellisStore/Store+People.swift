import TrellisLanguage
import TrellisSession

/// People with codes of their own: who signs in, by name and role, at a site, or for the whole
/// program (`role: .program`, at no site). A personal code is shown once and kept hashed, like
/// the site's; its first group (the handle) is stored as it is, so a sign-in finds the one row
/// to check.
extension Store {
    public struct Person: Sendable, Equatable {
        public var name: String
        public var role: Identity.Role
        public var createdAt: String
    }

    /// Where a person belongs: a site, or (nil) the program.
    static func scope(_ site: SiteID?) -> SQLite.Value { site.map { .text($0.rawValue) } ?? .null }
    static let scopeMatch = "coalesce(site_id, '') = coalesce(?, '')"

    /// Adds a person and returns their code, shown once. A program person (`site` nil) must
    /// have the program role, and a site's person may not.
    public func addPerson(_ site: SiteID?, name: String, role: Identity.Role) throws(StoreError) -> String {
        precondition((site == nil) == (role == .program), "program people belong to no site, and only they")
        let (code, handle, hash) = try personalCode(site)
        try guarded {
            try db.transaction {
                if let site, try self.site(site) == nil { throw StoreError.noSuchSite(site.rawValue) }
                if try person(site, named: name) != nil { throw StoreError.personExists(site: site?.rawValue ?? Identity.programSite, name: name) }
                try db.query("INSERT INTO people (site_id, name, role, handle, code_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                             [Store.scope(site), .text(name), .text(role.rawValue), .text(handle), .text(hash), .text(clock())])
            }
        }
        return code
    }

    /// The site's people (or the program's, for nil), not removed, in the order they were added.
    public func people(_ site: SiteID?) throws(StoreError) -> [Person] {
        try guarded {
            if let site, try self.site(site) == nil { throw StoreError.noSuchSite(site.rawValue) }
            return try db.query("SELECT name, role, created_at FROM people WHERE \(Store.scopeMatch) AND removed_at IS NULL ORDER BY id",
                                [Store.scope(site)]).map(Store.person)
        }
    }

    static func person(_ row: [SQLite.Value]) -> Person {
        Person(name: row[0].text ?? "", role: Identity.Role(rawValue: row[1].text ?? "") ?? .staff, createdAt: row[2].text ?? "")
    }

    func person(_ site: SiteID?, named name: String) throws -> Person? {
        try db.query("SELECT name, role, created_at FROM people WHERE \(Store.scopeMatch) AND name = ? AND removed_at IS NULL",
                     [Store.scope(site), .text(name)]).first.map(Store.person)
    }

    /// Gives a person a new code and returns it; their old one stops working.
    public func replacePersonCode(_ site: SiteID?, name: String) throws(StoreError) -> String {
        let (code, handle, hash) = try personalCode(site)
        try guarded {
            try db.transaction {
                guard try person(site, named: name) != nil else { throw StoreError.noSuchPerson(site: site?.rawValue ?? Identity.programSite, name: name) }
                try db.query("UPDATE people SET handle = ?, code_hash = ? WHERE \(Store.scopeMatch) AND name = ? AND removed_at IS NULL",
                             [.text(handle), .text(hash), Store.scope(site), .text(name)])
            }
        }
        return code
    }

    /// Removes a person: their code stops working; their sessions and answers stay, under
    /// their name, in the history.
    public func removePerson(_ site: SiteID?, name: String) throws(StoreError) {
        try guarded {
            try db.transaction {
                guard try person(site, named: name) != nil else { throw StoreError.noSuchPerson(site: site?.rawValue ?? Identity.programSite, name: name) }
                try db.query("UPDATE people SET removed_at = ? WHERE \(Store.scopeMatch) AND name = ? AND removed_at IS NULL",
                             [.text(clock()), Store.scope(site), .text(name)])
            }
        }
    }

    /// Retires the site's shared code: from now on only personal codes sign in.
    public func retireSiteCode(_ site: SiteID) throws(StoreError) {
        try guarded {
            guard try self.site(site) != nil else { throw StoreError.noSuchSite(site.rawValue) }
            try db.query("UPDATE sites SET code_hash = '' WHERE id = ?", [.text(site.rawValue)])
        }
    }

    /// Whether the site's shared code still signs people in.
    public func siteCodeActive(_ site: SiteID) throws(StoreError) -> Bool {
        try guarded { (try db.query("SELECT code_hash FROM sites WHERE id = ?", [.text(site.rawValue)]).first?.first?.text ?? "") != "" }
    }

    /// Who `code` signs in at the site (at `program`, a program person). A personal code (five
    /// groups) is looked up by its handle and checked against that one hash; anything else is
    /// checked against the site's shared code. Either way one hash is computed, so a wrong code
    /// costs the same.
    public func signIn(_ site: SiteID, code: String) throws(StoreError) -> Identity? {
        try checkInPlace()
        let scope: SiteID? = site.rawValue == Identity.programSite ? nil : site
        let groups = code.split(separator: "-", omittingEmptySubsequences: false)
        if groups.count == 5 {
            let row = try guarded {
                try db.query("SELECT name, role, code_hash FROM people WHERE \(Store.scopeMatch) AND handle = ? AND removed_at IS NULL",
                             [Store.scope(scope), .text(String(groups[0]))]).first
            }
            guard let row, let stored = row[2].text, AccessCode.verify(code, against: stored) else { return nil }
            return .person(name: row[0].text ?? "", role: Identity.Role(rawValue: row[1].text ?? "") ?? .staff)
        }
        guard scope != nil else { return nil }
        return try matchesSiteCode(site, code: code) ? .siteCode : nil
    }

    /// A new personal code: a handle no one else where they belong has (31^4 of them, so a
    /// clash is rare and another draw settles it), then a site-strength secret of four groups.
    func personalCode(_ site: SiteID?) throws(StoreError) -> (code: String, handle: String, hash: String) {
        var handle = ""
        repeat {
            handle = String(AccessCode.generate().prefix(4))
        } while try guarded({
            try !db.query("SELECT 1 FROM people WHERE \(Store.scopeMatch) AND handle = ? AND removed_at IS NULL",
                          [Store.scope(site), .text(handle)]).isEmpty
        })
        let code = handle + "-" + AccessCode.generate()
        do { return (code, handle, try AccessCode.hash(code)) } catch { throw .accessCode(error.description) }
    }
}
