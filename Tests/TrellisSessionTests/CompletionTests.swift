import Testing
import TrellisChat
@testable import TrellisSession
import TrellisEngine
import TrellisLanguage

/// Every dialogue can be finished by answering each question with a valid value, for each
/// model and backbone arrangement, and the documents it writes are whole: no placeholders,
/// no empty sections.
@Suite struct CompletionTests {
    static let catalog = DialogueCatalog.load(paths: [Paths.dialogues.path])

    static func profile(model: String, arrangement: String, phase: String) -> Value {
        .object([
            ("site", .object([("name", .string("Riverbend Primary")), ("community", .string("Riverbend")),
                              ("model", .string(model)), ("phase", .string(phase))])),
            ("partners", .list([
                .object([("name", .string("Riverbend Health")), ("sector", .string("health")), ("brings", .string("Health sessions"))]),
                .object([("name", .string("City Council")), ("sector", .string("local-government")), ("brings", .null)]),
            ])),
            ("backbone", .object([("arrangement", .string(arrangement))]
                                 + (arrangement == "embedded" ? [("host", .string("Riverbend Health"))] : []))),
            // An action another dialogue left open, so the dialogues that read or update the
            // action list have one to work on.
            ("actions", .object([("team-resourcing-coordination", .object([
                ("what", .string("Agree how coordination will be resourced")), ("status", .string("open")),
                ("source", .string("Building the team: how coordination is resourced"))]))])),
        ])
    }

    /// A valid answer for any question: `yes` answers yes/no questions except "add another?".
    static func answer(_ prompt: Prompt, yes: Bool) -> String {
        switch prompt.kind {
        case .text: return String(repeating: "Example answer ", count: 5).prefix(max(prompt.length?.lowerBound ?? 1, 12)).trimmingCharacters(in: .whitespaces)
        case .longText: return "A few words of explanation."
        case .choice, .multipleChoice: return "1"
        case .yesNo: return prompt.group == prompt.id ? "no" : (yes ? "yes" : "no")
        case .number, .scale: return Value.format(prompt.range?.lowerBound ?? 1)
        case .date: return "2026-03-02"
        }
    }

    /// What each dialogue's documents must hold whatever the answers: the sections a reader
    /// relies on. Answering "1" to every choice makes the first partner lead every backbone task,
    /// so the matrix must warn.
    static let requiredParts: [String: [String]] = [
        "backbone-functions": ["| Task | The backbone", "Lead |", "**Count per holder**", "**Warning:** Riverbend Health leads",
                               "The rule for the warning"],
        "update-actions": ["Agree how coordination will be resourced"],
        "position-description": ["## Position details", "- **Classification:**", "- **Tenure:**", "- **Location:**",
                                 "- **Hours:**", "- **Reports to:**", "- **Direct reports:**", "- **Version:**",
                                 "## Purpose of the position", "coordinates and facilitates the partners' work rather than delivering programs",
                                 "## Key responsibilities", "## Selection criteria", "### Essential", "1. Demonstrated",
                                 "## Qualifications", "## Mandatory checks and requirements", "Working with Children Check",
                                 "## Measures of success", "first 6 to 12 months"],
        "partner-induction": ["- **Date of induction:**", "- **Organisation:**", "## What the induction covered",
                              "## Capacity and role clarity"],
        "pre-establishment": ["## Actions"],
        "building-the-team": ["## Actions"],
    ]

    static var cases: [(String, String, String, Bool)] {
        var all: [(String, String, String, Bool)] = []
        for dialogue in catalog.dialogues.map(\.id) {
            for (model, arrangement) in [("existing-footprint", "independent"), ("hybrid", "embedded"), ("community-school", "undecided")] {
                // "yes" runs in pre-establishment, "no" in implementation: both phases, both answers.
                for yes in [true, false] { all.append((dialogue, model, arrangement, yes)) }
            }
        }
        return all
    }

    @Test(arguments: cases)
    func everyDialogueCanBeCompleted(_ id: String, _ model: String, _ arrangement: String, _ yes: Bool) throws {
        let phase = yes ? "pre-establishment" : "implementation"
        var conversation = Conversation(catalog: Self.catalog, dialogueId: id,
                                        profile: Self.profile(model: model, arrangement: arrangement, phase: phase),
                                        builtins: ["person": .string("Sam"), "site": .string("demo")])
        var events = conversation.opened(profile: conversation.baseProfile, session: nil)
        var documents: [(String, String)] = []
        var asked: Set<String> = []
        for _ in 0..<400 {
            for case .document(_, let title, let text) in events { documents.append((title, text)) }
            for case .rejected(let r) in events { Issue.record("\(id): a valid answer was refused: \(r.text)") }
            guard !conversation.isOver, let prompt = conversation.currentPrompt else { break }
            // A question asked again (a dialogue's "another?" loop) is answered no the second
            // time, as a person would stop at some point.
            let again = !asked.insert(prompt.id).inserted
            events = conversation.receive(.answer(Self.answer(prompt, yes: yes && !again), questionId: prompt.id))
        }
        #expect(conversation.isOver, "\(id) did not finish")
        #expect(conversation.finishedDialogue, "\(id) ended without finishing")
        if yes { #expect(!documents.isEmpty, "\(id) produced no document") }
        if yes || !documents.isEmpty {
            let all = documents.map(\.1).joined(separator: "\n")
            for part in Self.requiredParts[id] ?? [] {
                #expect(all.contains(part), "\(id) (\(model), \(arrangement), \(phase)): the document lacks \"\(part)\"")
            }
        }
        for (title, text) in documents {
            #expect(!title.contains("{{") && !text.contains("{{"), "\(id): a placeholder is left in \(title)")
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            for (n, line) in lines.enumerated() where line.hasPrefix("## ") {
                let next = n + 1 < lines.count ? lines[n + 1] : nil
                #expect(next != nil && !(next!.hasPrefix("## ") || next!.hasPrefix("# ")), "\(id): empty section '\(line)' in \(title)")
            }
        }
    }
}
