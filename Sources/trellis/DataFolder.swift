import Foundation
import TrellisLanguage
import TrellisStore

/// Where the store lives, and the site argument, checked before anything touches the disk.
///
/// The store: `--data DIR`, then `$TRELLIS_DATA`; then `./trellis-data` only if one is already
/// there (where Trellis kept it before, so an existing store keeps opening); then the user's
/// data folder, `$XDG_DATA_HOME/trellis` or `~/.local/share/trellis`. An installed binary run
/// from any folder therefore finds the same store, and never starts a new one where it stands.
enum DataFolder {
    static func path(_ arguments: Arguments) -> String {
        let environment = ProcessInfo.processInfo.environment
        return arguments.values["data"] ?? environment["TRELLIS_DATA"] ?? defaultPath(environment: environment)
    }

    static func defaultPath(environment: [String: String]) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "trellis-data", isDirectory: &isDirectory), isDirectory.boolValue { return "trellis-data" }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/trellis" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/trellis"
    }

    static func open(_ arguments: Arguments) throws(StoreError) -> Store {
        try Store(folder: path(arguments))
    }

    /// The store and the site a command's first word names, refused when there is no such site
    /// (naming the sites there are, so a mistyped id is seen at once).
    static func openSite(_ arguments: Arguments) throws -> (store: Store, site: SiteID, record: Store.Site) {
        let site = try DataFolder.site(arguments.positional.first)
        let store = try open(arguments)
        guard let record = try store.site(site) else {
            throw UnknownSite(site: site.rawValue, folder: path(arguments), known: try store.sites().map(\.id))
        }
        return (store, site, record)
    }

    /// A site the store does not have: a usage error (status 2) naming the ones it has, and
    /// how to make it (`chat` can also be given `--create`).
    struct UnknownSite: Error, CustomStringConvertible {
        let site: String
        let folder: String
        let known: [String]
        var createFlag = false

        var description: String {
            "there is no site '\(site)' in \(folder) (" + (known.isEmpty ? "it has none yet" : "the sites are: " + known.joined(separator: ", "))
                + "); " + (createFlag ? "add --create to make it, or " : "") + "create it with: trellis site create \(site) --name \"…\""
        }
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

    /// The dialogues: `--dialogues DIR`, then `$TRELLIS_DIALOGUES`, then `./dialogues` when there
    /// is one, then the folder installed beside the binary (`BIN/../share/trellis/dialogues`, as
    /// scripts/install.sh puts it); `./dialogues` again when none exists, so the error names it.
    static func dialogues(_ value: String?) -> String {
        if let value { return value }
        if let env = ProcessInfo.processInfo.environment["TRELLIS_DIALOGUES"] { return env }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "dialogues", isDirectory: &isDirectory), isDirectory.boolValue { return "dialogues" }
        let binary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        let installed = binary.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/trellis/dialogues").path
        if FileManager.default.fileExists(atPath: installed, isDirectory: &isDirectory), isDirectory.boolValue { return installed }
        return "dialogues"
    }
}
