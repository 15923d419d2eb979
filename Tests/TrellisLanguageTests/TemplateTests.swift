import Testing
@testable import TrellisLanguage

// MARK: Helpers

/// `text` as template lines placed as in a dialogue file: the first on line 20, each line
/// starting at column 7 (a block indented by six spaces).
private func lines(_ text: String) -> [TemplateParser.Line] {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { n, line in
        TemplateParser.Line(String(line), at: TrellisLanguage.SourceLocation(file: "t.dialogue", line: 20 + n, column: 7))
    }
}

private func template(_ text: String) throws -> Template {
    try TemplateParser.parse(lines(text)).get()
}

/// Parses and renders `text` in `environment`.
private func render(_ text: String, _ environment: Environment = Environment()) throws -> String {
    try template(text).render(in: environment)
}

/// The error `text` gives, expecting one.
private func failure(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
    guard case .failure(let d) = TemplateParser.parse(lines(text)) else {
        Issue.record("the template parsed, an error was expected", sourceLocation: sourceLocation)
        return nil
    }
    return d
}

/// Checks that `text` fails with `message` at `line`:`column`.
private func expectError(_ text: String, _ message: String, at line: Int, _ column: Int,
                         hint: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard let d = failure(text, sourceLocation: sourceLocation) else { return }
    #expect(d.message == message, sourceLocation: sourceLocation)
    #expect(d.severity == .error, sourceLocation: sourceLocation)
    #expect(d.location.file == "t.dialogue", sourceLocation: sourceLocation)
    #expect((d.location.line, d.location.column) == (line, column),
            "\(d.message) is at \(d.location.line):\(d.location.column)", sourceLocation: sourceLocation)
    if let hint { #expect(d.hint == hint, sourceLocation: sourceLocation) }
}

private func object(_ entries: KeyValuePairs<String, Value>) -> Value {
    .object(entries.map { (key: $0.key, value: $0.value) })
}

private func answers(_ entries: KeyValuePairs<String, Value>, labels: [String: [String: String]] = [:]) -> Environment {
    Environment(answers: object(entries), labels: labels)
}

private let partners: Value = .list([
    object(["name": .string("Acme"), "sector": .string("health"), "brings": .string("Nurses")]),
    object(["name": .string("Bolt"), "sector": .string("other")]),
])

// MARK: Placeholders

@Suite struct TemplatePlaceholderTests {
    @Test func plainText() throws {
        let t = try template("Just words, { and } alone.")
        #expect(t.literalText == "Just words, { and } alone.")
        #expect(t.render(in: Environment()) == "Just words, { and } alone.")
        #expect(try template("").isEmpty)
        #expect(Template(literal: "").isEmpty)
        #expect(Template(literal: "x").literalText == "x")
        #expect(try template("a {{b}}").literalText == nil)
    }

    @Test func placeholders() throws {
        let env = Environment(answers: object(["site_name": .string("Elm"), "count": .number(3), "ratio": .number(2.5),
                                               "agreed": .bool(true), "refused": .bool(false),
                                               "tags": .list([.string("a"), .string("b")])]),
                              profile: object(["site": object(["name": .string("Elm Primary")])]),
                              builtins: ["person": .string("Ann"), "site": .string("elm")])
        #expect(try render("Hello {{person}} at {{site_name}} ({{site}}).", env) == "Hello Ann at Elm (elm).")
        #expect(try render("{{ profile.site.name }}", env) == "Elm Primary")
        #expect(try render("{{count}} / {{ratio}} / {{agreed}} / {{refused}} / {{tags}}", env) == "3 / 2.5 / yes / no / a, b")
        #expect(try render("[{{missing}}] [{{profile.nothing.here}}]", env) == "[] []")
        #expect(try render("{{site_name}}{{site_name}}", env) == "ElmElm")
    }

    @Test func multipleLinesJoinWithNewlines() throws {
        #expect(try render("one\n  two\n\nthree") == "one\n  two\n\nthree")
    }

    @Test func choiceLabels() throws {
        let env = answers(["model": .string("hybrid"), "roles": .list([.string("data"), .string("chair"), .string("new")]),
                           "unlabelled": .string("raw")],
                          labels: ["model": ["hybrid": "Hybrid model", "existing-footprint": "Existing footprint"],
                                   "roles": ["data": "Data lead", "chair": "Chair"]])
        #expect(try render("{{model}}", env) == "Hybrid model")
        #expect(try render("{{roles}}", env) == "Data lead, Chair, new", "a key with no label shows as itself")
        #expect(try render("{{unlabelled}}", env) == "raw")
        #expect(env.displayText(of: .string("existing-footprint"), answering: "model") == "Existing footprint")
        #expect(env.displayText(of: .number(2), answering: "model") == "2")
    }

    @Test func labelsOfLoopFields() throws {
        let env = Environment(answers: object(["partners": partners]),
                              labels: ["sector": ["health": "Health", "other": "Other"]])
        #expect(try render("{{#each partners}}{{name}}: {{sector}}; {{/each}}", env) == "Acme: Health; Bolt: Other; ")
        #expect(try render("{{partners.sector}}", env) == "health, other", "a field path shows the stored keys")
    }
}

// MARK: Blocks

@Suite struct TemplateBlockTests {
    @Test func inlineIf() throws {
        let t = "Welcome{{#if person}}, {{person}}{{/if}}."
        #expect(try render(t, Environment(builtins: ["person": .string("Ann")])) == "Welcome, Ann.")
        #expect(try render(t) == "Welcome.")
    }

    @Test func ifElse() throws {
        let t = "{{#if n > 2}}many{{else}}few{{/if}}"
        #expect(try render(t, answers(["n": .number(3)])) == "many")
        #expect(try render(t, answers(["n": .number(2)])) == "few")
        #expect(try render(t) == "few")
    }

    @Test func elseIfChain() throws {
        let t = "{{#if m is a}}A{{else if m is b}}B{{else if m is c}}C{{else}}other{{/if}}!"
        #expect(try render(t, answers(["m": .string("a")])) == "A!")
        #expect(try render(t, answers(["m": .string("b")])) == "B!")
        #expect(try render(t, answers(["m": .string("C")])) == "C!")
        #expect(try render(t, answers(["m": .string("d")])) == "other!")
        let noElse = "{{#if m is a}}A{{else if m is b}}B{{/if}}."
        #expect(try render(noElse, answers(["m": .string("b")])) == "B.")
        #expect(try render(noElse, answers(["m": .string("z")])) == ".")
    }

    @Test func nestedIfs() throws {
        let t = "{{#if a}}[{{#if b}}ab{{else}}a{{/if}}]{{else}}{{#if b}}b{{else if c}}c{{/if}}{{/if}}"
        #expect(try render(t, answers(["a": .bool(true), "b": .bool(true)])) == "[ab]")
        #expect(try render(t, answers(["a": .bool(true)])) == "[a]")
        #expect(try render(t, answers(["b": .bool(true)])) == "b")
        #expect(try render(t, answers(["c": .bool(true)])) == "c")
        #expect(try render(t) == "")
    }

    @Test func ifInsideElseIfKeepsItsOwnClose() throws {
        let t = "{{#if a}}A{{else if b}}{{#if c}}BC{{/if}}B{{/if}}."
        #expect(try render(t, answers(["b": .bool(true), "c": .bool(true)])) == "BCB.")
        #expect(try render(t, answers(["b": .bool(true)])) == "B.")
        #expect(try render(t, answers(["a": .bool(true)])) == "A.")
    }

    @Test func eachOverObjects() throws {
        let env = answers(["partners": partners])
        #expect(try render("{{#each partners}}<{{name}}{{#if brings}}: {{brings}}{{/if}}>{{/each}}", env) == "<Acme: Nurses><Bolt>")
    }

    @Test func eachOverStrings() throws {
        let env = answers(["roles": .list([.string("chair"), .string("data")])])
        #expect(try render("{{#each roles}}[{{.}}]{{/each}}", env) == "[chair][data]")
    }

    @Test func eachOverNothingOrOneValue() throws {
        #expect(try render("a{{#each missing}}x{{/each}}b") == "ab")
        #expect(try render("a{{#each none}}x{{/each}}b", answers(["none": .null])) == "ab")
        #expect(try render("a{{#each empty}}x{{/each}}b", answers(["empty": .list([])])) == "ab")
        #expect(try render("{{#each one}}[{{.}}]{{/each}}", answers(["one": .string("solo")])) == "[solo]")
        #expect(try render("{{#each p}}[{{name}}]{{/each}}", answers(["p": object(["name": .string("Acme")])])) == "[Acme]")
    }

    @Test func nestedEachSeesOuterFields() throws {
        let env = answers(["teams": .list([
            object(["team": .string("A"), "members": .list([.string("x"), .string("y")])]),
            object(["team": .string("B"), "members": .list([])]),
        ])])
        #expect(try render("{{#each teams}}{{team}}:{{#each members}} {{.}}/{{team}}{{/each}};{{/each}}", env) == "A: x/A y/A;B:;")
    }

    @Test func eachOverAProfileList() throws {
        let env = Environment(profile: object(["partners": partners]))
        #expect(try render("{{#each profile.partners}}{{name}} {{/each}}", env) == "Acme Bolt ")
    }

    @Test func standaloneBlockTagLinesLeaveNoBlankLines() throws {
        let text = """
            Partners:
            {{#each partners}}
            - {{name}}
              {{#if brings}}
              brings {{brings}}
              {{/if}}
            {{/each}}
            Done.
            """
        #expect(try render(text, answers(["partners": partners])) == "Partners:\n- Acme\n  brings Nurses\n- Bolt\nDone.")
        #expect(try render(text) == "Partners:\nDone.")
    }

    @Test func standaloneIfElseLines() throws {
        let text = "Top\n{{#if a}}\nyes\n{{else if b}}\nmaybe\n  {{ else }}  \nno\n{{/if}}\nBottom"
        #expect(try render(text, answers(["a": .bool(true)])) == "Top\nyes\nBottom")
        #expect(try render(text, answers(["b": .bool(true)])) == "Top\nmaybe\nBottom")
        #expect(try render(text) == "Top\nno\nBottom")
    }

    @Test func tagWithTextOnItsLineKeepsTheLine() throws {
        #expect(try render("a\nx {{#if no}}b{{/if}}\nc") == "a\nx \nc")
        #expect(try render("a\n{{#if no}}b{{/if}}\nc") == "a\n\nc")
        #expect(try render("a\n{{name}}\nc") == "a\n\nc", "a placeholder alone on its line is not a block tag")
    }

    @Test func siteSummaryDocument() throws {
        let text = """
            # {{site_name}}

            - **Community:** {{community}}
            - **Model:** {{model}}

            ## Core partners

            {{#each partners}}
            - **{{name}}** ({{sector}}){{#if brings}}: {{brings}}{{/if}}
            {{/each}}

            ## Backbone

            {{#if backbone_arrangement is embedded}}
            The backbone is embedded, hosted by {{backbone_host}}.
            {{else if backbone_arrangement is independent}}
            The backbone is independent of the partners.
            {{else}}
            The backbone arrangement is not decided yet.
            {{/if}}
            """
        let labels = ["model": ["hybrid": "Hybrid"], "sector": ["health": "Health", "other": "Other"]]
        let embedded = answers(["site_name": .string("Elm"), "community": .string("Oakvale"), "model": .string("hybrid"),
                                "partners": partners, "backbone_arrangement": .string("embedded"), "backbone_host": .string("Acme")],
                               labels: labels)
        // The last line is a block tag: it goes, but the line break of the line before it stays.
        #expect(try render(text, embedded) == """
            # Elm

            - **Community:** Oakvale
            - **Model:** Hybrid

            ## Core partners

            - **Acme** (Health): Nurses
            - **Bolt** (Other)

            ## Backbone

            The backbone is embedded, hosted by Acme.

            """)
        let undecided = answers(["site_name": .string("Elm"), "community": .string("Oakvale"), "model": .string("hybrid"),
                                 "partners": .list([]), "backbone_arrangement": .string("undecided")], labels: labels)
        #expect(try render(text, undecided) == """
            # Elm

            - **Community:** Oakvale
            - **Model:** Hybrid

            ## Core partners


            ## Backbone

            The backbone arrangement is not decided yet.

            """)
    }
}

// MARK: Errors

@Suite struct TemplateErrorTests {
    @Test func unclosedPlaceholder() {
        expectError("Hello {{name", "this '{{' is never closed with '}}'", at: 20, 13)
        expectError("ok\nline two {{oops } }", "this '{{' is never closed with '}}'", at: 21, 16)
        expectError("{{", "this '{{' is never closed with '}}'", at: 20, 7)
    }

    @Test func unclosedBlocks() {
        expectError("{{#if a}}\nx", "this block is never closed", at: 20, 7, hint: "add '{{/if}}' where the block should end")
        expectError("text\n  {{#each xs}}\n  - {{.}}", "this block is never closed", at: 21, 9, hint: "add '{{/each}}' where the block should end")
        expectError("a {{#if a}}b{{else}}c", "this block is never closed", at: 20, 9)
        expectError("{{#if a}}{{else if b}}c", "this block is never closed", at: 20, 16)
        expectError("{{#each xs}}{{#if a}}{{/if}}", "this block is never closed", at: 20, 7, hint: "add '{{/each}}' where the block should end")
    }

    @Test func strayCloses() {
        expectError("x {{/if}}", "'{{/if}}' does not close anything here", at: 20, 9, hint: "no block is open")
        expectError("{{/each}}", "'{{/each}}' does not close anything here", at: 20, 7, hint: "no block is open")
        expectError("{{#each a}}x{{/if}}", "'{{/if}}' does not close anything here", at: 20, 19,
                    hint: "the open block is '{{#each …}}', closed by '{{/each}}'")
        expectError("{{#if a}}x\n{{/each}}", "'{{/each}}' does not close anything here", at: 21, 7,
                    hint: "the open block is '{{#if …}}', closed by '{{/if}}'")
        expectError("{{#if a}}x{{/if}}{{/if}}", "'{{/if}}' does not close anything here", at: 20, 24)
    }

    @Test func elseOutsideIf() {
        expectError("a {{else}} b", "'{{else}}' is not inside an '{{#if …}}'", at: 20, 9)
        expectError("{{#each xs}}{{else}}{{/each}}", "'{{else}}' is not inside an '{{#if …}}'", at: 20, 19)
        expectError("{{#if a}}1{{else}}2{{else}}3{{/if}}", "'{{else}}' is not inside an '{{#if …}}'", at: 20, 26)
        expectError("x\n  {{else}}", "'{{else}}' is not inside an '{{#if …}}'", at: 21, 9)
    }

    @Test func elseIfOutsideIf() {
        expectError("{{else if b}}", "'{{else if …}}' is not inside an '{{#if …}}'", at: 20, 7)
        expectError("{{#if a}}1{{else}}2{{else if b}}3{{/if}}", "'{{else if …}}' is not inside an '{{#if …}}'", at: 20, 26)
        expectError("{{#each xs}}{{else if b}}{{/each}}", "'{{else if …}}' is not inside an '{{#if …}}'", at: 20, 19)
    }

    @Test func unknownBlockTags() {
        expectError("{{#unless x}}y{{/unless}}", "unknown block tag '{{#unless x}}'", at: 20, 7)
        expectError("text {{/for}}", "unknown block tag '{{/for}}'", at: 20, 12)
        expectError("{{#if}}x{{/if}}", "unknown block tag '{{#if}}'", at: 20, 7)
        expectError("{{#each}}x{{/each}}", "unknown block tag '{{#each}}'", at: 20, 7)
    }

    @Test func badNames() {
        expectError("Hi {{two words}}", "'two words' is not a name that can be filled in", at: 20, 12)
        expectError("{{}}", "'' is not a name that can be filled in", at: 20, 9)
        expectError("{{  1abc }}", "'1abc' is not a name that can be filled in", at: 20, 11)
        expectError("{{a..b}}", "'a..b' is not a name that can be filled in", at: 20, 9)
        expectError("{{else if}}", "'else if' is not a name that can be filled in", at: 20, 9)
    }

    @Test func badLoopName() {
        expectError("{{#each 1x}}y{{/each}}", "'1x' is not a name to loop over", at: 20, 15)
        expectError("{{#each  a b}}y{{/each}}", "'a b' is not a name to loop over", at: 20, 16)
    }

    @Test func badConditionsHaveColumns() {
        expectError("{{#if model is}}x{{/if}}", "a value is missing after 'is'", at: 20, 21)
        expectError("{{#if a}}x{{else if (b}}y{{/if}}", "this '(' is never closed", at: 20, 27)
        expectError("line\n  {{#if a b}}\n  x\n  {{/if}}", "unexpected 'b' in condition", at: 21, 17)
    }
}

// MARK: References

@Suite struct TemplateReferenceTests {
    @Test func referencesWithTheirLoops() throws {
        let t = try template("{{a}} {{#if b is x}}{{c}}{{else}}{{profile.d}}{{/if}}\n{{#each e}}{{f}}{{#each f.g}}{{.}}{{/each}}{{/each}}")
        let found = t.references().map { ($0.reference.description, $0.loops.map(\.description)) }
        #expect(found.map(\.0) == ["a", "b", "c", "profile.d", "e", "f", "f.g", "."])
        #expect(found.map(\.1) == [[], [], [], [], [], ["e"], ["e"], ["e", "f.g"]])
    }

    @Test func referencesKeepTheirPlaces() throws {
        let t = try template("Hi {{name}}\n  {{#if  model is x}}\n{{#each partners}}{{/each}}{{/if}}")
        let places = t.references().map { ($0.reference.description, $0.reference.location.line, $0.reference.location.column) }
        #expect(places.map(\.0) == ["name", "model", "partners"])
        #expect(places.map(\.1) == [20, 21, 22])
        #expect(places.map(\.2) == [12, 16, 15])
    }

    @Test func plainTextHasNoReferences() throws {
        #expect(try template("nothing here").references().isEmpty)
    }
}
