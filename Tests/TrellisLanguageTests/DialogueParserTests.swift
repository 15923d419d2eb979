import Testing
@testable import TrellisLanguage

// MARK: Helpers

/// Parses `text` as the file `t.dialogue`.
private func parse(_ text: String) -> (dialogue: Dialogue?, diagnostics: [Diagnostic]) {
    DialogueParser.parse(text, file: "t.dialogue")
}

/// The problems the parser finds in `text`, in reading order.
private func problems(_ text: String) -> [Diagnostic] {
    parse(text).diagnostics.sortedByLocation
}

/// A dialogue with one section `main` holding `statements` (written already indented).
/// The header takes lines 1 to 4, so the first statement is on line 5.
private func inSection(_ statements: String) -> String {
    "dialogue t\ntitle: T\npurpose: P\nsection main\n" + statements
}

/// The statements of the first section of `text`, expecting it to parse without a problem.
private func statements(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Statement] {
    let (dialogue, diagnostics) = parse(text)
    #expect(diagnostics.isEmpty, "unexpected problems: \(diagnostics)", sourceLocation: sourceLocation)
    return try #require(dialogue, sourceLocation: sourceLocation).sections.first?.body ?? []
}

/// The single question of a one-question section body.
private func question(_ statementsText: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Question {
    let body = try statements(inSection(statementsText), sourceLocation: sourceLocation)
    return try #require(body.first?.question, sourceLocation: sourceLocation)
}

/// Checks that `diagnostics` is exactly one error whose message holds `fragment`, at `line`:`column`.
private func expectOnly(_ diagnostics: [Diagnostic], _ fragment: String, at line: Int, _ column: Int,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(diagnostics.count == 1, "expected one problem, got \(diagnostics)", sourceLocation: sourceLocation)
    expectOne(diagnostics, fragment, at: line, column, sourceLocation: sourceLocation)
}

/// Checks that exactly one of `diagnostics` holds `fragment`, that it is an error and sits at `line`:`column`.
private func expectOne(_ diagnostics: [Diagnostic], _ fragment: String, at line: Int, _ column: Int,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let matching = diagnostics.filter { $0.message.contains(fragment) }
    #expect(matching.count == 1, "expected one problem saying \"\(fragment)\", got \(diagnostics)", sourceLocation: sourceLocation)
    guard let found = matching.first else { return }
    #expect(found.severity == .error, sourceLocation: sourceLocation)
    #expect(found.location.file == "t.dialogue", sourceLocation: sourceLocation)
    #expect((found.location.line, found.location.column) == (line, column),
            "\"\(found.message)\" is at \(found.location.line):\(found.location.column), expected \(line):\(column)",
            sourceLocation: sourceLocation)
}

/// Readable forms of conditions, so tests compare shapes without source locations.
private func show(_ condition: Condition?) -> String {
    guard let condition else { return "nil" }
    switch condition {
    case .truthy(let r): return r.description
    case .isSet(let r): return "\(r) is set"
    case .compare(let r, let op, let literal): return "\(r) \(op.rawValue) '\(literal.text)'"
    case .not(let c): return "not(\(show(c)))"
    case .and(let a, let b): return "(\(show(a)) and \(show(b)))"
    case .or(let a, let b): return "(\(show(a)) or \(show(b)))"
    }
}

/// A one-word summary of each statement: `say`, `ask NAME`, `if`, `go to NAME`….
private func kinds(_ statements: [Statement]) -> [String] {
    statements.map { statement in
        switch statement {
        case .say: return "say"
        case .ask(let q): return "ask \(q.id)"
        case .ifBlock: return "if"
        case .goTo(let target, _, _): return "go to \(target)"
        case .repeatGroup(let g): return "repeat \(g.id)"
        case .document(let d): return "document \(d.name)"
        case .set(let path, _, _, _): return "set \(path.joined(separator: "."))"
        case .finish: return "finish"
        }
    }
}

private func render(_ template: Template?) -> String? {
    template?.render(in: Environment())
}

extension Statement {
    fileprivate var question: Question? { if case .ask(let q) = self { return q } else { return nil } }
    fileprivate var group: RepeatGroup? { if case .repeatGroup(let g) = self { return g } else { return nil } }
    fileprivate var document: DocumentSpec? { if case .document(let d) = self { return d } else { return nil } }
    fileprivate var said: Template? { if case .say(let t, _) = self { return t } else { return nil } }
    fileprivate var ifParts: (condition: Condition, then: [Statement], otherwise: [Statement])? {
        if case .ifBlock(let c, let t, let o, _) = self { return (c, t, o) } else { return nil }
    }
    fileprivate var goToParts: (section: String, condition: Condition?)? {
        if case .goTo(let s, let c, _) = self { return (s, c) } else { return nil }
    }
    fileprivate var setParts: (path: [String], value: Template, condition: Condition?)? {
        if case .set(let p, let v, let c, _) = self { return (p, v, c) } else { return nil }
    }
}

// MARK: The file

@Suite struct DialogueFileTests {
    @Test func minimalDialogue() throws {
        let (dialogue, diagnostics) = parse("""
            dialogue site-setup
            title: Site setup
            purpose: Record the basics.
            section start
              say: Hello.
            """)
        #expect(diagnostics.isEmpty)
        let d = try #require(dialogue)
        #expect(d.id == "site-setup")
        #expect(d.title == "Site setup")
        #expect(d.purpose == "Record the basics.")
        #expect(d.file == "t.dialogue")
        #expect(d.sections.map(\.name) == ["start"])
        #expect((d.location.line, d.location.column) == (1, 1))
        #expect((d.sections[0].location.line, d.sections[0].location.column) == (4, 1))
        #expect(kinds(d.sections[0].body) == ["say"])
    }

    @Test func dialogueIdMayFollowAColon() throws {
        let (dialogue, diagnostics) = parse("dialogue: intro-2\ntitle: T\npurpose: P\nsection a\n  finish\n")
        #expect(diagnostics.isEmpty)
        #expect(dialogue?.id == "intro-2")
    }

    @Test func purposeMayRunOverIndentedLines() throws {
        let (dialogue, diagnostics) = parse("""
            dialogue t
            title: T
            purpose:
              Record the basics
              of the site.
            section a
              finish
            """)
        #expect(diagnostics.isEmpty)
        #expect(dialogue?.purpose == "Record the basics of the site.")
    }

    @Test func sectionsKeepFileOrder() throws {
        let (dialogue, _) = parse("dialogue t\ntitle: T\npurpose: P\nsection one\n  finish\nsection two\n  finish\nsection three\n  finish\n")
        #expect(dialogue?.sections.map(\.name) == ["one", "two", "three"])
        #expect(dialogue?.sections.map(\.location.line) == [4, 6, 8])
    }

    @Test func missingDialogueLine() {
        let (dialogue, diagnostics) = parse("title: T\npurpose: P\nsection a\n  finish\n")
        #expect(dialogue == nil)
        expectOnly(diagnostics, "the file has no 'dialogue' line", at: 1, 1)
    }

    @Test func emptyFileReportsEverythingMissing() {
        let (dialogue, diagnostics) = parse("")
        #expect(dialogue == nil)
        #expect(diagnostics.count == 4)
        expectOne(diagnostics, "no 'dialogue' line", at: 1, 1)
        expectOne(diagnostics, "has no title", at: 1, 1)
        expectOne(diagnostics, "has no purpose", at: 1, 1)
        expectOne(diagnostics, "has no sections", at: 1, 1)
    }

    @Test func missingTitleIsReportedAtTheDialogueLine() {
        expectOnly(problems("# A comment first\ndialogue t\npurpose: P\nsection a\n  finish\n"), "the dialogue has no title", at: 2, 1)
    }

    @Test func missingPurposeIsReportedAtTheDialogueLine() {
        expectOnly(problems("\n\ndialogue t\ntitle: T\nsection a\n  finish\n"), "the dialogue has no purpose", at: 3, 1)
    }

    @Test func missingSectionsAreReportedAtTheDialogueLine() {
        expectOnly(problems("dialogue t\ntitle: T\npurpose: P\n"), "the dialogue has no sections", at: 1, 1)
    }

    @Test(arguments: [
        ("dialogue Site_Setup", "'Site_Setup' is not a valid dialogue id"),
        ("dialogue site setup", "'site setup' is not a valid dialogue id"),
        ("dialogue site/setup", "'site/setup' is not a valid dialogue id"),
        ("dialogue " + String(repeating: "a", count: 65), "is not a valid dialogue id"),
    ])
    func badDialogueId(line: String, message: String) {
        expectOnly(problems(line + "\ntitle: T\npurpose: P\nsection a\n  finish\n"), message, at: 1, 10)
    }

    @Test func longestDialogueIdIsAccepted() {
        #expect(problems("dialogue " + String(repeating: "a", count: 64) + "\ntitle: T\npurpose: P\nsection a\n  finish\n").isEmpty)
    }

    @Test func missingDialogueId() {
        expectOnly(problems("dialogue\ntitle: T\npurpose: P\nsection a\n  finish\n"), "'' is not a valid dialogue id", at: 1, 9)
    }

    /// BUG: with the colon form the error points at the colon (column 9), not at the id.
    @Test func badDialogueIdAfterAColonIsReportedAtTheId() {
        expectOnly(problems("dialogue: Bad\ntitle: T\npurpose: P\nsection a\n  finish\n"), "'Bad' is not a valid dialogue id", at: 1, 11)
    }

    /// BUG: a second `dialogue` line silently replaces the first id (likewise a second
    /// `title` or `purpose`); it should be reported.
    @Test func secondDialogueLineIsAnError() {
        let diagnostics = problems("dialogue first\ntitle: T\npurpose: P\ndialogue second\nsection a\n  finish\n")
        #expect(diagnostics.hasErrors, "the id silently became 'second'")
        #expect(diagnostics.contains { $0.location.line == 4 })
    }

    @Test func unknownTopLevelKeyword() {
        let text = "dialogue t\ntitle: T\npurpose: P\nask name: text\nsection a\n  finish\n"
        expectOnly(problems(text), "'ask' cannot start a line at the top of the file", at: 4, 1)
    }

    @Test func titleNeedsText() {
        // One mistake, one report: the empty title line, not also "the dialogue has no title".
        for text in ["dialogue t\ntitle:\npurpose: P\nsection a\n  finish\n", "dialogue t\ntitle Site\npurpose: P\nsection a\n  finish\n"] {
            expectOnly(problems(text), "'title' needs a title after a colon", at: 2, 1)
        }
    }

    @Test func nothingCanBeIndentedUnderTitleOrDialogue() {
        expectOnly(problems("dialogue t\ntitle: T\n  more title\npurpose: P\nsection a\n  finish\n"),
                   "nothing can be indented under 'title'", at: 3, 3)
        expectOnly(problems("dialogue t\n    extra\ntitle: T\npurpose: P\nsection a\n  finish\n"),
                   "nothing can be indented under 'dialogue'", at: 2, 5)
    }

    /// BUG: text indented under a one-line `purpose:` is silently dropped.
    @Test func nothingCanBeIndentedUnderAOneLinePurpose() {
        expectOnly(problems("dialogue t\ntitle: T\npurpose: Record the basics\n  of the site.\nsection a\n  finish\n"),
                   "nothing can be indented under 'purpose'", at: 4, 3)
    }

    /// BUG: `purpose:` with nothing after it and nothing under it is accepted as an empty purpose.
    @Test func emptyPurposeBlockIsAnError() {
        expectOnly(problems("dialogue t\ntitle: T\npurpose:\nsection a\n  finish\n"), "'purpose' needs a one-line purpose", at: 3, 1)
    }

    @Test func allProblemsAreReportedInOnePass() {
        let diagnostics = problems("""
            dialogue t
            title: T
            purpose: P
            section a
              shout: hi
              ask q: essay
              go somewhere
            """)
        #expect(diagnostics.count == 3)
        expectOne(diagnostics, "'shout' is not a statement", at: 5, 3)
        expectOne(diagnostics, "'essay' is not a kind of question", at: 6, 10)
        expectOne(diagnostics, "expected 'go to SECTION'", at: 7, 3)
    }
}

// MARK: Indentation, comments and blank lines

@Suite struct OutlineTests {
    @Test func tabIndentation() {
        expectOnly(problems(inSection("\tsay: hi\n")), "a tab is used for indentation", at: 5, 1)
    }

    @Test func tabAfterSpacesIsStillATab() {
        expectOnly(problems(inSection("  say: a\n \tsay: b\n")), "a tab is used for indentation", at: 6, 1)
    }

    @Test func misalignedIndentation() {
        let diagnostics = problems(inSection("    say: a\n  say: b\n"))
        expectOnly(diagnostics, "does not line up with the lines above it", at: 6, 3)
        #expect(diagnostics.first?.hint?.contains("indent it by 4 spaces") == true)
    }

    @Test func misalignedQuestionProperty() {
        let text = inSection("""
              ask q: text
                prompt: Q?
               help: H
            """)
        expectOnly(problems(text), "does not line up", at: 7, 4)
    }

    @Test func deeperLineUnderAOneLineStatement() {
        expectOnly(problems(inSection("  say: a\n    say: b\n")), "nothing can be indented under 'say'", at: 6, 5)
    }

    @Test func commentsAndBlankLinesAreIgnoredButCounted() throws {
        let text = """
            # Leading comment
            dialogue t

            title: T
            # between
            purpose: P

            section main
              # an indented comment
                # a comment at another indentation is not misaligned
              say: one

              say: two
            # a comment at the left margin inside a section
              say: three
            """
        let (dialogue, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        let body = try #require(dialogue?.sections.first?.body)
        #expect(body.compactMap { render($0.said) } == ["one", "two", "three"])
        #expect(body.map(\.location.line) == [11, 13, 15])
        #expect(dialogue?.location.line == 2)
    }

    /// BUG: "\r\n" is one Character in Swift, so splitting on "\n" never splits a CRLF file:
    /// the whole file is read as one line.
    @Test func windowsLineEndingsAreAccepted() throws {
        let body = try statements("dialogue t\r\ntitle: T\r\npurpose: P\r\nsection a\r\n  say: hi\r\n")
        #expect(render(body.first?.said) == "hi")
    }

    @Test func trailingSpacesAreIgnored() throws {
        let q = try question("  ask q: text   \n    prompt: Q?   \n")
        #expect(q.kind == .text)
        #expect(render(q.prompt) == "Q?")
    }

    @Test func hashInsideTextIsNotAComment() throws {
        let body = try statements(inSection("  say: Item #1 is done\n"))
        #expect(render(body.first?.said) == "Item #1 is done")
    }
}

// MARK: Sections and statements

@Suite struct SectionParserTests {
    @Test func sectionNeedsAName() {
        expectOnly(problems("dialogue t\ntitle: T\npurpose: P\nsection\n  finish\n"), "'section' needs section name", at: 4, 8)
    }

    @Test func badSectionName() {
        expectOnly(problems("dialogue t\ntitle: T\npurpose: P\nsection 2nd\n  finish\n"), "'2nd' is not a valid section name", at: 4, 9)
        expectOnly(problems("dialogue t\ntitle: T\npurpose: P\nsection a b\n  finish\n"), "'a b' is not a valid section name", at: 4, 9)
    }

    @Test func emptySection() {
        expectOnly(problems("dialogue t\ntitle: T\npurpose: P\nsection a\nsection b\n  finish\n"), "section 'a' is empty", at: 4, 1)
    }

    @Test func unknownStatementKeyword() {
        let diagnostics = problems(inSection("  say: ok\n  tell: hi\n"))
        expectOnly(diagnostics, "'tell' is not a statement", at: 6, 3)
        #expect(diagnostics.first?.hint?.contains("say, ask, if, else, go to") == true)
    }

    @Test func keywordsAreCaseInsensitive() throws {
        let body = try statements(inSection("  SAY: hi\n  Finish\n"))
        #expect(kinds(body) == ["say", "finish"])
    }

    @Test func finishAndEnd() throws {
        let body = try statements(inSection("  if a\n    finish\n  end\n"))
        #expect(kinds(body) == ["if", "finish"])
        #expect(body[1].location.line == 7)
        #expect(body[0].ifParts.map { kinds($0.then) } == ["finish"])
    }

    @Test func nothingCanBeIndentedUnderFinish() {
        expectOnly(problems(inSection("  finish\n    say: x\n")), "nothing can be indented under 'finish'", at: 6, 5)
    }
}

// MARK: say

@Suite struct SayParserTests {
    @Test func oneLineSay() throws {
        let body = try statements(inSection("  say: Hello {{person}}.\n"))
        let template = try #require(body.first?.said)
        #expect(template.render(in: Environment(builtins: ["person": .string("Ann")])) == "Hello Ann.")
        #expect((body[0].location.line, body[0].location.column) == (5, 3))
    }

    @Test func multiLineSayBlockKeepsRelativeIndentationAndBlankLines() throws {
        let body = try statements(inSection("""
              say:
                First line.
                  Indented more.

                After a blank line.
              say: next
            """))
        #expect(kinds(body) == ["say", "say"])
        #expect(render(body[0].said) == "First line.\n  Indented more.\n\nAfter a blank line.")
        #expect(render(body[1].said) == "next")
    }

    @Test func sayBlockKeepsHashLines() throws {
        let body = try statements(inSection("  say:\n    # Heading\n    text\n"))
        #expect(render(body.first?.said) == "# Heading\ntext")
    }

    @Test func sayWithoutText() {
        expectOnly(problems(inSection("  say\n")), "'say' needs the text to say after a colon", at: 5, 3)
    }

    /// BUG: `say:` with nothing after it and nothing indented under it is accepted as an empty say.
    @Test func sayBlockWithNothingUnderIt() {
        expectOnly(problems(inSection("  say:\n  finish\n")), "'say' needs the text to say", at: 5, 3)
    }

    @Test func templateErrorInOneLineSayHasItsColumn() {
        expectOnly(problems(inSection("  say: Hello {{name\n")), "this '{{' is never closed", at: 5, 14)
        expectOnly(problems(inSection("  say: Hello {{bad name}}\n")), "'bad name' is not a name that can be filled in", at: 5, 16)
    }

    @Test func templateErrorInSayBlockHasItsLineAndColumn() {
        let text = inSection("""
              say:
                One
                Two {{#if}}x
            """)
        expectOnly(problems(text), "unknown block tag '{{#if}}'", at: 7, 9)
    }
}

// MARK: Questions

@Suite struct QuestionParserTests {
    @Test(arguments: [
        ("text", Question.Kind.text), ("long text", .longText), ("longtext", .longText), ("long-text", .longText),
        ("Long   Text", .longText), ("choice", .choice), ("multiple choice", .multipleChoice),
        ("multiple-choice", .multipleChoice), ("multichoice", .multipleChoice), ("yes/no", .yesNo), ("yesno", .yesNo),
        ("yes-no", .yesNo), ("yes or no", .yesNo), ("number", .number), ("date", .date), ("scale", .scale),
    ])
    func kindNames(_ written: String, _ kind: Question.Kind) throws {
        let options = kind.hasOptions ? "    option a: A\n" : ""
        let q = try question("  ask q: \(written)\n    prompt: Q?\n" + options)
        #expect(q.kind == kind)
    }

    @Test func fullQuestion() throws {
        let q = try question("""
              ask community: text
                prompt: Which community does {{site_name}} serve?
                help:
                  A suburb or town.
                  A few words are enough.
                default: Riverbend
                length: 2..120
                save: site.community
                optional
                when: model is hybrid
                skip if known
            """)
        #expect(q.id == "community")
        #expect(q.kind == .text)
        #expect(q.prompt.render(in: Environment(answers: .object([(key: "site_name", value: .string("Elm"))]))) == "Which community does Elm serve?")
        #expect(render(q.help) == "A suburb or town.\nA few words are enough.")
        #expect(q.defaultValue?.literalText == "Riverbend")
        #expect(q.length == 2...120)
        #expect(q.save == ["site", "community"])
        #expect(q.required == false)
        #expect(show(q.condition) == "model is 'hybrid'")
        #expect(q.skipIfKnown)
        #expect((q.location.line, q.location.column) == (5, 3))
    }

    @Test func defaultsOfAQuestion() throws {
        let q = try question("  ask q: number\n    prompt: Q?\n")
        #expect(q.required)
        #expect(q.help == nil)
        #expect(q.defaultValue == nil)
        #expect(q.save == nil)
        #expect(q.options.isEmpty)
        #expect(q.optionsFrom.isEmpty)
        #expect(q.length == nil)
        #expect(q.range == nil)
        #expect(q.condition == nil)
        #expect(!q.skipIfKnown)
    }

    @Test func optionalAndRequiredTogetherAreRefused() throws {
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    optional\n    required\n")),
                   "'optional' and 'required' are both given", at: 8, 5)
    }

    @Test func multiLinePrompt() throws {
        let q = try question("  ask q: text\n    prompt:\n      What is\n      the name?\n")
        #expect(render(q.prompt) == "What is\nthe name?")
    }

    @Test func choiceOptions() throws {
        let q = try question("""
              ask model: choice
                prompt: Which model?
                option existing-footprint: Existing footprint
                option hybrid: Hybrid: some on site
                option 3: Three
            """)
        #expect(q.options.map(\.key) == ["existing-footprint", "hybrid", "3"])
        #expect(q.options.map(\.label) == ["Existing footprint", "Hybrid: some on site", "Three"])
        #expect(q.options.map(\.location.line) == [7, 8, 9])
        #expect(q.options.map(\.location.column) == [5, 5, 5])
    }

    @Test func optionsFrom() throws {
        let q = try question("  ask host: choice\n    prompt: Who?\n    options from: profile.partners.name\n    option school: The school\n")
        #expect(q.optionsFrom.map(\.parts) == [["profile", "partners", "name"]])
        #expect((q.optionsFrom.first?.location.line, q.optionsFrom.first?.location.column) == (7, 19))
        #expect(q.options.map(\.key) == ["school"])
    }

    @Test func numberAndScaleRanges() throws {
        #expect(try question("  ask q: number\n    prompt: Q?\n    range: -1.5..10\n").range == -1.5...10)
        let scale = try question("  ask q: scale\n    prompt: Q?\n    range: 0..10\n")
        #expect(scale.range == 0...10)
        #expect(scale.scaleRange == 0...10)
        #expect(try question("  ask q: scale\n    prompt: Q?\n").scaleRange == 1...5)
        #expect(try question("  ask q: long text\n    prompt: Q?\n    length: 0..2000\n").length == 0...2000)
    }

    @Test func unknownKind() {
        let diagnostics = problems(inSection("  ask q: essay\n    prompt: Q?\n"))
        expectOnly(diagnostics, "'essay' is not a kind of question", at: 5, 10)
        #expect(diagnostics.first?.hint?.contains("text, long text, choice, multiple choice, yes/no, number, date, scale") == true)
    }

    @Test func missingKind() {
        expectOnly(problems(inSection("  ask q\n    prompt: Q?\n")), "question 'q' has no kind", at: 5, 3)
        expectOnly(problems(inSection("  ask q:\n    prompt: Q?\n")), "question 'q' has no kind", at: 5, 9)
    }

    @Test func badQuestionId() {
        expectOnly(problems(inSection("  ask 1q: text\n    prompt: Q?\n")), "'1q' is not a valid question id", at: 5, 7)
        expectOnly(problems(inSection("  ask my name: text\n    prompt: Q?\n")), "'my name' is not a valid question id", at: 5, 7)
        expectOnly(problems(inSection("  ask: text\n    prompt: Q?\n")), "'ask' needs question id", at: 5, 6)
    }

    @Test func missingPrompt() {
        expectOnly(problems(inSection("  ask q: text\n    help: H\n")), "question 'q' has no prompt", at: 5, 3)
        expectOnly(problems(inSection("  ask q: text\n")), "question 'q' has no prompt", at: 5, 3)
    }

    @Test func promptWithoutText() {
        let diagnostics = problems(inSection("  ask q: text\n    prompt\n"))
        expectOne(diagnostics, "'prompt' needs the question's text after a colon", at: 6, 5)
        expectOne(diagnostics, "question 'q' has no prompt", at: 5, 3)
        #expect(diagnostics.count == 2)
    }

    /// BUG: `prompt:` with nothing after it and nothing under it counts as a prompt (an empty one).
    @Test func emptyPromptBlockIsAnError() {
        let diagnostics = problems(inSection("  ask q: text\n    prompt:\n    optional\n"))
        #expect(diagnostics.hasErrors, "an empty prompt was accepted")
        #expect(diagnostics.contains { $0.message.contains("'prompt' needs the question's text") })
    }

    /// BUG: lines indented under a one-line `prompt:` (or `help:`) are silently dropped.
    @Test func nothingCanBeIndentedUnderAOneLinePrompt() {
        expectOnly(problems(inSection("  ask q: text\n    prompt: What is\n      the name?\n")),
                   "nothing can be indented under 'prompt'", at: 7, 7)
    }

    /// BUG: the error for an empty `default:` says to write "'default:' with the text indented
    /// on the lines below", but that form is refused ("nothing can be indented under 'default'").
    /// The same hint is given for `set` and a document's `title`.
    @Test func defaultHintSuggestsOnlyTheOneLineForm() throws {
        let hint = problems(inSection("  ask q: text\n    prompt: Q?\n    default:\n")).first?.hint ?? ""
        #expect(hint == "write 'default: …' on one line")
        let diagnostics = problems(inSection("  ask q: text\n    prompt: Q?\n    default:\n      Riverbend\n"))
        #expect(diagnostics.contains { $0.message.contains("'default' needs the default answer after a colon") })
    }

    @Test func nothingCanBeIndentedUnderOtherProperties() {
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    save: a.b\n      more\n")),
                   "nothing can be indented under 'save'", at: 8, 7)
    }

    @Test func unknownProperty() {
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    colour: red\n")), "'colour' is not a property of a question", at: 7, 5)
    }

    @Test func badOptionKey() {
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    option two words: Label\n")),
                   "'two words' is not a valid option key", at: 7, 12)
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    option -x: Label\n")),
                   "'-x' is not a valid option key", at: 7, 12)
    }

    @Test func optionWithoutKey() {
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    option a: A\n    option: Label\n")),
                   "the option has no key", at: 8, 11)
    }

    @Test func optionWithoutLabel() {
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    option a\n")), "option 'a' has no label", at: 7, 5)
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    option a:\n")), "option 'a' has no label", at: 7, 5)
    }

    @Test func duplicateOptionKeyIgnoringCase() {
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    option Yes: A\n    option b: B\n    option yes: C\n")),
                   "option key 'yes' is used twice in 'q'", at: 9, 5)
    }

    @Test func badOptionsFrom() {
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    options: partners\n")),
                   "expected 'options from: NAME'", at: 7, 5)
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    options from: 1partners\n")),
                   "expected 'options from: NAME'", at: 7, 5)
        expectOnly(problems(inSection("  ask q: choice\n    prompt: Q?\n    options from:\n")),
                   "expected 'options from: NAME'", at: 7, 5)
    }

    @Test(arguments: [
        ("length: abc", "'abc' is not a range"),
        ("length: 2", "'2' is not a range"),
        ("length: 1.5..3", "'1.5..3' is not a range"),
        ("length: 2...80", "'2...80' is not a range"),
        ("length: 5..2", "the range 5..2 is empty: 5 is above 2"),
        ("length: -1..5", "a length cannot be negative"),
    ])
    func badLength(property: String, message: String) {
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    \(property)\n")), message, at: 7, 13)
    }

    @Test(arguments: [
        ("range: a..b", "'a..b' is not a range"),
        ("range: 1", "'1' is not a range"),
        ("range: 10..-10", "the range 10..-10 is empty: 10 is above -10"),
    ])
    func badRange(property: String, message: String) {
        expectOnly(problems(inSection("  ask q: number\n    prompt: Q?\n    \(property)\n")), message, at: 7, 12)
    }

    /// BUG: a length bound too big for `Int` traps (Int(Double) overflow) instead of being
    /// reported. Run in a child process, so the crash fails this test alone.
    @Test func hugeLengthIsReportedNotACrash() async {
        await #expect(processExitsWith: .success) {
            let text = "dialogue t\ntitle: T\npurpose: P\nsection main\n  ask q: text\n    prompt: Q?\n    length: 1..1e20\n"
            let diagnostics = DialogueParser.parse(text, file: "t.dialogue").diagnostics
            if !diagnostics.hasErrors { fatalError("no error reported") }
        }
    }

    @Test(arguments: [Question.Kind.number, .choice, .yesNo, .date, .scale, .multipleChoice])
    func lengthOnlyForText(kind: Question.Kind) {
        let options = kind.hasOptions ? "    option a: A\n" : ""
        let diagnostics = problems(inSection("  ask q: \(kind.rawValue)\n    prompt: Q?\n    length: 1..5\n" + options))
        expectOnly(diagnostics, "'length' applies to text questions, not to \(kind.rawValue)", at: 5, 3)
    }

    @Test(arguments: [Question.Kind.text, .longText, .choice, .yesNo, .date])
    func rangeOnlyForNumbers(kind: Question.Kind) {
        let options = kind.hasOptions ? "    option a: A\n" : ""
        let diagnostics = problems(inSection("  ask q: \(kind.rawValue)\n    prompt: Q?\n    range: 1..5\n" + options))
        expectOnly(diagnostics, "'range' applies to number and scale questions, not to \(kind.rawValue)", at: 5, 3)
    }

    @Test func scaleRangeMustBeWhole() {
        expectOnly(problems(inSection("  ask q: scale\n    prompt: Q?\n    range: 1..5.5\n")), "a scale's range must be whole numbers", at: 5, 3)
    }

    @Test(arguments: [Question.Kind.text, .longText, .yesNo, .number, .date, .scale])
    func optionsOnlyForChoices(kind: Question.Kind) {
        expectOnly(problems(inSection("  ask q: \(kind.rawValue)\n    prompt: Q?\n    option a: A\n")),
                   "options apply to choice questions, not to \(kind.rawValue)", at: 5, 3)
        expectOnly(problems(inSection("  ask q: \(kind.rawValue)\n    prompt: Q?\n    options from: partners\n")),
                   "options apply to choice questions, not to \(kind.rawValue)", at: 5, 3)
    }

    @Test func skipIfKnownNeedsSave() {
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    skip if known\n")), "'skip if known' needs a 'save' path", at: 5, 3)
    }

    @Test func skipWithOtherWords() {
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    save: a\n    skip when known\n")), "expected 'skip if known'", at: 8, 5)
    }

    @Test func savePathMustBeAProfilePathWithoutProfilePrefix() {
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    save: profile.site.name\n")),
                   "'profile.site.name' is not a profile path", at: 7, 11)
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    save: site..name\n")),
                   "'site..name' is not a profile path", at: 7, 11)
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    save:\n")), "'' is not a profile path", at: 7, 10)
    }

    @Test func badWhenCondition() {
        expectOnly(problems(inSection("  ask q: text\n    prompt: Q?\n    when: model is\n")),
                   "a value is missing after 'is'", at: 7, 19)
    }
}

// MARK: if, else

@Suite struct IfParserTests {
    @Test func ifBlock() throws {
        let body = try statements(inSection("  if model is hybrid and not urgent:\n    say: a\n    say: b\n  say: after\n"))
        #expect(kinds(body) == ["if", "say"])
        let parts = try #require(body[0].ifParts)
        #expect(show(parts.condition) == "(model is 'hybrid' and not(urgent))")
        #expect(kinds(parts.then) == ["say", "say"])
        #expect(parts.otherwise.isEmpty)
    }

    @Test func ifElse() throws {
        let body = try statements(inSection("  if a\n    say: A\n  else\n    say: B\n    finish\n"))
        #expect(kinds(body) == ["if"])
        let parts = try #require(body[0].ifParts)
        #expect(parts.then.compactMap { render($0.said) } == ["A"])
        #expect(kinds(parts.otherwise) == ["say", "finish"])
    }

    @Test func elseIfChain() throws {
        let body = try statements(inSection("""
              if model is existing-footprint
                say: A
              else if model is hybrid
                say: B
              else if model is community-school
                say: C
              else
                say: D
              say: after
            """))
        #expect(kinds(body) == ["if", "say"])
        let first = try #require(body[0].ifParts)
        #expect(show(first.condition) == "model is 'existing-footprint'")
        #expect(first.then.compactMap { render($0.said) } == ["A"])
        #expect(first.otherwise.count == 1)
        let second = try #require(first.otherwise.first?.ifParts)
        #expect(show(second.condition) == "model is 'hybrid'")
        #expect(second.then.compactMap { render($0.said) } == ["B"])
        let third = try #require(second.otherwise.first?.ifParts)
        #expect(show(third.condition) == "model is 'community-school'")
        #expect(third.then.compactMap { render($0.said) } == ["C"])
        #expect(third.otherwise.compactMap { render($0.said) } == ["D"])
        #expect(second.otherwise.count == 1)
        #expect(first.otherwise.first?.location.line == 7)
    }

    @Test func ifWithNothingUnderIt() {
        expectOnly(problems(inSection("  if a\n  say: b\n")), "'if' has nothing indented under it", at: 5, 3)
    }

    @Test func elseWithNothingUnderIt() {
        expectOnly(problems(inSection("  if a\n    say: b\n  else\n  say: c\n")), "'else' has nothing indented under it", at: 7, 3)
    }

    @Test func ifConditionErrorsHaveColumns() {
        expectOnly(problems(inSection("  if model is\n    say: x\n")), "a value is missing after 'is'", at: 5, 14)
        expectOnly(problems(inSection("  if model is hybrid hybrid\n    say: x\n")), "unexpected 'hybrid' in condition", at: 5, 22)
        expectOnly(problems(inSection("  if\n    say: x\n")), "the condition is empty", at: 5, 5)
    }

    @Test func elseIfConditionErrorsHaveColumns() {
        expectOnly(problems(inSection("  if a\n    say: x\n  else if model is\n    say: y\n")), "a value is missing after 'is'", at: 7, 19)
        expectOnly(problems(inSection("  if a\n    say: x\n  else if (b\n    say: y\n")), "this '(' is never closed", at: 7, 11)
    }

    @Test func elseWithoutIf() {
        expectOnly(problems(inSection("  else\n    say: x\n")), "'else' does not follow an 'if'", at: 5, 3)
        expectOnly(problems(inSection("  say: a\n  else\n    say: x\n")), "'else' does not follow an 'if'", at: 6, 3)
        expectOnly(problems(inSection("  say: a\n  else if b\n    say: x\n")), "'else' does not follow an 'if'", at: 6, 3)
    }

    @Test func elseAfterElse() {
        expectOnly(problems(inSection("  if a\n    say: A\n  else\n    say: B\n  else\n    say: C\n")),
                   "'else' does not follow an 'if'", at: 9, 3)
    }

    @Test func elseIfAfterElse() {
        expectOnly(problems(inSection("  if a\n    say: A\n  else\n    say: B\n  else if c\n    say: C\n")),
                   "'else' does not follow an 'if'", at: 9, 3)
    }

    @Test func elseAtAnotherIndentationDoesNotJoinTheIf() {
        let diagnostics = problems(inSection("  if a\n    say: A\n    else\n      say: B\n"))
        expectOnly(diagnostics, "'else' does not follow an 'if'", at: 7, 5)
    }

    /// BUG: an `else` whose body is a single `if` is indistinguishable from `else if`, so a
    /// second `else` silently attaches to that inner `if` instead of being reported.
    @Test func secondElseAfterAnElseHoldingOnlyAnIf() {
        let text = inSection("""
              if a
                say: A
              else
                if b
                  say: B
              else
                say: C
            """)
        expectOnly(problems(text), "'else' does not follow an 'if'", at: 10, 3)
    }

    @Test func elseWithTrailingWords() {
        expectOnly(problems(inSection("  if a\n    say: A\n  else otherwise\n    say: B\n")),
                   "'else' takes nothing after it but 'if CONDITION'", at: 7, 8)
    }

    @Test func ifInsideIf() throws {
        let body = try statements(inSection("  if a\n    if b\n      say: AB\n    else\n      say: A\n"))
        let outer = try #require(body.first?.ifParts)
        #expect(outer.otherwise.isEmpty)
        let inner = try #require(outer.then.first?.ifParts)
        #expect(show(inner.condition) == "b")
        #expect(inner.otherwise.compactMap { render($0.said) } == ["A"])
    }
}

// MARK: go to

@Suite struct GoToParserTests {
    @Test(arguments: ["go to wrap-up", "goto wrap-up", "Go To wrap-up", "go  to   wrap-up", "go to wrap-up:"])
    func forms(line: String) throws {
        let body = try statements(inSection("  \(line)\n"))
        let parts = try #require(body.first?.goToParts)
        #expect(parts.section == "wrap-up")
        #expect(parts.condition == nil)
        #expect((body[0].location.line, body[0].location.column) == (5, 3))
    }

    @Test func goToEnd() throws {
        let body = try statements(inSection("  go to end\n"))
        #expect(body.first?.goToParts?.section == "end")
    }

    @Test func conditionalGoTo() throws {
        let body = try statements(inSection("  go to backbone when model is hybrid or phase is implementation\n  goto x if done\n"))
        #expect(show(body[0].goToParts?.condition) == "(model is 'hybrid' or phase is 'implementation')")
        #expect(body[1].goToParts?.section == "x")
        #expect(show(body[1].goToParts?.condition) == "done")
    }

    @Test func conditionLocationsInGoTo() throws {
        let body = try statements(inSection("  go to x when model is hybrid\n"))
        guard case .compare(let reference, _, _)? = body.first?.goToParts?.condition else {
            Issue.record("expected a comparison")
            return
        }
        #expect((reference.location.line, reference.location.column) == (5, 16))
    }

    @Test func goWithoutTo() {
        expectOnly(problems(inSection("  go wrap-up\n")), "expected 'go to SECTION'", at: 5, 3)
        expectOnly(problems(inSection("  go\n")), "expected 'go to SECTION'", at: 5, 3)
    }

    @Test func goToWithoutSection() {
        expectOnly(problems(inSection("  goto\n")), "'go to' needs a section name", at: 5, 7)
    }

    @Test func goToBadSectionName() {
        expectOnly(problems(inSection("  go to 2nd\n")), "'2nd' is not a section name", at: 5, 9)
        expectOnly(problems(inSection("  goto (x)\n")), "'(x)' is not a section name", at: 5, 8)
    }

    @Test func goToTrailingText() {
        let diagnostics = problems(inSection("  go to wrap-up now\n"))
        expectOnly(diagnostics, "unexpected 'now' after the section name", at: 5, 17)
        #expect(diagnostics.first?.hint?.contains("go to wrap-up when") == true)
        expectOnly(problems(inSection("  goto x   unless y\n")), "unexpected 'unless y' after the section name", at: 5, 12)
    }

    /// BUG (message): `go to x when` with no condition says "unexpected 'when' after the section
    /// name" and hints "add a condition with 'when'", which is what was written.
    @Test func goToWhenWithoutACondition() {
        expectOnly(problems(inSection("  go to x when\n")), "the condition is empty", at: 5, 15)
    }

    @Test func goToBadCondition() {
        expectOnly(problems(inSection("  go to x when model is\n")), "a value is missing after 'is'", at: 5, 24)
        expectOnly(problems(inSection("  go to x when model ~ hybrid\n")), "unexpected '~' in condition", at: 5, 22)
    }

    @Test func nothingCanBeIndentedUnderGoTo() {
        expectOnly(problems(inSection("  go to x\n    say: y\n")), "nothing can be indented under 'go'", at: 6, 5)
    }
}

// MARK: repeat

@Suite struct RepeatParserTests {
    @Test func repeatGroup() throws {
        let body = try statements(inSection("""
              repeat partners
                prompt: Add another partner?
                help: One at a time.
                save: partners
                min: 0
                max: 30

                ask name: text
                  prompt: Name?
                if name is set
                  ask sector: choice
                    prompt: Sector of {{name}}?
                    option health: Health
            """))
        let group = try #require(body.first?.group)
        #expect(group.id == "partners")
        #expect(render(group.prompt) == "Add another partner?")
        #expect(render(group.help) == "One at a time.")
        #expect(group.save == ["partners"])
        #expect(group.minimum == 0)
        #expect(group.maximum == 30)
        #expect(kinds(group.body) == ["ask name", "if"])
        #expect((group.location.line, group.location.column) == (5, 3))
    }

    @Test func repeatDefaults() throws {
        let body = try statements(inSection("  repeat g\n    prompt: More?\n    ask a: text\n      prompt: A?\n"))
        let group = try #require(body.first?.group)
        #expect(group.minimum == 1)
        #expect(group.maximum == 50)
        #expect(group.save == nil)
        #expect(group.help == nil)
    }

    @Test func repeatWithoutPrompt() {
        expectOnly(problems(inSection("  repeat g\n    ask a: text\n      prompt: A?\n")), "repeated group 'g' has no prompt", at: 5, 3)
    }

    @Test func repeatWithoutQuestions() {
        expectOnly(problems(inSection("  repeat g\n    prompt: More?\n    say: hi\n")), "repeated group 'g' asks no question", at: 5, 3)
        let empty = problems(inSection("  repeat g\n    prompt: More?\n"))
        expectOnly(empty, "repeated group 'g' asks no question", at: 5, 3)
    }

    @Test func repeatIdMustBeAName() {
        expectOnly(problems(inSection("  repeat 9g\n    prompt: More?\n    ask a: text\n      prompt: A?\n")),
                   "'9g' is not a valid repeated group id", at: 5, 10)
    }

    @Test func nestedRepeat() {
        let text = inSection("""
              repeat outer
                prompt: More?
                ask a: text
                  prompt: A?
                repeat inner
                  prompt: More inner?
                  ask b: text
                    prompt: B?
            """)
        expectOnly(problems(text), "a repeated group cannot hold another repeated group", at: 9, 5)
    }

    @Test(arguments: [("max: many", "'many' is not a whole number"), ("min: -1", "'-1' is not a whole number"),
                      ("min: 1.5", "'1.5' is not a whole number")])
    func badMinMax(property: String, message: String) {
        expectOnly(problems(inSection("  repeat g\n    prompt: More?\n    \(property)\n    ask a: text\n      prompt: A?\n")),
                   message, at: 7, 10)
    }

    @Test func maxBelowMin() {
        expectOnly(problems(inSection("  repeat g\n    prompt: More?\n    min: 5\n    max: 2\n    ask a: text\n      prompt: A?\n")),
                   "the group's max (2) is below its min (5)", at: 5, 3)
    }

    @Test func maxOfZeroIsRefused() {
        let diagnostics = problems(inSection("  repeat g\n    prompt: More?\n    min: 0\n    max: 0\n    ask a: text\n      prompt: A?\n"))
        expectOnly(diagnostics, "max (0)", at: 5, 3)
    }

    @Test func minEqualToMaxIsFine() throws {
        let body = try statements(inSection("  repeat g\n    prompt: More?\n    min: 3\n    max: 3\n    ask a: text\n      prompt: A?\n"))
        #expect(body.first?.group?.minimum == 3)
        #expect(body.first?.group?.maximum == 3)
    }
}

// MARK: document

@Suite struct DocumentParserTests {
    @Test func document() throws {
        let body = try statements(inSection("""
              document site_summary
                title: Site profile: {{site_name}}
                save: documents.site_summary
                template:
                  # {{site_name}}

                  - **Community:** {{community}}
            """))
        let document = try #require(body.first?.document)
        #expect(document.name == "site_summary")
        #expect(document.save == ["documents", "site_summary"])
        let env = Environment(answers: .object([(key: "site_name", value: .string("Elm")), (key: "community", value: .string("Oak"))]))
        #expect(document.title.render(in: env) == "Site profile: Elm")
        #expect(document.template.render(in: env) == "# Elm\n\n- **Community:** Oak")
        #expect((document.location.line, document.location.column) == (5, 3))
    }

    @Test func titleDefaultsToTheName() throws {
        let body = try statements(inSection("  document notes\n    template:\n      Text\n"))
        #expect(body.first?.document?.title.literalText == "notes")
        #expect(body.first?.document?.save == nil)
    }

    @Test func documentWithoutTemplate() {
        expectOnly(problems(inSection("  document notes\n    title: Notes\n")), "document 'notes' has no template", at: 5, 3)
        expectOnly(problems(inSection("  document notes\n")), "document 'notes' has no template", at: 5, 3)
    }

    @Test func emptyTemplate() {
        expectOnly(problems(inSection("  document notes\n    template:\n  say: after\n")), "the template is empty", at: 6, 5)
    }

    @Test func unknownDocumentProperty() {
        expectOnly(problems(inSection("  document notes\n    format: pdf\n    template:\n      Text\n")),
                   "'format' is not a property of a document", at: 6, 5)
    }

    @Test func documentNameMustBeAName() {
        expectOnly(problems(inSection("  document my notes\n    template:\n      Text\n")), "'my notes' is not a valid document name", at: 5, 12)
    }

    @Test func templateErrorIsReportedOnceAtItsLine() {
        let text = inSection("""
              document notes
                template:
                  # Notes
                  {{#each partners}}
                  - {{name}}
            """)
        expectOnly(problems(text), "this block is never closed", at: 8, 7)
    }

    /// BUG: a problem anywhere later in the file (here a tab on line 9) hides "has no template".
    @Test func unrelatedLaterProblemDoesNotHideMissingTemplate() {
        let text = "dialogue t\ntitle: T\npurpose: P\nsection main\n  document notes\n    title: Notes\nsection other\n  say: a\n\tsay: b\n"
        let diagnostics = problems(text)
        expectOne(diagnostics, "a tab is used for indentation", at: 9, 1)
        expectOne(diagnostics, "document 'notes' has no template", at: 5, 3)
    }
}

// MARK: set

@Suite struct SetParserTests {
    @Test func set() throws {
        let body = try statements(inSection("  set induction.follow_up: yes\n"))
        let parts = try #require(body.first?.setParts)
        #expect(parts.path == ["induction", "follow_up"])
        #expect(parts.value.literalText == "yes")
        #expect(parts.condition == nil)
        #expect((body[0].location.line, body[0].location.column) == (5, 3))
    }

    @Test func setWithTemplateAndCondition() throws {
        let body = try statements(inSection("  set site.label: {{site_name}} ({{model}})\n    when: model is set\n"))
        let parts = try #require(body.first?.setParts)
        #expect(parts.path == ["site", "label"])
        let env = Environment(answers: .object([(key: "site_name", value: .string("Elm")), (key: "model", value: .string("hybrid"))]))
        #expect(parts.value.render(in: env) == "Elm (hybrid)")
        #expect(show(parts.condition) == "model is set")
    }

    @Test func setNeedsAPath() {
        expectOnly(problems(inSection("  set profile.a: 1\n")), "'set' needs a profile path", at: 5, 7)
        expectOnly(problems(inSection("  set: 1\n")), "'set' needs a profile path", at: 5, 6)
        expectOnly(problems(inSection("  set a b: 1\n")), "'set' needs a profile path", at: 5, 7)
    }

    @Test func setNeedsAValue() {
        expectOnly(problems(inSection("  set a.b\n")), "'set' needs the value to set after a colon", at: 5, 3)
        expectOnly(problems(inSection("  set a.b:\n")), "'set' needs the value to set after a colon", at: 5, 3)
    }

    @Test func setTakesOnlyWhen() {
        expectOnly(problems(inSection("  set a: 1\n    if: b\n")), "'if' is not a property of 'set'", at: 6, 5)
    }

    @Test func setConditionErrorHasItsColumn() {
        expectOnly(problems(inSection("  set a: 1\n    when: b >\n")), "a value is missing after '>'", at: 6, 14)
    }
}

@Suite struct RepeatedPropertyTests {
    @Test func groupsDocumentsAndSetRefuseAPropertyGivenTwice() {
        expectOnly(problems(inSection("  repeat g\n    prompt: More?\n    max: 3\n    max: 4\n    ask x: text\n      prompt: X?\n")),
                   "'max' is given twice for repeated group 'g'", at: 8, 5)
        expectOnly(problems(inSection("  document d\n    title: T\n    title: U\n    template:\n      text\n")),
                   "'title' is given twice for document 'd'", at: 7, 5)
        expectOnly(problems(inSection("  set a.b: 1\n    when: site\n    when: person\n")),
                   "'when' is given twice for 'set'", at: 7, 5)
    }

    @Test func boundsTakePlainDecimalsOnly() {
        expectOnly(problems(inSection("  ask n: number\n    prompt: N?\n    range: +1..1e3\n")), "'+1..1e3' is not a range", at: 7, 12)
        #expect(problems(inSection("  ask n: number\n    prompt: N?\n    range: 0.5..2\n")).isEmpty)
    }
}
