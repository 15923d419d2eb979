/// What a command accepts, declared once: `Arguments` parses by it and `--help` prints it, so
/// the two cannot drift. Each command's `static let spec` is the only list of its options.
struct CommandSpec {
    /// One `--name VALUE` option (`value` names the value) or `--name` switch (`value` nil).
    struct Option {
        let name: String
        let value: String?
        let help: String
        /// The environment variable that sets it when the option is not given.
        var environment: String? = nil

        static func flag(_ name: String, _ help: String) -> Option { Option(name: name, value: nil, help: help) }
        static func value(_ name: String, _ value: String, _ help: String, environment: String? = nil) -> Option {
            Option(name: name, value: value, help: help, environment: environment)
        }

        static let data = value("data", "DIR", "where the store is; else $TRELLIS_DATA, ./trellis-data if one is there, or $XDG_DATA_HOME/trellis (~/.local/share/trellis)", environment: "TRELLIS_DATA")
        static let dialogues = value("dialogues", "DIR", "where the dialogue files are; else $TRELLIS_DIALOGUES, ./dialogues, or those installed beside trellis", environment: "TRELLIS_DIALOGUES")
        static let json = flag("json", "print JSON for scripts")
        static let output = value("output", "FILE", "write it to FILE (readable by you alone) instead of standard output")
    }

    /// `chat [DIALOGUE]`: the command and its positional words, as `trellis help` shows them.
    let synopsis: String
    /// A few words for `trellis help`'s list of commands.
    let brief: String
    let summary: String
    var options: [Option] = []

    var name: String { String(synopsis.prefix { $0 != " " }) }
    var valueOptions: Set<String> { Set(options.filter { $0.value != nil }.map(\.name)) }
    var flags: Set<String> { Set(options.filter { $0.value == nil }.map(\.name)) }

    /// `trellis CMD --help`.
    var help: String {
        var out = "Usage: trellis \(synopsis)\(options.isEmpty ? "" : " [OPTIONS]")\n\n\(summary)\n"
        guard !options.isEmpty else { return out }
        out += "\nOptions:\n"
        let heads = options.map { "--" + $0.name + ($0.value.map { " " + $0 } ?? "") }
        let width = min(28, (heads.map(\.count).max() ?? 0) + 2)
        for (option, head) in zip(options, heads) {
            let pad = head.count < width ? String(repeating: " ", count: width - head.count) : "\n" + String(repeating: " ", count: width + 2)
            // The variable is named unless the help already does.
            let variable = option.environment.flatMap { option.help.contains("$" + $0) ? nil : " ($" + $0 + ")" } ?? ""
            out += "  " + head + pad + option.help + variable + "\n"
        }
        return out
    }
}
