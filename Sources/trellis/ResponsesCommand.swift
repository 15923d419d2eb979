import TrellisChat
import TrellisLanguage
import TrellisSession
import TrellisStore

/// `trellis responses SITE [--json]`: the questions that gather one answer per person, each
/// with its spread and disagreements; for each dialogue they come from, who of the site's
/// people (with codes, and a role that may run it) has not answered yet, and a reminder to
/// paste into a message to them.
struct ResponsesCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "responses SITE", brief: "answers gathered one per person, side by side", summary: "The answers gathered one per person, side by side, with where they differ; who of the coordinators with codes has not answered yet, and a reminder to paste.",
                                  options: [.json, .data, .dialogues])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
    }

    func run() throws -> ExitStatus {
        let (store, site, record) = try DataFolder.openSite(arguments)
        let profile = try store.profile(site)
        let spread = ResponseSpread(profile: profile)
        let siteName = profile.value(at: ["site", "name"])?.plainText ?? record.name
        let people = try store.people(site)
        let catalog = DialogueCatalog.load(paths: [CommandLine.dialoguesFolder(arguments)])
        var dialogues: [String] = []
        for q in spread.questions where !dialogues.contains(q.dialogue) { dialogues.append(q.dialogue) }
        // Who is expected: everyone with a code whose role may run the dialogue.
        func waiting(_ id: String) -> [String] {
            let forEveryone = catalog.dialogues.first { $0.id == id }?.audience == .everyone
            return spread.waiting(on: people.filter { forEveryone || $0.role == .coordinator }.map(\.name), dialogue: id)
        }
        if arguments.flags.contains("json") {
            let questions: [Value] = spread.questions.map { q in
                .object([("path", .string(q.path.joined(separator: "."))), ("question", .string(q.text)), ("dialogue", .string(q.dialogue)),
                         ("differ", .bool(q.differ)),
                         ("answers", .list(q.responses.map { .object([("person", .string($0.person)), ("value", $0.value), ("display", .string($0.display))]) }))])
            }
            let waitingOn: [Value] = dialogues.map { id in .object([("dialogue", .string(id)), ("people", .list(waiting(id).map(Value.string)))]) }
            Output.out(JSON.encode(.object([("questions", .list(questions)), ("waiting_on", .list(waitingOn))])) + "\n")
            return .success
        }
        guard !spread.questions.isEmpty else {
            Output.out("No one at \(siteName) has answered a question that gathers one answer per person yet.\n")
            return .success
        }
        Output.out("Answers by person at \(siteName) (\(site.rawValue))\n\n")
        Output.out(PlainText.from(markdown: spread.markdown()))
        for id in dialogues {
            let title = catalog.dialogues.first { $0.id == id }?.title ?? id
            let names = waiting(id)
            guard !names.isEmpty else {
                Output.out("\n\(title): everyone with a code has answered.\n")
                continue
            }
            Output.out("\n\(title): waiting on \(names.joined(separator: ", ")).\nA reminder to paste:\n\n")
            Output.out("  Hello. When you have fifteen minutes, could you give your own answers in \"\(title)\" for \(siteName)? "
                       + "Connect to Trellis, sign in with the site id \(site.rawValue) and your own access code, and choose \"\(title)\". "
                       + "Your answers are kept beside everyone else's, so the partners can see where we agree and where we differ.\n")
        }
        return .success
    }
}
