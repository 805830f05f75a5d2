import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

// Issue 18, the drill programme at the console: the facilitator's and evaluators' consoles show
// the expectations and the running score (`E`), players' never do (nor observations, nor the
// injects to come); evaluators mark observations there; the facilitator's console asks for the
// hot wash when the drill ends, and nothing typed in it is lost.

private let drillID = "INC-2"

/// payment-promo run at speed 1 from T0: an internal notice at 2 min (met in time), nobody
/// named commander; one evaluator's mark when `observed`, the end when `ended`.
private func drillLines(observed: Bool = false, ended: Bool = false) -> [String] {
    var lines = [
        ev("drill.started", nil, at: 0, actor: "fac", ["scenario": "payment-promo", "speed": 1, "incident": .string(drillID)]),
        declareLine(drillID, severity: 2, title: "Promo drill", at: 0, actor: "fac", playbook: "website-crisis", extra: ["drill": true]),
        ev("comms.published", drillID, at: 120, actor: "dave", ["audience": "internal", "text": "Leads: payments down"]),
        ev("member.joined", drillID, at: 130, actor: "dave", ["member": "dave"]),
    ]
    if observed {
        lines.append(
            ev(
                "drill.observed", drillID, at: 400, actor: "eve",
                ["expectation": "commander", "rating": "partly", "note": "named late, by voice"]))
    }
    if ended { lines.append(ev("drill.ended", drillID, at: 600, actor: "fac", [:])) }
    return lines
}

private let now = T0.addingTimeInterval(700)

private func scenario() throws -> Scenario { try Scenario.load(path: uiPackageRoot + "/scenarios/payment-promo.toml") }

private func drillModel(_ role: DrillRole, observed: Bool = false, ended: Bool = false, size: (Int, Int) = (80, 24)) throws
    -> ConsoleModel
{
    var m = makeModel(lines: drillLines(observed: observed, ended: ended))
    m.drillRole = role
    m.me = role == .player ? "dave" : (role == .evaluator ? "eve" : "fac")
    _ = m.update(.scenariosLoaded(["payment-promo": try scenario()]), now: now)
    _ = m.update(.resized(width: size.0, height: size.1), now: now)
    return m
}

private func press(_ m: inout ConsoleModel, _ keys: [Key]) -> [ConsoleEffect] {
    keys.flatMap { m.update(.key($0), now: now) }
}

private func type(_ m: inout ConsoleModel, _ text: String) {
    for c in text { _ = m.update(.key(.char(c)), now: now) }
}

private func drafts(_ effects: [ConsoleEffect]) -> [EventDraft] {
    effects.flatMap { e -> [EventDraft] in if case .append(let d) = e { return d } else { return [] } }
}

/// Every text of the scenario's expectations, in both languages: none may reach a player's screen.
private func expectationTexts() throws -> [String] {
    try scenario().expectations.flatMap { [$0.text] + ($0.textZh.map { [$0] } ?? []) }
}

private func snapshot(_ lines: [String]) -> JournalSnapshot {
    JournalSnapshot(state: read(lines).state, pendingBytes: 0, chain: nil)
}

@Suite("Drill roles at the console")
struct DrillRoleConsoleTests {
    @Test("the facilitator and an evaluator see the expectations, the score and the marks; E's hint and help row are theirs")
    func staffSee() throws {
        for role in [DrillRole.facilitator, .evaluator] {
            var m = try drillModel(role, observed: true)
            let main = render(m, now: now, width: 120, height: 40).text()
            #expect(main.contains("E expectations"), "\(role): the footer hint")
            #expect(main.contains("observed: expectation commander partly met"), "\(role): the mark on the timeline")
            _ = press(&m, [.char("?")])
            #expect(render(m, now: now, width: 120, height: 40).text().contains("expectations, score"), "\(role): the help row")
            _ = press(&m, [.escape, .char("E")])
            #expect(m.interaction == .expectations("notify-internal"))
            let grid = render(m, now: now, width: 120, height: 40)
            checkFrameInvariants(grid, "expectations-\(role)")
            let text = grid.text()
            #expect(text.contains("Expectations · score"), "\(role)")
            #expect(text.contains("Name a commander within 5 minutes"))
            #expect(text.contains("evaluator eve: partly met: named late, by voice"))
            // The score is DrillScorer's, as `warroom drill score` gives it.
            let score = try #require(m.drillScore)
            #expect(text.contains(score.scoreText))
        }
    }

    @Test("the staff's help fits 80x24 whole in both languages, its drill row naming E where the player's names P and I")
    func staffHelp() throws {
        for lang in [Language.english, .chinese] {
            try inLanguage(lang) {
                var m = try drillModel(.evaluator)
                _ = press(&m, [.char("?")])
                let text = render(m, now: now, width: 80, height: 24).text()
                let lines = Keymap.helpLines(for: m)
                #expect(lines.contains { $0.keys == "P  I  E" })
                #expect(!lines.contains { $0.keys == "P  I" })
                for line in lines { #expect(text.contains(line.text), "\(lang): \(line.text) whole") }
                var p = try drillModel(.player)
                _ = press(&p, [.char("?")])
                #expect(Keymap.helpLines(for: p).contains { $0.keys == "P  I" })
                #expect(!Keymap.helpLines(for: p).contains { $0.keys == "P  I  E" })
            }
        }
    }

    @Test("a player's screen holds no expectation, score, observation or inject to come: main, help, E and I")
    func playerSeesNone() throws {
        var m = try drillModel(.player, observed: true)
        #expect(m.drillScore == nil)
        var frames: [String] = []
        for size in [(80, 24), (120, 40)] {
            _ = m.update(.resized(width: size.0, height: size.1), now: now)
            frames.append(render(m, now: now, width: size.0, height: size.1).text())
            for key in [Key.char("?"), .char("E"), .char("I")] {
                _ = press(&m, [key])
                frames.append(render(m, now: now, width: size.0, height: size.1).text())
                _ = press(&m, [.escape])
            }
            frames.append(inLanguage(.chinese) { render(m, now: now, width: size.0, height: size.1).text() })
        }
        // Manual injects yet to come in the scenario.
        let toCome = try scenario().manualInjects.map(\.localizedTitle)
        for frame in frames {
            for t in try expectationTexts() + toCome { #expect(!frame.contains(t), "a player's screen shows \(t)") }
            for word in ["Expectations ·", "/ 100", "E expectations", "expectations, score", "observed:", "named late", "I inject"] {
                #expect(!frame.contains(word), "a player's screen shows \(word)")
            }
        }
        #expect(m.interaction == .none)
        // The mark is in the journal, not on the player's timeline.
        #expect(!m.timelineEntries.contains { $0.event.kind == .drillObserved })
        _ = press(&m, [.char("I")])
        #expect(m.message?.text.contains("--role facilitator") == true)
    }

    @Test("an evaluator's mark is written from the expectations, and the score uses it")
    func evaluatorMarks() throws {
        var m = try drillModel(.evaluator)
        let before = try #require(m.drillScore)
        #expect(before.results.first { $0.expectation.id == "commander" }?.status == .missed)
        _ = press(&m, [.char("E"), .down, .char("p")])
        guard case .prompt(let p) = m.interaction, case .observationNote("commander", .partly) = p.purpose else {
            Issue.record("no note prompt: \(m.interaction)")
            return
        }
        type(&m, "named late, by voice")
        let written = drafts(press(&m, [.enter]))
        #expect(written.count == 1)
        #expect(written.first?.kind == .drillObserved)
        #expect(written.first?.data["expectation"] == .string("commander"))
        #expect(written.first?.data["rating"] == .string("partly"))
        #expect(written.first?.data["note"] == .string("named late, by voice"))
        _ = m.update(.journalChanged(snapshot(drillLines(observed: true))), now: now)
        _ = m.update(.appendFinished(error: nil), now: now)
        #expect(m.interaction == .expectations("commander"), "back to the list")
        let after = try #require(m.drillScore)
        let commander = try #require(after.results.first { $0.expectation.id == "commander" })
        #expect(commander.status == .partly)
        #expect(after.score > before.score)
    }

    @Test("the drill's end opens the facilitator's hot wash; items get an owner and a due date and become follow-ups; nothing is lost")
    func hotWash() throws {
        var m = try drillModel(.facilitator)
        _ = m.update(.journalChanged(snapshot(drillLines(ended: true))), now: now)
        guard case .prompt(let p) = m.interaction, p.purpose == .hotWash else {
            Issue.record("no hot wash prompt at the end: \(m.interaction)")
            return
        }
        type(&m, "notice out in 2 minutes")
        _ = press(&m, [.enter, .enter])
        type(&m, "nobody took command")
        _ = press(&m, [.enter, .enter])
        type(&m, "name a commander at once")
        _ = press(&m, [.enter])
        guard case .picker(let owner) = m.interaction, owner.purpose == .hotWashOwner else {
            Issue.record("no owner picker: \(m.interaction)")
            return
        }
        #expect(owner.options.contains { $0.value == "dave" }, "the roster is offered")
        // Nobody is no answer: Enter with nothing typed and "fac" first picks fac; type dave instead.
        type(&m, "dave")
        _ = press(&m, [.enter])
        guard case .prompt(let due) = m.interaction, due.purpose == .hotWashDue else {
            Issue.record("no due prompt: \(m.interaction)")
            return
        }
        #expect(due.string == "14d")
        _ = press(&m, [.enter])
        // A resize, and Esc: the draft stays whole; E then h takes it up where it was.
        type(&m, "half typed")
        _ = m.update(.resized(width: 120, height: 40), now: now)
        _ = press(&m, [.escape])
        #expect(m.interaction == .none)
        #expect(m.hotWashDraft?.wash.items.count == 1)
        _ = press(&m, [.char("E"), .char("h")])
        guard case .prompt(let back) = m.interaction else {
            Issue.record("not taken up again: \(m.interaction)")
            return
        }
        #expect(back.string == "half typed")
        _ = press(&m, [.ctrl("u")])
        let written = drafts(press(&m, [.enter]))
        #expect(written.map(\.kind) == [.drillHotWash, .drillHotWash, .actionAdded])
        let item = try #require(written.last)
        #expect(item.data["owner"] == .string("dave"))
        #expect(item.data["from"] == .string("hot-wash"))
        #expect(item.data["due"] != nil)
        // A refused write keeps the prompt and the whole draft; the next Enter writes it again.
        _ = m.update(.appendFinished(error: "the journal is locked"), now: now)
        #expect(m.hotWashDraft?.wash.strengths == ["notice out in 2 minutes"])
        #expect(m.hotWashDraft?.wash.gaps == ["nobody took command"])
        #expect(drafts(press(&m, [.enter])).count == 3)
        _ = m.update(.appendFinished(error: nil), now: now)
        #expect(m.hotWashDraft == nil)
        #expect(m.message?.text.contains("1 improvement item") == true)
    }

    @Test("the drill's end opens no hot wash on an evaluator's or a player's console, and h is the facilitator's")
    func hotWashFacilitatorOnly() throws {
        for role in [DrillRole.evaluator, .player] {
            var m = try drillModel(role)
            _ = m.update(.journalChanged(snapshot(drillLines(ended: true))), now: now)
            #expect(m.interaction == .none, "\(role)")
            #expect(m.hotWashDraft == nil)
        }
        var e = try drillModel(.evaluator, ended: true)
        _ = press(&e, [.char("E"), .char("h")])
        #expect(e.hotWashDraft == nil)
        #expect(e.message?.text.contains("--role facilitator") == true)
    }

    @Test("the expectations and the hot wash prompt in English and Chinese, 80x24 and 120x40")
    func snapshots() throws {
        for (w, h) in [(80, 24), (120, 40)] {
            // Prompts keep the words they were opened with: each language opens its own.
            for (lang, suffix) in [(Language.english, ""), (.chinese, "-zh")] {
                try inLanguage(lang) {
                    var m = try drillModel(.facilitator, observed: true, ended: true, size: (w, h))
                    _ = press(&m, [.char("E"), .down])
                    let grid = render(m, now: now, width: w, height: h)
                    checkFrameInvariants(grid, "drill-expectations-\(w)x\(h)\(suffix)")
                    assertSnapshot(grid, named: "drill-expectations-\(w)x\(h)\(suffix)")
                    _ = press(&m, [.char("h")])
                    type(&m, "notice out in 2 minutes")
                    let prompt = render(m, now: now, width: w, height: h)
                    checkFrameInvariants(prompt, "drill-hotwash-\(w)x\(h)\(suffix)")
                    assertSnapshot(prompt, named: "drill-hotwash-\(w)x\(h)\(suffix)")
                }
            }
        }
    }
}
