import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// Key handling as pure logic: no terminal, no journal file.
@Suite("ConsoleModel keys")
struct ConsoleModelTests {
    /// An L2 website-crisis incident with two members and a note.
    static let baseLines = [
        ev("member.joined", nil, at: -60, ["member": "zoe", "name": "Zoe Lin"]),
        declareLine(severity: 2, title: "Payment outage", playbook: "website-crisis"),
        ev("member.joined", at: 10, ["member": "alice", "name": "Alice Zhou"]),
        ev("member.joined", at: 20, actor: "chen", ["member": "chen", "name": "Chen Hao"]),
        noteLine("callbacks time out at the gateway", at: 30),
    ]

    func model(_ extra: [String] = []) -> ConsoleModel { makeModel(lines: Self.baseLines + extra) }

    /// Sends keys, returning every command they produced.
    @discardableResult
    func press(_ m: inout ConsoleModel, _ keys: [Key]) -> [ConsoleCommand] {
        keys.flatMap { m.handle($0) }
    }

    func type(_ m: inout ConsoleModel, _ text: String) {
        for c in text { #expect(m.handle(.char(c)).isEmpty) }
    }

    func prompt(_ m: ConsoleModel) -> TextPrompt? {
        if case .prompt(let p) = m.interaction { return p }
        return nil
    }

    func picker(_ m: ConsoleModel) -> Picker? {
        if case .picker(let p) = m.interaction { return p }
        return nil
    }

    /// The model after the journal gained lines (the console's view of an append).
    func grow(_ m: inout ConsoleModel, _ lines: [String]) {
        let all = Self.baseLines + lines
        m.journalUpdated(JournalReader.read(journalBytes(all)).state, pendingBytes: 0, reloaded: nil)
    }

    // MARK: Focus

    @Test("Tab and Shift-Tab cycle the focus through the four panes")
    func focusCycle() {
        var m = model()
        #expect(m.focus == .timeline)
        var seen: [Pane] = []
        for _ in 0..<4 {
            press(&m, [.tab])
            seen.append(m.focus)
        }
        #expect(seen == [.roster, .checklist, .kpis, .timeline])
        seen = []
        for _ in 0..<4 {
            press(&m, [.backTab])
            seen.append(m.focus)
        }
        #expect(seen == [.kpis, .checklist, .roster, .timeline])
        #expect(m.interaction == .none)
    }

    @Test("q quits, Ctrl-L repaints, ? opens help and any key closes it")
    func basics() {
        var m = model()
        #expect(m.handle(.char("q")) == [.quit])
        #expect(m.handle(.ctrl("l")) == [.repaint])
        press(&m, [.char("?")])
        #expect(m.interaction == .help)
        #expect(m.handle(.char("x")).isEmpty)
        #expect(m.interaction == .none)
        press(&m, [.char("?")])
        #expect(m.handle(.char("q")) == [.quit])
    }

    // MARK: Notes and prompt editing

    @Test("n opens the text prompt at once as an observation; Tab and Shift-Tab cycle the kind, keeping the text")
    func noteOpensTextPromptAndTabCyclesKind() {
        var m = model()
        press(&m, [.char("n")])
        #expect(prompt(m)?.purpose == .note(.observation))
        #expect(prompt(m)?.label == "observation:")
        #expect(prompt(m)?.hint == "Tab changes kind")
        // Typed at once: the letters are the note, not a kind picker's filter.
        type(&m, "gw 12s")
        #expect(prompt(m)?.string == "gw 12s")
        var kinds: [PromptPurpose?] = []
        for _ in 0..<4 {
            press(&m, [.tab])
            kinds.append(prompt(m)?.purpose)
        }
        #expect(kinds == [.note(.decision), .note(.action), .note(.inject), .note(.observation)])
        press(&m, [.backTab])
        #expect(prompt(m)?.purpose == .note(.inject))
        #expect(prompt(m)?.label == "inject:")
        #expect(prompt(m)?.string == "gw 12s")
        #expect(prompt(m)?.cursor == 6)
        #expect(m.handle(.enter) == [.append(EventDraft(kind: .note, incident: "INC-1", data: ["text": "gw 12s", "kind": "inject"]))])
        // The prompt shows the kind and that Tab changes it.
        let line = render(m, now: T0.addingTimeInterval(600), width: 80, height: 24).lines()[22]
        #expect(line.hasPrefix("inject: gw 12s"))
        #expect(line.hasSuffix("Tab changes kind"))
    }

    @Test("n, Tab → decision prompt; Chinese typing and editing; Enter emits a decision note")
    func noteWithEditing() {
        var m = model()
        press(&m, [.char("n"), .tab])
        #expect(prompt(m)?.purpose == .note(.decision))
        #expect(prompt(m)?.label == "decision:")

        type(&m, "回滚")
        type(&m, " rollback")
        #expect(prompt(m)?.string == "回滚 rollback")
        #expect(prompt(m)?.cursor == 11)
        // Left ×9 lands between "回滚" and " rollback"; type a Chinese word there.
        press(&m, Array(repeating: .left, count: 9))
        #expect(prompt(m)?.cursor == 2)
        type(&m, "版本")
        #expect(prompt(m)?.string == "回滚版本 rollback")
        #expect(prompt(m)?.cursor == 4)
        // Backspace deletes the character before the cursor, a whole wide character.
        press(&m, [.backspace])
        #expect(prompt(m)?.string == "回滚版 rollback")
        press(&m, [.home])
        #expect(prompt(m)?.cursor == 0)
        press(&m, [.backspace])  // nothing before the cursor
        #expect(prompt(m)?.string == "回滚版 rollback")
        type(&m, "先")
        press(&m, [.end])
        #expect(prompt(m)?.cursor == prompt(m)?.text.count)
        type(&m, " now")
        #expect(prompt(m)?.string == "先回滚版 rollback now")
        // Ctrl-U clears everything before the cursor.
        press(&m, [.left, .left, .left, .left, .ctrl("u")])
        #expect(prompt(m)?.string == " now")
        #expect(prompt(m)?.cursor == 0)
        press(&m, [.delete])
        type(&m, "决定：回滚 rollback ")
        #expect(prompt(m)?.string == "决定：回滚 rollback now")

        let out = m.handle(.enter)
        let draft = EventDraft(kind: .note, incident: "INC-1", data: ["text": "决定：回滚 rollback now", "kind": "decision"])
        #expect(out == [.append(draft)])
        // The prompt stays open until the writer answers.
        #expect(prompt(m)?.string == "决定：回滚 rollback now")
        m.appendFinished(error: nil)
        #expect(m.interaction == .none)
    }

    @Test("an observation note carries no kind member")
    func observationNote() {
        var m = model()
        press(&m, [.char("n")])
        type(&m, "  gateway p99 12s  ")
        let out = m.handle(.enter)
        #expect(out == [.append(EventDraft(kind: .note, incident: "INC-1", data: ["text": "gateway p99 12s"]))])
    }

    @Test("Esc cancels a prompt and a picker without emitting anything")
    func escapeCancels() {
        var m = model()
        press(&m, [.char("n"), .tab])
        type(&m, "half typed")
        #expect(m.handle(.escape).isEmpty)
        #expect(m.interaction == .none)
        #expect(m.message?.text == "cancelled")
        press(&m, [.char("n")])
        #expect(m.handle(.escape).isEmpty)
        #expect(m.interaction == .none)
    }

    @Test("an empty note keeps the prompt open with an error")
    func emptyNote() {
        var m = model()
        press(&m, [.char("n"), .tab, .tab])
        type(&m, "   ")
        #expect(m.handle(.enter).isEmpty)
        #expect(prompt(m)?.purpose == .note(.action))
        #expect(m.message?.isError == true)
    }

    @Test("a refused append keeps the prompt and its text; an accepted one closes it")
    func appendFinished() {
        var m = model()
        press(&m, [.char("n"), .tab])
        type(&m, "切换到备用网关")
        press(&m, [.left])
        let out = m.handle(.enter)
        #expect(out.count == 1)
        m.appendFinished(error: "disk full")
        let p = prompt(m)
        #expect(p?.string == "切换到备用网关")
        #expect(p?.cursor == 6)
        #expect(p?.purpose == .note(.decision))
        #expect(m.message?.text == "disk full")
        #expect(m.message?.isError == true)
        // Retrying sends the same draft again.
        #expect(m.handle(.enter) == out)
        m.appendFinished(error: nil)
        #expect(m.interaction == .none)
    }

    // MARK: Checklist

    @Test("space on the Checklist pane ticks and unticks the selected item")
    func checklistTick() {
        var m = model()
        let entries = Checklist.entries(for: m.incident!, playbook: m.playbook)
        #expect(entries.first?.id == "grade-crisis")
        #expect(entries.count > 2)
        // space elsewhere only explains.
        #expect(m.handle(.char(" ")).isEmpty)
        #expect(m.message?.text.contains("Checklist") == true)
        press(&m, [.tab, .tab])
        #expect(m.focus == .checklist)
        #expect(m.handle(.char(" ")) == [.append(EventDraft(kind: .checklistDone, incident: "INC-1", data: ["item": "grade-crisis"]))])
        press(&m, [.down])
        #expect(m.checklistSelection == 1)
        #expect(
            m.handle(.char(" ")) == [.append(EventDraft(kind: .checklistDone, incident: "INC-1", data: ["item": .string(entries[1].id)]))])
        // Once the tick is in the journal, space on it unticks.
        grow(&m, [ev("checklist.done", at: 100, ["item": .string(entries[1].id)])])
        #expect(
            m.handle(.char(" ")) == [.append(EventDraft(kind: .checklistUndone, incident: "INC-1", data: ["item": .string(entries[1].id)]))]
        )
        // The selection stops at the ends.
        press(&m, [.up, .up, .up])
        #expect(m.checklistSelection == 0)
        press(&m, [.end])
        #expect(m.checklistSelection == entries.count - 1)
        press(&m, [.pageDown])
        #expect(m.checklistSelection == entries.count - 1)
    }

    // MARK: Severity, phase, comms, counters, roles

    @Test("s with a suggestion preselects the suggested severity and pre-fills the reason")
    func severityWithSuggestion() {
        var m = makeModel(lines: [
            declareLine(severity: 3, title: "Login failures", playbook: "website-crisis"),
            ev("counter.set", at: 60, ["name": "complaints", "value": .number(1204)]),
        ])
        press(&m, [.char("s")])
        let p = picker(m)
        #expect(p?.purpose == .severity)
        #expect(p?.title == "Severity (now L3)")
        #expect(p?.selected == 1)
        #expect(p?.options[1].value == "2")
        press(&m, [.enter])
        let pr = prompt(m)
        #expect(pr?.purpose == .severityReason(.l2))
        #expect(pr?.string == "complaints 1,204 > 1,000: criteria for L2 met")
        #expect(pr?.label == "L3 → L2 reason:")
        let out = m.handle(.enter)
        #expect(
            out == [
                .append(
                    EventDraft(
                        kind: .incidentSeverity, incident: "INC-1",
                        data: [
                            "severity": .number(2), "reason": "complaints 1,204 > 1,000: criteria for L2 met",
                        ]))
            ])
    }

    @Test("s without a suggestion; choosing the current severity only says so")
    func severityPlain() {
        var m = model()
        press(&m, [.char("s")])
        #expect(picker(m)?.selected == 0)
        #expect(m.handle(.char("2")).isEmpty)
        #expect(m.interaction == .none)
        #expect(m.message?.text == "INC-1 is already L2")
        press(&m, [.char("s"), .char("1")])
        #expect(prompt(m)?.string == "")
        let out = m.handle(.enter)
        #expect(out == [.append(EventDraft(kind: .incidentSeverity, incident: "INC-1", data: ["severity": .number(1)]))])
    }

    @Test("p opens the phase picker on the next phase, then an optional note; Enter with no text sets the phase alone")
    func phase() {
        var m = model()
        press(&m, [.char("p")])
        let p = picker(m)
        #expect(p?.purpose == .phase)
        #expect(p?.options.map(\.value) == Phase.allCases.map(\.rawValue))
        #expect(p?.selected == 1)
        #expect(m.handle(.enter).isEmpty)
        #expect(prompt(m)?.purpose == .phaseNote(.verified))
        #expect(prompt(m)?.label == "declared → verified, note:")
        let out = m.handle(.enter)
        #expect(out == [.append(EventDraft(kind: .incidentPhase, incident: "INC-1", data: ["phase": "verified"]))])
        m.appendFinished(error: nil)
        #expect(m.interaction == .none)
        // The current phase is refused without an event.
        press(&m, [.char("p")])
        #expect(m.handle(.char("1")).isEmpty)
        #expect(m.message?.text == "INC-1 is already declared")
        // Typing narrows the list.
        press(&m, [.char("p"), .char("c"), .char("o"), .char("n")])
        #expect(picker(m)?.visible.map(\.value) == ["contained"])
        press(&m, [.enter])
        #expect(prompt(m)?.purpose == .phaseNote(.contained))
    }

    @Test("letters typed after picking a phase go into its note, never to the console's commands")
    func phaseNoteTakesTypedLetters() {
        var m = model()
        press(&m, [.char("p"), .char("3")])
        // "P and I …" once fell through as drill keys; "q" would have quit.
        let typed = "PIq contained at the gateway"
        for c in typed { #expect(m.handle(.char(c)).isEmpty, "\(c) produced a command") }
        #expect(prompt(m)?.string == typed)
        #expect(m.message == nil)
        #expect(
            m.handle(.enter) == [
                .append(
                    EventDraft(
                        kind: .incidentPhase, incident: "INC-1",
                        data: [
                            "phase": "contained", "note": .string(typed),
                        ]))
            ])
    }

    @Test("closing with open checklist items asks first and says how many are open")
    func closeAsksWithOpenItems() {
        var m = model([ev("checklist.done", at: 40, ["item": "grade-crisis"])])
        let open = Checklist.entries(for: m.incident!, playbook: m.playbook).filter { !$0.isDone }.count
        #expect(open > 1)
        press(&m, [.char("p"), .char("5")])
        let confirm = picker(m)
        #expect(confirm?.purpose == .confirmClose)
        #expect(confirm?.title == "Close INC-1 with \(open) checklist items still open?")
        // Enter on the default keeps it open; nothing is written.
        #expect(m.handle(.enter).isEmpty)
        #expect(m.interaction == .none)
        #expect(m.message?.text == "INC-1 stays declared")
        // Choosing yes goes on to the note, then closes.
        press(&m, [.char("p"), .char("5"), .char("2")])
        #expect(prompt(m)?.purpose == .phaseNote(.closed))
        type(&m, "all clear")
        #expect(
            m.handle(.enter) == [
                .append(EventDraft(kind: .incidentPhase, incident: "INC-1", data: ["phase": "closed", "note": "all clear"]))
            ])
        // With every item done there is nothing to confirm.
        let items = Checklist.entries(for: m.incident!, playbook: m.playbook).map(\.id)
        var done = makeModel(
            lines: Self.baseLines
                + items.enumerated().map { ev("checklist.done", at: Double(40 + $0.offset), ["item": .string($0.element)]) })
        press(&done, [.char("p"), .char("5")])
        #expect(prompt(done)?.purpose == .phaseNote(.closed))
        // One open item reads in the singular.
        var one = makeModel(
            lines: Self.baseLines
                + items.dropFirst().enumerated().map { ev("checklist.done", at: Double(40 + $0.offset), ["item": .string($0.element)]) })
        press(&one, [.char("p"), .char("5")])
        #expect(picker(one)?.title == "Close INC-1 with 1 checklist item still open?")
    }

    @Test("closing the shown incident keeps it on screen, said closed, until another is picked with i")
    func closedIncidentStaysShown() {
        var m = model()
        #expect(m.pinnedIncident == nil)
        let close = ev("incident.phase", at: 60, ["phase": "closed"])
        grow(&m, [close])
        #expect(m.incident?.id == "INC-1")
        #expect(m.incident?.isClosed == true)
        #expect(m.message?.text.contains("INC-1 is closed") == true)
        let header = render(m, now: T0.addingTimeInterval(600), width: 80, height: 24).lines()[0]
        #expect(header.contains("INC-1") && header.contains("closed"), "\(header)")
        #expect(!header.contains("no active incident"))
        // Another incident declared elsewhere does not take the screen either.
        grow(&m, [close, declareLine("INC-2", severity: 3, title: "Slow pages", at: 70, playbook: "website-crisis")])
        #expect(m.incident?.id == "INC-1")
        // Picking another with i moves on.
        press(&m, [.char("i")])
        #expect(picker(m)?.options.map(\.value).contains("INC-2") == true)
        press(&m, [.char("1")])
        #expect(m.incident?.id == "INC-2")
    }

    @Test("c asks the audience, then the channel (suggested per audience, skippable, free text), then the text")
    func comms() {
        var m = model()
        // A policy that needs no approval: the flow publishes (StatementConsoleTests drafts under the shipped one).
        m.catalog.policy.approvals.rules = [:]
        press(&m, [.char("c")])
        #expect(picker(m)?.options.map(\.value) == ["internal", "external", "management", "regulator"])
        press(&m, [.char("2")])
        let channels = picker(m)
        #expect(channels?.purpose == .channel(.external))
        #expect(channels?.allowsFreeText == true)
        #expect(
            channels?.options.map(\.value) == ["", "official site", "in-app notice", "weibo", "email to affected users", "press statement"])
        // ↓ picks the first suggestion.
        press(&m, [.down, .enter])
        #expect(prompt(m)?.purpose == .commsText(.external, channel: "official site"))
        #expect(prompt(m)?.label == "to external via official site:")
        #expect(m.handle(.enter).isEmpty)  // empty text refused
        #expect(m.message?.isError == true)
        type(&m, "支付已恢复 Payments restored")
        #expect(
            m.handle(.enter) == [
                .append(
                    EventDraft(
                        kind: .commsPublished, incident: "INC-1",
                        data: [
                            "audience": "external", "text": "支付已恢复 Payments restored", "channel": "official site",
                        ]))
            ])
    }

    @Test("the comms channel: Enter skips it, a typed channel is taken as typed, one used before is suggested first")
    func commsChannel() {
        var m = model()
        press(&m, [.char("c"), .char("1"), .enter])
        #expect(prompt(m)?.purpose == .commsText(.internal, channel: nil))
        type(&m, "bridge open")
        #expect(
            m.handle(.enter) == [
                .append(
                    EventDraft(
                        kind: .commsPublished, incident: "INC-1",
                        data: [
                            "audience": "internal", "text": "bridge open",
                        ]))
            ])
        m.appendFinished(error: nil)
        press(&m, [.char("c"), .char("3")])
        type(&m, "短信 SMS")
        press(&m, [.enter])
        #expect(prompt(m)?.purpose == .commsText(.management, channel: "短信 SMS"))
        // Suggestions differ per audience; this incident's own channel for the audience comes first.
        var used = model([ev("comms.published", at: 40, ["audience": "regulator", "text": "filed", "channel": "CAC portal"])])
        press(&used, [.char("c"), .char("4")])
        #expect(picker(used)?.options.map(\.value) == ["", "CAC portal", "formal letter", "regulator portal", "email"])
    }

    @Test("# asks a name, then a value; a non-number keeps the prompt with an error")
    func counter() {
        var m = model([ev("counter.set", at: 40, ["name": "complaints", "value": .number(1204)])])
        press(&m, [.char("#")])
        #expect(prompt(m)?.purpose == .counterName)
        type(&m, "complaints")
        #expect(m.handle(.enter).isEmpty)
        #expect(prompt(m)?.purpose == .counterValue("complaints"))
        #expect(prompt(m)?.string == "1204")  // the current value, to edit
        press(&m, [.ctrl("u")])
        type(&m, "lots")
        #expect(m.handle(.enter).isEmpty)
        #expect(prompt(m)?.purpose == .counterValue("complaints"))
        #expect(prompt(m)?.string == "lots")
        #expect(m.message?.isError == true)
        #expect(m.message?.text.contains("not a number") == true)
        press(&m, [.ctrl("u")])
        type(&m, "1,380")
        #expect(
            m.handle(.enter) == [
                .append(
                    EventDraft(
                        kind: .counterSet, incident: "INC-1",
                        data: [
                            "name": "complaints", "value": .number(1380),
                        ]))
            ])
        // A new counter's name gets underscores; its value starts empty.
        m.appendFinished(error: nil)
        press(&m, [.char("#")])
        type(&m, "negative mentions")
        press(&m, [.enter])
        #expect(prompt(m)?.purpose == .counterValue("negative_mentions"))
        #expect(prompt(m)?.string == "")
    }

    @Test("a assigns a role: role picker, then a member picker that takes free text")
    func assign() {
        var m = model()
        press(&m, [.char("a")])
        let roles = picker(m)
        #expect(roles?.purpose == .role)
        #expect(roles?.allowsFreeText == false)
        #expect(roles?.options.first?.value == "commander")
        #expect(roles?.options.first?.detail == "unfilled")
        press(&m, [.char("1")])
        let members = picker(m)
        #expect(members?.purpose == .member("commander"))
        #expect(members?.allowsFreeText == true)
        #expect(members?.title == "commander (unfilled): pick or type a member")
        // Incident members first, then the standing roster.
        #expect(members?.options.map(\.value) == ["alice", "chen", "zoe"])
        // Digits are typed, not choices, when free text is allowed.
        type(&m, "王芳2")
        #expect(picker(m)?.visible.isEmpty == true)
        #expect(
            m.handle(.enter) == [
                .append(
                    EventDraft(
                        kind: .roleAssigned, incident: "INC-1",
                        data: [
                            "role": "commander", "member": "王芳2",
                        ]))
            ])
        m.appendFinished(error: nil)
        #expect(m.interaction == .none)
        // Choosing a listed member: the first ↓ selects the first, the second the next.
        press(&m, [.char("a"), .char("2"), .down, .down])
        #expect(
            m.handle(.enter) == [
                .append(
                    EventDraft(
                        kind: .roleAssigned, incident: "INC-1",
                        data: [
                            "role": "communications", "member": "chen",
                        ]))
            ])
    }

    @Test("the member picker selects nobody until a deliberate choice, and names who holds the role now")
    func memberPickerNeedsADeliberateChoice() {
        var m = model([ev("role.assigned", at: 40, ["role": "commander", "member": "zoe"])])
        press(&m, [.char("a"), .char("1")])
        let p = picker(m)
        #expect(p?.title == "commander (held by zoe): pick or type a member")
        #expect(p?.selection == nil)
        // Enter with nothing chosen writes nothing and says what to do.
        #expect(m.handle(.enter).isEmpty)
        #expect(picker(m)?.purpose == .member("commander"))
        #expect(m.message?.text == "nobody picked: ↑↓ to choose, or type a name")
        // Nothing is drawn selected.
        let grid = render(m, now: T0.addingTimeInterval(600), width: 80, height: 24)
        let rows = grid.lines().enumerated().filter { ["alice", "chen", "zoe"].contains(where: $0.element.contains) }
        for (y, _) in rows {
            #expect(!(0..<80).contains { grid.cell($0, y).style == Styles.selection }, "row \(y) drawn selected")
        }
        #expect(grid.text().contains("commander (held by zoe)"))
        // ↑ from nothing picks the last row (for a held role, the release row after the three
        // members); typed text that narrows to one picks it.
        press(&m, [.up])
        #expect(picker(m)?.selection == 3)
        #expect(picker(m)?.visible.last?.label == "release (leave unfilled)")
        press(&m, [.escape, .char("a"), .char("1")])
        type(&m, "che")
        #expect(picker(m)?.selection == 0)
        #expect(
            m.handle(.enter) == [
                .append(EventDraft(kind: .roleAssigned, incident: "INC-1", data: ["role": "commander", "member": "chen"]))
            ])
    }

    @Test("a on a held role offers to release it; the release writes role.released")
    func releaseFromTheMemberPicker() {
        var m = model([ev("role.assigned", at: 40, ["role": "commander", "member": "zoe"])])
        press(&m, [.char("a"), .char("1")])
        #expect(picker(m)?.options.map(\.label).last == "release (leave unfilled)")
        type(&m, "release")
        #expect(picker(m)?.selection == 0)
        #expect(m.handle(.enter) == [.append(EventDraft(kind: .roleReleased, incident: "INC-1", data: ["role": "commander"]))])
        // An unfilled role has nothing to release.
        var u = model([])
        press(&u, [.char("a"), .char("2")])
        #expect(picker(u)?.options.contains { $0.label.hasPrefix("release") } != true)
    }

    @Test("a with nobody on any roster goes straight to a name prompt")
    func assignWithoutMembers() {
        // The declarer is on the roster until they leave it.
        var m = makeModel(lines: [declareLine(playbook: "website-crisis"), ev("member.left", at: 1, ["member": "alice"])])
        press(&m, [.char("a"), .char("1")])
        #expect(prompt(m)?.purpose == .assignMember("commander"))
        type(&m, "bob")
        #expect(
            m.handle(.enter) == [.append(EventDraft(kind: .roleAssigned, incident: "INC-1", data: ["role": "commander", "member": "bob"]))])
    }

    // MARK: Declaring and switching incidents

    @Test("D with no incident: severity, title, playbook, summary and start time; a draft without an incident id")
    func declare() throws {
        var m = makeModel([])
        #expect(m.incident == nil)
        press(&m, [.char("D")])
        #expect(picker(m)?.purpose == .declareSeverity)
        press(&m, [.char("2")])
        #expect(prompt(m)?.purpose == .declareTitle(.l2))
        #expect(m.handle(.enter).isEmpty)
        #expect(m.message?.text == "the title is empty; give the incident a title")
        type(&m, "支付故障 payment outage")
        #expect(m.handle(.enter).isEmpty)
        // The playbook: the suggested one (the default for L2) selected, every other one offered.
        let p = try #require(picker(m))
        let draft = DeclareDraft(severity: .l2, title: "支付故障 payment outage")
        #expect(p.purpose == .declarePlaybook(draft))
        #expect(p.options.map(\.value).first == "website-crisis")
        #expect(p.options.first?.detail == "suggested")
        #expect(Set(p.options.map(\.value)) == Set(shippedCatalog.playbooks.map(\.name) + [" none"]))
        #expect(p.selected == 0)
        #expect(m.handle(.enter).isEmpty)
        // The summary, optional.
        var withPlaybook = draft
        withPlaybook.playbook = "website-crisis"
        #expect(prompt(m)?.purpose == .declareSummary(withPlaybook))
        type(&m, "cards fail at checkout")
        #expect(m.handle(.enter).isEmpty)
        withPlaybook.summary = "cards fail at checkout"
        #expect(prompt(m)?.purpose == .declareStart(withPlaybook))
        // The start time, optional: a time it cannot read keeps the prompt and says what to type.
        type(&m, "yesterday-ish")
        #expect(m.handle(.enter).isEmpty)
        #expect(m.message?.isError == true)
        #expect(m.message?.text.contains("14:05, 30m ago or 2026-11-22T08:15:00Z") == true)
        #expect(prompt(m)?.string == "yesterday-ish")
        press(&m, [.ctrl("u")])
        type(&m, "2026-11-22T07:45:00Z")
        // The start is checked against the message's clock (the loop's), not the wall clock.
        let out = m.update(.key(.enter), now: T0.addingTimeInterval(3600))
        #expect(
            out == [
                .append([
                    EventDraft(
                        kind: .incidentDeclared, incident: nil,
                        data: [
                            "title": "支付故障 payment outage", "severity": .number(2), "started_at": "2026-11-22T07:45:00.000Z",
                            "summary": "cards fail at checkout", "playbook": "website-crisis",
                        ])
                ])
            ])
        m.appendFinished(error: nil)
        #expect(m.interaction == .none)
    }

    @Test("D while an incident is open declares another one; Enter through the optional steps skips them")
    func declareSecond() {
        var m = model()
        press(&m, [.char("D"), .char("1")])
        type(&m, "Data leak")
        press(&m, [.enter, .enter, .enter])
        #expect(
            m.handle(.enter) == [
                .append(
                    EventDraft(
                        kind: .incidentDeclared, incident: nil,
                        data: [
                            "title": "Data leak", "severity": .number(1), "playbook": "data-breach",
                        ]))
            ])
    }

    /// Issue 12, finding 10: a data leak declared at L2 got website-crisis without being asked.
    @Test("a data leak declared at L2 is offered the data-breach playbook first, and the choice can be changed")
    func declareSuggestsByTitle() throws {
        var m = model()
        press(&m, [.char("D"), .char("2")])
        type(&m, "Customer data leak 数据泄露")
        press(&m, [.enter])
        let p = try #require(picker(m))
        #expect(p.options.first?.value == "data-breach")
        #expect(p.options.first?.detail == "suggested")
        // Another one chosen by typing to narrow, then no summary, a start 30 minutes ago.
        type(&m, "online")
        press(&m, [.enter, .enter])
        type(&m, "30m ago")
        let now = T0.addingTimeInterval(3600)
        let out = m.update(.key(.enter), now: now)
        guard case .append(let ds)? = out.first, let d = ds.first else {
            Issue.record("no declaration: \(out)")
            return
        }
        #expect(d.data["playbook"] == "online-event")
        #expect(d.data["summary"] == nil)
        let start = try #require(d.data["started_at"]?.stringValue.flatMap(RFC3339.parse))
        #expect(start == now.addingTimeInterval(-1800))
        // "no playbook" is a choice too.
        var n = model()
        press(&n, [.char("D"), .char("3")])
        type(&n, "Slow pages")
        press(&n, [.enter])
        type(&n, "no playbook")
        press(&n, [.enter, .enter])
        guard case .append(let none)? = n.handle(.enter).first else {
            Issue.record("no declaration")
            return
        }
        #expect(none.data["playbook"] == nil)
    }

    @Test("start times: a clock time today (yesterday if still to come), a duration ago, RFC 3339; the future is refused")
    func declareStartTimes() {
        let now = RFC3339.parse("2026-11-22T08:00:00Z")!
        let cst = TimeZone(secondsFromGMT: 8 * 3600)!
        /// nil when refused; .some(nil) for no start time.
        func parse(_ t: String, _ tz: TimeZone = utc) -> Date?? {
            switch DeclareFlow.parseStart(t, now: now, timeZone: tz) {
            case .success(let d): return .some(d)
            case .failure: return nil
            }
        }
        #expect(parse("") == .some(nil))
        #expect(parse("07:30") == RFC3339.parse("2026-11-22T07:30:00Z"))
        #expect(parse("09:30") == RFC3339.parse("2026-11-21T09:30:00Z"), "still to come today: yesterday")
        #expect(parse("15:10", cst) == RFC3339.parse("2026-11-22T07:10:00Z"), "in the console's time zone")
        #expect(parse("1h30m ago") == RFC3339.parse("2026-11-22T06:30:00Z"))
        #expect(parse("-45m") == RFC3339.parse("2026-11-22T07:15:00Z"))
        #expect(parse("2026-11-22T07:00:00+08:00") == RFC3339.parse("2026-11-21T23:00:00Z"))
        if case .failure(let e) = DeclareFlow.parseStart("2026-11-22T09:00:00Z", now: now, timeZone: utc) {
            #expect(e.reason.contains("still to come"))
        } else {
            Issue.record("a start after now was accepted")
        }
        #expect(parse("07:30:15") == RFC3339.parse("2026-11-22T07:30:15Z"))
        for bad in ["25:00", "soon", "12:60", "07::30", "07:30:15:00", "07", "07:3x"] { #expect(parse(bad) == nil, "\(bad)") }
    }

    // MARK: Playbook switch (B) and presence (m)

    @Test("B offers the other playbooks and writes incident.playbook with an optional reason")
    func switchPlaybook() throws {
        var m = model([ev("incident.playbook", at: 40, ["playbook": "website-crisis"])])
        press(&m, [.char("B")])
        let p = try #require(picker(m))
        #expect(p.purpose == .switchPlaybook)
        #expect(p.options.first { $0.value == "website-crisis" }?.detail == "current")
        #expect(p.options.allSatisfy { $0.value != " none" })
        #expect(p.options[p.selected].value != "website-crisis", "the current one is not pre-selected")
        type(&m, "data-breach")
        press(&m, [.enter])
        #expect(prompt(m)?.purpose == .playbookReason("data-breach"))
        type(&m, "records leaked")
        #expect(
            m.handle(.enter) == [
                .append(
                    EventDraft(
                        kind: .incidentPlaybook, incident: "INC-1",
                        data: [
                            "playbook": "data-breach", "reason": "records leaked",
                        ]))
            ])
        // Choosing the current one says so and writes nothing.
        var again = model([ev("incident.playbook", at: 40, ["playbook": "website-crisis"])])
        press(&again, [.char("B")])
        type(&again, "website")
        #expect(again.handle(.enter).isEmpty)
        #expect(again.message?.text == "INC-1 already runs under website-crisis")
    }

    @Test("m sets one's own presence, journal-wide")
    func presenceKey() throws {
        var m = model()
        m.me = "chen"
        press(&m, [.char("m")])
        let p = try #require(picker(m))
        #expect(p.purpose == .presence)
        #expect(p.options.map(\.value) == ["available", "engaged", "away", "offline"])
        #expect(p.options.first?.detail == "now")
        #expect(
            m.handle(.char("3")) == [.append(EventDraft(kind: .memberStatus, incident: nil, data: ["member": "chen", "status": "away"]))])
        // Works with no incident, refuses when read-only.
        var empty = makeModel([])
        empty.me = "chen"
        press(&empty, [.char("m")])
        #expect(picker(empty)?.purpose == .presence)
        var ro = model()
        ro.me = "chen"
        ro.readOnlyReason = "no"
        #expect(ro.handle(.char("m")).isEmpty)
        #expect(ro.message?.text.contains("read-only") == true)
    }

    @Test("i switches the incident shown")
    func switchIncident() {
        var m = model([declareLine("INC-2", severity: 3, title: "Slow pages", at: 200, playbook: "website-crisis")])
        #expect(m.incident?.id == "INC-2")
        press(&m, [.char("i")])
        let p = picker(m)
        #expect(p?.purpose == .incident)
        #expect(p?.options.map(\.value) == ["INC-2", "INC-1"])
        press(&m, [.char("2")])
        #expect(m.pinnedIncident == "INC-1")
        #expect(m.incident?.id == "INC-1")
        #expect(m.interaction == .none)
        // With no incidents, i says how to declare one.
        var empty = makeModel([])
        press(&empty, [.char("i")])
        #expect(empty.interaction == .none)
        #expect(empty.message?.text.contains("press D") == true)
    }

    // MARK: Filter

    @Test("/ filters as you type, starts empty, Enter keeps the filter and Esc clears it")
    func filter() {
        var m = model([noteLine("rollback started", at: 40), noteLine("rollback done", at: 50, actor: "chen")])
        let all = m.timelineEntries.count
        press(&m, [.char("/")])
        #expect(prompt(m)?.purpose == .filter)
        #expect(prompt(m)?.string == "")
        // Each key narrows the timeline at once, before Enter.
        type(&m, "roll")
        #expect(m.filter == "roll")
        #expect(m.timelineEntries.count == 2)
        type(&m, "back d")
        #expect(m.timelineEntries.count == 1)
        press(&m, [.backspace, .backspace])
        #expect(m.filter == "rollback")
        #expect(m.timelineEntries.count == 2)
        var grid = render(m, now: T0.addingTimeInterval(600), width: 80, height: 24)
        #expect(grid.lines()[1].contains("Timeline [filter: rollback]"))
        #expect(m.handle(.enter).isEmpty)
        #expect(m.filter == "rollback")
        #expect(m.interaction == .none)
        #expect(m.message?.text == "filter: rollback (Esc clears)")
        // / again starts empty: typing is a new search, not appended to the old one.
        press(&m, [.char("/")])
        #expect(prompt(m)?.string == "")
        #expect(m.filter == nil)
        type(&m, "chen")
        #expect(m.filter == "chen")
        #expect(m.timelineEntries.map(\.event.actor).allSatisfy { $0 == "chen" })
        // Esc in the prompt clears the filter, not only the prompt.
        press(&m, [.escape])
        #expect(m.interaction == .none)
        #expect(m.filter == nil)
        #expect(m.message?.text == "filter cleared")
        #expect(m.timelineEntries.count == all)
        grid = render(m, now: T0.addingTimeInterval(600), width: 80, height: 24)
        #expect(!grid.lines()[1].contains("filter"))
        // Esc outside a prompt clears a kept filter too.
        press(&m, [.char("/")])
        type(&m, "chen")
        press(&m, [.enter, .escape])
        #expect(m.filter == nil)
        #expect(m.message?.text == "filter cleared")
    }

    // MARK: Refusals

    static let actionKeys: [Character] = ["n", "s", "p", "c", "#", "a", " ", "B"]

    @Test("action keys with no incident say to press D")
    func noIncident() {
        for k in Self.actionKeys {
            var m = makeModel([])
            m.focus = .checklist
            #expect(m.handle(.char(k)).isEmpty)
            #expect(m.interaction == .none, "key \(k)")
            #expect(m.message?.text.contains("press D") == true, "key \(k): \(m.message?.text ?? "no message")")
        }
    }

    @Test("read-only: every action key refuses with a message saying read-only")
    func readOnly() {
        for lines in [Self.baseLines, []] {
            for k in Self.actionKeys + ["D", "m"] {
                var m = makeModel(lines: lines)
                m.readOnlyReason = "you may read j.jsonl but not write it"
                m.focus = .checklist
                #expect(m.handle(.char(k)).isEmpty)
                #expect(m.interaction == .none, "key \(k)")
                #expect(m.message?.isError == true)
                #expect(m.message?.text.contains("read-only") == true, "key \(k): \(m.message?.text ?? "no message")")
            }
        }
        // Looking around still works.
        var m = model()
        m.readOnlyReason = "no"
        press(&m, [.tab, .char("/")])
        #expect(prompt(m)?.purpose == .filter)
    }

    // MARK: Timeline following

    @Test("scrolled up, new events count as N new below; G and End return to following")
    func newBelow() {
        let notes = (0..<30).map { noteLine("note \($0)", at: Double(100 + $0)) }
        var m = model(notes)
        press(&m, [.up, .up, .up])
        #expect(m.timelineScroll == 3)
        #expect(m.newBelow == 0)
        let now = T0.addingTimeInterval(3600)
        #expect(render(m, now: now, width: 80, height: 24).text().contains("scrolled up 3 — End to follow"))

        var more = notes + [noteLine("new 1", at: 200), noteLine("new 2", at: 201)]
        grow(&m, more)
        #expect(m.newBelow == 2)
        #expect(m.timelineScroll == 5)
        more.append(noteLine("new 3", at: 202))
        grow(&m, more)
        #expect(m.newBelow == 3)
        #expect(m.timelineScroll == 6)
        let grid = render(m, now: now, width: 80, height: 24)
        #expect(grid.text().contains(" 3 new below — End to follow "))
        // The view stayed anchored: the newest visible line is still note 26.
        let timelineRows = grid.lines()[2..<9].joined(separator: "\n")
        #expect(timelineRows.contains("note 26"))
        #expect(!timelineRows.contains("new 1"))

        press(&m, [.char("G")])
        #expect(m.timelineScroll == 0)
        #expect(m.newBelow == 0)
        #expect(render(m, now: now, width: 80, height: 24).text().contains("new 3"))

        // End does the same; following, new events do not count.
        press(&m, [.up, .up])
        more.append(noteLine("new 4", at: 203))
        grow(&m, more)
        #expect(m.newBelow == 1)
        press(&m, [.end])
        #expect(m.timelineScroll == 0)
        #expect(m.newBelow == 0)
        more.append(noteLine("new 5", at: 204))
        grow(&m, more)
        #expect(m.timelineScroll == 0)
        #expect(m.newBelow == 0)
    }

    @Test("scrolling down to the newest line by hand also resets the count")
    func scrollDownResets() {
        let notes = (0..<10).map { noteLine("note \($0)", at: Double(100 + $0)) }
        var m = model(notes)
        press(&m, [.up])
        grow(&m, notes + [noteLine("new", at: 300)])
        #expect(m.newBelow == 1)
        press(&m, [.down, .down])
        #expect(m.timelineScroll == 0)
        #expect(m.newBelow == 0)
    }

    @Test("a reloaded journal returns to following and says why")
    func reloaded() {
        var m = model((0..<10).map { noteLine("n\($0)", at: Double(100 + $0)) })
        press(&m, [.up, .up])
        m.journalUpdated(JournalReader.read(journalBytes(Self.baseLines)).state, pendingBytes: 0, reloaded: "the file was replaced")
        #expect(m.timelineScroll == 0)
        #expect(m.newBelow == 0)
        #expect(m.message?.text == "journal reloaded: the file was replaced")
    }

    @Test("Enter on the timeline opens the newest visible event; any key closes it")
    func detail() {
        var m = model()
        press(&m, [.enter])
        guard case .detail(let line) = m.interaction else {
            Issue.record("no detail view")
            return
        }
        #expect(m.incident?.timeline.last?.line == line)
        press(&m, [.char("x")])
        #expect(m.interaction == .none)
    }
}
