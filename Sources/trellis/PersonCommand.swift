import TrellisLanguage
import TrellisSession
import TrellisStore

/// `trellis person add SITE "NAME" --role coordinator|staff`, `person list SITE [--json]`,
/// `person code SITE "NAME"` (a new code; the old one stops), `person remove SITE "NAME"`.
/// A code is printed once; only its hash is kept.
struct PersonCommand {
    let arguments: Arguments

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, options: ["role", "data"], flags: ["json"])
    }

    static let usage = "person takes add SITE \"NAME\" --role coordinator|staff, list SITE, code SITE \"NAME\", or remove SITE \"NAME\""

    func run() throws -> ExitStatus {
        let words = arguments.positional
        guard let action = words.first, ["add", "list", "code", "remove"].contains(action) else {
            throw Arguments.UsageError(message: PersonCommand.usage)
        }
        let site = try DataFolder.site(words.dropFirst().first)
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
                if people.isEmpty { Output.out("No one at \(site) has a code of their own yet.\n") }
                if try store.siteCodeActive(site) {
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
            guard let text = arguments.values["role"], let role = Identity.Role(rawValue: text) else {
                throw Arguments.UsageError(message: "person add needs --role coordinator or --role staff")
            }
            let code = try store.addPerson(site, name: name, role: role)
            Output.out("Added \(name) (\(role.rawValue)) at \(site).\nTheir code: \(code)\n"
                       + "It is shown only this once; give it to \(name) alone. They sign in with the site id and this code.\n")
        case "code":
            let code = try store.replacePersonCode(site, name: name)
            Output.out("New code for \(name) at \(site): \(code)\nTheir old code no longer works. This one is shown only once.\n")
        default:
            try store.removePerson(site, name: name)
            Output.out("Removed \(name) from \(site): their code no longer works. Their answers stay in the site's history.\n")
        }
        return .success
    }
}
