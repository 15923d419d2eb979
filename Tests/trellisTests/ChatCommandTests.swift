import Foundation
import Testing
import TrellisLanguage

/// Runs the real `trellis` binary, as a script or a person would, and checks what it
/// prints and its exit status.
struct Trellis {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("trellis")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/trellis")
    }

    struct Result {
        var status: Int32
        var out: String
        var err: String
        /// The data folder the run was given in $TRELLIS_DATA.
        var data: String
    }

    /// Runs `trellis ARGS` in the package folder with `input` on standard input (a pipe, so
    /// not a terminal).
    static func run(_ arguments: [String], input: String = "", in folder: URL = root, environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TRELLIS_DIALOGUES")
        // The width text wraps to is the test's to choose, not the shell's that runs it.
        environment.removeValue(forKey: "COLUMNS")
        // Never write a store into the package folder: each run gets a fresh data folder.
        environment["TRELLIS_DATA"] = FileManager.default.temporaryDirectory.appendingPathComponent("trellis-test-\(UUID().uuidString)").path
        environment.merge(extra) { _, given in given }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
                      err: String(decoding: err, as: UTF8.self), data: environment["TRELLIS_DATA"] ?? "")
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("trellis-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A complete, valid run of site setup: two partners, an embedded backbone.
let siteSetupAnswers = [
    "Riverbend Primary", "Riverbend", "hybrid", "1",
    "Riverbend Health", "health", "Maternal health sessions", "yes",
    "City Council", "local", "", "no",
    "embedded", "Riverbend Health",
].joined(separator: "\n") + "\n"

@Suite struct ChatCommandTests {
    @Test func textWrapsToColumnsOrWidthAndNotAtAllWithZero() throws {
        let greeting = "Welcome. This dialogue records the basics of your site"
        let narrow = try Trellis.run(["chat", "site-setup"], input: "", environment: ["COLUMNS": "40"])
        #expect(narrow.out.split(separator: "\n").allSatisfy { $0.count <= 40 } && !narrow.out.contains(greeting))
        let wide = try Trellis.run(["chat", "site-setup", "--width", "0"], input: "", environment: ["COLUMNS": "40"])
        #expect(wide.out.contains(greeting + ": who it serves, how far it goes"), "--width 0: one line per paragraph")
        let piped = try Trellis.run(["chat", "site-setup"], input: "")
        #expect(piped.out.split(separator: "\n").allSatisfy { $0.count <= 80 } && piped.out.split(separator: "\n").contains { $0.count > 60 },
                "a pipe, with no COLUMNS, gets 80")
        let bad = try Trellis.run(["chat", "site-setup", "--width", "5"])
        #expect(bad.status == 2 && bad.err.contains("--width takes 0 (no wrapping) or a number of columns from 20"))
    }

    @Test func aPipedCompleteRunFinishesWithZero() throws {
        let result = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--print-profile"], input: siteSetupAnswers)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Done. Thank you!"))
        #expect(result.out.contains("\"host\": \"Riverbend Health\""))
        #expect(result.err == "trellis: created site 'demo' in \(result.data); 'trellis site code demo' gives it an access code for the server\n")
    }

    @Test func jsonModePrintsOnlyJSONLines() throws {
        let result = try Trellis.run(["chat", "site-setup", "--json", "--print-profile"], input: siteSetupAnswers)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n")
        #expect(lines.count > 20)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["type"] is String, "\(line)")
        }
        #expect(lines.last?.contains("\"type\":\"profile\"") == true)
        #expect(lines.contains { $0 == "{\"type\":\"done\",\"dialogue\":\"site-setup\"}" })
    }

    @Test func aWrongPipedAnswerStopsWithStatusFourNamingTheLine() throws {
        let input = "Riverbend Primary\nRiverbend\nmaybe\n1\n"
        let result = try Trellis.run(["chat", "site-setup"], input: input)
        #expect(result.status == 4)
        #expect(result.err.contains("line 3"))
        #expect(result.err.contains("question 'model'"))
        #expect(result.err.contains("'maybe' is not one of the options"))
        #expect(!result.out.contains("Which phase"), "nothing after the refused line is read")
    }

    @Test func aWrongAnswerInJSONModeAlsoStopsAndPrintsTheError() throws {
        let result = try Trellis.run(["chat", "site-setup", "--json"], input: "{\"answer\": \"Riverbend\", \"id\": \"model\"}\n")
        #expect(result.status == 4)
        #expect(result.out.contains("\"code\":\"wrong_question\""))
        #expect(result.err.contains("line 1"))
    }

    @Test func interactiveModeAsksAgainInsteadOfStopping() throws {
        let result = try Trellis.run(["chat", "site-setup", "--interactive"], input: "R\nRiverbend Primary\n")
        #expect(result.status == 5)
        #expect(result.out.contains("too short"))
        #expect(result.out.contains("Which community"))
    }

    @Test func inputEndingEarlyIsStatusFive() throws {
        let result = try Trellis.run(["chat", "site-setup"], input: "Riverbend Primary\n")
        #expect(result.status == 5)
        #expect(result.err.contains("input ended before the dialogue finished at question 'community'"))
    }

    @Test func quitIsStatusSix() throws {
        let result = try Trellis.run(["chat", "site-setup"], input: "Riverbend Primary\n/quit\n")
        #expect(result.status == 6)
        #expect(result.out.contains("Leaving the dialogue."))
    }

    @Test func theMenuOffersTheDialogues() throws {
        let result = try Trellis.run(["chat"], input: "site\nRiverbend Primary\n/quit\n")
        #expect(result.status == 6)
        #expect(result.out.contains("Which dialogue would you like to start?"))
        #expect(result.out.contains(". Site setup\n"))
        #expect(result.out.contains(". Partner staff induction\n"))
        #expect(result.out.contains("What is the site called?"))
    }

    @Test(arguments: ["../x", "a/b", "A", "", String(repeating: "a", count: 65), "a.b", "a b"])
    func badSiteIdsAreUsageErrors(_ site: String) throws {
        let result = try Trellis.run(["chat", "site-setup", "--create", "--site", site], input: siteSetupAnswers)
        #expect(result.status == 2)
        #expect(result.err.contains("is not a valid site id"))
        #expect(result.err.contains("a-z"))
    }

    @Test func usageErrorsAreStatusTwo() throws {
        for arguments in [["chat", "--bogus"], ["chat", "no-such-dialogue"], ["frobnicate"], [], ["chat", "--create", "--site"], ["chat", "a", "b"]] {
            let result = try Trellis.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.err)")
            #expect(!result.err.isEmpty)
        }
        let unknown = try Trellis.run(["chat", "no-such-dialogue"])
        #expect(unknown.err.contains("the dialogues are: "))
        #expect(unknown.err.contains("site-setup"))
    }

    @Test func answersFilePrefillsAndOutputWritesTheDocument() throws {
        let folder = try Trellis.temporaryFolder()
        let answers = folder.appendingPathComponent("answers.json")
        try Data("""
            {"site_name": "Eastgate School", "community": "Eastgate", "model": "community-school", "phase": "implementation",
             "partners": [{"name": "Eastgate Early Learning", "sector": "early-childhood", "brings": "Kindergarten"}],
             "backbone_arrangement": "independent"}
            """.utf8).write(to: answers)
        let output = folder.appendingPathComponent("summary.md")
        let result = try Trellis.run(["chat", "site-setup", "--answers", answers.path, "--output", output.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(!result.out.contains("[1/"), "nothing was asked")
        let document = try String(contentsOf: output, encoding: .utf8)
        #expect(document.hasPrefix("# Eastgate School\n"))
        #expect(document.contains("- **Eastgate Early Learning** (Early childhood): Kindergarten"))
        #expect(document.contains("The backbone is independent of the partners."))
    }

    @Test func aBadAnswersFileIsRefusedWithStatusFour() throws {
        let folder = try Trellis.temporaryFolder()
        let answers = folder.appendingPathComponent("answers.json")
        try Data("{\"model\": \"skyscraper\"}".utf8).write(to: answers)
        let refused = try Trellis.run(["chat", "site-setup", "--answers", answers.path], input: "Riverbend Primary\nRiverbend\n")
        #expect(refused.status == 4)
        #expect(refused.err.contains("answers file"))
        #expect(refused.err.contains("'model'"))
        try Data("[1, 2]".utf8).write(to: answers)
        let notObject = try Trellis.run(["chat", "site-setup", "--answers", answers.path])
        #expect(notObject.status == 4)
        #expect(notObject.err.contains("must be a JSON object"))
    }

    @Test func aMissingSiteIsMadeOnlyWhenAsked() throws {
        let data = try Trellis.temporaryFolder().path
        #expect(try Trellis.run(["site", "create", "riverbend", "--name", "Riverbend", "--data", data]).status == 0)
        // A typo in a script is refused, naming the sites there are; nothing is made.
        let typo = try Trellis.run(["chat", "site-setup", "--site", "riverbnd", "--data", data], input: siteSetupAnswers)
        #expect(typo.status == 2)
        #expect(typo.err.contains("there is no site 'riverbnd'") && typo.err.contains("(the sites are: riverbend)") && typo.err.contains("--create"))
        #expect(typo.out.isEmpty)
        #expect(try Trellis.run(["site", "list", "--data", data]).out.split(separator: "\n").count == 1)
        // --create makes it; an existing site needs nothing.
        #expect(try Trellis.run(["chat", "site-setup", "--site", "riverbnd", "--create", "--data", data], input: siteSetupAnswers).status == 0)
        #expect(try Trellis.run(["chat", "site-setup", "--site", "riverbend", "--data", data], input: siteSetupAnswers).status == 0)
    }

    @Test func anAnswersKeyNoQuestionHasIsRefusedWithTheIds() throws {
        let folder = try Trellis.temporaryFolder()
        let answers = folder.appendingPathComponent("answers.json")
        try Data("{\"site_name\": \"Eastgate\", \"sitename\": \"typo\", \"modle\": \"hybrid\"}".utf8).write(to: answers)
        let refused = try Trellis.run(["chat", "site-setup", "--answers", answers.path])
        #expect(refused.status == 4)
        #expect(refused.err.contains("no question has the ids 'modle', 'sitename' in dialogue 'site-setup'; the ids are: site_name, community"))
        #expect(refused.out.isEmpty, "nothing was asked")
    }

    @Test func checkAnswersSaysWhetherAFileWouldBeTakenWithoutRunning() throws {
        let folder = try Trellis.temporaryFolder()
        let good = folder.appendingPathComponent("good.json")
        try Data("{\"site_name\": \"Eastgate\", \"model\": \"hybrid\", \"phase\": \"implementation\"}".utf8).write(to: good)
        let ok = try Trellis.run(["check-answers", "site-setup", good.path])
        #expect(ok.status == 0 && ok.out.contains("3 answers for site-setup, all of them would be taken"))
        let bad = folder.appendingPathComponent("bad.json")
        try Data("{\"site_name\": \"E\", \"model\": \"skyscraper\", \"colour\": \"red\"}".utf8).write(to: bad)
        let refused = try Trellis.run(["check-answers", "site-setup", bad.path])
        #expect(refused.status == 4)
        #expect(refused.err.contains("no question has the id 'colour' in dialogue 'site-setup'"))
        #expect(refused.err.contains("'model': 'skyscraper' is not one of the options."))
        #expect(refused.err.contains("'site_name':"), "too short for its length")
        #expect(refused.out.isEmpty)
        #expect(try Trellis.run(["check-answers", "nope", good.path]).status == 2)
    }

    @Test func anOutputThatCannotBeWrittenIsRefusedBeforeTheFirstQuestion() throws {
        let folder = try Trellis.temporaryFolder()
        let missing = folder.appendingPathComponent("no-such-folder/summary.md").path
        let refused = try Trellis.run(["chat", "site-setup", "--output", missing], input: siteSetupAnswers)
        #expect(refused.status == 2)
        #expect(refused.err.contains("cannot write --output \(missing): the folder"))
        #expect(refused.out.isEmpty, "refused before the first question")
        let intoFolder = try Trellis.run(["chat", "site-setup", "--output", folder.path], input: siteSetupAnswers)
        #expect(intoFolder.status == 2 && intoFolder.err.contains("it is a folder"))
    }

    @Test func aSkippedQuestionIsAnEventInJSON() throws {
        let result = try Trellis.run(["chat", "site-setup", "--json"], input: siteSetupAnswers)
        let lines = result.out.split(separator: "\n").map { try? JSON.decode(String($0)) }
        // Site setup's third partner field ("brings") is left empty for City Council.
        #expect(lines.contains { $0?["type"] == .string("skipped") && $0?["id"] == .string("brings") })
    }
}

@Suite struct HelpTests {
    /// Each command's --help lists exactly the options it parses: the ones an unknown option's
    /// refusal says it accepts.
    @Test func everyCommandsHelpListsWhatItAccepts() throws {
        let help = try Trellis.run(["help"])
        #expect(help.status == 0)
        let commands = help.out.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("Commands:") }.dropFirst()
            .prefix { !$0.isEmpty }.compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0 != "version" && $0 != "help" }
        #expect(commands.count >= 15)
        for command in commands {
            let shown = try Trellis.run([command, "--help"])
            #expect(shown.status == 0, "\(command)")
            #expect(shown.out.hasPrefix("Usage: trellis \(command)"), "\(command): \(shown.out)")
            let listed = Set(shown.out.split(separator: "\n").filter { $0.hasPrefix("  --") }.map { line in
                String(line.dropFirst(2).prefix { $0 != " " })
            })
            let refused = try Trellis.run([command, "--no-such-option"])
            #expect(refused.status == 2, "\(command)")
            let accepted = Set(refused.err.components(separatedBy: "this command accepts ").last?
                .split(separator: "\n").first?.components(separatedBy: ", ").map { String($0.prefix { $0 != " " }) } ?? [])
            #expect(listed == accepted, "\(command): help lists \(listed.sorted()), parsing accepts \(accepted.sorted())")
        }
        let version = try Trellis.run(["--version"])
        #expect(version.status == 0 && version.out.hasPrefix("trellis "))
    }
}

@Suite struct LintAndListTests {
    @Test func graphPrintsEachShippedDialoguesFlowAsDOT() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Trellis.root.appendingPathComponent("dialogues").path).filter { $0.hasSuffix(".dialogue") }
        for file in files {
            let id = String(file.dropLast(".dialogue".count))
            let result = try Trellis.run(["graph", id])
            #expect(result.status == 0, "\(id): \(result.err)")
            #expect(result.out.hasPrefix("digraph dialogue {") && result.out.hasSuffix("}\n"), "\(id)")
            #expect(result.err.isEmpty, "\(id) has lint problems: \(result.err)")
            #expect(!result.out.contains("style=dashed"), "\(id): a shipped dialogue has nothing unreachable")
        }
        let unknown = try Trellis.run(["graph", "nope"])
        #expect(unknown.status == 2 && unknown.err.contains("the dialogues are:"))
    }

    @Test func theShippedDialoguesLintClean() throws {
        let result = try Trellis.run(["lint"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("0 errors"))
    }

    @Test func aJumpToAMissingSectionIsReportedWithItsPlace() throws {
        let folder = try Trellis.temporaryFolder()
        let file = folder.appendingPathComponent("broken.dialogue")
        try Data("""
            dialogue broken
            title: Broken
            purpose: Shows a lint error.

            section start
              say: Hello.
              go to wrapup

            section wrap-up
              say: Bye.

            """.utf8).write(to: file)
        let result = try Trellis.run(["lint", file.path])
        #expect(result.status == 3)
        #expect(result.err.contains("\(file.path):7:3: error: 'go to wrapup' names no section of this dialogue"))
        #expect(result.err.contains("hint: did you mean 'wrap-up'?"))
    }

    @Test func chatRefusesABrokenDialogueWithStatusThree() throws {
        let folder = try Trellis.temporaryFolder()
        try Data("dialogue broken\ntitle: B\npurpose: P\nsection s\n  go to nowhere\n".utf8)
            .write(to: folder.appendingPathComponent("broken.dialogue"))
        let result = try Trellis.run(["chat", "broken", "--dialogues", folder.path])
        #expect(result.status == 3)
        #expect(result.err.contains("broken.dialogue:5:3: error"))
    }

    @Test func aChatNamingItsDialogueReadsOnlyThatFileWhenOneIsNamedAfterIt() throws {
        let folder = try Trellis.temporaryFolder()
        try Data("dialogue hello\ntitle: Hello\npurpose: Says hello.\nsection s\n  say: Hello there.\n".utf8)
            .write(to: folder.appendingPathComponent("hello.dialogue"))
        try Data("dialogue broken\ntitle: B\npurpose: P\nsection s\n  go to nowhere\n".utf8)
            .write(to: folder.appendingPathComponent("broken.dialogue"))
        // Another file's error is not this chat's: it starts, and says nothing of it.
        let hello = try Trellis.run(["chat", "hello", "--dialogues", folder.path])
        #expect(hello.status == 0, "\(hello.err)")
        #expect(hello.out.contains("Hello there."))
        #expect(!hello.err.contains("broken.dialogue"))
        // A dialogue whose file is named otherwise is still found, by reading the whole folder
        // (whose problems are then reported, as before).
        try Data("dialogue other-name\ntitle: O\npurpose: P.\nsection s\n  say: From the other file.\n".utf8)
            .write(to: folder.appendingPathComponent("misnamed.dialogue"))
        let other = try Trellis.run(["chat", "other-name", "--dialogues", folder.path])
        #expect(other.status == 0, "\(other.err)")
        #expect(other.out.contains("From the other file."))
        #expect(other.err.contains("broken.dialogue:5:3: error"))
        #expect(other.err.contains("misnamed.dialogue"))
        // An unknown one is refused with the list of those there are.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("broken.dialogue"))
        let unknown = try Trellis.run(["chat", "nothing", "--dialogues", folder.path])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("no dialogue 'nothing'") && unknown.err.contains("hello, other-name"))
    }

    @Test func dialoguesListsEachWithTitleAndPurpose() throws {
        let text = try Trellis.run(["dialogues"])
        #expect(text.status == 0)
        #expect(text.out.split(separator: "\n").contains { $0.hasPrefix("site-setup ") && $0.hasSuffix(" Site setup") })
        let files = try FileManager.default.contentsOfDirectory(atPath: Trellis.root.appendingPathComponent("dialogues").path).filter { $0.hasSuffix(".dialogue") }
        #expect(text.out.split(separator: "\n").count == 2 * files.count, "every dialogue, two lines each")
        let json = try Trellis.run(["dialogues", "--json"])
        let line = try #require(json.out.split(separator: "\n").first { $0.contains("\"site-setup\"") })
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        #expect(object?["id"] == "site-setup")
        #expect(object?["title"] == "Site setup")
        #expect(object?["purpose"]?.isEmpty == false)
    }
}

@Suite struct StandardInputFramingTests {
    @Test func crlfLinesAndAFinalLineWithoutNewlineAreAnswers() throws {
        let input = siteSetupAnswers.replacingOccurrences(of: "\n", with: "\r\n").dropLast(2)
        let result = try Trellis.run(["chat", "site-setup", "--print-profile"], input: String(input))
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("\"host\": \"Riverbend Health\""))
    }

    @Test func controlCharactersAreRefusedNeverStored() throws {
        let result = try Trellis.run(["chat", "site-setup"], input: "Riverbend\u{0}Primary\n")
        #expect(result.status == 4)
        #expect(result.err.contains("line 1"))
        #expect(result.err.contains("NUL byte"))
        let invalid = try Trellis.run(["chat", "site-setup", "--interactive"], input: "Bad \u{1B}[2J name\nGood Primary\n")
        #expect(invalid.out.contains("control character (code 27)"))
        #expect(invalid.out.contains("Which community does Good Primary serve?"))
    }
}
