import TrellisLanguage
import TrellisSession
import TrellisStore

/// `trellis site create SITE --name "…"`, `trellis site list`, `trellis site code SITE [--retire]`.
struct SiteCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "site create|list|code [SITE]", brief: "create and list sites; replace or retire a site's shared code",
                                  summary: "Sites: create SITE --name NAME makes one and prints its shared access code (once), list shows them, code SITE replaces the shared code (printed once) or with --retire ends it.",
                                  options: [.value("name", "NAME", "with create: the site's name"), .flag("retire", "with code: end the shared code, so only personal codes sign in"), .json, .data])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
    }

    func run() throws -> ExitStatus {
        let action = arguments.positional.first
        switch action {
        case "create":
            let site = try DataFolder.site(arguments.positional.dropFirst().first)
            guard site.rawValue != Identity.programSite else {
                throw Arguments.UsageError(message: "'\(Identity.programSite)' is kept for the program's sign-in (trellis person add program \"NAME\" --role program); choose another site id")
            }
            guard let name = arguments.values["name"], !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Arguments.UsageError(message: "site create needs --name \"The site's name\"")
            }
            let store = try DataFolder.open(arguments)
            let code = try store.createSite(site, name: name)
            Output.out("Created site \(site) (\(name)).\nAccess code: \(code)\nIt is shown only this once; give it to the people who connect for this site.\n")
        case "list":
            let store = try DataFolder.open(arguments)
            for site in try store.sites() {
                if arguments.flags.contains("json") {
                    Output.out(JSON.encode(.object([("id", .string(site.id)), ("name", .string(site.name)), ("created_at", .string(site.createdAt))])) + "\n")
                } else {
                    Output.out("\(site.id)\t\(site.name)\tcreated \(site.createdAt)\n")
                }
            }
        case "code":
            let site = try DataFolder.site(arguments.positional.dropFirst().first)
            let store = try DataFolder.open(arguments)
            if arguments.flags.contains("retire") {
                try store.retireSiteCode(site)
                Output.out("The shared access code for \(site) no longer works: people sign in with their own codes (trellis person add).\n"
                           + "'trellis site code \(site)' makes a new shared code if you need one again.\n")
                return .success
            }
            let code = try store.replaceCode(site)
            Output.out("New access code for \(site): \(code)\nThe old code no longer works. This one is shown only once.\n")
        default:
            throw Arguments.UsageError(message: "site takes create SITE --name NAME, list, or code SITE [--retire]")
        }
        return .success
    }
}
