import Foundation
import TrellisEngine
import TrellisLanguage

/// The dialogues a transport can offer, loaded from `.dialogue` files and checked by the
/// linter; a file with an error is reported, never offered.
public struct DialogueCatalog: Sendable {
    public private(set) var dialogues: [Dialogue]
    /// Every problem found, errors and warnings, in reading order.
    public var diagnostics: [Diagnostic]
    /// Each dialogue compiled once, by id, and shared by every session that runs it (a cache
    /// of `dialogues`: compiling one per session cost memory for each and time at each start).
    public private(set) var programs: [String: Program]
    /// The menu for a person with nothing unfinished, compiled once and shared by their
    /// sessions: a cache of what the session layer builds (`Conversation.withMenu`); nil until
    /// it is filled, and after `filter`, whose menu is another.
    public var plainMenu: Program?

    public init(dialogues: [Dialogue], diagnostics: [Diagnostic] = []) {
        self.dialogues = dialogues
        self.diagnostics = diagnostics
        programs = Dictionary(dialogues.map { ($0.id, Program($0)) }) { first, _ in first }
    }

    public func dialogue(_ id: String) -> Dialogue? { dialogues.first { $0.id == id } }

    /// The compiled dialogue `id`, shared (compiled now if the catalog somehow lacks it).
    public func program(_ dialogue: Dialogue) -> Program { programs[dialogue.id] ?? Program(dialogue) }

    /// The dialogues `isIncluded` keeps, with their compiled programs, compiling nothing again.
    public func filter(_ isIncluded: (Dialogue) -> Bool) -> DialogueCatalog {
        var kept = self
        kept.dialogues = dialogues.filter(isIncluded)
        let ids = Set(kept.dialogues.map(\.id))
        kept.programs = programs.filter { ids.contains($0.key) }
        kept.plainMenu = nil
        return kept
    }

    /// Loads every `.dialogue` file named, searching directories (not recursively), in name order.
    /// A path that cannot be read is reported as a diagnostic at its name.
    public static func load(paths: [String]) -> DialogueCatalog {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(.error(SourceLocation(file: path, line: 0, column: 0), "no such file or folder",
                                          hint: "give a .\(DialogueParser.fileExtension) file or a folder holding them"))
                continue
            }
            if isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
                let found = names.filter { $0.hasSuffix(".\(DialogueParser.fileExtension)") }.sorted()
                if found.isEmpty {
                    diagnostics.append(.error(SourceLocation(file: path, line: 0, column: 0), "this folder holds no dialogue files",
                                              hint: "dialogue files end in .\(DialogueParser.fileExtension)"))
                }
                files += found.map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        var dialogues: [Dialogue] = []
        for file in files {
            guard let data = manager.contents(atPath: file) else {
                diagnostics.append(.error(SourceLocation(file: file, line: 0, column: 0), "the file cannot be read",
                                          hint: "check that it exists and that you may read it"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(.error(SourceLocation(file: file, line: 1, column: 1), "the file is not UTF-8 text",
                                          hint: "save it as UTF-8"))
                continue
            }
            let (dialogue, found) = Linter.check(text, file: file)
            diagnostics += found
            if let dialogue { dialogues.append(dialogue) }
        }
        diagnostics += Linter.check(dialogues)
        if diagnostics.hasErrors {
            let broken = Set(diagnostics.filter { $0.severity == .error }.map(\.location.file))
            dialogues.removeAll { broken.contains($0.file) }
        }
        return DialogueCatalog(dialogues: dialogues, diagnostics: diagnostics)
    }
}
