/// How big and how deeply nested a dialogue file may be.
///
/// The parsers, the linter, the engine and the renderers walk nested structures (a condition
/// inside brackets, a `{{#if}}` inside a `{{#if}}`, an `if` inside an `if`) one call per level.
/// Without a bound, a hostile or generated file a few hundred kilobytes long overflows the
/// stack: `trellis lint`, `trellis chat` and `trellis serve` (which reloads dialogues on
/// SIGHUP) would crash instead of reporting a mistake. Every limit here is reported by
/// `trellis lint` as an error at the line and column where it is passed, and is described in
/// docs/dialogue-format.md ("Size and nesting limits").
///
/// The numbers are well above what a person writes (in the dialogues shipped, blocks nest at
/// most 3 deep, brackets in a condition 2, and template blocks 9, counting each `{{else if}}`)
/// and far below what the stack can hold, even on a secondary thread with a 512 KiB stack:
/// each level costs a few hundred bytes in the deepest walk.
public enum Limits {
    /// The largest file, in bytes of UTF-8: 1 MiB. The largest real dialogue is about 33 KB,
    /// so this is 30 times that. It bounds the time and memory one file can take, and with it
    /// the length of every line and of every flat list (`a and b and …`, sibling statements).
    /// Checked by `Linter.check(_:file:)` before anything is parsed.
    public static let maxFileBytes = 1 << 20

    /// How many brackets and `not`s a condition may have inside one another: 32.
    /// `and` / `or` chains do not count (they are kept as balanced trees, so a chain of n
    /// tests is only log2(n) deep). Checked by `ConditionParser`.
    public static let maxConditionDepth = 32

    /// How many template blocks may be open at once: 32. Each `{{#if}}`, `{{#each}}` and each
    /// `{{else if}}` counts one (an `{{else if}}` is an `{{#if}}` inside the `{{else}}` of the
    /// one before). Checked by `TemplateParser`.
    public static let maxTemplateDepth = 32

    /// How many blocks (`if`, `else`, `else if`, `repeat`) a statement may sit inside: 32.
    /// Each `else if` of a chain counts one more than the one before, for the same reason as
    /// in templates. Checked by `DialogueParser`.
    public static let maxBlockDepth = 32

    /// How many levels of indentation the outline keeps: a section, `maxBlockDepth` blocks, a
    /// question and its property are the deepest a valid file reaches (35); lines deeper than
    /// this are dropped unread. A valid file never reaches it, and a file that does always
    /// has an error reported further up (normally the block limit), so this is only a safety
    /// net that keeps the first pass from recursing once per line of indentation.
    static let maxOutlineDepth = maxBlockDepth + 8
}
