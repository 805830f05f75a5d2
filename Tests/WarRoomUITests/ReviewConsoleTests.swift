import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

// Issue 18, the console's part of the review deadlines: a closed incident's review meeting and
// report keep running in the KPI pane until recorded, and `R` records them (the meeting, then
// where the report is); the footer offers `R` while either is unrecorded on a closed incident.

private let incidentID = "INC-20261111-01"
private let day: TimeInterval = 86400

/// The payment-outage fixture closed, seen `after` past its fixed clock, with `extra` lines.
private func closedOutage(after: TimeInterval, extra: [String] = []) -> (ConsoleModel, Date) {
    let bytes = fixtureBytes("payment-outage.jsonl")
    let now = fixedNow(bytes)
    let close = ev("incident.phase", incidentID, at: now.timeIntervalSince(T0) - 600, actor: "alice", ["phase": "closed"])
    var model = makeModel(bytes + journalBytes([close] + extra), path: "examples/payment-outage.jsonl")
    model.me = "alice"
    // A closed incident is opened with i, as a person would to review it.
    model.pinnedIncident = incidentID
    _ = model.update(.resized(width: 80, height: 24), now: now + after)
    return (model, now + after)
}

private func press(_ m: inout ConsoleModel, _ key: Key, now: Date) -> [ConsoleEffect] {
    m.update(.key(key), now: now)
}

private func type(_ m: inout ConsoleModel, _ text: String, now: Date) {
    for c in text { _ = m.update(.key(.char(c)), now: now) }
}

private func appended(_ effects: [ConsoleEffect]) -> EventDraft? {
    for e in effects { if case .append(let drafts) = e, drafts.count == 1 { return drafts[0] } }
    return nil
}

@Suite("The review in the console")
struct ReviewConsoleTests {
    @Test("a closed incident's review runs on and is breached after a week, R offered, at 80x24 and 120x40 in English and Chinese")
    func closedIncidentShowsTheReviewRunning() throws {
        var (model, now) = closedOutage(after: 8 * day)
        for (w, h) in [(80, 24), (120, 40)] {
            _ = model.update(.resized(width: w, height: h), now: now)
            let label = "review-closed-\(w)x\(h)"
            let grid = render(model, now: now, width: w, height: h)
            checkFrameInvariants(grid, label)
            assertSnapshot(grid, named: label)
            let review = try #require(grid.lines().first { $0.contains(w < 100 ? "Review " : "Review meeting") })
            #expect(review.contains("breached"), "\(label): \(review)")
            let report = try #require(grid.lines().first { $0.contains(w < 100 ? "Report " : "Review report") })
            #expect(report.contains("pending"), "\(label): \(report)")
            #expect(grid.lines()[h - 2].contains("R review"), "\(grid.lines()[h - 2])")
            let zh = inLanguage(.chinese) { render(model, now: now, width: w, height: h) }
            checkFrameInvariants(zh, "zh-" + label)
            assertSnapshot(zh, named: "zh-" + label)
            #expect(zh.lines()[h - 2].contains("R 复盘"))
            #expect(zh.text().contains("超时"))
        }
        // Recorded: met, and R no longer offered.
        let held = ev("review.held", incidentID, at: now.timeIntervalSince(T0) - 8 * day + 3 * day, actor: "alice")
        let reported = ev("review.reported", incidentID, at: now.timeIntervalSince(T0) - day, actor: "alice", ["where": "wiki"])
        let (done, at) = closedOutage(after: 8 * day, extra: [held, reported])
        let grid = render(done, now: at, width: 120, height: 40)
        #expect(grid.lines().first { $0.contains("Review meeting") }?.contains("met") == true)
        #expect(!grid.lines()[38].contains("R review"))
    }

    @Test("R records the meeting (a note optional), then asks where the report is, refusing an empty answer")
    func recordFlow() throws {
        var (model, now) = closedOutage(after: day)
        _ = press(&model, .char("R"), now: now)
        guard case .prompt(let p) = model.interaction, case .reviewHeldNote = p.purpose else {
            Issue.record("no meeting prompt: \(model.interaction)")
            return
        }
        type(&model, "all leads came", now: now)
        let draft = try #require(appended(press(&model, .enter, now: now)))
        #expect(draft.kind == .reviewHeld && draft.incident == incidentID)
        #expect(draft.data["note"]?.stringValue == "all leads came" && draft.data["held_at"] == nil)

        let held = ev("review.held", incidentID, at: now.timeIntervalSince(T0) - 60, actor: "alice")
        var (after, at) = closedOutage(after: day, extra: [held])
        _ = press(&after, .char("R"), now: at)
        guard case .prompt(let q) = after.interaction, case .reviewReportWhere = q.purpose else {
            Issue.record("no report prompt: \(after.interaction)")
            return
        }
        #expect(press(&after, .enter, now: at).isEmpty)
        #expect(after.message?.isError == true && after.message?.text.contains("say where the review report is") == true)
        type(&after, "wiki/INC-20261111-01", now: at)
        let report = try #require(appended(press(&after, .enter, now: at)))
        #expect(report.kind == .reviewReported && report.data["where"]?.stringValue == "wiki/INC-20261111-01")
    }

    @Test("before the crisis ends R says what comes first and writes nothing; read-only refuses")
    func refusals() throws {
        var open = makeModel(lines: [declareLine()])
        _ = open.update(.resized(width: 80, height: 24), now: T0 + 60)
        #expect(press(&open, .char("R"), now: T0 + 60).isEmpty)
        #expect(open.interaction == .none)
        #expect(open.message?.text.contains("the review comes after the crisis ends") == true)
        #expect(!Keymap.hints(open).contains("R review"))
        var (ro, now) = closedOutage(after: day)
        ro.readOnlyReason = "a copy"
        _ = press(&ro, .char("R"), now: now)
        #expect(ro.interaction == .none && ro.message?.isError == true)
    }
}

@Suite("Scope and recovery estimate in the console")
struct ScopeRecoveryConsoleTests {
    /// The payment-outage fixture with a nationwide scope and the tech lead's estimate.
    func withEstimate() -> (ConsoleModel, Date) {
        let bytes = fixtureBytes("payment-outage.jsonl")
        let now = fixedNow(bytes)
        let t = now.timeIntervalSince(T0)
        let extra = [
            ev("incident.scope", incidentID, at: t - 900, actor: "alice", ["scope": "nationwide"]),
            ev(
                "recovery.estimate", incidentID, at: t - 600, actor: "chen",
                ["backup": "orders-db snapshot 03:00", "eta": .string(ts(t + 3600)), "rpo": "15m", "data_lost": "orders"]),
        ]
        var model = makeModel(bytes + journalBytes(extra), path: "examples/payment-outage.jsonl")
        model.me = "alice"
        _ = model.update(.resized(width: 80, height: 24), now: now)
        return (model, now)
    }

    @Test("the estimate under Restore and the scope in the KPI pane, at 80x24 and 120x40 in English and Chinese")
    func kpiPaneShowsTheEstimate() throws {
        var (model, now) = withEstimate()
        model.focus = .kpis
        for (w, h) in [(80, 24), (120, 40)] {
            _ = model.update(.resized(width: w, height: h), now: now)
            let label = "recovery-estimate-\(w)x\(h)"
            let grid = render(model, now: now, width: w, height: h)
            checkFrameInvariants(grid, label)
            assertSnapshot(grid, named: label)
            let lines = grid.lines()
            let restore = try #require(lines.firstIndex { $0.contains(w < 100 ? "Restore " : "Restore service") })
            #expect(lines[restore + 1].contains(w < 100 ? "RPO 15m" : "estimate"), "\(lines[restore + 1])")
            #expect(lines[restore + 1].contains(w < 100 ? "RPO 15m" : "RPO 15m of orders"), "\(lines[restore + 1])")
            #expect(lines[restore + 1].contains("ETA "), "\(lines[restore + 1])")
            if w >= 100 { #expect(lines[restore + 2].contains("orders-db snapshot 03:00")) }
            let zh = inLanguage(.chinese) { render(model, now: now, width: w, height: h) }
            checkFrameInvariants(zh, "zh-" + label)
            assertSnapshot(zh, named: "zh-" + label)
            #expect(zh.text().contains(w < 100 ? "预计" : "恢复预估"))
        }
        // The scope row, further down the pane: scrolled to.
        let all = KPIPane.rows(
            try #require(model.kpis(now: now)), counters: [], wide: true, scope: model.incident?.scope)
        #expect(all.contains { $0.label == "Outage scope" && $0.value == "nationwide" })
    }

    @Test("O picks the scope and writes incident.scope")
    func scopeKey() throws {
        let bytes = fixtureBytes("payment-outage.jsonl")
        let now = fixedNow(bytes)
        var model = makeModel(bytes, path: "examples/payment-outage.jsonl")
        _ = model.update(.resized(width: 80, height: 24), now: now)
        _ = model.update(.key(.char("O")), now: now)
        guard case .picker(let p) = model.interaction, case .scope = p.purpose else {
            Issue.record("no scope picker: \(model.interaction)")
            return
        }
        #expect(p.options.map(\.value) == ["local", "regional", "nationwide"])
        _ = model.update(.key(.down), now: now)
        _ = model.update(.key(.down), now: now)
        let effects = model.update(.key(.enter), now: now)
        var draft: EventDraft?
        for e in effects { if case .append(let d) = e, d.count == 1 { draft = d[0] } }
        #expect(draft?.kind == .incidentScope && draft?.data["scope"] == "nationwide")
    }
}
