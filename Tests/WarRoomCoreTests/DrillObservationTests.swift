import Foundation
import Testing

@testable import WarRoomCore

// Issue 18, the drill programme: evaluators' observations change the score (the latest mark
// overrides the automatic result, partly counts half), and the hot wash's improvement items
// become follow-up actions with owners. Core first, then `warroom drill observe` and
// `warroom drill hotwash` through the real binary.

private let tiny = packageRoot + "/Tests/WarRoomCoreTests/Fixtures/scenarios/drill-tiny.toml"
private let drillID = "INC-20261122-01"

/// drill-tiny run for two minutes with nobody acting: its one expectation ("notify", an internal
/// notice within a minute) is missed automatically; `extra` lines follow the end.
private func tinyDrill(ended: Bool = true, _ extra: [String] = []) -> [String] {
    var lines = [
        ev("drill.started", nil, at: 0, actor: "fac", ["scenario": "drill-tiny", "speed": 1, "incident": .string(drillID)]),
        declareLine(drillID, severity: 3, title: "Tiny drill", at: 0, actor: "fac", extra: ["drill": true]),
    ]
    if ended { lines.append(ev("drill.ended", drillID, at: 120, actor: "fac", [:])) }
    return lines + extra
}

private func observed(_ rating: String, note: String? = nil, at t: TimeInterval = 121, by: String = "eve") -> String {
    var d: JSONObject = ["expectation": "notify", "rating": .string(rating)]
    if let note { d["note"] = .string(note) }
    return ev("drill.observed", drillID, at: t, actor: by, d)
}

private func score(_ lines: [String]) throws -> DrillScore {
    let state = read(lines).state
    return try #require(
        DrillScorer.score(
            scenario: try Scenario.load(path: tiny), state: state, incident: drillID, catalog: PlaybookCatalog(),
            now: T0.addingTimeInterval(200)))
}

@Suite("Drill observations and hot wash")
struct DrillObservationTests {
    @Test("an evaluator's mark overrides the automatic result: partly counts half, the latest mark wins, and the score says who")
    func observationChangesScore() throws {
        let auto = try score(tinyDrill())
        #expect(auto.results.first?.status == .missed)
        #expect(auto.score == 0)

        let partly = try score(tinyDrill([observed("partly", note: "told ops only")]))
        #expect(partly.results.first?.status == .partly)
        #expect(partly.results.first?.automatic == .missed)
        #expect(partly.score == 50)
        let text = partly.text()
        #expect(text.contains("PARTLY"))
        #expect(text.contains("evaluator eve: partly met: told ops only (automatic: missed)"), "\(text)")
        let json = partly.json()
        guard case .object(let o) = json, case .array(let exps)? = o["expectations"], case .object(let e) = exps[0] else {
            Issue.record("no expectations in \(json)")
            return
        }
        #expect(e["status"] == .string("partly"))
        #expect(e["automatic_status"] == .string("missed"))
        #expect(e["points"] == .number(0.5))
        if case .object(let obs)? = e["observed"] {
            #expect(obs["by"] == .string("eve"))
            #expect(obs["rating"] == .string("partly"))
        } else {
            Issue.record("no observed member: \(e)")
        }
        #expect(partly.markdown().contains("| partly (evaluator) |"))
        #expect(partly.markdown().contains("## Evaluators' observations"))

        let latest = try score(tinyDrill([observed("partly"), observed("met", at: 130, by: "ann")]))
        #expect(latest.score == 100)
        #expect(latest.results.first?.observation?.by == "ann")
        #expect(!latest.text().contains("(automatic: met)"))

        // Without a mark the text names no evaluator.
        #expect(!auto.text().contains("evaluator"))
        #expect(auto.markdown().contains("## Hot wash (fill in)"))
    }

    @Test("a rating outside met, partly, missed is a bad line naming the choices; an observation needs a drill")
    func observationSchema() {
        let bad = read(tinyDrill([observed("great")]))
        #expect(bad.state.badLines.count == 1)
        #expect(bad.state.badLines.first?.reason.contains("met, partly, missed") == true)
        let notDrill = read([declareLine("INC-1"), ev("drill.observed", "INC-1", at: 5, ["expectation": "x", "rating": "met"])])
        #expect(notDrill.state.badLines.count == 1)
        let good = read(tinyDrill([observed("missed", note: "nobody told ops")]))
        #expect(good.state.badLines.isEmpty)
        #expect(good.state.drills[drillID]?.observations.first?.note == "nobody told ops")
    }

    @Test("observe refuses an expectation the scenario does not have, and a drill run by hand")
    func observeRefusals() throws {
        let state = read(tinyDrill()).state
        let inc = try #require(state.incidents[drillID])
        let ok = try Action.observe(expectation: "notify", rating: .met, note: nil, known: ["notify"])
            .drafts(on: inc, in: state, catalog: PlaybookCatalog())
        #expect(ok.first?.kind == .drillObserved)
        #expect(throws: EventError.self) {
            try Action.observe(expectation: "notfy", rating: .met, note: nil, known: ["notify"])
                .drafts(on: inc, in: state, catalog: PlaybookCatalog())
        }
        let handRun = read([declareLine("INC-9", extra: ["drill": true])]).state
        let refusal = Action.refusal(
            of: .observe(expectation: "x", rating: .met, note: nil, known: []), on: handRun.incidents["INC-9"], in: handRun,
            catalog: PlaybookCatalog())
        #expect(refusal?.reason.contains("run by hand") == true)
    }

    @Test("the hot wash waits for the drill's end; its improvement items become follow-ups with owners, numbered on")
    func hotWashMakesFollowUps() throws {
        let wash = HotWash(
            strengths: ["quick start"], gaps: ["no statement"],
            items: [
                HotWash.Item(text: "holding statement template", owner: "ana", due: T0.addingTimeInterval(86400 * 14)),
                HotWash.Item(text: "drill the PR lead", owner: "bo", due: nil),
            ])
        let running = read(tinyDrill(ended: false)).state
        let refusal = Action.refusal(of: .hotWash(wash), on: running.incidents[drillID], in: running, catalog: PlaybookCatalog())
        #expect(refusal?.reason.contains("still running") == true)

        // A-1 is taken already: the hot wash's items are.
        let earlier = ev("action.added", drillID, at: 60, ["action": "A-1", "text": "older"])
        let state = read(tinyDrill([earlier])).state
        let events = try Action.hotWash(wash).events(
            on: state.incidents[drillID], in: state, catalog: PlaybookCatalog(), actor: "fac", login: "fac", at: T0.addingTimeInterval(300))
        #expect(events.map(\.type) == ["drill.hotwash", "drill.hotwash", "action.added", "action.added"])
        let folded = read(tinyDrill([earlier]) + events.map { $0.jsonLine() }).state
        #expect(folded.badLines.isEmpty)
        let made = folded.orderedFollowUps.filter { $0.from == HotWash.origin }
        #expect(made.map(\.id) == ["A-2", "A-3"])
        #expect(made.map(\.owner) == ["ana", "bo"])
        #expect(folded.drills[drillID]?.hotWash.map(\.kind) == [.strength, .gap])

        let noOwner = HotWash(items: [HotWash.Item(text: "x", owner: " ", due: nil)])
        #expect(
            Action.refusal(of: .hotWash(noOwner), on: state.incidents[drillID], in: state, catalog: PlaybookCatalog())?.reason
                .contains("has no owner") == true)

        let sc = try DrillScorer.score(
            scenario: Scenario.load(path: tiny), state: folded, incident: drillID, catalog: PlaybookCatalog(),
            now: T0.addingTimeInterval(400))
        let md = try #require(sc).markdown()
        #expect(md.contains("## Hot wash\n"))
        #expect(md.contains("- quick start"))
        #expect(md.contains("- A-2 holding statement template (ana, 2026-12-06, open)"), "\(md)")
    }

    @Test("a batch stamped against a newer journal renumbers each follow-up it carries, none twice")
    func stampRenumbersBatch() {
        let drafts = ["A-1", "A-2"].map {
            EventDraft(kind: .actionAdded, incident: drillID, data: ["action": .string($0), "text": "t", "owner": "o"])
        }
        let taken = read(tinyDrill([ev("action.added", drillID, at: 60, ["action": "A-1", "text": "someone else's"])])).state
        let stamped = Action.stamp(drafts, in: taken, actor: "fac", login: "fac", at: T0)
        #expect(stamped.compactMap { $0.string("action") } == ["A-2", "A-3"])
    }

    @Test("warroom drill observe and drill hotwash: the score names the evaluator, the items are follow-ups with owners")
    func commandLine() async throws {
        let dir = TempDir("drill-observe")
        let journal = dir.file("d.jsonl")
        try (tinyDrill().joined(separator: "\n") + "\n").write(toFile: journal, atomically: true, encoding: .utf8)
        let env = cliEnvironment()
        let base = ["--journal", journal]
        let wrong = try await warroom(["drill", "observe", "notfy", "met", "--scenario", tiny] + base, environment: env)
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("no expectation notfy in scenario drill-tiny; its expectations: notify"), "\(wrong.stderr)")
        let badRating = try await warroom(["drill", "observe", "notify", "good", "--scenario", tiny] + base, environment: env)
        #expect(badRating.stderr.contains("met, partly or missed"))
        let ok = try await warroom(
            ["drill", "observe", "notify", "partly", "--note", "ops only", "--as", "eve", "--scenario", tiny] + base, environment: env)
        #expect(ok.status == 0, "\(ok.stderr)")
        let scored = try await warroom(["drill", "score", "--scenario", tiny] + base, environment: env)
        #expect(scored.stdout.contains("Score: 50 / 100"), "\(scored.stdout)")
        #expect(scored.stdout.contains("evaluator eve: partly met: ops only"))

        let unpaired = try await warroom(
            ["drill", "hotwash", "--improve", "a", "--improve", "b", "--owner", "x", "--owner", "y", "--owner", "z", "--due", "7d"] + base,
            environment: env)
        #expect(unpaired.stderr.contains("every improvement item needs --owner"), "\(unpaired.stderr)")
        let wash = try await warroom(
            [
                "drill", "hotwash", "--as", "fac", "--strength", "quick start", "--gap", "no statement", "--improve", "template",
                "--improve", "drill PR", "--owner", "ana", "--owner", "bo", "--due", "14d",
            ] + base, environment: env)
        #expect(wash.status == 0, "\(wash.stderr)")
        #expect(wash.stdout.contains("follow-up A-1: template, owner ana"))
        #expect(wash.stdout.contains("follow-up A-2: drill PR, owner bo"))
        let actions = try await warroom(["actions", "--json"] + base, environment: env)
        #expect(actions.stdout.contains("\"owner\":\"ana\"") || actions.stdout.contains("\"owner\": \"ana\""), "\(actions.stdout)")
        let history = try await warroom(["drill", "history", journal], environment: env)
        #expect(history.stdout.contains("A-1 template (owner ana"), "\(history.stdout)")

        // render draws as the role's console would: the expectations' key only for the facilitator and evaluators.
        let asEvaluator = try await warroom(["render", "--role", "evaluator", "--size", "200x40"] + base, environment: env)
        #expect(asEvaluator.stdout.contains("E expectations"), "\(asEvaluator.stdout)")
        #expect(asEvaluator.stdout.contains("observed: expectation notify"))
        let asPlayer = try await warroom(["render", "--size", "200x40"] + base, environment: env)
        #expect(asPlayer.status == 0)
        #expect(!asPlayer.stdout.contains("E expectations"))
        #expect(!asPlayer.stdout.contains("observed:"))
        let bogus = try await warroom(["render", "--role", "boss"] + base, environment: env)
        #expect(bogus.status != 0)
        #expect(bogus.stderr.contains("--role must be facilitator, evaluator or player, not \"boss\""), "\(bogus.stderr)")
        let fromEnv = try await warroom(["render"] + base, environment: cliEnvironment(["WARROOM_ROLE": "boss"]))
        #expect(fromEnv.stderr.contains("(from WARROOM_ROLE)"), "\(fromEnv.stderr)")
        let envEvaluator = try await warroom(
            ["render", "--size", "200x40"] + base, environment: cliEnvironment(["WARROOM_ROLE": "Evaluator"]))
        #expect(envEvaluator.stdout.contains("E expectations"))
    }
}
