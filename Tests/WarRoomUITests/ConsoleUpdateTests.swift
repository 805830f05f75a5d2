import Foundation
import Testing
import WarRoomCore
import WarRoomUI

#if canImport(Glibc)
    import Glibc
#endif

/// `ConsoleModel.update`: every message the loop sends, on a fake clock, and the
/// effects it asks the loop to carry out.
@Suite("ConsoleModel update")
struct ConsoleUpdateTests {
    static let lines = [
        declareLine(severity: 2, title: "Payment outage", playbook: "website-crisis"),
        ev("member.joined", at: 10, ["member": "alice", "name": "Alice Zhou"]),
        noteLine("callbacks time out at the gateway", at: 30),
    ]
    /// The fake clock: ten minutes after the declaration.
    let now = T0.addingTimeInterval(600)

    func snapshot(_ lines: [String], reloaded: String? = nil) -> JournalSnapshot {
        let r = JournalReader.read(journalBytes(lines))
        return JournalSnapshot(state: r.state, pendingBytes: r.pendingBytes, chain: nil, reloaded: reloaded)
    }

    func send(_ m: inout ConsoleModel, _ keys: [Key], at t: Date) -> [ConsoleEffect] {
        keys.flatMap { m.update(.key($0), now: t) }
    }

    func promptText(_ m: ConsoleModel) -> String? {
        if case .prompt(let p) = m.interaction { return p.string }
        return nil
    }

    @Test("a note goes out as an append effect; the prompt keeps its text until the append is acknowledged")
    func appendAcknowledged() {
        var m = makeModel(lines: Self.lines)
        _ = send(&m, [.char("n")] + "db is back".map { Key.char($0) }, at: now)
        let effects = m.update(.key(.enter), now: now)
        #expect(effects == [.append([EventDraft(kind: .note, incident: "INC-1", data: ["text": "db is back"])])])
        #expect(m.appendPending)
        #expect(promptText(m) == "db is back")
        // Typing goes on while the write waits; a second Enter does not write twice.
        #expect(m.update(.key(.tab), now: now).isEmpty)
        #expect(m.update(.key(.enter), now: now).isEmpty)
        #expect(m.message?.text.contains("still writing") == true)
        #expect(promptText(m) == "db is back")
        let done = m.update(.appendFinished(error: nil), now: now.addingTimeInterval(3))
        #expect(done == [.readJournal, .registerPresence])
        #expect(m.interaction == .none)
        #expect(!m.appendPending)
        #expect(m.message == nil)
    }

    /// The flaky "closing asks first" tmux test: when the follower saw the closing line before the
    /// writer reported, the finished write wiped the "is closed; it stays shown" notice.
    @Test("a notice the journal gives while a write is out survives the write's end, in either order")
    func journalNoticeSurvivesTheAppendsEnd() {
        let closed = Self.lines + [ev("incident.phase", at: 60, ["phase": "closed"])]
        for journalFirst in [true, false] {
            var m = makeModel(lines: Self.lines)
            _ = send(&m, [.char("n"), .char("x")], at: now)
            _ = m.update(.key(.enter), now: now)
            if journalFirst {
                _ = m.update(.journalChanged(snapshot(closed)), now: now)
                _ = m.update(.appendFinished(error: nil), now: now)
            } else {
                _ = m.update(.appendFinished(error: nil), now: now)
                _ = m.update(.journalChanged(snapshot(closed)), now: now)
            }
            #expect(m.message?.text.contains("is closed; it stays shown") == true, "journal first: \(journalFirst)")
        }
    }

    /// The loop lends the state to the reader while it folds (so the fold copies nothing): the
    /// update after must still compare with what was shown before, and a read that brought
    /// nothing must give the same state back.
    @Test("a state lent for the read: the closing notice and the new-events count still come from the state shown before")
    func lentStateKeepsTheComparison() {
        let closed = Self.lines + [ev("incident.phase", at: 60, ["phase": "closed"])]
        var m = makeModel(lines: Self.lines)
        m.lendState()
        #expect(m.stateIsLent && m.state.incidents.isEmpty)
        _ = m.update(.journalChanged(snapshot(closed)), now: now)
        #expect(!m.stateIsLent)
        #expect(m.message?.text.contains("is closed; it stays shown") == true)
        #expect(m.pinnedIncident == "INC-1")

        // Scrolled up: new lines read while lent count as new below, as when not lent.
        let more = Self.lines + (0..<5).map { noteLine("n\($0)", at: 40 + Double($0)) }
        for lent in [false, true] {
            var s = makeModel(lines: Self.lines)
            s.timelineScroll = 1
            if lent { s.lendState() }
            _ = s.update(.journalChanged(snapshot(more)), now: now)
            #expect(s.newBelow == 5, "lent: \(lent)")
        }

        // Nothing new: the same state comes back.
        var u = makeModel(lines: Self.lines)
        let before = u.state
        u.lendState()
        u.takeBackState(before)
        #expect(!u.stateIsLent && u.state == before)
    }

    @Test("a refused append keeps the prompt and its text, and says why until it is retried")
    func appendRefused() {
        var m = makeModel(lines: Self.lines)
        _ = send(&m, [.char("n"), .char("x"), .enter], at: now)
        let why = "cannot append to j.jsonl: the journal has been locked by process 42 for over 5 s"
        #expect(m.update(.appendFinished(error: why), now: now).isEmpty)
        #expect(promptText(m) == "x")
        #expect(m.message?.text == why && m.message?.lasting == true)
        #expect(!m.appendPending)
        // The retry is a new append.
        #expect(m.update(.key(.enter), now: now) == [.append([EventDraft(kind: .note, incident: "INC-1", data: ["text": "x"])])])
    }

    @Test("a declaration that lands shows the new incident rather than the one pinned before")
    func declarationUnpins() {
        var m = makeModel(lines: Self.lines)
        m.pinnedIncident = "INC-1"
        _ = send(&m, [.char("D"), .char("3")] + "Slow pages".map { Key.char($0) } + [.enter, .enter, .enter], at: now)
        let effects = m.update(.key(.enter), now: now)
        guard case .append(let drafts)? = effects.first else {
            Issue.record("no declaration: \(effects)")
            return
        }
        #expect(drafts.first?.kind == .incidentDeclared)
        _ = m.update(.appendFinished(error: nil), now: now)
        #expect(m.pinnedIncident == nil)
    }

    @Test("the clock is the message's: a start typed as \"30m ago\" counts from it, and a message fades from it")
    func fakeClock() {
        var m = makeModel(lines: [])
        _ = send(&m, [.char("D"), .char("2")] + "Checkout down".map { Key.char($0) } + [.enter, .enter, .enter], at: now)
        _ = send(&m, "30m ago".map { Key.char($0) }, at: now)
        let effects = m.update(.key(.enter), now: now)
        guard case .append(let drafts)? = effects.first else {
            Issue.record("no declaration: \(effects)")
            return
        }
        #expect(drafts.first?.data["started_at"]?.stringValue.flatMap(RFC3339.parse) == now.addingTimeInterval(-1800))
        _ = m.update(.appendFinished(error: nil), now: now)
        _ = m.update(.key(.char("/")), now: now)
        _ = m.update(.key(.escape), now: now)
        #expect(m.message?.text == "filter cleared")
        #expect(m.message?.shownAt == now)
        #expect(m.message?.isShown(at: now.addingTimeInterval(5)) == true)
        #expect(m.message?.isShown(at: now.addingTimeInterval(7)) == false)
    }

    @Test("the journal arrives as messages: new state, pending bytes, chain; drills' scenarios are asked for once")
    func journalMessages() throws {
        var m = makeModel(lines: Self.lines)
        let drill = [
            ev("drill.started", nil, at: 40, ["scenario": "payment-promo", "speed": 10, "incident": "INC-2"]),
            declareLine("INC-2", severity: 2, title: "Drill", at: 40, playbook: "website-crisis"),
        ]
        var snap = snapshot(Self.lines + drill)
        snap.pendingBytes = 12
        snap.chain = ChainStatus()
        let effects = m.update(.journalChanged(snap), now: now)
        #expect(m.state.incidents["INC-2"] != nil)
        #expect(m.pendingBytes == 12)
        #expect(m.chain == ChainStatus())
        #expect(effects == [.loadScenarios(Array(m.state.drills.values))])
        let scenario = try Scenario.load(path: uiPackageRoot + "/scenarios/payment-promo.toml")
        #expect(m.update(.scenariosLoaded(["payment-promo": scenario]), now: now).isEmpty)
        #expect(m.scenarios["payment-promo"] == scenario)
        // Loaded once: the next change asks for nothing.
        #expect(m.update(.journalChanged(snapshot(Self.lines + drill + [noteLine("more", at: 50)])), now: now).isEmpty)
    }

    @Test("a scenario not found on this host is asked for once, not again on every appended line")
    func missingScenarioAskedOnce() {
        var m = makeModel(lines: Self.lines)
        let drill = [
            ev("drill.started", nil, at: 40, ["scenario": "not-on-this-host", "speed": 10, "incident": "INC-2"]),
            declareLine("INC-2", severity: 2, title: "Drill", at: 40, playbook: "website-crisis"),
        ]
        #expect(m.update(.journalChanged(snapshot(Self.lines + drill)), now: now) == [.loadScenarios(Array(m.state.drills.values))])
        // Nothing was found on disk.
        #expect(m.update(.scenariosLoaded([:]), now: now).isEmpty)
        for k in 1...3 {
            let more = (1...k).map { noteLine("more \($0)", at: 50 + TimeInterval($0)) }
            #expect(m.update(.journalChanged(snapshot(Self.lines + drill + more)), now: now).isEmpty)
        }
    }

    @Test("a read fault shows lagging with a lasting message; the next good read clears it; read-only stays read-only")
    func readFaults() {
        var m = makeModel(lines: Self.lines)
        _ = m.update(.journalFault("cannot read j.jsonl: permission denied"), now: now)
        #expect(m.live == .lagging)
        #expect(m.message?.lasting == true)
        _ = m.update(.journalUnchanged, now: now)
        #expect(m.live == .following)
        #expect(m.message == nil)
        var ro = makeModel(lines: Self.lines)
        _ = ro.update(.opened(ConsoleOpening(me: "alice", readOnlyReason: "you may read j.jsonl but not write it")), now: now)
        #expect(ro.live == .readOnly && ro.me == "alice")
        _ = ro.update(.journalUnchanged, now: now)
        #expect(ro.live == .readOnly)
        _ = ro.update(.key(.char("n")), now: now)
        #expect(ro.message?.text.contains("read-only") == true)
    }

    @Test("opening: the last warning stays (a bad theme or playbook), and the ASCII notice is set")
    func opening() {
        var m = makeModel(lines: Self.lines)
        _ = m.update(
            .opened(ConsoleOpening(me: nil, readOnlyReason: nil, asciiNotice: true, warnings: ["theme x", "playbook y"])), now: now)
        #expect(m.message?.text == "playbook y" && m.message?.lasting == true)
        #expect(m.asciiNotice)
        #expect(m.message?.isShown(at: now.addingTimeInterval(3600)) == true)
    }

    @Test("the layout comes from the size before drawing, and agrees with the frame drawn at that size")
    func layoutFromSize() {
        for readOnly in [false, true] {
            for (w, h) in [(80, 24), (120, 40), (200, 50)] {
                var m = makeModel(lines: Self.lines)
                if readOnly { _ = m.update(.opened(ConsoleOpening(me: nil, readOnlyReason: "no")), now: now) }
                _ = m.update(.resized(width: w, height: h), now: now)
                let grid = TextGrid(width: w, height: h, asciiOnly: false)
                let frame = ConsoleView(model: m, now: now, glyphs: .unicode).drawFrame(on: grid)
                #expect(m.timelineRows == frame.timelineRows, "\(w)x\(h) read-only \(readOnly)")
                #expect(m.timelineRows > 1)
            }
        }
        // Drawing does not change the model.
        var m = makeModel(lines: Self.lines)
        _ = m.update(.resized(width: 120, height: 40), now: now)
        let rows = m.timelineRows
        _ = ConsoleView(model: m, now: now, glyphs: .unicode).drawFrame(on: TextGrid(width: 80, height: 24, asciiOnly: false))
        #expect(m.timelineRows == rows)
    }

    @Test("signals end the console: SIGINT with 0, a hang-up or SIGTERM with 128 + the signal; q with 0")
    func signals() {
        var m = makeModel(lines: Self.lines)
        #expect(m.update(.signal(SIGINT), now: now) == [.quit(status: 0)])
        #expect(m.update(.signal(SIGHUP), now: now) == [.quit(status: 129)])
        #expect(m.update(.signal(SIGTERM), now: now) == [.quit(status: 143)])
        #expect(m.update(.key(.char("q")), now: now) == [.quit(status: 0)])
        #expect(m.update(.key(.ctrl("l")), now: now) == [.repaint])
    }

    @Test("T asks for a replay index; the index arrives as a message and the model replays")
    func replay() {
        var m = makeModel(lines: Self.lines)
        #expect(m.update(.key(.char("T")), now: now) == [.enterReplay])
        var r = JournalReader(keepsLog: true)
        r.feed(journalBytes(Self.lines))
        _ = m.update(.replayReady(ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount)), now: now)
        #expect(m.replay?.position == 3)
        _ = m.update(.key(.home), now: now)
        #expect(m.replay?.position == 0)
        // `]` with no time to step from counts from the first event, never the wall clock.
        _ = m.update(.key(.char("]")), now: now)
        #expect(m.replay?.position == 3)
    }
}
