import Foundation
import TrellisChat
import TrellisLanguage
import TrellisSession

/// An `--answers FILE`: a JSON object from question id to answer, read once and checked the
/// same way by `chat --answers` (before anything is asked) and by `check-answers` (without
/// running the dialogue).
struct AnswersFile {
    struct Problem: Error { var message: String }

    let answers: [String: Value]

    init(path: String) throws(Problem) {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(message: "cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw Problem(message: "is not UTF-8 text") }
        let value: Value
        do { value = try JSON.decode(text) } catch { throw Problem(message: "is not valid JSON: \(error.message)") }
        guard let members = value.objectValue else {
            throw Problem(message: "must be a JSON object from question id to answer, e.g. {\"site_name\": \"Riverbend\"}")
        }
        answers = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// Keys no question has: each would be silently unused, and its answer asked for again (or,
    /// in a script, the run would stop later at a question the file meant to answer).
    func unknownKeys(in dialogues: [Dialogue], dialogueId: String?) -> String? {
        var known: Set<String> = [BuiltinQuestion.resume.rawValue, "dialogue"]
        for dialogue in dialogues { known.formUnion(dialogue.questions.map(\.id) + dialogue.repeatGroups.map(\.id)) }
        let unknown = answers.keys.filter { !known.contains($0) }.sorted()
        guard !unknown.isEmpty else { return nil }
        let ids = dialogues.count == 1 ? dialogues[0].questions.map(\.id) + dialogues[0].repeatGroups.map(\.id) : known.sorted()
        return "no question has the id\(unknown.count == 1 ? "" : "s") " + unknown.map { "'\($0)'" }.joined(separator: ", ")
            + (dialogueId.map { " in dialogue '\($0)'" } ?? "") + "; the ids are: " + ids.joined(separator: ", ")
    }

    /// Each answer its question would refuse, as the question would say it. Choices whose
    /// options come from the profile, and repeated groups' items, are checked only when asked.
    func refusals(in dialogue: Dialogue) -> [String] {
        var found: [String] = []
        for question in dialogue.questions {
            guard let value = answers[question.id], question.optionsFrom.isEmpty else { continue }
            let text = AnswerParser.text(of: value)
            if text.trimmingBlankLines.isEmpty { continue }
            let options = question.options.map { (key: $0.key, label: $0.label) }
            if case .failure(let rejection) = AnswerParser.parse(text, for: question, options: options) {
                found.append("'\(question.id)': \(rejection.text)")
            }
        }
        return found
    }
}

/// `trellis check-answers DIALOGUE FILE`: whether an answers file would be taken, without
/// running the dialogue: every key a question's, every answer one its question accepts.
struct CheckAnswersCommand {
    let arguments: Arguments

    static let spec = CommandSpec(synopsis: "check-answers DIALOGUE FILE", brief: "check an --answers file without running the dialogue",
                                  summary: "Checks an answers file for a dialogue without running it: every key must be one of its question ids, and every answer one its question accepts (choices taken from the profile are checked when asked). Status 0 when it would be taken, 4 with each problem listed when not.",
                                  options: [.dialogues])

    init(_ words: [String]) throws(Arguments.UsageError) {
        arguments = try Arguments(words, Self.spec)
        guard arguments.positional.count == 2 else { throw .init(message: "check-answers takes a dialogue id and a file, e.g. trellis check-answers site-setup answers.json") }
    }

    func run() throws -> ExitStatus {
        let folder = CommandLine.dialoguesFolder(arguments)
        let catalog = DialogueCatalog.load(paths: [folder])
        let (id, path) = (arguments.positional[0], arguments.positional[1])
        guard let dialogue = catalog.dialogue(id) else {
            throw Arguments.UsageError(message: "no dialogue '\(id)' in \(folder); the dialogues are: " + catalog.dialogues.map(\.id).joined(separator: ", "))
        }
        let file: AnswersFile
        do { file = try AnswersFile(path: path) } catch {
            Output.err("trellis: answers file \(path): \(error.message)\n")
            return .invalidInput
        }
        var problems = file.unknownKeys(in: [dialogue], dialogueId: id).map { [$0] } ?? []
        problems += file.refusals(in: dialogue)
        guard problems.isEmpty else {
            for problem in problems { Output.err("trellis: answers file \(path): \(problem)\n") }
            return .invalidInput
        }
        Output.out("\(path): \(file.answers.count) answer\(file.answers.count == 1 ? "" : "s") for \(id), all of them would be taken.\n")
        return .success
    }
}
