/// A site's id: 1 to 64 characters of `a-z`, `0-9` and `-`.
///
/// Site ids become file and database keys and appear in commands, so anything that could
/// be a path (`../x`, `a/b`), differ only by case, or be empty is refused at the door.
public struct SiteID: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public static let rule = "a site id is 1 to 64 characters of lower-case letters a-z, digits 0-9 and '-'"

    /// Nil when `text` breaks the rule.
    public init?(_ text: String) {
        guard (1...64).contains(text.unicodeScalars.count),
              text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else { return nil }
        rawValue = text
    }

    public var description: String { rawValue }
}
