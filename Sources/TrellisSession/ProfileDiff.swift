import TrellisLanguage

/// The writes that turn one profile into another, path by path: what a step commits, so the
/// store's profile always equals the engine's, whether the step wrote values (an answer, a
/// document) or took them back (`/back`, `/restart`).
///
/// Objects are compared member by member (in any order); anything else is one value. Removing
/// a member is a write with no value.
public enum ProfileDiff {
    /// `sources` names who wrote each path (from the engine's `saved` events); a path not
    /// named there, or under one named, is attributed to `otherwise` (the command that undid it).
    public static func writes(from old: Value, to new: Value, sources: [[String]: String] = [:],
                              otherwise: String = "back") -> [ProfileWrite] {
        var found: [ProfileWrite] = []
        diff(old, new, path: [], into: &found)
        guard !found.isEmpty else { return [] }
        return found.map { write in
            var write = write
            write.source = source(of: write.path, in: sources) ?? otherwise
            return write
        }
    }

    /// True when the two profiles hold the same values (member order aside).
    public static func same(_ a: Value, _ b: Value) -> Bool {
        var found: [ProfileWrite] = []
        diff(a, b, path: [], into: &found)
        return found.isEmpty
    }

    static func diff(_ old: Value?, _ new: Value?, path: [String], into found: inout [ProfileWrite]) {
        if old == new { return }
        guard let new else {
            found.append(ProfileWrite(path: path, value: nil, source: ""))
            return
        }
        guard case .object(let members) = new, !members.isEmpty || path.isEmpty else {
            found.append(ProfileWrite(path: path, value: new, source: ""))
            return
        }
        let before: [(key: String, value: Value)]
        if let old, case .object(let oldMembers) = old {
            before = oldMembers
        } else {
            // A value gives way to an object: remove it, then write the object's members.
            if old != nil, !path.isEmpty { found.append(ProfileWrite(path: path, value: nil, source: "")) }
            before = []
        }
        for member in members {
            diff(before.first { $0.key == member.key }?.value, member.value, path: path + [member.key], into: &found)
        }
        for member in before where !members.contains(where: { $0.key == member.key }) {
            found.append(ProfileWrite(path: path + [member.key], value: nil, source: ""))
        }
    }

    static func source(of path: [String], in sources: [[String]: String]) -> String? {
        var prefix = path
        while !prefix.isEmpty {
            if let source = sources[prefix] { return source }
            prefix.removeLast()
        }
        return nil
    }
}
