import Foundation
import Testing
import WarRoomCore
import WarRoomUI

#if canImport(Glibc)
    import Glibc
#endif

// Time travel in the console: the model's replay keys (pure, no terminal),
// then the real console under tmux.

/// The real-shaped incident of the report fixtures (Tests/WarRoomCoreTests/Fixtures/report).
let replayFixtureBytes: [UInt8] = {
    let path = uiPackageRoot + "/Tests/WarRoomCoreTests/Fixtures/report/real-incident.jsonl"
    return FileManager.default.contents(atPath: path).map { Array($0) } ?? []
}()

let replayIncidentID = "INC-20261111-01"

/// The model, reader and index the console builds when T is pressed.
func replaySetup(_ bytes: [UInt8] = replayFixtureBytes) -> (model: ConsoleModel, reader: JournalReader, index: ReplayIndex) {
    var r = JournalReader(keepsLog: true)
    r.feed(bytes)
    var m = makeModel(bytes)
    // The incident is closed, so the console would show none by default: show it.
    m.pinnedIncident = replayIncidentID
    return (m, r, ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount))
}

/// The replay banner line of a 120x40 frame, if there is one.
func replayBanner(_ m: ConsoleModel) -> String? {
    render(m, now: T0, width: 120, height: 40).lines().first { $0.contains(" REPLAY ") }
}

@Suite("Replay keys in the console model")
struct ReplayKeysTests {
    /// Presses T and does what the console loop does with `.enterReplay`.
    func enter(_ m: inout ConsoleModel, _ index: ReplayIndex, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(m.handle(.char("T")) == [.enterReplay], sourceLocation: sourceLocation)
        #expect(m.replay == nil, "the model waits for the index", sourceLocation: sourceLocation)
        m.startReplay(index)
    }

    func position(_ m: ConsoleModel) -> Int { m.replay?.position ?? -1 }

    @Test("T asks for replay; on an empty journal it says there is nothing to replay")
    func tEmitsEnterReplay() {
        var empty = makeModel([])
        #expect(empty.handle(.char("T")).isEmpty)
        #expect(empty.message?.text == "nothing to replay yet")
        #expect(empty.replay == nil)
        var (m, _, _) = replaySetup()
        #expect(m.handle(.char("T")) == [.enterReplay])
    }

    @Test("entering replay shows the newest event under a REPLAY banner")
    func startReplayAtTheEnd() throws {
        var (m, r, index) = replaySetup()
        #expect(replayBanner(m) == nil)
        enter(&m, index)
        #expect(position(m) == index.count)
        #expect(index.count == r.state.eventsApplied)
        #expect(m.state == r.state)
        #expect(m.liveState == r.state)
        #expect(m.replay?.time == r.log.last?.event.ts)
        let banner = try #require(replayBanner(m))
        #expect(banner.contains("event \(index.count)/\(index.count)"))
        #expect(banner.contains("2026-11-13"), "the banner shows the replayed moment: \(banner)")
        #expect(banner.contains("Esc live"))
    }

    @Test("← and → step one event; Home and End go to the ends; both stop there")
    func stepAndEnds() throws {
        var (m, _, index) = replaySetup()
        enter(&m, index)
        let n = index.count
        #expect(m.handle(.right).isEmpty)
        #expect(position(m) == n, "→ at the newest event stays there")
        for k in 1...3 {
            #expect(m.handle(.left).isEmpty)
            #expect(position(m) == n - k)
            #expect(m.state == index.state(at: n - k))
            #expect(replayBanner(m)?.contains("event \(n - k)/\(n)") == true)
        }
        _ = m.handle(.right)
        #expect(position(m) == n - 2)
        #expect(m.state == index.state(at: n - 2))
        _ = m.handle(.home)
        #expect(position(m) == 0)
        #expect(m.state.eventsApplied == 0)
        #expect(replayBanner(m)?.contains("before the first event · event 0/\(n)") == true)
        _ = m.handle(.left)
        #expect(position(m) == 0, "← at the start stays there")
        _ = m.handle(.right)
        #expect(position(m) == 1)
        #expect(m.state.incidents[replayIncidentID]?.timeline.count == 1)
        _ = m.handle(.end)
        #expect(position(m) == n)
        #expect(m.state == index.state(at: n))
    }

    @Test("[ and ] jump by five minutes of event time")
    func fiveMinuteJumps() throws {
        var (m, r, index) = replaySetup()
        let log = r.log
        let times = log.map(\.event.ts)
        #expect(times == times.sorted(), "this check assumes the fixture's times only go forward")
        enter(&m, index)
        // Back from the newest event to the start.
        var presses = 0
        while position(m) > 0 {
            let p = position(m)
            let base = times[p - 1]
            _ = m.handle(.char("["))
            let q = position(m)
            #expect(q < p)
            if q < p - 1 {
                // Jumped over at least one event: everything skipped is within the 5 minutes before `base`…
                #expect(times[q] > base.addingTimeInterval(-300), "from \(p) to \(q)")
                // …and the event landed on is at least 5 minutes before it.
                if q > 0 { #expect(times[q - 1] <= base.addingTimeInterval(-300), "from \(p) to \(q)") }
            } else if q > 0 {
                // One step: no event in the window, or the previous one is already 5 minutes back.
                #expect(times[q - 1] <= base.addingTimeInterval(-300) || times[q] > base.addingTimeInterval(-300))
            }
            #expect(m.state == index.state(at: q))
            presses += 1
            if presses > 2000 { break }
        }
        #expect(presses < index.count / 2, "[ jumps more than one event at a time through the busy hours (\(presses) presses)")
        // Forward from the start to the end.
        presses = 0
        while position(m) < index.count {
            let p = position(m)
            let base = p > 0 ? times[p - 1] : times[0]
            _ = m.handle(.char("]"))
            let q = position(m)
            #expect(q > p)
            if q > p + 1 {
                #expect(times[q - 1] <= base.addingTimeInterval(300), "from \(p) to \(q)")
                if q < times.count { #expect(times[q] > base.addingTimeInterval(300), "from \(p) to \(q)") }
            }
            presses += 1
            if presses > 2000 { break }
        }
        #expect(position(m) == index.count)
        // A concrete jump: from the L1 raise at 02:03:00, [ lands on the last event at or before 01:58:00.
        let raise = try #require(log.firstIndex { $0.event.kind == .incidentSeverity })
        _ = m.handle(.home)
        while position(m) < raise + 1 { _ = m.handle(.right) }
        _ = m.handle(.char("["))
        let landed = position(m)
        #expect(RFC3339.format(times[landed - 1]) <= "2026-11-11T01:58:00.000Z")
        #expect(RFC3339.format(times[landed]) > "2026-11-11T01:58:00.000Z")
    }

    @Test("{ and } jump between phase changes")
    func phaseJumps() {
        var (m, _, index) = replaySetup()
        enter(&m, index)
        _ = m.handle(.home)
        var forward: [Phase?] = []
        for _ in 0..<6 {
            _ = m.handle(.char("}"))
            forward.append(m.state.incidents[replayIncidentID]?.phase)
            let p = position(m)
            let kind = index.log[p - 1].event.kind
            #expect(kind == .incidentPhase || kind == .incidentDeclared, "} lands just after a phase change, at \(p)")
        }
        // The closing phase is the journal's last event: the fifth press reaches the end, the sixth stays.
        #expect(forward == [.declared, .verified, .contained, .recovered, .closed, .closed])
        #expect(position(m) == index.count)
        var back: [Phase?] = []
        for _ in 0..<5 {
            _ = m.handle(.char("{"))
            back.append(m.state.incidents[replayIncidentID]?.phase)
        }
        #expect(back == [.recovered, .contained, .verified, .declared, nil])
        #expect(position(m) == 0)
    }

    @Test(
        "keys that act say Esc returns to live, and change nothing",
        arguments: [
            Key.char("n"), .char("s"), .char("p"), .char("c"), .char("#"), .char("a"), .char(" "), .char("D"), .char("i"),
            .char("/"), .char("P"), .char("I"), .backspace, .function(5),
        ])
    func actionKeysRefused(_ key: Key) {
        var (m, _, index) = replaySetup()
        enter(&m, index)
        _ = m.handle(.left)
        let state = m.state
        #expect(m.handle(key).isEmpty)
        #expect(m.message?.text.contains("Esc returns to live") == true, "\(key): \(m.message?.text ?? "no message")")
        #expect(m.interaction == .none)
        #expect(position(m) == index.count - 1)
        #expect(m.state == state)
    }

    @Test("moving around the panes still works in replay, and q quits")
    func navigationInReplay() {
        var (m, _, index) = replaySetup()
        enter(&m, index)
        _ = m.handle(.tab)
        #expect(m.focus == .roster)
        _ = m.handle(.backTab)
        _ = m.handle(.up)
        #expect(m.timelineScroll == 1)
        #expect(m.replay != nil)
        #expect(m.handle(.char("q")) == [.quit])
    }

    @Test("appends during replay go to the live state; Esc shows them")
    func journalUpdatedDuringReplay() throws {
        var (m, r, index) = replaySetup()
        enter(&m, index)
        _ = m.handle(.left)
        _ = m.handle(.left)
        let replayed = m.state
        let note = ev("note", replayIncidentID, at: 0, actor: "eve", ["text": "来自外部 arrived meanwhile"])
        let grown = JournalReader.read(replayFixtureBytes + Array((note + "\n").utf8)).state
        m.journalUpdated(grown, pendingBytes: 0, reloaded: nil)
        #expect(m.replay != nil)
        #expect(position(m) == index.count - 2)
        #expect(m.state == replayed, "the replayed state does not move")
        #expect(m.liveState == grown)
        #expect(m.state.incidents[replayIncidentID]?.timeline.contains { $0.event.actor == "eve" } == false)
        #expect(replayBanner(m)?.contains("event \(index.count - 2)/\(index.count)") == true)
        // Stepping still replays the journal as it was when replay began.
        _ = m.handle(.end)
        #expect(m.state == r.state)

        #expect(m.handle(.escape).isEmpty)
        #expect(m.replay == nil)
        #expect(m.liveState == nil)
        #expect(m.state == grown)
        #expect(m.message?.text == "back to live")
        #expect(m.incident?.timeline.last?.event.actor == "eve")
        let frame = render(m, now: T0, width: 120, height: 40).text()
        #expect(frame.contains("来自外部 arrived meanwhile"))
        #expect(!frame.contains(" REPLAY "))
    }

    @Test("T in replay returns to live too, with the newest state")
    func tLeavesReplay() {
        var (m, r, index) = replaySetup()
        enter(&m, index)
        _ = m.handle(.home)
        #expect(m.state.eventsApplied == 0)
        #expect(m.handle(.char("T")).isEmpty)
        #expect(m.replay == nil)
        #expect(m.state == r.state)
    }

    @Test("a journal reloaded during replay ends the replay and says so")
    func reloadEndsReplay() {
        var (m, _, index) = replaySetup()
        enter(&m, index)
        _ = m.handle(.home)
        let smaller = JournalReader.read(journalBytes([declareLine(playbook: "website-crisis")])).state
        m.journalUpdated(smaller, pendingBytes: 0, reloaded: "the file was replaced")
        #expect(m.replay == nil)
        #expect(m.state == smaller)
        #expect(m.message?.isError == true)
        #expect(m.message?.text.contains("replay ended") == true)
    }

    @Test("re-entering replay keeps the live state from before the first replay")
    func reenterKeepsLive() {
        var (m, r, index) = replaySetup()
        enter(&m, index)
        _ = m.handle(.home)
        // The console builds a fresh index on every T; a second startReplay while replaying must not take the replayed state as live.
        m.startReplay(index)
        #expect(m.liveState == r.state)
        #expect(position(m) == index.count)
        _ = m.handle(.escape)
        #expect(m.state == r.state)
    }
}

// MARK: - Under tmux

/// The replay test's tmux server (WarRoomTestSupport/TmuxSession.swift): the console on a scratch journal, with WARROOM_TRACE on.
extension TmuxSession {
    static func replay() throws -> TmuxSession {
        try TmuxSession(label: "replay", settings: [])
    }

    var trace: String { dir.file("trace.txt") }

    func start() async throws {
        let cmd =
            "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color WARROOM_DATA=\(shellQuote(uiPackageRoot)) "
            + "WARROOM_TRACE=\(shellQuote(trace)) \(shellQuote(bin)) --journal \(shellQuote(journal))"
        try await start(width: 120, height: 40, command: cmd)
    }

    /// The CLI against the scratch journal.
    func warroom(_ args: [String]) async throws {
        let r = try await run(bin, args + ["--journal", journal])
        guard r.status == 0 else { throw UITestError("warroom \(args.joined(separator: " ")) failed: \(r.stderr)") }
    }
}

@Suite("Replay under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct ReplayE2ETests {
    @Test("T replays, ← steps back, an append meanwhile stays out of the replay, Esc shows it live")
    func replayAndBackToLive() async throws {
        let t = try TmuxSession.replay()
        defer { t.killServer() }
        try await t.warroom(["declare", "--severity", "2", "--title", "Replay under tmux"])
        for n in ["alpha-note", "bravo-note", "charlie-note"] { try await t.warroom(["note", n]) }
        #expect(fileLines(t.journal).count == 4)
        try await t.start()
        try await t.waitFor("the console with the last note") { $0.contains("charlie-note") && $0.contains("Timeline") }
        // The console said its person is here (one member.status) before its first frame.
        let events = fileLines(t.journal).count
        #expect(events == 5)

        try await t.keys("T")
        try await t.waitFor("the replay banner at the newest event") { $0.contains("REPLAY") && $0.contains("event \(events)/\(events)") }
        // The newest event is the console's presence line, on no timeline: one step back shows the same notes.
        try await t.keys("Left")
        try await t.waitFor("before the presence line") { $0.contains("event \(events - 1)/\(events)") && $0.contains("charlie-note") }
        try await t.keys("Left")
        try await t.waitFor("one note back") {
            $0.contains("event \(events - 2)/\(events)") && !$0.contains("charlie-note") && $0.contains("bravo-note")
        }
        try await t.keys("Left")
        try await t.waitFor("two notes back") {
            $0.contains("event \(events - 3)/\(events)") && !$0.contains("bravo-note") && $0.contains("alpha-note")
        }

        // Another process appends while the console replays.
        try await t.warroom(["note", "delta-from-outside"])
        #expect(fileLines(t.journal).count == events + 1)
        // The console has read it (and drawn a frame since) once its trace has a line.
        let traced = try await eventually(timeout: .seconds(10)) { () -> String? in
            let text = FileManager.default.contents(atPath: t.trace).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return text.isEmpty ? nil : text
        }
        #expect(traced != nil, "the console never traced the append")
        // A key after that shows a frame drawn after the append: still the replay, still of the journal as it was.
        try await t.keys("Right")
        let replaying = try await t.waitFor("a step after the append") { $0.contains("event \(events - 2)/\(events)") }
        #expect(replaying?.contains("REPLAY") == true)
        #expect(replaying?.contains("delta-from-outside") == false, "the replay shows the past only")

        try await t.keys("Escape")
        let live = try await t.waitFor("live again with the new note") { $0.contains("delta-from-outside") && !$0.contains("REPLAY") }
        #expect(live?.contains("charlie-note") == true)
        #expect(live?.contains("back to live") == true)
        #expect(live?.contains("\(events + 1) events") == true)
    }
}
