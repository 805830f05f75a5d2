import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Alert payloads into signal events: parsing each source's shape, deduplication against the
/// journal, the policy's rules, and the messages for a bad payload.
@Suite("Alert intake")
struct IntakeTests {
    static let alertmanager = """
        {"version":"4","groupKey":"{}:{alertname=\\"LoginFailures\\"}","truncatedAlerts":0,"status":"firing",
         "receiver":"warroom","groupLabels":{"alertname":"LoginFailures"},"commonLabels":{},"commonAnnotations":{},
         "externalURL":"http://am:9093","alerts":[
          {"status":"firing","labels":{"alertname":"LoginFailures","counter":"login_failure_pct","service":"auth"},
           "annotations":{"summary":"Login failures at 7.2%","value":"7.2"},
           "startsAt":"2026-11-22T08:00:01.123456789Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prom:9090/graph?g0.expr=x","fingerprint":"c0ffee0123456789"}]}
        """

    func parse(_ text: String, _ format: IntakeFormat) throws -> [IncomingAlert] {
        try AlertPayload.parse(Array(text.utf8), format: format)
    }

    func error(_ text: String, _ format: IntakeFormat) -> String? {
        do {
            _ = try AlertPayload.parse(Array(text.utf8), format: format)
            return nil
        } catch {
            return error.reason
        }
    }

    /// Applies drafts to a state as the writer would, returning the state after them.
    func applied(_ drafts: [EventDraft], to state: JournalState, at t: TimeInterval = 0) -> JournalState {
        var s = state
        for (k, d) in drafts.enumerated() {
            let e = d.stamp(actor: "warroom", login: "warroom", at: T0.addingTimeInterval(t))
            #expect(s.apply(e, line: k + 1, offset: 0) == nil)
        }
        return s
    }

    @Test func anAlertmanagerPayloadBecomesAFiredSignal() throws {
        let alerts = try parse(Self.alertmanager, .alertmanager)
        let a = try #require(alerts.first)
        #expect(alerts.count == 1)
        #expect(a.fingerprint == "c0ffee0123456789" && a.source == "alertmanager" && a.status == .firing)
        #expect(a.title == "LoginFailures" && a.summary == "Login failures at 7.2%")
        #expect(a.value == 7.2 && a.url == "http://prom:9090/graph?g0.expr=x" && a.endsAt == nil)
        #expect(a.startsAt.map(RFC3339.format) == "2026-11-22T08:00:01.123Z")
        let drafts = SignalIntake.drafts(for: alerts, state: JournalState(), policy: .standard)
        let d = try #require(drafts.first)
        #expect(d.type == "signal.fired" && d.actor == "alertmanager" && d.incident == nil)
        // The standard policy's login-failure trigger (over 5 %) suggests L3: the alert meets it.
        #expect(d.data["meets"] == 3 && d.data["rule"] == "login_failure_pct")
        #expect(d.data["starts_at"] == "2026-11-22T08:00:01.123Z")
        #expect(d.data["labels"]?.objectValue?["service"] == "auth")
    }

    @Test func aRepeatWithTheSameFactsWritesNothingAndAChangeWritesAgain() throws {
        let alerts = try parse(Self.alertmanager, .alertmanager)
        let s1 = applied(SignalIntake.drafts(for: alerts, state: JournalState(), policy: .standard), to: JournalState())
        #expect(s1.openSignals.map(\.fingerprint) == ["c0ffee0123456789"])
        // Alertmanager's repeat_interval: the same alert again.
        #expect(SignalIntake.drafts(for: alerts, state: s1, policy: .standard).isEmpty)
        // The same alert twice in one payload is recorded once.
        #expect(SignalIntake.drafts(for: alerts + alerts, state: JournalState(), policy: .standard).count == 1)
        // A new value is a new fact.
        var changed = alerts
        changed[0].value = 9
        let d = SignalIntake.drafts(for: changed, state: s1, policy: .standard)
        #expect(d.map(\.type) == ["signal.fired"] && d.first?.data["value"] == 9)
    }

    @Test func aResolveClosesAnOpenSignalAndNothingElse() throws {
        let alerts = try parse(Self.alertmanager, .alertmanager)
        let resolvedText = Self.alertmanager.replacingOccurrences(of: "\"status\":\"firing\"", with: "\"status\":\"resolved\"")
            .replacingOccurrences(of: "0001-01-01T00:00:00Z", with: "2026-11-22T08:05:00Z")
        let resolved = try parse(resolvedText, .alertmanager)
        #expect(resolved.first?.endsAt == RFC3339.parse("2026-11-22T08:05:00Z"))
        // Never seen: nothing (the journal would refuse it).
        #expect(SignalIntake.drafts(for: resolved, state: JournalState(), policy: .standard).isEmpty)
        let open = applied(SignalIntake.drafts(for: alerts, state: JournalState(), policy: .standard), to: JournalState())
        let d = SignalIntake.drafts(for: resolved, state: open, policy: .standard)
        #expect(d.map(\.type) == ["signal.resolved"] && d.first?.data["ends_at"] == "2026-11-22T08:05:00.000Z")
        let closed = applied(d, to: open, at: 1)
        #expect(closed.openSignals.isEmpty)
        // Already resolved: nothing.
        #expect(SignalIntake.drafts(for: resolved, state: closed, policy: .standard).isEmpty)
        // Fired and resolved in one payload: both, in order.
        #expect(
            SignalIntake.drafts(for: alerts + resolved, state: JournalState(), policy: .standard).map(\.type) == [
                "signal.fired", "signal.resolved",
            ])
    }

    @Test func grafanaSendsItsOwnMembersAndMayLeaveOutTheFingerprint() throws {
        let text = """
            {"receiver":"warroom","status":"firing","orgId":1,"title":"[FIRING:1] PageLoad","version":"1",
             "alerts":[{"status":"firing","labels":{"alertname":"PageLoad","grafana_folder":"web"},
              "annotations":{"description":"p95 page load over 3 s"},"startsAt":"2026-11-22T08:00:00Z",
              "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://grafana/alerting/grafana/x/view",
              "dashboardURL":"http://grafana/d/abc","panelURL":"http://grafana/d/abc?viewPanel=2",
              "values":{"B":1,"A":3.4},"valueString":"[ var='A' labels={} value=3.4 ]"}]}
            """
        let a = try #require(try parse(text, .grafana).first)
        #expect(a.source == "grafana" && a.title == "PageLoad" && a.summary == "p95 page load over 3 s")
        #expect(a.value == 3.4 && a.url == "http://grafana/d/abc?viewPanel=2")
        // Derived from the sorted labels: the same labels in another order give the same fingerprint.
        let again = text.replacingOccurrences(
            of: "{\"alertname\":\"PageLoad\",\"grafana_folder\":\"web\"}", with: "{\"grafana_folder\":\"web\",\"alertname\":\"PageLoad\"}")
        #expect(try parse(again, .grafana).first?.fingerprint == a.fingerprint)
        #expect(a.fingerprint.count == 16)
        let other = text.replacingOccurrences(of: "\"web\"", with: "\"shop\"")
        #expect(try parse(other, .grafana).first?.fingerprint != a.fingerprint)
    }

    @Test func theGenericForm() throws {
        let one = try parse(#"{"title":"Disk full on db1","status":"firing","value":97,"labels":{"host":"db1"}}"#, .generic)
        #expect(one.count == 1 && one[0].source == "generic" && one[0].value == 97 && one[0].fingerprint.count == 16)
        let many = try parse(
            #"[{"fingerprint":"x1","title":"A","status":"firing","source":"zabbix"},{"fingerprint":"x1","title":"A","status":"resolved"}]"#,
            .generic)
        #expect(many.map(\.status) == [.firing, .resolved] && many[0].source == "zabbix" && many[1].fingerprint == "x1")
    }

    @Test func badPayloadsNameTheMemberAndWhatWasExpected() {
        #expect(error("{", .alertmanager)?.hasPrefix("the payload is not JSON: ") == true)
        #expect(error("[]", .alertmanager) == "the payload must be an object, not an array")
        #expect(error(#"{"alerts":[]}"#, .alertmanager) == "version is missing (expected \"4\")")
        #expect(error(#"{"version":"3","alerts":[]}"#, .alertmanager) == "version must be \"4\" (Alertmanager's webhook format), not \"3\"")
        #expect(error(#"{"version":"4"}"#, .alertmanager) == "alerts is missing (expected an array)")
        #expect(
            error(#"{"version":"4","alerts":[{"status":"burning"}]}"#, .alertmanager)
                == "alerts[0].status must be \"firing\" or \"resolved\", not \"burning\"")
        #expect(
            error(#"{"version":"4","alerts":[{"status":"firing","labels":{"a":1}}]}"#, .alertmanager)
                == "alerts[0].labels.a must be a string, not a number")
        #expect(
            error(#"{"version":"4","alerts":[{"status":"firing","startsAt":"yesterday"}]}"#, .alertmanager)
                == "alerts[0].startsAt must be an RFC 3339 time like 2026-11-22T08:15:02Z, not \"yesterday\"")
        #expect(error(#"{"status":"firing"}"#, .generic) == "title is missing (expected a string)")
        #expect(error(#"{"title":"x"}"#, .generic) == "status is missing (expected \"firing\" | \"resolved\")")
        #expect(error(#"{"title":"x","status":"firing","value":"high"}"#, .generic) == "value must be a number, not a string")
        #expect(
            error(#"{"title":"x","status":"firing","colour":"red"}"#, .generic)
                == "unknown member colour; the generic form has fingerprint, title, status, labels, summary, value, url, source, starts_at, ends_at"
        )
        // The journal's own rules, with the alert named.
        #expect(
            error(#"[{"title":"x","status":"firing","fingerprint":"a\u200Bb"}]"#, .generic)
                == "[0]: data.fingerprint contains an invisible character (U+200B), so it would look like another name; remove it")
    }

    @Test func badPayloadMessagesInChinese() {
        inLanguage(.chinese) {
            #expect(error(#"{"version":"4"}"#, .alertmanager) == "缺少 alerts（应为数组）")
        }
    }

    @Test func hostileTextIsKeptAsDataAndWrittenAsValidJSON() throws {
        let alerts = try parse(#"{"title":"boom\u001b[2J\u0007\r\nOWNED","status":"firing"}"#, .generic)
        let d = try #require(SignalIntake.drafts(for: alerts, state: JournalState(), policy: .standard).first)
        let line = d.stamp(actor: "w", login: "w", at: T0).jsonLine()
        #expect(!line.utf8.contains(where: { $0 < 0x20 }))
        #expect(try JSONParser.parse(Array(line.utf8)).objectValue?["data"]?.objectValue?["title"] == "boom\u{1b}[2J\u{07}\r\nOWNED")
    }

    // MARK: Rules

    @Test func theTriggersApplyToAlertsThroughTheCounterLabel() {
        let p = Policy.standard
        func m(_ counter: String, _ v: Double?) -> SignalMatch? { p.signalMatch(labels: ["counter": .string(counter)], value: v) }
        #expect(m("login_failure_pct", 5.1).map { [$0.meets.rawValue] } == [3])
        #expect(m("login_failure_pct", 5) == nil)  // strictly above, as for incidents
        #expect(m("page_load_seconds", 3.4)?.meets == .l3)
        #expect(m("outage_minutes", 121)?.meets == .l2)
        #expect(m("leaked_records", 10_001).map { ($0.meets, $0.rule) }! == (.l1, "leaked_records"))
        #expect(m("leaked_records", nil) == nil)
        #expect(p.signalMatch(labels: ["alertname": "X"], value: 1e9) == nil)
    }

    @Test func signalRulesMatchLabelsAndValuesAndTheWorstWins() throws {
        let text = """
            [[signal_rules]]
            name = "payments-down"
            meets = 2
            match = { service = "payments", alertname = "ServiceDown" }

            [[signal_rules]]
            name = "big-leak"
            meets = 1
            match = { alertname = "RecordsExposed" }
            value_above = 10000
            source = "over 10,000 records"
            source_zh = "超过1万条"
            """
        let p = try Policy.parse(ConfigFile.parse(text, path: "policy.toml"))
        #expect(p.signalRules.map(\.name) == ["payments-down", "big-leak"])
        #expect(p.signalMatch(labels: ["alertname": "ServiceDown", "service": "payments"], value: nil)?.rule == "payments-down")
        #expect(p.signalMatch(labels: ["alertname": "ServiceDown", "service": "search"], value: nil) == nil)
        #expect(p.signalMatch(labels: ["alertname": "RecordsExposed"], value: 20_000)?.meets == .l1)
        #expect(p.signalMatch(labels: ["alertname": "RecordsExposed"], value: 20)?.meets == nil)
        var both = p
        both.triggers = Policy.standard.triggers
        let worst = both.signalMatch(
            labels: ["alertname": "ServiceDown", "service": "payments", "counter": "leaked_records"], value: 99_999)
        #expect(worst?.rule == "leaked_records" && worst?.meets == .l1)
    }

    @Test func aBadSignalRuleSaysWhatIsWrong() throws {
        func message(_ text: String) -> String? {
            do {
                _ = try Policy.parse(ConfigFile.parse(text, path: "policy.toml"))
                return nil
            } catch {
                return error.message
            }
        }
        #expect(
            message("[[signal_rules]]\nname = \"x\"\nmeets = 4\nmatch = { a = \"b\" }")?.contains("signal rule x: meets must be 1, 2 or 3")
                == true)
        #expect(message("[[signal_rules]]\nname = \"x\"\nmeets = 2")?.contains("signal rule x needs match") == true)
        #expect(
            message("[[signal_rules]]\nname = \"x\"\nmeets = 2\nvalue_above = 3\ncolour = 1")?.contains("unknown key \"colour\"") == true)
    }

    @Test func theShippedPolicyLoadsWithItsRules() throws {
        let p = try Policy.load(path: playbooksDirectory + "/policy.toml")
        #expect(p.triggers.count == 10)
        // The scope rule has no counter: an alert with an empty counter label does not meet it.
        #expect(p.signalMatch(labels: ["counter": ""], value: 1) == nil)
        #expect(p.signalMatch(labels: ["counter": "login_failure_pct"], value: 6)?.sourceZh == "超过5%的用户反馈登录失败")
    }
}

@Suite("Declaring from a signal that came in through intake")
struct IntakeDeclarationTests {
    @Test func theDeclarationCarriesTheSignalsFacts() throws {
        let text =
            #"{"title":"Login failures","status":"firing","summary":"7% on web","value":7,"labels":{"counter":"login_failure_pct"},"starts_at":"2026-11-22T07:50:00Z"}"#
        let alerts = try AlertPayload.parse(Array(text.utf8), format: .generic)
        var s = JournalState()
        for d in SignalIntake.drafts(for: alerts, state: s, policy: .standard) {
            #expect(s.apply(d.stamp(actor: "w", login: "w", at: T0), line: 1, offset: 0) == nil)
        }
        let signal = try #require(s.openSignals.first)
        let d = Declaration.from(signal)
        #expect(d.severity == .l3 && d.title == "Login failures" && d.summary == "7% on web")
        #expect(d.startedAt == RFC3339.parse("2026-11-22T07:50:00Z"))
    }
}
