import Foundation
import Testing

@testable import WarRoomCore

/// The journal additions for alert intake and the notifier: how they fold, and what the
/// state refuses (the refusals are what keep two notifiers from both sending).
@Suite("Signals and notifications in the journal")
struct SignalAndNotifyStateTests {
    func fired(_ fp: String, at t: TimeInterval, title: String = "LoginFailureRate", extra: JSONObject = [:]) -> String {
        var d: JSONObject = ["fingerprint": .string(fp), "source": "alertmanager", "title": .string(title)]
        for m in extra.members { d[m.key] = m.value }
        return ev("signal.fired", nil, at: t, actor: "alertmanager", d)
    }

    func resolved(_ fp: String, at t: TimeInterval) -> String {
        ev("signal.resolved", nil, at: t, actor: "alertmanager", ["fingerprint": .string(fp), "source": "alertmanager"])
    }

    @Test func aSignalOpensUpdatesResolvesAndOpensAgain() throws {
        let s1 = read([
            fired("fp1", at: 0, extra: ["labels": ["service": "auth"], "meets": 2, "rule": "login-failures", "value": 7.2]),
            fired("fp1", at: 60, title: "LoginFailureRate (still)"),
        ]).state
        #expect(s1.badLines.isEmpty)
        let open = try #require(s1.openSignals.first)
        #expect(s1.openSignals.count == 1)
        #expect(open.title == "LoginFailureRate (still)")
        #expect(open.meets == .l2 && open.rule == "login-failures" && open.value == 7.2)
        #expect(open.labels["service"]?.stringValue == "auth")
        #expect(open.firedAt == T0 && open.fireCount == 1)

        let s2 = read([fired("fp1", at: 0), resolved("fp1", at: 30), fired("fp1", at: 90)]).state
        #expect(s2.badLines.isEmpty)
        #expect(s2.openSignals.map(\.fireCount) == [2])
        #expect(s2.signals["fp1"]?.firedAt == T0.addingTimeInterval(90))

        let s3 = read([fired("fp1", at: 0), resolved("fp1", at: 30)]).state
        #expect(s3.openSignals.isEmpty)
        #expect(s3.signals["fp1"]?.resolvedAt == T0.addingTimeInterval(30))
    }

    @Test func resolvingASignalThatNeverFiredIsABadLine() {
        let s = read([resolved("nope", at: 0)]).state
        #expect(s.badLines.map(\.reason) == ["signal nope never fired (signal.fired comes first)"])
        #expect(s.signals.isEmpty)
    }

    @Test func anIncidentDeclaredFromASignalLinksBoth() {
        let s = read([fired("fp1", at: 0), declareLine(at: 10, extra: ["signal": "fp1"])]).state
        #expect(s.incidents["INC-1"]?.signal == "fp1")
        #expect(s.signals["fp1"]?.declaredAs == ["INC-1"])
    }

    /// What the alerts line shows, worked out the slow way from the open signals.
    func awaitingByHand(_ s: JournalState) -> (count: Int, bySeverity: [Int], first: String?) {
        let awaiting = s.openSignals.filter { sig in !sig.declaredAs.contains { s.incidents[$0].map { !$0.isClosed } ?? false } }
        let first = awaiting.min { a, b in
            let (ma, mb) = (a.meets?.rawValue ?? 9, b.meets?.rawValue ?? 9)
            return ma != mb ? ma < mb : a.firedLine > b.firedLine
        }
        return (awaiting.count, Severity.allCases.map { sev in awaiting.filter { $0.meets == sev }.count }, first?.fingerprint)
    }

    @Test("the awaiting alerts the fold keeps equal the open signals filtered by hand, after every line of a seeded storm")
    func awaitingSignalsFollowEveryLine() throws {
        for seed in UInt64(1)...6 {
            var rng = SeededGenerator(seed: seed)
            var lines = [declareLine("INC-0")]
            var fired = Set<String>()
            var incidents = 0
            for k in 1...400 {
                let fp = "fp\(Int.random(in: 0..<12, using: &rng))"
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<5:
                    let meets: JSONValue? = [nil, 1, 2, 3].randomElement(using: &rng)!.map { .number(Double($0)) }
                    var extra: JSONObject = [:]
                    if let meets { extra["meets"] = meets }
                    lines.append(self.fired(fp, at: Double(k), title: "alert \(k)", extra: extra))
                    fired.insert(fp)
                case 5..<7 where fired.contains(fp):
                    lines.append(resolved(fp, at: Double(k)))
                case 7 where fired.contains(fp):
                    incidents += 1
                    lines.append(declareLine("INC-\(incidents)", at: Double(k), extra: ["signal": .string(fp)]))
                case 8..<10 where incidents > 0:
                    // Closing makes an alert await again; any other phase after a close opens the incident again.
                    let phase = Bool.random(using: &rng) ? "closed" : "contained"
                    let id = "INC-\(Int.random(in: 1...incidents, using: &rng))"
                    lines.append(ev("incident.phase", id, at: Double(k), ["phase": .string(phase)]))
                default:
                    break
                }
            }
            var reader = JournalReader()
            for (n, line) in lines.enumerated() {
                reader.feed(Array((line + "\n").utf8))
                let s = reader.state
                let hand = awaitingByHand(s)
                let kept = s.awaitingSignals
                #expect(kept.count == hand.count, "seed \(seed), line \(n + 1)")
                #expect(Severity.allCases.map { kept.count(meeting: $0) } == hand.bySeverity, "seed \(seed), line \(n + 1)")
                #expect(kept.first == hand.first, "seed \(seed), line \(n + 1)")
                if kept.first != hand.first { return }
            }
            #expect(reader.state.badLines.isEmpty)
            #expect(reader.state.awaitingSignals == JournalReader.read(journalBytes(lines)).state.awaitingSignals)
        }
    }

    @Test("awaiting alerts read back from damaged bytes are refused, never trusted to index with later")
    func damagedAwaitingSignalsAreRefused() throws {
        let state = read([fired("fp1", at: 0, extra: ["meets": 2]), fired("fp2", at: 1)]).state
        let good = try JSONEncoder().encode(state.awaitingSignals)
        #expect(try JSONDecoder().decode(AwaitingSignals.self, from: good) == state.awaitingSignals)
        let bad = [
            #"{"buckets":[[],[],[],[]],"placed":{"fp":{"bucket":5,"line":3}}}"#,
            #"{"buckets":[[],[],[]],"placed":{}}"#,
            #"{"buckets":[[],[{"line":3,"fingerprint":"fp"}],[],[]],"placed":{"fp":{"bucket":0,"line":3}}}"#,
            #"{"buckets":[[{"line":3,"fingerprint":"a"},{"line":3,"fingerprint":"a"}],[],[],[]],"placed":{"a":{"bucket":0,"line":3},"b":{"bucket":9,"line":1}}}"#,
            #"{"buckets":[[{"line":5,"fingerprint":"a"},{"line":3,"fingerprint":"b"}],[],[],[]],"placed":{"a":{"bucket":0,"line":5},"b":{"bucket":0,"line":3}}}"#,
        ]
        for text in bad {
            #expect(throws: DecodingError.self, "\(text)") { try JSONDecoder().decode(AwaitingSignals.self, from: Data(text.utf8)) }
        }
    }

    @Test func aMessageIsClaimedOnceAndItsOutcomeFolds() {
        let claim = ev("notify.claimed", "INC-1", at: 5, actor: "notifier", ["message": "m1", "channel": "leads"])
        let sent = ev(
            "notify.sent", "INC-1", at: 6, actor: "notifier",
            ["message": "m1", "channel": "leads", "platform": "feishu", "to": "commander, comms"])
        let s = read([declareLine(), claim, claim, sent]).state
        #expect(
            s.badLines.map(\.reason) == [
                "message m1 was already claimed on line 2 (is another notifier running on this journal?)"
            ])
        #expect(s.notifyMessages["m1"]?.isSettled == true)
        #expect(s.incidents["INC-1"]?.deliveries.map(\.channel) == ["leads"])
        #expect(s.incidents["INC-1"]?.deliveries.first?.at == T0.addingTimeInterval(6))
    }

    @Test func anOutcomeNeedsAClaimAndNothingFollowsASend() {
        let failed = ev("notify.failed", nil, at: 1, actor: "notifier", ["message": "m9", "channel": "leads", "reason": "timeout"])
        #expect(read([failed]).state.badLines.map(\.reason) == ["message m9 was never claimed (notify.claimed comes first)"])

        let claim = ev("notify.claimed", nil, at: 1, actor: "notifier", ["message": "m2", "channel": "ops"])
        let retry = ev(
            "notify.failed", nil, at: 2, actor: "notifier",
            ["message": "m2", "channel": "ops", "reason": "HTTP 502", "retry_at": .string(ts(32))])
        let sent = ev("notify.sent", nil, at: 32, actor: "notifier", ["message": "m2", "channel": "ops"])
        let s = read([claim, retry, sent, retry]).state
        #expect(s.badLines.map(\.reason) == ["message m2 was already recorded as sent"])
        #expect(s.notifyMessages["m2"]?.failures == 1)
        #expect(s.notifyMessages["m2"]?.isSettled == true)
    }

    @Test func aConfirmedDeliveryStopsTheNotifyClock() throws {
        let lines = [
            declareLine(severity: 1),
            ev("notify.claimed", "INC-1", at: 100, actor: "notifier", ["message": "m1", "channel": "leads"]),
            ev("notify.failed", "INC-1", at: 101, actor: "notifier", ["message": "m1", "channel": "leads", "reason": "timeout"]),
            ev("notify.sent", "INC-1", at: 130, actor: "notifier", ["message": "m1", "channel": "leads", "leads": true]),
        ]
        let s = read(lines).state
        let inc = try #require(s.incidents["INC-1"])
        let k = KPIEngine.compute(
            incident: inc, playbook: nil, policy: shippedCatalog.policy(for: inc), now: T0.addingTimeInterval(600))
        let notify = try #require(k.measures.first { $0.name == .timeToNotify })
        #expect(notify.seconds == 130)
        #expect(notify.state == .met)
        // A failure alone does not: the clock runs on.
        let unconfirmed = read(Array(lines.prefix(3))).state
        let k2 = KPIEngine.compute(
            incident: try #require(unconfirmed.incidents["INC-1"]), playbook: nil, policy: shippedCatalog.policy(for: inc),
            now: T0.addingTimeInterval(600))
        #expect(k2.measures.first { $0.name == .timeToNotify }?.running == true)
        // A delivery to another group (customer service) does not tell the leads: the clock runs on.
        let elsewhere = read(
            Array(lines.prefix(3)) + [
                ev("notify.sent", "INC-1", at: 130, actor: "notifier", ["message": "m1", "channel": "cs", "to": "customer-service"])
            ]
        ).state
        let k3 = KPIEngine.compute(
            incident: try #require(elsewhere.incidents["INC-1"]), playbook: nil, policy: shippedCatalog.policy(for: inc),
            now: T0.addingTimeInterval(600))
        #expect(k3.measures.first { $0.name == .timeToNotify }?.running == true)
        #expect(elsewhere.incidents["INC-1"]?.deliveries.map(\.leads) == [false])
    }

    @Test func sentencesForTheNewTypes() {
        let lines = [
            fired("fp1", at: 0, extra: ["meets": 2]),
            ev("notify.sent", nil, at: 6, actor: "notifier", ["message": "m1", "channel": "leads", "to": "commander"]),
            ev("notify.failed", nil, at: 6, actor: "notifier", ["message": "m1", "channel": "leads", "reason": "HTTP 502"]),
        ]
        let events = lines.compactMap { try? LineDecoder.decode(Array($0.utf8)).get() }
        #expect(
            events.map { EventSentence.describe($0) } == [
                "alert from alertmanager: LoginFailureRate (meets L2)", "commander notified via leads ✓",
                "not delivered via leads: HTTP 502",
            ])
    }
}

@Suite("Notification sentences in Chinese")
struct NotifySentenceChineseTests {
    @Test func theRolesNotifiedAreInTheReadersWords() throws {
        let line = ev(
            "notify.sent", nil, at: 6, actor: "notifier", ["message": "m1", "channel": "飞书", "to": "commander, tech-lead, leads"])
        let e = try LineDecoder.decode(Array(line.utf8)).get()
        inLanguage(.chinese) {
            #expect(EventSentence.describe(e) == "已通过 飞书 通知 指挥官、技术负责人、leads ✓")
        }
        #expect(EventSentence.describe(e) == "commander, tech-lead, leads notified via 飞书 ✓")
    }
}
