import Foundation
import Testing

@testable import WarRoomCore

/// Issue 16 in the review report: the alert an incident was declared from, and the
/// notifier's confirmed deliveries, in the summary of both formats and both languages.
@Suite("Review report: alerts and deliveries")
struct ReportSignalTests {
    let lines = [
        ev(
            "signal.fired", nil, at: 0, actor: "alertmanager",
            ["fingerprint": "fp1", "source": "alertmanager", "title": "LoginFailureRate <b>", "meets": 2]),
        declareLine("INC-1", severity: 2, title: "Login failures", at: 60, extra: ["signal": "fp1"]),
        ev("notify.claimed", "INC-1", at: 61, actor: "notifier", ["message": "m1", "channel": "飞书"]),
        ev("notify.sent", "INC-1", at: 62, actor: "notifier", ["message": "m1", "channel": "飞书", "to": "leads"]),
        ev("notify.claimed", "INC-1", at: 63, actor: "notifier", ["message": "m2", "channel": "钉钉"]),
        ev("notify.sent", "INC-1", at: 64, actor: "notifier", ["message": "m2", "channel": "钉钉"]),
    ]

    func report() throws -> PostmortemReport {
        let state = read(lines).state
        let inc = try #require(state.incidents["INC-1"])
        return PostmortemReport(
            incident: inc, state: state, catalog: PlaybookCatalog.load(directory: playbooksDirectory), now: T0.addingTimeInterval(3600),
            journalPath: "j.jsonl", timeZone: TimeZone(identifier: "UTC")!)
    }

    @Test("the summary says which alert the incident was declared from and who was notified, escaped in each format")
    func summary() throws {
        let r = try report()
        let md = r.markdown()
        #expect(md.contains("- Declared from the alert LoginFailureRate \\<b> (source alertmanager, fired "), "\(md)")
        #expect(md.contains("- Notified: 飞书 at "))
        #expect(md.contains("(to leads), 钉钉 at "))
        let html = r.html()
        #expect(html.contains("Declared from the alert LoginFailureRate &lt;b&gt; (source alertmanager"), "\(html)")
        #expect(!html.contains("<b>"))
        let zh = try inLanguage(.chinese) { try report().markdown() }
        #expect(zh.contains("据告警"), "\(zh)")
        #expect(zh.contains("已通知："))
        // Without a signal or a delivery, neither line.
        let plain = PostmortemReport(
            incident: read([declareLine()]).state.incidents["INC-1"]!, state: read([declareLine()]).state,
            catalog: PlaybookCatalog.load(directory: playbooksDirectory), now: T0, journalPath: "j.jsonl")
        #expect(!plain.markdown().contains("Declared from the alert"))
        #expect(!plain.markdown().contains("Notified:"))
    }
}
