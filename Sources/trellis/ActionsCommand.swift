import TrellisLanguage
import TrellisStore

/// `trellis actions SITE [--open] [--json]`: the site's action list, open ones first by due
/// date, each with its owner, due date, status and where it came from. A view of the profile
/// (`ActionList`); the "Update an action" dialogue changes it.
struct ActionsCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "actions SITE", brief: "a site's actions: what, owner, due date, status", summary: "The site's actions: what, owner, due date, status and where each came from; open ones first by due date, an open one past its date marked overdue.",
                                  options: [.flag("open", "leave out the done ones"), .json, .data])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
    }

    func run() throws -> ExitStatus {
        let (store, site, record) = try DataFolder.openSite(arguments)
        var list = ActionList(profile: try store.profile(site))
        // Overdue is judged against today's date in UTC, the clock the store's times use.
        let today = String(Store.now().prefix(10))
        let open = list.open.count
        let done = list.items.count - open
        let overdue = list.items.filter { $0.isOverdue(today: today) }.count
        if arguments.flags.contains("open") { list.items = list.open }
        if arguments.flags.contains("json") {
            Output.out(JSON.encode(list.json(today: today)) + "\n")
            return .success
        }
        Output.out("Actions for \(record.name) (\(site.rawValue)): \(open) open"
                   + (overdue > 0 ? ", \(overdue) overdue" : "") + ", \(done) done\n\n")
        Output.out(list.text(today: today))
        if !list.items.isEmpty {
            Output.out("\nTo mark one done, give it an owner or change its date: trellis chat update-actions --site \(site.rawValue)\n")
        }
        return .success
    }
}
