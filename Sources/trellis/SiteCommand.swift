import TrellisLanguage
import TrellisStore

/// `trellis site create SITE --name "…"`, `trellis site list`, `trellis site code SITE`.
struct SiteCommand {
    let arguments: Arguments

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, options: ["name", "data"], flags: ["json"])
    }

    func run() throws -> ExitStatus {
        let action = arguments.positional.first
        switch action {
        case "create":
            let site = try DataFolder.site(arguments.positional.dropFirst().first)
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
            let code = try store.replaceCode(site)
            Output.out("New access code for \(site): \(code)\nThe old code no longer works. This one is shown only once.\n")
        default:
            throw Arguments.UsageError(message: "site takes create SITE --name NAME, list, or code SITE")
        }
        return .success
    }
}
