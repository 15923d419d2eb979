import TrellisLanguage
import TrellisSession
import TrellisStore

/// `trellis person add SITE "NAME" --role coordinator|staff`, `person list SITE [--json]`,
/// `person code SITE "NAME"` (a new code; the old one stops), `person remove SITE "NAME"`.
/// SITE `program` is the program's people (`--role program`), who read every site's overview.
/// A code is printed once; only its hash is kept.
struct PersonCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "person add|list|code|remove SITE [\"NAME\"]", brief: "give people codes of their own; list, replace, remove",
                                  summary: "People with codes of their own: add gives a person a code (printed once, kept hashed), list shows them, code replaces one, remove ends one (their answers stay in the history). SITE 'program' is the program's people, who read every site's overview.",
                                  options: [.value("role", "coordinator|staff|program", "with add: what they may see and do"), .json, .data])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
    }

    static let usage = "person takes add SITE \"NAME\" --role coordinator|staff (or add program \"NAME\" --role program), list SITE, code SITE \"NAME\", or remove SITE \"NAME\""

    func run() throws -> ExitStatus {
        let words = arguments.positional
        guard let action = words.first, ["add", "list", "code", "remove"].contains(action) else {
            throw Arguments.UsageError(message: PersonCommand.usage)
        }
        let named = try DataFolder.site(words.dropFirst().first)
        // The program's people belong to no site.
        let site: SiteID? = named.rawValue == Identity.programSite ? nil : named
        let place = named.rawValue
        if action == "list" {
            let store = try DataFolder.open(arguments)
            let people = try store.people(site)
            for person in people {
                if arguments.flags.contains("json") {
                    Output.out(JSON.encode(.object([("name", .string(person.name)), ("role", .string(person.role.rawValue)),
                                                    ("created_at", .string(person.createdAt))])) + "\n")
                } else {
                    Output.out("\(person.name)\t\(person.role.rawValue)\tadded \(person.createdAt)\n")
                }
            }
            if !arguments.flags.contains("json") {
                if people.isEmpty { Output.out("No one at \(place) has a code of their own yet.\n") }
                if let site, try store.siteCodeActive(site) {
                    Output.out("The site's shared code still signs people in as coordinators; 'trellis site code \(site) --retire' ends that.\n")
                }
            }
            return .success
        }
        guard words.count == 3, !words[2].trimmingCharacters(in: .whitespaces).isEmpty, words[2].count <= 80 else {
            throw Arguments.UsageError(message: "person \(action) needs the site and the person's name (1 to 80 characters, in quotes if it has spaces)")
        }
        let name = words[2].trimmingCharacters(in: .whitespaces)
        let store = try DataFolder.open(arguments)
        switch action {
        case "add":
            guard let text = arguments.values["role"], let role = Identity.Role(rawValue: text), (role == .program) == (site == nil) else {
                throw Arguments.UsageError(message: site == nil ? "the program's people take --role program"
                                                                : "person add needs --role coordinator or --role staff (--role program is for 'person add program')")
            }
            let code = try store.addPerson(site, name: name, role: role)
            Output.out("Added \(name) (\(role.rawValue)) at \(place).\nTheir code: \(code)\n"
                       + "It is shown only this once; give it to \(name) alone. They sign in with the site id \(place) and this code.\n")
        case "code":
            let code = try store.replacePersonCode(site, name: name)
            Output.out("New code for \(name) at \(place): \(code)\nTheir old code no longer works. This one is shown only once.\n")
        default:
            try store.removePerson(site, name: name)
            Output.out("Removed \(name) from \(place): their code no longer works. Their answers stay in the site's history.\n")
        }
        return .success
    }
}
