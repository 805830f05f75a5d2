import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

private let hour: TimeInterval = 3600
private let day: TimeInterval = 86400

/// Issue 18, "the review deadlines count from when the plan says": the meeting a week and the report
/// 60 days after the crisis ends, running after the close until recorded (`review.held`, `review.reported`).
@Suite("Review deadlines")
struct ReviewDeadlineTests {
    /// An L2 incident recovered at 1 h and closed at 2 h, on the website-crisis playbook.
    static let ended = [
        declareLine(playbook: "website-crisis"),
        ev("incident.phase", at: 10 * 60, ["phase": "verified"]),
        ev("incident.phase", at: hour, ["phase": "recovered"]),
        ev("incident.phase", at: 2 * hour, ["phase": "closed"]),
    ]

    func kpis(_ lines: [String], at t: TimeInterval) throws -> IncidentKPIs {
        let s = read(lines).state
        #expect(s.badLines.isEmpty, "\(s.badLines.map(\.reason))")
        let inc = try #require(s.incidents["INC-1"])
        return KPIEngine.compute(
            incident: inc, playbook: shippedCatalog.playbook(named: inc.playbook), policy: shippedCatalog.policy(for: inc),
            now: T0.addingTimeInterval(t))
    }

    func measure(_ lines: [String], _ n: KPIName, at t: TimeInterval) throws -> KPIMeasure {
        try #require(try kpis(lines, at: t).measure(n))
    }

    @Test func theMeetingRunsAfterTheCloseUntilHeld() throws {
        let open = try measure(Self.ended, .timeToReview, at: hour + 6 * day)
        #expect(open.running && open.state == .warning && open.seconds == 6 * day && open.target == 7 * day)
        let late = try measure(Self.ended, .timeToReview, at: hour + 8 * day)
        #expect(late.running && late.state == .breached && late.seconds == 8 * day)
        // Held on day 3, logged on day 10: met, stopped at when it was held.
        let held = Self.ended + [ev("review.held", at: hour + 10 * day, ["held_at": .string(ts(hour + 3 * day)), "note": "all leads"])]
        let met = try measure(held, .timeToReview, at: hour + 30 * day)
        #expect(!met.running && met.state == .met && met.seconds == 3 * day)
        // Held without a date: when it was logged, here too late.
        let loggedLate = Self.ended + [ev("review.held", at: hour + 8 * day)]
        let missed = try measure(loggedLate, .timeToReview, at: hour + 30 * day)
        #expect(!missed.running && missed.state == .breached && missed.seconds == 8 * day)
    }

    @Test func theReportIsDueSixtyDaysAfterTheEnd() throws {
        let before = try measure(Self.ended, .timeToReviewReport, at: hour + 59 * day)
        #expect(before.running && before.state == .warning && before.target == 60 * day)
        let after = try measure(Self.ended, .timeToReviewReport, at: hour + 61 * day)
        #expect(after.running && after.state == .breached)
        let reported = Self.ended + [ev("review.reported", at: hour + 40 * day, ["where": "wiki/INC-1"])]
        let met = try measure(reported, .timeToReviewReport, at: hour + 90 * day)
        #expect(!met.running && met.state == .met && met.seconds == 40 * day)
        // The report does not hold the meeting.
        #expect(try measure(reported, .timeToReview, at: hour + 90 * day).state == .breached)
        #expect(Policy.standard.targets[.timeToReviewReport]?.limits == [.l1: 60 * day, .l2: 60 * day, .l3: 60 * day])
        #expect(shippedCatalog.policy.targets[.timeToReviewReport]?.limits == [.l1: 60 * day, .l2: 60 * day, .l3: 60 * day])
    }

    @Test func theCrisisEndsAtTheFirstRecoveredElseAtTheClose() throws {
        // Closed without passing recovered: the close ends the crisis.
        let closedOnly = [declareLine(), ev("incident.phase", at: 5 * hour, ["phase": "closed"])]
        let m = try measure(closedOnly, .timeToReview, at: 5 * hour + 2 * day)
        #expect(m.running && m.seconds == 2 * day)
        // Recovered, back to contained, recovered again: the first recovery counts.
        let twice = [
            declareLine(), ev("incident.phase", at: hour, ["phase": "recovered"]),
            ev("incident.phase", at: 2 * hour, ["phase": "contained"]),
            ev("incident.phase", at: 3 * hour, ["phase": "recovered"]),
        ]
        #expect(try measure(twice, .timeToReview, at: hour + day).seconds == day)
        // Not ended: not started.
        let running = try measure([declareLine()], .timeToReview, at: 30 * day)
        #expect(running.seconds == nil && running.state == .notApplicable && !running.running)
    }

    @Test func theTimeToCloseIsItsOwnFigure() throws {
        let closed = try measure(Self.ended, .timeToClose, at: 30 * day)
        #expect(closed.seconds == 2 * hour && !closed.running && closed.target == nil && closed.state == .notApplicable)
        let open = try measure([declareLine()], .timeToClose, at: 5 * hour)
        #expect(open.seconds == 5 * hour && open.running)
    }

    @Test func aDrillsReviewStopsWithTheDrill() throws {
        let drill = [declareLine(extra: ["drill": true])] + Self.ended.dropFirst()
        let m = try measure(Array(drill), .timeToReview, at: 30 * day)
        #expect(!m.running && m.state == .notReached && m.seconds == hour)
    }

    @Test func aReviewBeforeTheCrisisEndedIsRefused() throws {
        let s = read([declareLine(), ev("review.held", at: 60), ev("review.reported", at: 70, ["where": "x"])]).state
        #expect(s.badLines.count == 2)
        #expect(s.badLines.first?.reason.contains("INC-1 has not recovered yet") == true, "\(s.badLines.map(\.reason))")
        #expect(s.incidents["INC-1"]?.review == Review())
        let ended = read(Self.ended).state
        let inc = try #require(ended.incidents["INC-1"])
        #expect(throws: EventError.self) { try Action.reviewHeld(at: T0, note: nil).drafts(on: inc, in: ended, catalog: shippedCatalog) }
        #expect(throws: EventError.self) {
            try Action.reviewReported(location: " ", at: nil, note: nil).drafts(on: inc, in: ended, catalog: shippedCatalog)
        }
        let drafts = try Action.reviewReported(location: "wiki", at: T0.addingTimeInterval(3 * hour), note: nil).drafts(
            on: inc, in: ended, catalog: shippedCatalog)
        #expect(drafts.first?.data["reported_at"]?.stringValue == ts(3 * hour))
    }

    @Test func reviewEventsFoldAndReadAsSentences() throws {
        let lines =
            Self.ended + [
                ev("review.held", at: 3 * day, ["held_at": .string(ts(2 * day)), "note": "all leads"]),
                ev("review.reported", at: 30 * day, ["where": "wiki/INC-1"]),
            ]
        let s = read(lines).state
        let inc = try #require(s.incidents["INC-1"])
        #expect(inc.review.held?.at == T0.addingTimeInterval(2 * day) && inc.review.held?.loggedAt == T0.addingTimeInterval(3 * day))
        #expect(inc.review.reported?.location == "wiki/INC-1")
        let events = inc.timeline.suffix(2).map(\.event)
        #expect(EventSentence.describe(events[0]) == "review meeting held on 2026-11-24: all leads")
        #expect(EventSentence.describe(events[1]) == "review report written: wiki/INC-1")
        let zh = inLanguage(.chinese) { EventSentence.describe(events[1]) }
        #expect(zh == "复盘报告已完成：wiki/INC-1")
    }

    @Test func checklistItemsFromTheEndCountFromItAndRunAfterTheClose() throws {
        // website-crisis review-meeting: due 7d from the end.
        let k = try kpis(Self.ended, at: hour + 8 * day)
        let item = try #require(k.checklist.first { $0.id == "review-meeting" })
        #expect(item.dueAt == T0.addingTimeInterval(hour + 7 * day))
        #expect(k.overdue.contains { $0.id == "review-meeting" })
        let early = try kpis(Self.ended, at: hour + 6 * day)
        #expect(!early.overdue.contains { $0.id == "review-meeting" })
        // Before the end it is not due at all.
        let notYet = try kpis([declareLine(playbook: "website-crisis")], at: 30 * day)
        #expect(notYet.checklist.first { $0.id == "review-meeting" }?.dueAt == nil)
        // An item from the declaration keeps stopping at the close (grade-crisis, 30m).
        #expect(k.checklist.first { $0.id == "grade-crisis" }?.dueAt == T0.addingTimeInterval(30 * 60))
    }

    @Test func aPlaybooksFromIsChecked() throws {
        let bad = """
            name = "x"
            title = "X"
            [[phases.closed]]
            id = "review"
            text = "Review"
            due = "7d"
            from = "close"
            """
        do {
            _ = try Playbook.parse(ConfigFile.parse(bad, path: "x.toml"))
            Issue.record("from = \"close\" was taken")
        } catch {
            #expect("\(error)".contains("item review: from must be \"declaration\" or \"end\""), "\(error)")
        }
        #expect(shippedCatalog.playbook(named: "website-crisis")?.items.first { $0.id == "review-meeting" }?.from == .end)
        #expect(shippedCatalog.playbook(named: "website-crisis")?.items.first { $0.id == "grade-crisis" }?.from == .declaration)
    }

    @Test func aClosedIncidentIsRemindedOfItsMeetingAndReportUntilRecorded() throws {
        let config = try NotifyConfig.parse(
            "[[channels]]\nname = \"leads\"\nkind = \"wecom\"\nurl = \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k\"\n",
            path: "notify.toml")
        func planned(_ lines: [String], at t: TimeInterval) -> [String] {
            var p = NotifyPlanner(config: config)
            p.observeReminders(state: read(lines).state, catalog: shippedCatalog, now: T0.addingTimeInterval(t))
            return p.order.filter { $0.hasPrefix("r-review-") }
        }
        let ms = { (t: TimeInterval) in String(Int64(T0.addingTimeInterval(t).timeIntervalSince1970 * 1000)) }
        #expect(planned(Self.ended, at: hour + 6 * day).isEmpty)
        #expect(planned(Self.ended, at: hour + 8 * day) == ["r-review-INC-1-\(ms(hour + 7 * day))-leads"])
        #expect(
            planned(Self.ended, at: hour + 61 * day) == [
                "r-review-INC-1-\(ms(hour + 7 * day))-leads", "r-review-INC-1-report-\(ms(hour + 60 * day))-leads",
            ])
        let held = Self.ended + [ev("review.held", at: 2 * day)]
        #expect(planned(held, at: hour + 61 * day) == ["r-review-INC-1-report-\(ms(hour + 60 * day))-leads"])
        let both = held + [ev("review.reported", at: 3 * day, ["where": "wiki"])]
        #expect(planned(both, at: hour + 61 * day).isEmpty)
        // The report's reminder says so; once reported it is not sent.
        let state = read(Self.ended).state
        var p = NotifyPlanner(config: config)
        p.observeReminders(state: state, catalog: shippedCatalog, now: T0.addingTimeInterval(hour + 61 * day))
        let id = "r-review-INC-1-report-\(ms(hour + 60 * day))-leads"
        let c = try #require(p.candidates[id])
        let text = try #require(p.render(c, state: state, catalog: shippedCatalog, now: T0.addingTimeInterval(hour + 61 * day)))
        #expect(text.headline.contains("INC-1: the review report is due"), "\(text.headline)")
        let reported = read(Self.ended + [ev("review.reported", at: 61 * day, ["where": "wiki"])]).state
        #expect(p.render(c, state: reported, catalog: shippedCatalog, now: T0.addingTimeInterval(hour + 61 * day)) == nil)
    }
}

@Suite("warroom review", .enabled(if: warroomBinary != nil, "needs the warroom binary"))
struct ReviewCLITests {
    @Test func heldAndReportedOnAClosedIncident() async throws {
        let dir = TempDir("review")
        let j = dir.file("j.jsonl")
        func run(_ args: [String], _ extra: [String: String] = [:]) async throws -> ProcessResult {
            try await warroom(args, environment: cliEnvironment(["WARROOM_JOURNAL": j].merging(extra) { $1 }))
        }
        _ = try await run(["declare", "--severity", "2", "--title", "Leak"])
        let early = try await run(["review", "held"])
        #expect(early.status != 0 && early.stderr.contains("has recovered or closed yet"), "\(early.stderr)")
        _ = try await run(["phase", "recovered"])
        _ = try await run(["phase", "closed"])
        let before = try await run(["review", "held", "--at", "2020-01-01"])
        #expect(before.status != 0 && before.stderr.contains("the review cannot come before the crisis ended"), "\(before.stderr)")
        let bad = try await run(["review", "held", "--at", "next week"])
        #expect(bad.status != 0 && bad.stderr.contains("--at must be a time like"), "\(bad.stderr)")
        let noWhere = try await run(["review", "reported"])
        #expect(noWhere.status != 0 && noWhere.stderr.contains("--where"), "\(noWhere.stderr)")

        let status0 = try await run(["status", "--json"])
        #expect(status0.stdout.contains("\"time_to_review\":{\"seconds\":"), "\(status0.stdout)")
        let held = try await run(["review", "held", "--note", "all leads came"])
        #expect(held.status == 0 && held.stdout.contains(": review meeting held: all leads came"), "\(held.stdout)\(held.stderr)")
        let rep = try await run(["review", "reported", "--where", "wiki/INC"], ["WARROOM_LANG": "zh"])
        #expect(rep.status == 0 && rep.stdout.contains("复盘报告已完成：wiki/INC"), "\(rep.stdout)\(rep.stderr)")
        let status = try await run(["status", "--json"])
        let o = try JSONParser.parse(Array(status.stdout.utf8))
        guard case .array(let incidents)? = o.objectValue?["incidents"] else {
            Issue.record("no incidents: \(status.stdout)")
            return
        }
        let kpis = incidents.first?.objectValue?["kpis"]?.objectValue
        #expect(kpis?["time_to_review"]?.objectValue?["state"] == "met", "\(status.stdout)")
        #expect(kpis?["time_to_review_report"]?.objectValue?["state"] == "met")
        let text = try await run(["status"])
        #expect(text.stdout.contains("  Review meeting: held ") && text.stdout.contains("  Review report: wiki/INC ("), "\(text.stdout)")
        let check = try await run(["check"])
        #expect(check.status == 0, "\(check.stdout)")
    }
}
