import Foundation
import TrellisStore

/// The server's log: one line per event on standard error, in a stable `key=value` form
/// (`ts=… level=info event=connect conn=3 peer=127.0.0.1:50412`), values quoted when they
/// hold spaces or quotes. Lines below `level` are dropped.
public struct Log: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warn, error

        public var name: String { ["debug", "info", "warn", "error"][rawValue] }
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name }) else { return nil }
            self = level
        }
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public var level: Level
    let write: @Sendable (String) -> Void

    public init(level: Level, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.level = level
        self.write = write
    }

    public func callAsFunction(_ level: Level, _ event: String, _ fields: [(String, String)] = []) {
        guard level >= self.level else { return }
        var line = "ts=\(Timestamp.now()) level=\(level.name) event=\(event)"
        for (key, value) in fields { line += " \(key)=\(Log.quote(value))" }
        write(line + "\n")
    }

    static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0.value < 0x7F }
        if plain { return value }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar.value < 0x20 ? " " : scalar)
            }
        }
        return escaped + "\""
    }
}
