/// Text with placeholders (`{{site_name}}`), conditionals (`{{#if …}} … {{else}} … {{/if}}`)
/// and loops (`{{#each partners}} … {{/each}}`).
///
/// One template language serves what is said, what is asked and the Markdown documents a
/// dialogue produces, so a coordinator learns it once. A block tag alone on its line takes
/// its line with it, so Markdown output has no stray blank lines.
public struct Template: Sendable, Hashable {
    public indirect enum Part: Sendable, Hashable {
        case text(String)
        case value(Reference)
        case ifBlock(Condition, then: [Part], otherwise: [Part])
        case each(Reference, body: [Part])
        /// `{{> NAME}}`: a view Trellis writes from the profile (documents only).
        case view(BuiltinView, path: [String], SourceLocation)
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// A template of plain text, with no placeholders.
    public init(literal: String) { self.parts = literal.isEmpty ? [] : [.text(literal)] }

    public var isEmpty: Bool { parts.isEmpty }

    /// The `{{> NAME}}` views used, anywhere in the template, with where each is written.
    public var views: [(BuiltinView, SourceLocation)] {
        var found: [(BuiltinView, SourceLocation)] = []
        func walk(_ parts: [Part]) {
            for part in parts {
                switch part {
                case .view(let v, _, let location): found.append((v, location))
                case .ifBlock(_, let then, let otherwise): walk(then); walk(otherwise)
                case .each(_, let body): walk(body)
                case .text, .value: break
                }
            }
        }
        walk(parts)
        return found
    }

    /// The text as written, for templates known to hold no placeholders (ids, keys).
    public var literalText: String? {
        var result = ""
        for part in parts {
            guard case .text(let t) = part else { return nil }
            result += t
        }
        return result
    }

    public func render(in environment: Environment) -> String {
        var output = ""
        Template.render(parts, in: environment, escaping: nil, into: &output)
        return output
    }

    /// Renders with every placeholder's value passed through `escape` (with whether it starts
    /// a line) and the template's own text as written: a document's Markdown stays Markdown,
    /// the answers in it stay text.
    public func render(in environment: Environment, escaping escape: (String, Bool) -> String) -> String {
        var output = ""
        withoutActuallyEscaping(escape) { Template.render(parts, in: environment, escaping: $0, into: &output) }
        return output
    }

    static func render(_ parts: [Part], in environment: Environment, escaping escape: ((String, Bool) -> String)?, into output: inout String) {
        for part in parts {
            switch part {
            case .text(let text):
                output += text
            case .value(let reference):
                let value = environment.display(reference)
                output += escape.map { $0(value, output.isEmpty || output.hasSuffix("\n")) } ?? value
            case .view(let view, let path, _):
                // The view escapes what it takes from answers itself; its Markdown stays Markdown.
                output += view.markdown(profile: environment.profile, path: path)
            case .ifBlock(let condition, let then, let otherwise):
                render(condition.evaluate(in: environment) ? then : otherwise, in: environment, escaping: escape, into: &output)
            case .each(let reference, let body):
                let items: [Value]
                switch environment.resolve(reference) {
                case .list(let list): items = list
                case nil, .null: items = []
                case let other?: items = [other]
                }
                for item in items {
                    var inner = environment
                    inner.locals.append(item)
                    render(body, in: inner, escaping: escape, into: &output)
                }
            }
        }
    }

    /// Every reference used, with the loop references that enclose it (innermost last),
    /// so the linter can tell a loop item's field from an unknown answer.
    public func references() -> [(reference: Reference, loops: [Reference])] {
        var found: [(Reference, [Reference])] = []
        func walk(_ parts: [Part], _ loops: [Reference]) {
            for part in parts {
                switch part {
                case .text: break
                case .value(let r): found.append((r, loops))
                case .ifBlock(let c, let t, let o):
                    for r in c.references { found.append((r, loops)) }
                    walk(t, loops)
                    walk(o, loops)
                case .each(let r, let body):
                    found.append((r, loops))
                    walk(body, loops + [r])
                case .view: break
                }
            }
        }
        walk(parts, [])
        return found.map { (reference: $0.0, loops: $0.1) }
    }
}
