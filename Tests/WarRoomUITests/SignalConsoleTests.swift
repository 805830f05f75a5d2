import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

// Issue 16, the console's part: open signals (alerts) on every screen, the list `!` opens,
// declaring an incident from one with its facts carried over, and the notifier's deliveries
// on the incident. Journal lines are written by hand, as `warroom serve` and `warroom notify`
// would write them.

/// A journal line at an absolute time.
private func line(_ type: String, _ incident: String?, at t: Date, actor: String = "alertmanager", _ data: JSONObject) -> String {
    ev(type, incident, at: t.timeIntervalSince(T0), actor: actor, data)
}

private func fired(
    _ fp: String, _ title: String, at t: Date, summary: String? = nil, meets: Int? = nil, rule: String? = nil, startsAt: Date? = nil
) -> String {
    var d: JSONObject = ["fingerprint": .string(fp), "source": "alertmanager", "title": .string(title)]
    if let summary { d["summary"] = .string(summary) }
    if let meets { d["meets"] = .number(Double(meets)) }
    if let rule { d["rule"] = .string(rule) }
    if let startsAt { d["starts_at"] = .string(RFC3339.format(startsAt)) }
    return line("signal.fired", nil, at: t, d)
}

private func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

private func resolved(_ fp: String, at t: Date) -> String {
    line("signal.resolved", nil, at: t, ["fingerprint": .string(fp), "source": "alertmanager"])
}

/// The payment-outage fixture with lines appended, and its fixed clock.
private func outageWith(_ extra: (Date) -> [String]) -> (ConsoleModel, Date) {
    let bytes = fixtureBytes("payment-outage.jsonl")
    let now = fixedNow(bytes)
    var model = makeModel(bytes + journalBytes(extra(now)), path: "examples/payment-outage.jsonl")
    model.screenSize = (80, 24)
    return (model, now)
}

/// Two open alerts on the fixture, one meeting L2 by a rule the policy quotes from the plan,
/// one with hostile bytes in its title and summary.
private func twoAlerts(_ now: Date) -> [String] {
    [
        fired(
            "fp-login", "LoginFailureRate", at: now.addingTimeInterval(-15 * 60), summary: "login failures 7.2 % (over 5 %)", meets: 2,
            rule: "login_failure_pct", startsAt: now.addingTimeInterval(-16 * 60)),
        fired(
            "fp-disk", "Disk \u{1B}[2Jfull\u{202E} on db-3", at: now.addingTimeInterval(-5 * 60),
            summary: "97 %\u{07} used \u{1B}]0;pwned\u{07}"),
    ]
}

@Suite("Signals in the console")
struct SignalConsoleTests {
    @Test("open alerts show as a line under the header at 80x24 and 120x40, in English and Chinese; nothing else is hidden")
    func alertsLine() throws {
        let (model, now) = outageWith(twoAlerts)
        let (plain, _) = outageWith { _ in [] }
        for (w, h) in [(80, 24), (120, 40)] {
            let grid = render(model, now: now, width: w, height: h)
            let label = "signals-\(w)x\(h)"
            checkFrameInvariants(grid, label)
            checkPanes(grid, model, now: now, label: label)
            assertSnapshot(grid, named: label)
            let lines = grid.lines()
            #expect(lines[1].hasPrefix(" ⚠ 2 alerts open (1 meets L2): LoginFailureRate — "), "\(label): \(lines[1])")
            #expect(lines[1].contains("press ! to list and declare"))
            // The header is the same as without alerts; the timeline gives up one row, no more.
            let without = render(plain, now: now, width: w, height: h).lines()
            #expect(lines[0] == without[0])
            #expect(lines[h - 2].contains("! alerts"), "the footer names the key while alerts wait: \(lines[h - 2])")
            #expect(!without[h - 2].contains("! alerts"))
            let zh = inLanguage(.chinese) { render(model, now: now, width: w, height: h) }
            checkFrameInvariants(zh, "zh-" + label)
            assertSnapshot(zh, named: "zh-" + label)
            #expect(zh.lines()[1].hasPrefix(" ⚠ 2 条告警待处理（1 条达到二级）：LoginFailureRate"), "\(zh.lines()[1])")
        }
        // Without alerts nothing changes: the line is not there.
        #expect(!render(plain, now: now, width: 80, height: 24).text().contains("alerts open"))
    }

    @Test("in ASCII the alerts line, the list and the delivery row draw only ASCII")
    func asciiOnly() {
        var (model, now) = outageWith { now in
            twoAlerts(now) + [
                NotifyConsoleTests.claimed("m1", at: now),
                line("notify.sent", NotifyConsoleTests.inc, at: now, actor: "notifier", ["message": "m1", "channel": "飞书"]),
            ]
        }
        for open in [false, true] {
            if open { _ = model.handle(.char("!")) }
            let grid = render(model, now: now, width: 120, height: 40, ascii: true)
            checkFrameInvariants(grid, "ascii-signals")
            let text = grid.text()
            let nonASCII = text.unicodeScalars.filter { $0.value > 0x7E || ($0.value < 0x20 && $0 != "\n") }
            #expect(nonASCII.isEmpty, "non-ASCII: \(nonASCII.prefix(5).map { String($0.value, radix: 16) })")
            #expect(text.contains(" ! 2 alerts open (1 meets L2)"))
            #expect(text.contains(" ok"), "the delivery's tick in ASCII")
        }
    }

    @Test("a long count keeps the title: the key is said shorter first")
    func longCountKeepsTitle() {
        let (model, now) = outageWith { now in
            [
                fired("a", "LoginFailureRate", at: now, meets: 2), fired("b", "PageLoadSlow", at: now, meets: 3),
                fired("c", "DiskFull", at: now),
            ]
        }
        let line = render(model, now: now, width: 80, height: 24).lines()[1]
        #expect(line == " ⚠ 3 alerts open (1 meets L2, 1 meets L3): LoginFailureRate — ! lists them", "\(line)")
        #expect(SignalList.banner(model.alertsAwaiting, width: 200, ascii: false).hasSuffix(" — press ! to list and declare "))
    }

    @Test("in replay ! lists the alerts as they stood then, and Enter does not declare from the past")
    func replayLooksOnly() {
        let lines = [declareLine(), fired("fp1", "Disk full", at: T0.addingTimeInterval(60), meets: 2)]
        var m = makeModel(lines: lines)
        var r = JournalReader(keepsLog: true)
        r.feed(journalBytes(lines))
        _ = m.update(.replayReady(ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount)), now: T0)
        #expect(m.replay != nil)
        _ = m.update(.key(.char("!")), now: T0)
        #expect(m.interaction == .signals("fp1"))
        #expect(m.update(.key(.enter), now: T0).isEmpty)
        #expect(m.message?.text == "replaying the past: Esc returns to live to act")
        #expect(m.interaction == .signals("fp1"))
        // Before the alert fired, the list has none.
        _ = m.update(.key(.escape), now: T0)
        _ = m.update(.key(.left), now: T0)
        #expect(m.alertsAwaiting.isEmpty)
    }

    @Test("the alerts line comes under the read-only banner rather than replacing it")
    func alertsUnderBanner() {
        var (model, now) = outageWith(twoAlerts)
        model.readOnlyReason = "you may read the journal but not write it"
        let lines = render(model, now: now, width: 80, height: 24).lines()
        #expect(lines[1].contains("READ-ONLY"))
        #expect(lines[2].contains("2 alerts open"))
    }

    @Test("! lists the open alerts: age, source, title, what they meet and the plan's rule, sanitised; in both languages")
    func signalsOverlay() throws {
        var (model, now) = outageWith(twoAlerts)
        _ = model.handle(.char("!"))
        #expect(model.interaction == .signals("fp-login"))
        for (w, h) in [(80, 24), (120, 40)] {
            let grid = render(model, now: now, width: w, height: h)
            let label = "signals-overlay-\(w)x\(h)"
            checkFrameInvariants(grid, label)
            assertSnapshot(grid, named: label)
            let text = grid.text()
            #expect(text.contains("Open alerts (2)"))
            #expect(text.contains("16m  alertmanager  LoginFailureRate"), "age from starts_at: \(text)")
            #expect(lines(text).contains { $0.contains("5m   alertmanager  Disk ") }, "ages in one column")
            #expect(text.contains("meets L2 — declare?"))
            #expect(text.contains("↑↓ choose · Enter declare from it · Esc close"))
            let zh = inLanguage(.chinese) { render(model, now: now, width: w, height: h) }
            checkFrameInvariants(zh, "zh-" + label)
            assertSnapshot(zh, named: "zh-" + label)
            #expect(zh.text().contains("达到二级，宣布事件？"))
        }
        // The plan's own words for the rule, where the pane is wide enough.
        let wide = render(model, now: now, width: 120, height: 40).text()
        #expect(wide.contains("rule login_failure_pct (plan: over 5% of users report failed"))
        let zhWide = inLanguage(.chinese) { render(model, now: now, width: 120, height: 40).text() }
        #expect(zhWide.contains("超过5%的用户反馈登录失败"))
        // ↓ moves the selection; Esc closes.
        _ = model.handle(.down)
        #expect(model.interaction == .signals("fp-disk"))
        _ = model.handle(.char("x"))
        #expect(model.interaction == .signals("fp-disk"), "a stray key does not close the list")
        _ = model.handle(.escape)
        #expect(model.interaction == .none)
    }

    @Test("with the list open and no incident, the console still redraws each second: the ages move")
    func listAgesRefresh() {
        var model = makeModel(lines: [fired("fp1", "Disk full", at: T0)])
        let idle = ConsoleView(model: model, now: T0.addingTimeInterval(90), glyphs: .unicode).clockRefreshInterval()
        #expect(idle > 60, "no clock on screen: the console sleeps")
        _ = model.handle(.char("!"))
        #expect(ConsoleView(model: model, now: T0.addingTimeInterval(90), glyphs: .unicode).clockRefreshInterval() <= 1)
    }

    @Test("a resolved alert drops off the line and the list; the selection stays on its signal")
    func resolvedDropsOff() {
        var (model, now) = outageWith(twoAlerts)
        _ = model.handle(.char("!"))
        _ = model.handle(.down)
        #expect(model.interaction == .signals("fp-disk"))
        // The login alert resolves while the list is open: the disk alert stays selected.
        var state = JournalReader.read(
            fixtureBytes("payment-outage.jsonl") + journalBytes(twoAlerts(now) + [resolved("fp-login", at: now)])
        ).state
        _ = model.update(.journalChanged(JournalSnapshot(state: state, pendingBytes: 0, chain: nil)), now: now)
        #expect(model.interaction == .signals("fp-disk"))
        var grid = render(model, now: now, width: 80, height: 24)
        #expect(grid.text().contains("Open alerts (1)"))
        #expect(!grid.text().contains("LoginFailureRate"))
        #expect(grid.lines()[1].hasPrefix(" ⚠ 1 alert open: Disk"), "\(grid.lines()[1])")
        // Both resolved: no line, and the list says there are none.
        state =
            JournalReader.read(
                fixtureBytes("payment-outage.jsonl")
                    + journalBytes(twoAlerts(now) + [resolved("fp-login", at: now), resolved("fp-disk", at: now)])
            ).state
        _ = model.update(.journalChanged(JournalSnapshot(state: state, pendingBytes: 0, chain: nil)), now: now)
        grid = render(model, now: now, width: 80, height: 24)
        #expect(!grid.lines()[1].contains("alert"))
        #expect(grid.text().contains("No open alerts."))
        _ = model.handle(.enter)
        #expect(model.message?.text == "no open alert to declare from")
    }

    @Test("Enter on an alert that meets L2 declares L2 with its title (edited), summary, start and fingerprint")
    func declareFromSignalThatMeets() throws {
        var (model, now) = outageWith(twoAlerts)
        model.clock = now
        _ = model.handle(.char("!"))
        _ = model.handle(.enter)
        guard case .prompt(let p) = model.interaction, case .declareSignalTitle(let draft) = p.purpose else {
            Issue.record("expected the title prompt, got \(model.interaction)")
            return
        }
        #expect(p.label == "Declare L2: title:")
        #expect(p.string == "LoginFailureRate")
        #expect(draft.signal == "fp-login")
        // The commander edits the title; a journal change meanwhile keeps what was typed.
        for ch in " in auth" { _ = model.handle(.char(ch)) }
        let later = JournalReader.read(
            fixtureBytes("payment-outage.jsonl") + journalBytes(twoAlerts(now) + [noteLine("meanwhile", "INC-20261111-01", at: 0)])
        ).state
        _ = model.update(.journalChanged(JournalSnapshot(state: later, pendingBytes: 0, chain: nil)), now: now)
        guard case .prompt(let kept) = model.interaction else {
            Issue.record("the prompt closed on a journal change")
            return
        }
        #expect(kept.string == "LoginFailureRate in auth")
        _ = model.handle(.enter)
        guard case .picker(let playbooks) = model.interaction, case .declarePlaybook = playbooks.purpose else {
            Issue.record("expected the playbook picker, got \(model.interaction)")
            return
        }
        _ = model.handle(.enter)
        guard case .prompt(let summary) = model.interaction else { return }
        #expect(summary.string == "login failures 7.2 % (over 5 %)")
        _ = model.handle(.enter)
        guard case .prompt(let start) = model.interaction else { return }
        #expect(start.string == "05:19:45", "the alert's start offered as a clock time: \(start.string)")
        let commands = model.handle(.enter)
        guard case .append(let d) = commands.first else {
            Issue.record("expected an append, got \(commands) \(String(describing: model.message))")
            return
        }
        #expect(d.kind == .incidentDeclared)
        #expect(d.data["title"]?.stringValue == "LoginFailureRate in auth")
        #expect(d.data["severity"]?.intValue == 2)
        #expect(d.data["summary"]?.stringValue == "login failures 7.2 % (over 5 %)")
        #expect(d.data["started_at"]?.stringValue == RFC3339.format(now.addingTimeInterval(-16 * 60)))
        #expect(d.data["signal"]?.stringValue == "fp-login")
    }

    @Test("an alert that meets no severity asks it, L3 offered first; the start can be changed")
    func declareFromSignalAsksSeverity() throws {
        var (model, now) = outageWith(twoAlerts)
        model.clock = now
        _ = model.handle(.char("!"))
        _ = model.handle(.down)
        _ = model.handle(.char("D"))
        guard case .picker(let p) = model.interaction, case .declareSignalSeverity = p.purpose else {
            Issue.record("expected the severity picker, got \(model.interaction)")
            return
        }
        #expect(p.title == "Declare from the alert: severity")
        #expect(p.visible[p.selection ?? 0].value == "3")
        _ = model.handle(.enter)
        guard case .prompt(let title) = model.interaction else { return }
        #expect(title.label == "Declare L3: title:")
        _ = model.handle(.enter)  // title as it came (sanitised only when drawn)
        _ = model.handle(.enter)  // playbook
        _ = model.handle(.enter)  // summary
        _ = model.handle(.ctrl("u"))
        for ch in "10m" { _ = model.handle(.char(ch)) }
        let commands = model.handle(.enter)
        guard case .append(let d) = commands.first else {
            Issue.record("expected an append, got \(commands)")
            return
        }
        #expect(d.data["severity"]?.intValue == 3)
        #expect(d.data["signal"]?.stringValue == "fp-disk")
        #expect(d.data["started_at"]?.stringValue == RFC3339.format(now.addingTimeInterval(-600)))
    }

    @Test("an alert already declared as an open incident is marked so, leaves the alerts line, and is not declared twice")
    func alreadyDeclared() throws {
        var (model, now) = outageWith { now in
            twoAlerts(now) + [
                line(
                    "incident.declared", "INC-2", at: now.addingTimeInterval(-60), actor: "bob",
                    ["title": "Login failures", "severity": 2, "signal": "fp-login"])
            ]
        }
        let grid = render(model, now: now, width: 80, height: 24)
        #expect(grid.lines()[1].hasPrefix(" ⚠ 1 alert open: Disk"), "\(grid.lines()[1])")
        _ = model.handle(.char("!"))
        // The one awaiting a decision comes first; the handled one is marked with its incident.
        #expect(model.interaction == .signals("fp-disk"))
        let text = render(model, now: now, width: 80, height: 24).text()
        #expect(text.contains("declared as INC-2"))
        _ = model.handle(.down)
        _ = model.handle(.enter)
        #expect(model.interaction == .signals("fp-login"))
        #expect(model.message?.text == "the alert \"LoginFailureRate\" is already declared as INC-2")
    }

    @Test("? lists the ! key in both languages")
    func helpListsKey() {
        let lines = Keymap.helpLines
        #expect(lines.contains { $0.keys == "D  !  i" && $0.text == "declare; declare from an alert; switch incident" })
        inLanguage(.chinese) {
            #expect(Keymap.helpLines.contains { $0.keys == "D  !  i" && $0.text.contains("告警") })
        }
        // ! is bound once, on the main screen; in replay it opens the list too (to look).
        #expect(Keymap.bindings.filter { $0.keys.contains(.char("!")) }.count == 1)
    }

    @Test("the alerts line's first alert and the footer's key are found without sorting, and agree with the ordered list")
    func awaitingWithoutSorting() {
        let t = T0.addingTimeInterval(60)
        var all = [declareLine()]
        for k in 0..<40 {
            let meets: Int? = k % 7 == 3 ? 2 : (k % 5 == 0 ? 3 : nil)
            all.append(fired("fp\(k)", "alert \(k)", at: t.addingTimeInterval(Double(k)), meets: meets))
        }
        let some = makeModel(lines: all).state
        #expect(SignalList.anyAwaiting(some))
        let top = some.awaitingSignals
        #expect(top.first == SignalList.awaiting(some).first?.fingerprint)
        #expect(top.first == "fp38")  // the newest of those meeting L2
        #expect(top.count == SignalList.awaiting(some).count)
        #expect(SignalList.banner(some, width: 200, ascii: false) == SignalList.banner(SignalList.awaiting(some), width: 200, ascii: false))
        #expect(SignalList.awaiting(some).map(\.fingerprint) == Array(SignalList.ordered(some).map(\.fingerprint)))
        // Once an open incident is declared from each, none awaits, and the key goes from the footer.
        var handled = all
        handled += (0..<40).map { k in declareLine("INC-\(k + 2)", at: 200 + Double(k), extra: ["signal": .string("fp\(k)")]) }
        let none = makeModel(lines: handled).state
        #expect(!SignalList.anyAwaiting(none))
        #expect(none.awaitingSignals.isEmpty && none.awaitingSignals.first == nil)
        #expect(SignalList.ordered(none).count == 40)
    }
}

@Suite("Notifications on the incident")
struct NotifyConsoleTests {
    static let inc = "INC-20261111-01"

    static func claimed(_ id: String, at t: Date) -> String {
        line("notify.claimed", inc, at: t, actor: "notifier", ["message": .string(id), "channel": "飞书", "headline": "L1 declared"])
    }

    @Test("the last confirmed delivery under the Notify KPI, in the viewer's zone; claims hidden from the timeline")
    func delivered() throws {
        var (model, now) = outageWith { now in
            [
                Self.claimed("m1", at: now.addingTimeInterval(-120)),
                line(
                    "notify.sent", Self.inc, at: now.addingTimeInterval(-118), actor: "notifier",
                    ["message": "m1", "channel": "飞书", "platform": "feishu", "to": "leads"]),
            ]
        }
        let inc = try #require(model.incident)
        #expect(inc.timeline.contains { $0.event.kind == .notifyClaimed })
        #expect(!model.timelineEntries.contains { $0.event.kind == .notifyClaimed }, "claims are the notifier's bookkeeping")
        #expect(model.timelineEntries.contains { $0.event.kind == .notifySent })
        for (w, h) in [(80, 24), (120, 40)] {
            let grid = render(model, now: now, width: w, height: h)
            let label = "notify-sent-\(w)x\(h)"
            checkFrameInvariants(grid, label)
            checkPanes(grid, model, now: now, label: label)
            assertSnapshot(grid, named: label)
            let zh = inLanguage(.chinese) { render(model, now: now, width: w, height: h) }
            checkFrameInvariants(zh, "zh-" + label)
            assertSnapshot(zh, named: "zh-" + label)
        }
        #expect(render(model, now: now, width: 120, height: 40).text().contains("leads notified via 飞书"))
        #expect(render(model, now: now, width: 120, height: 40).text().contains("05:33 ✓"))
        #expect(render(model, now: now, width: 80, height: 24).text().contains("notified via 飞书"))
        // The viewer's zone: the same delivery at UTC+8 reads 13:33.
        model.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        #expect(render(model, now: now, width: 120, height: 40).text().contains("13:33 ✓"))
    }

    @Test("a failing message with no delivery since says why, so the commander calls people")
    func failing() throws {
        let (model, now) = outageWith { now in
            [
                Self.claimed("m1", at: now.addingTimeInterval(-300)),
                line(
                    "notify.failed", Self.inc, at: now.addingTimeInterval(-290), actor: "notifier",
                    [
                        "message": "m1", "channel": "飞书", "reason": "HTTP 502 from open.feishu.cn\u{1B}[31m",
                        "retry_at": .string(RFC3339.format(now.addingTimeInterval(60))),
                    ]),
            ]
        }
        for (w, h) in [(80, 24), (120, 40)] {
            let grid = render(model, now: now, width: w, height: h)
            let label = "notify-failing-\(w)x\(h)"
            checkFrameInvariants(grid, label)
            checkPanes(grid, model, now: now, label: label)
            assertSnapshot(grid, named: label)
            #expect(grid.text().contains(w == 80 ? "failing: HTTP 502" : "notify failing: HTTP 502 from open.feishu.cn␛[31m"))
            let zh = inLanguage(.chinese) { render(model, now: now, width: w, height: h) }
            checkFrameInvariants(zh, "zh-" + label)
            assertSnapshot(zh, named: "zh-" + label)
            #expect(zh.text().contains(w == 80 ? "发送失败" : "通知发送失败"))
        }
        // A delivery after the failure settles it: the failure line goes.
        let (sent, _) = outageWith { now in
            [
                Self.claimed("m1", at: now.addingTimeInterval(-300)),
                line(
                    "notify.failed", Self.inc, at: now.addingTimeInterval(-290), actor: "notifier",
                    ["message": "m1", "channel": "飞书", "reason": "HTTP 502"]),
                line(
                    "notify.sent", Self.inc, at: now.addingTimeInterval(-200), actor: "notifier",
                    ["message": "m1", "channel": "飞书"]),
            ]
        }
        let text = render(sent, now: now, width: 120, height: 40).text()
        #expect(!text.contains("notify failing"))
        #expect(text.contains("notified via 飞书"))
    }

    @Test("a message given up on shows before one still being retried: only a person can act on it")
    func givenUpFirst() throws {
        let (model, now) = outageWith { now in
            [
                Self.claimed("m1", at: now.addingTimeInterval(-300)),
                line(
                    "notify.failed", Self.inc, at: now.addingTimeInterval(-290), actor: "notifier",
                    ["message": "m1", "channel": "飞书", "reason": "bad signature", "final": true]),
                Self.claimed("m2", at: now.addingTimeInterval(-100)),
                line(
                    "notify.failed", Self.inc, at: now.addingTimeInterval(-90), actor: "notifier",
                    [
                        "message": "m2", "channel": "sms", "reason": "no answer",
                        "retry_at": .string(RFC3339.format(now.addingTimeInterval(60))),
                    ]),
            ]
        }
        let text = render(model, now: now, width: 120, height: 40).text()
        #expect(text.contains("notify gave up: bad signature"), "\(text)")
        // The retried one is on the timeline, not in the KPI rows.
        #expect(!text.contains("notify failing"))
    }
}
