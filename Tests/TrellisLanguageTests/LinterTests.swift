import Foundation
import Testing
@testable import TrellisLanguage

// MARK: Helpers

/// Everything `trellis lint` would report for `sections`, written under a fixed header:
/// `dialogue t`, `title: T`, `purpose: P` on lines 1 to 3, so the first section is on line 4.
private func lint(_ sections: String, file: String = "t.dialogue") -> [Diagnostic] {
    Linter.check("dialogue t\ntitle: T\npurpose: P\n" + sections, file: file).diagnostics
}

/// Checks that `diagnostics` is exactly one problem whose message holds `fragment`, at `line`:`column`.
private func expectOnly(_ diagnostics: [Diagnostic], _ fragment: String, at line: Int, _ column: Int,
                        severity: Diagnostic.Severity = .error, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(diagnostics.count == 1, "expected one problem, got \(diagnostics)", sourceLocation: sourceLocation)
    expectOne(diagnostics, fragment, at: line, column, severity: severity, sourceLocation: sourceLocation)
}

/// Checks that exactly one of `diagnostics` holds `fragment`, with that severity, at `line`:`column`.
@discardableResult
private func expectOne(_ diagnostics: [Diagnostic], _ fragment: String, at line: Int, _ column: Int,
                       severity: Diagnostic.Severity = .error, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
    let matching = diagnostics.filter { $0.message.contains(fragment) }
    #expect(matching.count == 1, "expected one problem saying \"\(fragment)\", got \(diagnostics)", sourceLocation: sourceLocation)
    guard let found = matching.first else { return nil }
    #expect(found.severity == severity, sourceLocation: sourceLocation)
    #expect((found.location.line, found.location.column) == (line, column),
            "\"\(found.message)\" is at \(found.location.line):\(found.location.column), expected \(line):\(column)",
            sourceLocation: sourceLocation)
    return found
}

/// Checks that `diagnostics` is empty.
private func expectClean(_ diagnostics: [Diagnostic], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(diagnostics.isEmpty, "unexpected problems: \(diagnostics)", sourceLocation: sourceLocation)
}

/// Parses a dialogue with no problems, for the checks across dialogues.
private func dialogue(id: String, file: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Dialogue {
    let (dialogue, diagnostics) = Linter.check("dialogue \(id)\ntitle: T\npurpose: P\nsection a\n  say: hi\n", file: file)
    #expect(diagnostics.isEmpty, sourceLocation: sourceLocation)
    return try #require(dialogue, sourceLocation: sourceLocation)
}

// MARK: Ids

@Suite struct LinterIdTests {
    @Test func duplicateQuestionIds() {
        let diagnostics = lint("""
            section a
              ask q: text
                prompt: Q?
              ask q: number
                prompt: Q?
            """)
        expectOnly(diagnostics, "the id 'q' is already used at line 5", at: 7, 3)
    }

    @Test func duplicateIdsAcrossBranchesAndSections() {
        let diagnostics = lint("""
            section a
              if profile.x
                ask q: text
                  prompt: Q?
              else
                ask q: text
                  prompt: Q?
            section b
              ask q: text
                prompt: Q?
            """)
        #expect(diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
            "9:5 the id 'q' is already used at line 6",
            "12:3 the id 'q' is already used at line 6",
        ])
    }

    @Test func duplicateIdBetweenQuestionAndRepeatedGroup() {
        let diagnostics = lint("""
            section a
              ask partners: number
                prompt: How many?
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
            """)
        expectOnly(diagnostics, "the id 'partners' is already used at line 5", at: 7, 3)
    }

    @Test func duplicateIdBetweenRepeatedGroupFieldAndQuestion() {
        let diagnostics = lint("""
            section a
              ask name: text
                prompt: Name?
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
            """)
        expectOnly(diagnostics, "the id 'name' is already used at line 5", at: 9, 5)
    }

    @Test func duplicateIdBetweenDocumentAndOthers() {
        let diagnostics = lint("""
            section a
              ask summary: text
                prompt: Q?
              document summary
                template:
                  Text
            """)
        expectOnly(diagnostics, "the id 'summary' is already used at line 5", at: 7, 3)
        let groupAndDocument = lint("""
            section a
              repeat items
                prompt: More?
                ask x: text
                  prompt: X?
              document items
                template:
                  Text
            """)
        expectOnly(groupAndDocument, "the id 'items' is already used at line 5", at: 9, 3)
    }

    @Test(arguments: ["person", "site", "profile"])
    func builtInNameAsQuestionId(name: String) {
        expectOnly(lint("section a\n  ask \(name): text\n    prompt: Q?\n"),
                   "'\(name)' is a built-in name and cannot be used as a question id", at: 5, 3)
    }

    @Test func builtInNameAsGroupOrDocumentName() {
        expectOnly(lint("section a\n  repeat site\n    prompt: More?\n    ask x: text\n      prompt: X?\n"),
                   "'site' is a built-in name and cannot be used as a repeated group id", at: 5, 3)
        expectOnly(lint("section a\n  document person\n    template:\n      Text\n"),
                   "'person' is a built-in name and cannot be used as a document name", at: 5, 3)
    }

    @Test(arguments: ["and", "or", "not", "is", "has", "set", "when", "if", "else", "Not"])
    func conditionWordAsQuestionId(name: String) {
        expectOnly(lint("section a\n  ask \(name): text\n    prompt: Q?\n"),
                   "'\(name)' is a word of the condition language and cannot be used as a question id", at: 5, 3)
    }

    @Test func duplicateSections() {
        let diagnostics = lint("section a\n  say: one\nsection b\n  say: two\nsection a\n  say: three\n")
        expectOnly(diagnostics, "section 'a' is already defined at line 4", at: 8, 1)
    }

    @Test func sectionNamedEnd() {
        let diagnostics = lint("section a\n  say: one\nsection end\n  say: two\n")
        expectOnly(diagnostics, "'end' is reserved: 'go to end' finishes the dialogue", at: 6, 1)
    }
}

// MARK: Flow

@Suite struct LinterFlowTests {
    @Test func goToUnknownSectionSuggestsTheClosest() throws {
        let diagnostics = lint("""
            section welcome
              go to wrapup when profile.done
            section wrap-up
              say: Bye.
            """)
        let found = expectOne(diagnostics, "'go to wrapup' names no section of this dialogue", at: 5, 3)
        #expect(diagnostics.count == 1)
        #expect(found?.hint == "did you mean 'wrap-up'? Sections: welcome, wrap-up")
    }

    @Test func goToUnknownSectionInABranch() {
        let diagnostics = lint("section a\n  if profile.x\n    goto nowhere\n  say: hi\n")
        expectOnly(diagnostics, "'go to nowhere' names no section of this dialogue", at: 6, 5)
    }

    /// BUG (hint quality): the closest section is suggested however far it is; names share
    /// nothing with 'zzz' here. The reference check only suggests names within 3 edits.
    @Test func goToUnknownSectionFarFromEveryNameSuggestsNothing() {
        let diagnostics = lint("section welcome\n  go to zzz when profile.x\nsection partners\n  say: hi\n")
        let found = expectOne(diagnostics, "'go to zzz' names no section", at: 5, 3)
        #expect(found?.hint?.contains("did you mean") == false, "hint: \(found?.hint ?? "none")")
    }

    @Test func goToEndAndFinishAreFine() {
        expectClean(lint("section a\n  go to end when profile.x\n  finish\n"))
        expectClean(lint("section a\n  say: hi\n  go to end\n"))
    }

    @Test func statementAfterUnconditionalGoTo() {
        let diagnostics = lint("section a\n  go to b\n  say: never\nsection b\n  say: hi\n")
        let found = expectOne(diagnostics, "this is never reached: line 5 always leaves before it", at: 6, 3)
        #expect(diagnostics.count == 1)
        #expect(found?.hint?.contains("move it above line 5") == true)
    }

    @Test func statementAfterFinish() {
        expectOnly(lint("section a\n  finish\n  ask q: text\n    prompt: Q?\n"), "this is never reached: line 5 always leaves", at: 6, 3)
    }

    @Test func statementAfterConditionalGoToIsReachable() {
        expectClean(lint("section a\n  go to b when profile.x\n  say: reached\nsection b\n  say: hi\n"))
    }

    @Test func statementAfterIfWhoseBranchesAllLeave() {
        let diagnostics = lint("""
            section a
              if profile.x
                go to b
              else
                finish
              say: never
            section b
              say: hi
            """)
        expectOnly(diagnostics, "this is never reached: line 5 always leaves before it", at: 9, 3)
    }

    @Test func statementAfterIfWithOneBranchLeavingIsReachable() {
        expectClean(lint("section a\n  if profile.x\n    finish\n  say: reached\n"))
    }

    @Test func unreachableStatementInsideABranch() {
        expectOnly(lint("section a\n  if profile.x\n    finish\n    say: never\n  say: hi\n"), "this is never reached: line 6", at: 7, 5)
    }

    @Test func goToInsideARepeatedGroup() {
        let diagnostics = lint("""
            section a
              repeat items
                prompt: More?
                ask x: text
                  prompt: X?
                if x is skip
                  go to b
            section b
              say: hi
            """)
        expectOnly(diagnostics, "'go to' cannot leave a repeated group part way through an item", at: 10, 7)
    }

    @Test func unreachableSection() {
        let diagnostics = lint("section a\n  go to c\nsection b\n  say: lost\nsection c\n  say: hi\n")
        let found = expectOne(diagnostics, "section 'b' is never reached", at: 6, 1)
        #expect(diagnostics.count == 1)
        #expect(found?.hint?.contains("go to b") == true)
    }

    @Test func sectionReachedOnlyByAJumpIsReached() {
        let diagnostics = lint("section a\n  go to c when profile.x\n  finish\nsection b\n  say: lost\nsection c\n  say: hi\n")
        expectOnly(diagnostics, "section 'b' is never reached", at: 7, 1)
    }

    @Test func deadEndLoop() {
        let diagnostics = lint("""
            section a
              say: hi
              go to b
            section b
              say: again
              go to a
            """)
        #expect(diagnostics.count == 2)
        expectOne(diagnostics, "dead end: from section 'a' the dialogue can never finish", at: 4, 1)
        expectOne(diagnostics, "dead end: from section 'b' the dialogue can never finish", at: 7, 1)
    }

    @Test func sectionLoopingOnItself() {
        let diagnostics = lint("section a\n  say: start\n  go to b\nsection b\n  say: again\n  go to b\n")
        #expect(diagnostics.count == 2)
        expectOne(diagnostics, "dead end: from section 'a'", at: 4, 1)
        expectOne(diagnostics, "dead end: from section 'b'", at: 7, 1)
    }

    @Test func loopWithAConditionalWayOutIsNoDeadEnd() {
        expectClean(lint("section a\n  say: hi\n  go to b\nsection b\n  go to end when profile.done\n  go to a\n"))
        expectClean(lint("section a\n  say: hi\nsection b\n  if profile.again\n    go to a\n"))
    }

    @Test func loopThroughAnIfWithBothBranchesLooping() {
        let diagnostics = lint("section a\n  if profile.x\n    go to a\n  else\n    go to a\n")
        expectOnly(diagnostics, "dead end: from section 'a'", at: 4, 1)
    }

    @Test func unreachedLoopIsReportedAsUnreachedNotAsDeadEnd() {
        let diagnostics = lint("section a\n  finish\nsection b\n  go to b\n")
        expectOnly(diagnostics, "section 'b' is never reached", at: 6, 1)
    }
}

// MARK: Questions

@Suite struct LinterQuestionTests {
    @Test(arguments: ["choice", "multiple choice"])
    func choiceWithoutOptions(kind: String) {
        expectOnly(lint("section a\n  ask q: \(kind)\n    prompt: Q?\n"), "choice question 'q' has no options", at: 5, 3)
    }

    @Test func choiceWithOptionsFromIsFine() {
        expectClean(lint("section a\n  ask q: choice\n    prompt: Q?\n    options from: profile.partners.name\n"))
    }

    @Test func saveInsideARepeatedGroup() {
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: More?
                save: partners
                ask name: text
                  prompt: Name?
                  save: partner.name
            """)
        expectOnly(diagnostics, "'save: partner.name' is not used inside a repeated group", at: 8, 5)
    }

    @Test func documentInsideARepeatedGroup() {
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
                document card
                  template:
                    {{name}}
            """)
        expectOnly(diagnostics, "a document cannot be inside a repeated group", at: 9, 5)
    }

    @Test func invalidLiteralDefault() {
        let diagnostics = lint("section a\n  ask q: yes/no\n    prompt: Q?\n    default: maybe\n")
        let found = expectOne(diagnostics, "the default 'maybe' of 'q' would be refused: 'maybe' is not yes or no.", at: 5, 3)
        #expect(diagnostics.count == 1)
        #expect(found?.hint == "Please answer yes or no (y or n).")
    }

    @Test func invalidDefaultsOfOtherKinds() {
        expectOnly(lint("section a\n  ask q: number\n    prompt: Q?\n    range: 1..10\n    default: 11\n"),
                   "the default '11' of 'q' would be refused: 11 is out of range.", at: 5, 3)
        expectOnly(lint("section a\n  ask q: choice\n    prompt: Q?\n    option a: Apple\n    default: pear\n"),
                   "the default 'pear' of 'q' would be refused", at: 5, 3)
        expectOnly(lint("section a\n  ask q: date\n    prompt: Q?\n    default: 2026-02-29\n"),
                   "the default '2026-02-29' of 'q' would be refused", at: 5, 3)
        expectOnly(lint("section a\n  ask q: text\n    prompt: Q?\n    length: 5..10\n    default: abc\n"),
                   "the default 'abc' of 'q' would be refused: That is too short", at: 5, 3)
    }

    @Test func validDefaults() {
        expectClean(lint("section a\n  ask q: yes/no\n    prompt: Q?\n    default: yes\n"))
        expectClean(lint("section a\n  ask q: choice\n    prompt: Q?\n    option apple: Apple\n    option pear: Pear\n    default: Pear\n"))
        expectClean(lint("section a\n  ask q: scale\n    prompt: Q?\n    default: 3\n"))
        expectClean(lint("section a\n  ask q: date\n    prompt: Q?\n    default: 2024-02-29\n"))
    }

    @Test func defaultWithAPlaceholderIsNotCheckedAsALiteral() {
        expectClean(lint("section a\n  ask n: number\n    prompt: N?\n  ask q: number\n    prompt: Q?\n    default: {{n}}\n"))
    }

    /// BUG: a default naming one of the options taken with `options from` is checked only
    /// against the fixed options, so a default the engine would accept is reported as refused.
    @Test func defaultAmongOptionsFromIsNotRefused() {
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
              ask host: choice
                prompt: Who hosts?
                options from: partners.name
                default: Acme
            """)
        expectClean(diagnostics)
    }
}

// MARK: Names

@Suite struct LinterReferenceTests {
    @Test func unknownAnswerInCondition() {
        let diagnostics = lint("""
            section a
              ask model: choice
                prompt: Model?
                option hybrid: Hybrid
              if modle is hybrid
                say: yes
            """)
        let found = expectOne(diagnostics, "'modle' names an answer that no question sets", at: 8, 6)
        #expect(diagnostics.count == 1)
        #expect(found?.hint == "did you mean 'model'?")
    }

    @Test func unknownAnswerFarFromEveryNameHasAGeneralHint() {
        let found = expectOne(lint("section a\n  ask model: text\n    prompt: M?\n  say: {{xyzzy_plugh}}\n"),
                              "'xyzzy_plugh' names an answer that no question sets", at: 7, 10)
        #expect(found?.hint == "name a question id of this dialogue, or a profile value as 'profile.PATH'")
    }

    @Test func unknownAnswerInPlaceholder() {
        let diagnostics = lint("section a\n  ask name: text\n    prompt: Name?\n  say: Hi {{nmae}}!\n")
        let found = expectOne(diagnostics, "'nmae' names an answer that no question sets", at: 7, 13)
        #expect(found?.hint == "did you mean 'name'?")
    }

    @Test func unknownAnswersEverywhereTheyCanBeWritten() {
        let diagnostics = lint("""
            section a
              ask q: text
                prompt: {{p1}}
                help: {{p2}}
                default: {{p3}}
                when: p4
              go to a when p5
              set x.y: {{p6}}
                when: p7
              repeat items
                prompt: {{p8}}
                ask f: text
                  prompt: F?
              ask r: choice
                prompt: R?
                options from: p9
              document d
                title: {{p10}}
                template:
                  {{p11}}
              if p12 or (profile.x and not p13)
                say: {{#if p14}}{{#each p15}}x{{/each}}{{/if}}
              finish
            """)
        let names = diagnostics.filter { $0.message.contains("names an answer that no question sets") }
            .map { String($0.message.split(separator: "'")[0]) }
        #expect(Set(names) == Set((1...15).map { "p\($0)" }))
        #expect(names.count == 15)
        #expect(diagnostics.count == 15, "\(diagnostics)")
        expectOne(diagnostics, "'p4'", at: 9, 11)
        expectOne(diagnostics, "'p5'", at: 10, 16)
        expectOne(diagnostics, "'p7'", at: 12, 11)
        expectOne(diagnostics, "'p9'", at: 19, 19)
        expectOne(diagnostics, "'p11'", at: 23, 9)
        expectOne(diagnostics, "'p12'", at: 24, 6)
        expectOne(diagnostics, "'p13'", at: 24, 32)
        expectOne(diagnostics, "'p14'", at: 25, 16)
        expectOne(diagnostics, "'p15'", at: 25, 29)
    }

    @Test func builtInsAndProfileNeedNoQuestion() {
        expectClean(lint("""
            section a
              say: Hello {{person}} of {{site}}: {{profile.site.name}} {{profile.anything.at.all}}
              if profile.backbone.host is set and person and site is riverbend
                say: ok
            """))
    }

    @Test func loopFieldsInsideEachOverAGroup() {
        expectClean(lint("""
            section a
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
                ask sector: text
                  prompt: Sector of {{name}}?
              say:
                {{#each partners}}
                - {{name}} ({{sector}}){{#if sector is health}} ✚{{/if}}
                {{/each}}
            """))
    }

    @Test func groupFieldsInsideTheRepeatBody() {
        expectClean(lint("""
            section a
              repeat partners
                prompt: Add another?
                ask name: text
                  prompt: Name?
                if name is set
                  ask sector: text
                    prompt: Sector of {{name}}?
                    when: name is not set or name
            """))
    }

    @Test func groupFieldOutsideTheGroupIsAnError() {
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
              say: The first is {{name}}.
            """)
        let found = expectOne(diagnostics, "'name' is asked inside repeated group 'partners' and has no single value here", at: 9, 23)
        #expect(diagnostics.count == 1)
        #expect(found?.hint == "read it in a loop: '{{#each partners}}{{name}}{{/each}}'")
        expectOne(lint("section a\n  repeat partners\n    prompt: More?\n    ask name: text\n      prompt: Name?\n  if name is x\n    say: y\n"),
                  "'name' is asked inside repeated group 'partners'", at: 9, 6)
    }

    @Test func fieldOfAnotherGroupInsideEachIsAnError() {
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
              repeat staff
                prompt: More?
                ask role: text
                  prompt: Role?
              say: {{#each partners}}{{role}}{{/each}}
            """)
        expectOnly(diagnostics, "'role' is asked inside repeated group 'staff'", at: 13, 28)
    }

    @Test func groupListAndItsFieldPathAreFineOutside() {
        expectClean(lint("""
            section a
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
              if partners >= 2
                say: Partners: {{partners.name}}.
              ask host: choice
                prompt: Host?
                options from: partners.name
            """))
    }

    @Test func anyFieldInsideEachOverAProfileList() {
        expectClean(lint("section a\n  say: {{#each profile.partners}}{{name}} {{whatever.deep}}{{/each}}\n"))
    }

    @Test func dotInsideEachOverStrings() {
        expectClean(lint("""
            section a
              ask roles: multiple choice
                prompt: Roles?
                option a: A
                option b: B
              say: {{#each roles}}{{.}} {{/each}}
            """))
    }

    @Test func unknownNameInsideEachOverAGroupIsStillUnknown() {
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
              say: {{#each partners}}{{nam}}{{/each}}
            """)
        expectOnly(diagnostics, "'nam' names an answer that no question sets", at: 9, 28)
    }

    @Test func misspeltLoopFieldSuggestsTheField() {
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: More?
                ask name: text
                  prompt: Name?
              say: {{#each partners}}{{nam}}{{/each}}
            """)
        let found = expectOne(diagnostics, "'nam' names an answer that no question sets", at: 9, 28)
        #expect(found?.hint == "did you mean 'name'?")
    }

    @Test func groupFieldInTheGroupsOwnPromptIsAnError() {
        // The "add another?" question is asked between items, when no item is current.
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: Add another after {{name}}?
                ask name: text
                  prompt: Name?
            """)
        expectOnly(diagnostics, "'name' is asked inside repeated group 'partners'", at: 6, 33)
    }
}

// MARK: Profile paths

@Suite struct LinterPathTests {
    @Test func samePathTwice() {
        let diagnostics = lint("""
            section a
              ask a: text
                prompt: A?
                save: site.name
              ask b: text
                prompt: B?
                save: site.name
            """)
        expectOnly(diagnostics, "profile path 'site.name' is also written by question 'a' at line 5", at: 8, 3)
    }

    @Test func samePathForGroupAndDocument() {
        let diagnostics = lint("""
            section a
              repeat partners
                prompt: More?
                save: records
                ask name: text
                  prompt: Name?
              document summary
                save: records
                template:
                  Text
            """)
        expectOnly(diagnostics, "profile path 'records' is also written by repeated group 'partners' at line 5", at: 10, 3)
    }

    @Test func setAndQuestionOnTheSamePath() {
        expectOnly(lint("section a\n  ask a: text\n    prompt: A?\n    save: x.y\n  set x.y: fixed\n"),
                   "profile path 'x.y' is also written by question 'a' at line 5", at: 8, 3)
    }

    @Test func twoSetsMayWriteTheSamePath() {
        expectClean(lint("section a\n  set x.y: one\n    when: profile.a\n  set x.y: two\n    when: not profile.a\n"))
    }

    @Test func onePathPrefixOfAnother() {
        let diagnostics = lint("""
            section a
              ask a: text
                prompt: A?
                save: site
              ask b: text
                prompt: B?
                save: site.name
            """)
        expectOnly(diagnostics, "profile paths clash: 'site' (question 'a') holds a value where 'site.name' (question 'b') needs a group", at: 8, 3)
        let reversed = lint("""
            section a
              ask b: text
                prompt: B?
                save: site.name.first
              ask a: text
                prompt: A?
                save: site
            """)
        expectOnly(reversed, "profile paths clash: 'site' (question 'a') holds a value where 'site.name.first' (question 'b') needs a group", at: 8, 3)
    }

    @Test func prefixClashWithSet() {
        expectOnly(lint("section a\n  set backbone: none\n  ask b: text\n    prompt: B?\n    save: backbone.host\n"),
                   "profile paths clash: 'backbone' ('set') holds a value where 'backbone.host' (question 'b') needs a group", at: 5, 3)
    }

    @Test func siblingPathsAreFine() {
        expectClean(lint("""
            section a
              ask a: text
                prompt: A?
                save: site.name
              ask b: text
                prompt: B?
                save: site.community
              ask c: text
                prompt: C?
                save: site_name
            """))
    }
}

// MARK: Files and dialogues together

@Suite struct LinterFileTests {
    @Test func fileNameDiffersFromId() throws {
        let (dialogue, diagnostics) = Linter.check("dialogue t\ntitle: T\npurpose: P\nsection a\n  say: hi\n", file: "dialogues/other.dialogue")
        let found = expectOne(diagnostics, "the file is named 'other.dialogue' but the dialogue id is 't'", at: 1, 1, severity: .warning)
        #expect(diagnostics.count == 1)
        #expect(found?.hint == "name the file 't.dialogue' so people can find it")
        #expect(found?.location.file == "dialogues/other.dialogue")
        #expect(!diagnostics.hasErrors)
        #expect(dialogue != nil, "a warning alone does not refuse the dialogue")
    }

    @Test func matchingFileNameOrOtherExtensionGivesNoWarning() {
        expectClean(lint("section a\n  say: hi\n", file: "some/dir/t.dialogue"))
        expectClean(lint("section a\n  say: hi\n", file: "<stdin>"))
    }

    @Test func errorsRefuseTheDialogue() {
        let (dialogue, diagnostics) = Linter.check("dialogue t\ntitle: T\npurpose: P\nsection a\n  go to nowhere\n", file: "t.dialogue")
        #expect(diagnostics.hasErrors)
        #expect(dialogue == nil)
    }

    @Test func diagnosticsComeSortedByLocation() {
        let diagnostics = lint("section b\n  say: {{zz}}\n  go to x\n  say: {{yy}}\nsection b\n  say: hi\n")
        let places = diagnostics.map { [$0.location.line, $0.location.column] }
        #expect(places == places.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(diagnostics.count >= 4)
    }

    /// BUG: a file with a dialogue line but no section crashes the linter (checkFlow reads
    /// `edges[0]` of an empty array) instead of reporting "the dialogue has no sections".
    /// Run in a child process, so the crash fails this test alone.
    @Test func fileWithoutSectionsIsReportedNotACrash() async {
        await #expect(processExitsWith: .success) {
            let (dialogue, diagnostics) = Linter.check("dialogue t\ntitle: T\npurpose: P\n", file: "t.dialogue")
            let reported = diagnostics.contains { $0.message == "the dialogue has no sections" && $0.location.line == 1 }
            if dialogue != nil || !reported { fatalError("missing sections not reported") }
        }
    }

    @Test func parseErrorsAloneAreReportedWhenTheFileIsTooBroken() {
        let (dialogue, diagnostics) = Linter.check("title: T\n", file: "t.dialogue")
        #expect(dialogue == nil)
        #expect(diagnostics.map(\.message).contains("the file has no 'dialogue' line"))
    }

    @Test func duplicateDialogueIdsAcrossFiles() throws {
        let first = try dialogue(id: "intro", file: "a/intro.dialogue")
        let second = try dialogue(id: "intro", file: "b/intro.dialogue")
        let third = try dialogue(id: "intro", file: "c/intro.dialogue")
        let other = try dialogue(id: "other", file: "other.dialogue")
        let diagnostics = Linter.check([first, other, second, third])
        #expect(diagnostics.count == 2)
        #expect(diagnostics.map(\.message) == ["dialogue id 'intro' is also used by a/intro.dialogue",
                                               "dialogue id 'intro' is also used by a/intro.dialogue"])
        #expect(diagnostics.map(\.location.file) == ["b/intro.dialogue", "c/intro.dialogue"])
        #expect(diagnostics.allSatisfy { $0.location.line == 1 && $0.location.column == 1 && $0.severity == .error })
        #expect(Linter.check([first, other]).isEmpty)
    }

    @Test func siteSetupDialogueLintsClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("dialogues/site-setup.dialogue")
        let text = try String(contentsOf: url, encoding: .utf8)
        let (dialogue, diagnostics) = Linter.check(text, file: "dialogues/site-setup.dialogue")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let d = try #require(dialogue)
        #expect(d.id == "site-setup")
        #expect(d.sections.map(\.name) == ["welcome", "model", "partners", "backbone"])
        #expect(d.questions.map(\.id) == ["site_name", "community", "model", "phase", "name", "sector", "brings",
                                          "backbone_arrangement", "backbone_host"])
        #expect(d.repeatGroups.map(\.id) == ["partners"])
        #expect(d.documents.map(\.name) == ["site_summary"])
    }
}

@Suite struct ViewAndDynamicReadLintTests {
    @Test func aViewOutsideADocumentIsRefused() {
        let found = lint("section s\n  say:\n    {{> actions}}\n")
        expectOnly(found, "can be used only in a document's template", at: 6, 9)
    }

    @Test func anUnknownViewIsRefusedWithTheNamesThatExist() {
        let found = lint("section s\n  document d\n    title: D\n    template:\n      {{> matrix}}\n")
        let d = expectOne(found, "'matrix' is not a view Trellis can write", at: 8, 11)
        #expect(d?.hint?.contains("allocation-matrix") == true)
    }

    @Test func aProfileReadThroughAnAnswerNeedsThatAnswer() {
        expectClean(lint("section s\n  ask which: text\n    prompt: W?\n  say: {{profile.roles.{which}.hours}}\n  if profile.roles.{which} is set\n    say: yes\n"))
        let found = lint("section s\n  say: {{profile.roles.{whom}.hours}}\n")
        expectOnly(found, "'whom' names an answer that no question sets", at: 5, 10)
    }

    @Test func aPlaceholderMayEndWithAnAnswerPart() {
        expectClean(lint("section s\n  ask which: text\n    prompt: W?\n  say: {{profile.roles.{which}}}!\n"))
    }

    @Test func labelFromNeedsOptionsFrom() {
        let found = lint("section s\n  ask a: choice\n    prompt: A?\n    option x: X\n    label from: what\n")
        expectOnly(found, "'label from' needs 'options from'", at: 5, 3)
    }
}
