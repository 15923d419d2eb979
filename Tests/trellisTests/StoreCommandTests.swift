import Foundation
import Testing
import TrellisLanguage
import TrellisSession
import TrellisStore

/// The store through the real binary: profiles, history, exports, sites, resuming, and a
/// crash test that kills a chat with SIGKILL at random points.
@Suite struct StoreCommandTests {
    @Test func aPipedRunLandsInTheProfileWithHistory() throws {
        let data = try Trellis.temporaryFolder().path
        let chat = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--as", "Sam", "--data", data], input: siteSetupAnswers)
        #expect(chat.status == 0, "\(chat.err)")
        let profile = try Trellis.run(["profile", "demo", "--json", "--data", data])
        #expect(profile.status == 0)
        let value = try JSON.decode(profile.out)
        #expect(value.value(at: ["site", "name"]) == .string("Riverbend Primary"))
        #expect(value.value(at: ["site", "model"]) == .string("hybrid"))
        #expect(value.value(at: ["backbone", "host"]) == .string("Riverbend Health"))
        #expect(value["partners"]?.listValue?.count == 2)
        let history = try Trellis.run(["history", "demo", "--data", data])
        #expect(history.out.contains("Sam  site-setup #1.1  site_name = Riverbend Primary\n    site.name = \"Riverbend Primary\""))
        let filtered = try Trellis.run(["history", "demo", "--path", "backbone", "--json", "--data", data])
        let lines = filtered.out.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("\"path\":\"backbone.") && $0.contains("\"person\":\"Sam\"") })
    }

    /// Documents and exports hold a site's answers: 0600, like the store.
    @Test func outputAndExportFilesAreTheOwnersAlone() throws {
        let folder = try Trellis.temporaryFolder()
        let data = folder.appendingPathComponent("data").path
        let document = folder.appendingPathComponent("summary.md").path
        let chat = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--data", data, "--output", document], input: siteSetupAnswers)
        #expect(chat.status == 0, "\(chat.err)")
        let export = folder.appendingPathComponent("export.md").path
        #expect(try Trellis.run(["export", "demo", "--format", "markdown", "--output", export, "--data", data]).status == 0)
        let backup = folder.appendingPathComponent("backup.sqlite").path
        #expect(try Trellis.run(["backup", backup, "--data", data]).status == 0)
        for path in [data, document, export, backup, data + "/trellis.sqlite"] {
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == (path == data ? 0o700 : 0o600), "\(path): \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test func exportsAreReadable() throws {
        let data = try Trellis.temporaryFolder().path
        _ = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--data", data], input: siteSetupAnswers)
        let markdown = try Trellis.run(["export", "demo", "--format", "markdown", "--data", data])
        #expect(markdown.status == 0)
        #expect(markdown.out.hasPrefix("# Riverbend Primary: site profile\n"))
        #expect(markdown.out.contains("- **Model:** Hybrid"))
        #expect(markdown.out.contains("- **Riverbend Health**: Health; Maternal health sessions"))
        #expect(markdown.out.contains("- **Host:** Riverbend Health"))
        #expect(!markdown.out.contains("{{"))
        let file = URL(fileURLWithPath: data).appendingPathComponent("export.json")
        let json = try Trellis.run(["export", "demo", "--format", "json", "--output", file.path, "--data", data])
        #expect(json.status == 0)
        let exported = try JSON.decode(try String(contentsOf: file, encoding: .utf8))
        #expect(exported["site"] == .string("demo"))
        #expect(exported.value(at: ["profile", "site", "community"]) == .string("Riverbend"))
    }

    @Test func sitesAreCreatedListedAndGivenNewCodes() throws {
        let data = try Trellis.temporaryFolder().path
        let created = try Trellis.run(["site", "create", "north", "--name", "Northside Primary", "--data", data])
        #expect(created.status == 0)
        let code = try #require(created.out.split(separator: "\n").first { $0.hasPrefix("Access code: ") }).dropFirst(13)
        let again = try Trellis.run(["site", "create", "north", "--name", "Again", "--data", data])
        #expect(again.status == 1)
        #expect(again.err.contains("already exists"))
        let list = try Trellis.run(["site", "list", "--data", data])
        #expect(list.out.hasPrefix("north\tNorthside Primary\t"))
        let site = try #require(SiteID("north"))
        do {
            let store = try Store(folder: data)
            #expect(try store.verifyCode(site, code: String(code)))
            let replaced = try Trellis.run(["site", "code", "north", "--data", data])
            #expect(replaced.status == 0)
            #expect(try !store.verifyCode(site, code: String(code)))
        }
        // Read the raw file only once no connection is open in this process.
        let raw = try String(contentsOfFile: data + "/trellis.sqlite", encoding: .isoLatin1)
        #expect(!raw.contains(String(code)), "the code is never stored in clear")
    }

    @Test(arguments: ["../x", "a/b", "A", "", String(repeating: "a", count: 65)])
    func badSiteIdsCreateNothing(_ site: String) throws {
        let data = try Trellis.temporaryFolder().appendingPathComponent("data").path
        for arguments in [["site", "create", site, "--name", "X"], ["chat", "site-setup", "--create", "--site", site], ["profile", site],
                          ["history", site], ["export", site, "--format", "json"], ["site", "code", site]] {
            let result = try Trellis.run(arguments + ["--data", data], input: siteSetupAnswers)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.err.contains("a-z"), "\(arguments): \(result.err)")
            #expect(!FileManager.default.fileExists(atPath: data), "\(arguments) created the data folder")
        }
    }

    @Test func anUnknownSiteIsAUsageError() throws {
        let data = try Trellis.temporaryFolder().path
        let result = try Trellis.run(["profile", "nowhere", "--data", data])
        #expect(result.status == 2)
        #expect(result.err == "trellis: there is no site 'nowhere' in \(data) (it has none yet); create it with: trellis site create nowhere --name \"…\"\n")
        // The sites there are are named, so a mistyped id is seen at once.
        #expect(try Trellis.run(["site", "create", "north", "--name", "North", "--data", data]).status == 0)
        #expect(try Trellis.run(["site", "create", "south", "--name", "South", "--data", data]).status == 0)
        for command in [["profile"], ["history"], ["actions"], ["responses"], ["document"], ["export", "--format", "json"]] {
            let typo = try Trellis.run([command[0], "nrth"] + command.dropFirst() + ["--data", data])
            #expect(typo.status == 2, "\(command)")
            #expect(typo.err.contains("there is no site 'nrth' in \(data) (the sites are: north, south)"), "\(command): \(typo.err)")
        }
    }

    @Test func aForeignFileIsNeverOverwritten() throws {
        let data = try Trellis.temporaryFolder()
        let file = data.appendingPathComponent("trellis.sqlite")
        try Data("my thesis, do not delete\n".utf8).write(to: file)
        let result = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--data", data.path], input: siteSetupAnswers)
        #expect(result.status == 1)
        #expect(result.err.contains("is not a Trellis database"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "my thesis, do not delete\n")
    }

    /// Starts a JSON chat, reads its output until `count` answers were reported accepted,
    /// then kills it with SIGKILL. Returns the accepted (question id, value) pairs.
    static func killAfter(_ count: Int, data: String, extra: [String] = []) throws -> [(String, Value)] {
        let process = Process()
        process.executableURL = Trellis.binary
        process.arguments = ["chat", "site-setup", "--create", "--site", "crash", "--as", "Kim", "--json", "--data", data] + extra
        process.currentDirectoryURL = Trellis.root
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(siteSetupAnswers.utf8))
        var accepted: [(String, Value)] = []
        var buffer = Data()
        let reader = stdout.fileHandleForReading
        while accepted.count < count {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[buffer.index(after: newline)...])
                if let object = try? JSON.decode(line), object["type"] == .string("accepted"),
                   let id = object["id"]?.stringValue, let value = object["value"] {
                    accepted.append((id, value))
                }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? stdin.fileHandleForWriting.close()
        return accepted
    }

    /// Where site setup's answers land in the profile.
    static func stored(_ id: String, item: Int, in profile: Value) -> Value? {
        let paths = ["site_name": ["site", "name"], "community": ["site", "community"], "model": ["site", "model"],
                     "phase": ["site", "phase"], "backbone_arrangement": ["backbone", "arrangement"], "backbone_host": ["backbone", "host"]]
        if let path = paths[id] { return profile.value(at: path) }
        guard let items = profile["partners"]?.listValue, item < items.count else { return nil }
        return items[item][id]
    }

    @Test func killedChatsLoseNothingTheyReportedAccepted() throws {
        let data = try Trellis.temporaryFolder().path
        var generator = SystemRandomNumberGenerator()
        for round in 0..<25 {
            let count = Int.random(in: 1...13, using: &generator)
            let accepted = try Self.killAfter(count, data: data, extra: round == 0 ? [] : ["--restart"])
            #expect(accepted.count >= count, "round \(round)")
            let store = try Store(folder: data)
            #expect(try store.integrityCheck() == "ok", "round \(round)")
            let profile = try store.profile(try #require(SiteID("crash")))
            var item = -1
            for (id, value) in accepted {
                if id == "name" { item += 1 }
                if id == "partners" || id == "resume" { continue }
                #expect(Self.stored(id, item: max(item, 0), in: profile) == value, "round \(round): \(id) = \(value)")
            }
        }
    }

    @Test func aKilledChatOffersToResumeAtTheSameQuestion() throws {
        let data = try Trellis.temporaryFolder().path
        let accepted = try Self.killAfter(6, data: data)
        #expect(Array(accepted.map(\.0).prefix(6)) == ["site_name", "community", "model", "phase", "name", "sector"])
        // The child may have committed a little more before the kill landed: the store says where it stopped.
        let session = ResumePoint(try #require(try Store(folder: data).openSessions(site: SiteID("crash")!, person: "Kim").first))
        #expect(session.log.count >= 6)
        let resumed = try Trellis.run(["chat", "site-setup", "--create", "--site", "crash", "--as", "Kim", "--json", "--data", data], input: "yes\n")
        #expect(resumed.status == 5)
        let lines = resumed.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("\"id\":\"resume\"") == true)
        #expect(lines.contains { $0.contains("Resuming Site setup where you left off, with your \(session.log.count) earlier answers kept") })
        let lastAsk = try #require(lines.last { $0.contains("\"type\":\"ask\"") })
        #expect(lastAsk.contains("\"id\":\"\(try #require(session.question))\""))
        #expect(lastAsk.contains("\"step\":\(session.log.count + 1)"))
        let restarted = try Trellis.run(["chat", "site-setup", "--create", "--site", "crash", "--as", "Kim", "--restart", "--data", data], input: "")
        #expect(restarted.out.contains("[1/9] What is the site called?"))
        let other = try Trellis.run(["chat", "site-setup", "--create", "--site", "crash", "--as", "Lee", "--data", data], input: "")
        #expect(!other.out.contains("unfinished"), "another person is not offered Kim's session")
    }
}

@Suite struct BackupCommandTests {
    @Test func aBackupIsAStoreWithTheSameProfileAndNeverOverwrites() throws {
        let data = try Trellis.temporaryFolder().path
        _ = try Trellis.run(["chat", "site-setup", "--create", "--site", "demo", "--data", data], input: siteSetupAnswers)
        let copy = try Trellis.temporaryFolder().appendingPathComponent("restored")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let file = copy.appendingPathComponent("trellis.sqlite").path
        let backup = try Trellis.run(["backup", file, "--data", data])
        #expect(backup.status == 0, "\(backup.err)")
        let original = try Store(folder: data).profile(SiteID("demo")!)
        #expect(try Store(folder: copy.path).profile(SiteID("demo")!) == original)
        let again = try Trellis.run(["backup", file, "--data", data])
        #expect(again.status == 2)
        #expect(again.err.contains("already exists"))
    }
}
