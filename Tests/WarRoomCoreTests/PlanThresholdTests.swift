import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Issue 18, "the plans' thresholds that do not fit yet": the online-event plan's L1 rule (a
/// response time over 15 minutes, or a nationwide outage), and the RPO and backup beside the RTO.
@Suite("The plans' thresholds: response time, scope, recovery estimate")
struct PlanThresholdTests {
    func suggestions(_ lines: [String]) throws -> [Suggestion] {
        let s = read(lines).state
        #expect(s.badLines.isEmpty, "\(s.badLines.map(\.reason))")
        let inc = try #require(s.incidents["INC-1"])
        return KPIEngine.compute(incident: inc, playbook: nil, policy: shippedCatalog.policy(for: inc), now: T0 + 600).suggestions
    }

    @Test func responseTimeOverFifteenMinutesSuggestsL1() throws {
        let over = try suggestions([declareLine(), ev("counter.set", at: 60, ["name": "response_minutes", "value": 16])])
        let s = try #require(over.first)
        #expect(s.severity == .l1 && s.counter == "response_minutes" && s.threshold == 15)
        #expect(s.sourceZh == "响应时间超过15分钟或全国范围内无法访问")
        #expect(s.source == "response time over 15 minutes, or a nationwide outage")
        #expect(try suggestions([declareLine(), ev("counter.set", at: 60, ["name": "response_minutes", "value": 15])]).isEmpty)
        #expect(Policy.standard.triggers.contains { $0.counter == "response_minutes" && $0.above == 15 && $0.suggests == .l1 })
    }

    @Test func aNationwideOutageSuggestsL1() throws {
        let nationwide = try suggestions([declareLine(), ev("incident.scope", at: 60, ["scope": "nationwide", "note": "all regions"])])
        let s = try #require(nationwide.first)
        #expect(s.severity == .l1 && s.scope == .nationwide && s.sourceZh == "响应时间超过15分钟或全国范围内无法访问")
        #expect(s.sentence == "outage scope nationwide: criteria for L1 met")
        #expect(inLanguage(.chinese) { s.sentence }.contains("全国"))
        #expect(try suggestions([declareLine(), ev("incident.scope", at: 60, ["scope": "regional"])]).isEmpty)
        // Already at L1: nothing to suggest.
        #expect(try suggestions([declareLine(severity: 1), ev("incident.scope", at: 60, ["scope": "nationwide"])]).isEmpty)
        #expect(Policy.standard.triggers.contains { $0.scope == .nationwide && $0.suggests == .l1 })
        // Back to regional: the suggestion goes.
        let back = [
            declareLine(), ev("incident.scope", at: 60, ["scope": "nationwide"]), ev("incident.scope", at: 70, ["scope": "regional"]),
        ]
        #expect(try suggestions(back).isEmpty)
    }

    @Test func theReportShowsTheScopeTheEstimateAndTheReview() throws {
        let lines = [
            declareLine(),
            ev("incident.scope", at: 60, ["scope": "nationwide"]),
            ev("recovery.estimate", at: 90, actor: "chen", ["backup": "db-snap-0300", "rpo": "15m", "data_lost": "orders"]),
            ev("incident.phase", at: 3600, ["phase": "recovered"]),
            ev("review.held", at: 86400, ["held_at": .string(ts(80000))]),
        ]
        let s = read(lines).state
        let inc = try #require(s.incidents["INC-1"])
        let report = PostmortemReport(
            incident: inc, state: s, catalog: shippedCatalog, now: T0 + 2 * 86400, journalPath: "j.jsonl",
            timeZone: TimeZone(identifier: "UTC")!)
        let md = report.markdown()
        #expect(md.contains("- Outage scope: nationwide\n"), "\(md)")
        #expect(md.contains("- Recovery estimate (chen, ") && md.contains("backup db-snap-0300 · data lost 15m of orders"), "\(md)")
        #expect(md.contains("- Review meeting: held ") && md.contains("- Review report: not recorded (warroom review reported)"))
        let o = try #require(report.json().objectValue)
        #expect(o["scope"] == "nationwide")
        #expect(o["recovery"]?.objectValue?["rpo_seconds"] == 900)
        #expect(o["review"]?.objectValue?["held"]?.objectValue?["at"] == .string(RFC3339.format(T0 + 80000)))
        #expect(o["review"]?.objectValue?["reported"] == .null)
    }

    @Test func aScopeOutsideTheThreeIsABadLine() {
        let s = read([declareLine(), ev("incident.scope", at: 60, ["scope": "planet"])]).state
        #expect(s.badLines.first?.reason.contains("data.scope must be local, regional or nationwide") == true, "\(s.badLines)")
        #expect(s.incidents["INC-1"]?.scope == nil)
    }

    @Test func aScopeRuleInThePolicyIsChecked() throws {
        func failure(_ text: String) -> String {
            do {
                _ = try Policy.parse(ConfigFile.parse(text, path: "policy.toml"))
                return ""
            } catch { return "\(error)" }
        }
        #expect(
            failure("[[triggers]]\nscope = \"planet\"\nsuggests = 1\n").contains("scope must be \"local\", \"regional\" or \"nationwide\""))
        #expect(failure("[[triggers]]\nscope = \"regional\"\nsuggests = 1\nabove = 3\n").contains("unknown key \"above\""))
        let p = try Policy.parse(ConfigFile.parse("[[triggers]]\nscope = \"regional\"\nsuggests = 2\n", path: "policy.toml"))
        #expect(p.triggers == [TriggerRule(counter: "", above: 0, suggests: .l2, source: nil, sourceZh: nil, scope: .regional)])
    }

    @Test func theRecoveryEstimateFoldsKeepingWhatALaterOneDoesNotSay() throws {
        let lines = [
            declareLine(),
            ev(
                "recovery.estimate", at: 60, actor: "chen",
                ["backup": "db-snap-0300", "eta": .string(ts(7200)), "rpo": "15m", "data_lost": "orders"]),
            ev("recovery.estimate", at: 120, actor: "chen", ["eta": .string(ts(9000))]),
        ]
        let s = read(lines).state
        let r = try #require(s.incidents["INC-1"]?.recovery)
        #expect(r.backup == "db-snap-0300" && r.eta == T0 + 9000 && r.rpo == 900 && r.dataLost == "orders" && r.by == "chen")
        let first = try #require(s.incidents["INC-1"]?.timeline.dropFirst().first?.event)
        #expect(EventSentence.describe(first) == "recovery estimate: backup db-snap-0300 · back by \(ts(7200)) · data lost 15m of orders")
        let inc = try #require(s.incidents["INC-1"])
        #expect(throws: EventError.self) {
            try Action.recoveryEstimate(backup: " ", eta: nil, rpo: nil, dataLost: "orders", note: nil).drafts(
                on: inc, in: s, catalog: shippedCatalog)
        }
        let d = try Action.recoveryEstimate(backup: nil, eta: nil, rpo: 5400, dataLost: nil, note: nil).drafts(
            on: inc, in: s, catalog: shippedCatalog)
        #expect(d.first?.data["rpo"] == "90m")
        let sameScope = read([declareLine(), ev("incident.scope", at: 60, ["scope": "local"])]).state
        #expect(throws: EventError.self) {
            try Action.scope(.local, note: nil).drafts(on: sameScope.incidents["INC-1"], in: sameScope, catalog: shippedCatalog)
        }
    }
}

@Suite("warroom scope and warroom recovery", .enabled(if: warroomBinary != nil, "needs the warroom binary"))
struct PlanThresholdCLITests {
    @Test func scopeAndRecoveryThroughTheBinary() async throws {
        let dir = TempDir("thresholds")
        let j = dir.file("j.jsonl")
        func run(_ args: [String], _ extra: [String: String] = [:]) async throws -> ProcessResult {
            try await warroom(args, environment: cliEnvironment(["WARROOM_JOURNAL": j].merging(extra) { $1 }))
        }
        _ = try await run(["declare", "--severity", "2", "--title", "Checkout down", "--playbook", "online-event"])
        let bad = try await run(["scope", "planet"])
        #expect(bad.status != 0 && bad.stderr.contains("the scope must be local, regional or nationwide"), "\(bad.stderr)")
        let scope = try await run(["scope", "nationwide", "--note", "every province"])
        #expect(scope.status == 0 && scope.stdout.contains("outage scope: nationwide: every province"), "\(scope.stdout)\(scope.stderr)")
        let empty = try await run(["recovery"])
        #expect(empty.status != 0 && empty.stderr.contains("--backup"), "\(empty.stderr)")
        let badRPO = try await run(["recovery", "--rpo", "lots"])
        #expect(badRPO.status != 0 && badRPO.stderr.contains("--rpo must be a duration like 15m"), "\(badRPO.stderr)")
        let est = try await run(["recovery", "--backup", "db-snap-0300", "--eta", "2h", "--rpo", "15m", "--lost", "orders"])
        #expect(
            est.status == 0 && est.stdout.contains("backup db-snap-0300") && est.stdout.contains("data lost 15m of orders"), "\(est.stdout)"
        )
        let text = try await run(["status"])
        #expect(text.stdout.contains("  Outage scope: nationwide\n"), "\(text.stdout)")
        #expect(text.stdout.contains("  Recovery estimate (") && text.stdout.contains("data lost 15m of orders"), "\(text.stdout)")
        #expect(!text.stdout.contains("Review meeting:"), "not ended: no review line")
        let zh = try await run(["status"], ["WARROOM_LANG": "zh"])
        #expect(zh.stdout.contains("全国"), "\(zh.stdout)")
        let status = try await run(["status", "--json"])
        let o = try JSONParser.parse(Array(status.stdout.utf8))
        guard case .array(let incidents)? = o.objectValue?["incidents"], let inc = incidents.first?.objectValue else {
            Issue.record("no incidents: \(status.stdout)")
            return
        }
        #expect(inc["scope"] == "nationwide")
        #expect(inc["recovery"]?.objectValue?["backup"] == "db-snap-0300" && inc["recovery"]?.objectValue?["rpo_seconds"] == 900)
        guard case .array(let suggestions)? = inc["suggestions"] else {
            Issue.record("no suggestions")
            return
        }
        #expect(suggestions.contains { $0.objectValue?["scope"] == "nationwide" && $0.objectValue?["severity"] == 1 })
        let check = try await run(["check"])
        #expect(check.status == 0, "\(check.stdout)")
    }
}
