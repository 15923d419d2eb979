/// A small command-line parser: positional words, `--name value` / `--name=value` options and
/// `--flag` switches, each checked against what the subcommand accepts.
struct Arguments {
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    struct UsageError: Error {
        var message: String
        /// Set for `--help`: not an error, but the command's help to print (status 0).
        var help: String?

        init(message: String, help: String? = nil) {
            self.message = message
            self.help = help
        }
    }

    /// Parses by the command's declaration; `--help` (or `-h`) anywhere asks for its help.
    init(_ words: [String], _ spec: CommandSpec) throws(UsageError) {
        if words.contains("--help") || words.contains("-h") { throw UsageError(message: "", help: spec.help) }
        try self.init(words, options: spec.valueOptions, flags: spec.flags)
    }

    init(_ words: [String], options: Set<String>, flags allowedFlags: Set<String>) throws(UsageError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positional.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if allowedFlags.contains(name) {
                guard inlineValue == nil else { throw UsageError(message: "--\(name) takes no value") }
                flags.insert(name)
            } else if options.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < words.count else { throw UsageError(message: "--\(name) needs a value") }
                    values[name] = words[index]
                    index += 1
                }
            } else {
                let known = (options.map { "--\($0) VALUE" } + allowedFlags.map { "--\($0)" }).sorted()
                throw UsageError(message: "unknown option --\(name)" + (known.isEmpty ? "" : "; this command accepts " + known.joined(separator: ", ")))
            }
        }
    }
}
