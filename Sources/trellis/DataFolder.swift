import Foundation
import TrellisLanguage
import TrellisStore

/// Where the store lives: `--data DIR`, then `$TRELLIS_DATA`, then `./trellis-data` beside
/// where Trellis is run; and the site argument, checked before anything touches the disk.
enum DataFolder {
    static func path(_ arguments: Arguments) -> String {
        arguments.values["data"] ?? ProcessInfo.processInfo.environment["TRELLIS_DATA"] ?? "trellis-data"
    }

    static func open(_ arguments: Arguments) throws(StoreError) -> Store {
        try Store(folder: path(arguments))
    }

    /// The store and the site a command's first word names, refused when there is no such site.
    static func openSite(_ arguments: Arguments) throws -> (store: Store, site: SiteID, record: Store.Site) {
        let site = try DataFolder.site(arguments.positional.first)
        let store = try open(arguments)
        guard let record = try store.site(site) else { throw StoreError.noSuchSite(site.rawValue) }
        return (store, site, record)
    }

    /// The site id a command names, refused with the rule when it is not valid.
    static func site(_ text: String?) throws(Arguments.UsageError) -> SiteID {
        guard let text else { throw .init(message: "name a site id") }
        guard let site = SiteID(text) else { throw .init(message: "'\(text)' is not a valid site id: \(SiteID.rule)") }
        return site
    }

    /// The name history records for a local user: `--as`, else the login name.
    static func person(_ arguments: Arguments) -> String {
        arguments.values["as"] ?? ProcessInfo.processInfo.environment["USER"] ?? "local"
    }
}
