// The typed payloads replace look-ups of data members by name: each must read every
// member its type defines (docs/journal-format.md, EventSchema) from a line, and read an
// absent or odd member exactly as the look-up `e.data[name]?.stringValue` (or intValue,
// numberValue, boolValue, objectValue) did: nil.
import Foundation
import Testing

@testable import WarRoomCore

@Suite struct EventPayloadTests {
    /// One line per known type with every member its schema defines (and the writers' extras).
    static let lines: [String] = [
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"incident.declared","actor":"a","incident":"I","data":{"title":"Down","severity":2,"started_at":"2026-11-22T07:50:00Z","summary":"s","playbook":"payment-outage","drill":true,"signal":"fp1"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"incident.severity","actor":"a","incident":"I","data":{"severity":1,"reason":"worse"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"incident.phase","actor":"a","incident":"I","data":{"phase":"contained","note":"n"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"I","data":{"text":"t","kind":"decision"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"role.assigned","actor":"a","incident":"I","data":{"role":"commander","member":"bob"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"role.released","actor":"a","incident":"I","data":{"role":"scribe"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"member.joined","actor":"a","incident":"I","data":{"member":"bob","name":"Bob","team":"db","contact":"+1"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"member.status","actor":"a","data":{"member":"bob","status":"engaged","console":"c1","host":"h","pid":42,"closed":false}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"member.left","actor":"a","incident":"I","data":{"member":"bob"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"checklist.added","actor":"a","incident":"I","data":{"item":"x1","text":"Do it","phase":"verified","due":"30m","role":"scribe"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"checklist.done","actor":"a","incident":"I","data":{"item":"x1"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"checklist.undone","actor":"a","incident":"I","data":{"item":"x1"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"counter.set","actor":"a","incident":"I","data":{"name":"complaints","value":12.5,"unit":"calls"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"comms.published","actor":"a","incident":"I","data":{"audience":"external","text":"t","channel":"web","draft":"S-1"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"drill.started","actor":"a","data":{"scenario":"sc","speed":60,"incident":"I","title":"T","run":"r1","path":"p","title_zh":"标题"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"drill.paused","actor":"a","incident":"I","data":{"reason":"lunch"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"drill.resumed","actor":"a","incident":"I","data":{}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"drill.inject","actor":"a","incident":"I","data":{"inject":"i1","title":"T","title_zh":"标题","manual":true}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"drill.ended","actor":"a","incident":"I","data":{"reason":"done"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"incident.playbook","actor":"a","incident":"I","data":{"playbook":"pb","reason":"r"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"signal.fired","actor":"a","data":{"fingerprint":"fp","source":"grafana","title":"T","summary":"s","labels":{"k":"v"},"starts_at":"2026-11-22T07:00:00Z","url":"http://x","value":3,"meets":1,"rule":"r"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"signal.resolved","actor":"a","data":{"fingerprint":"fp","source":"grafana","ends_at":"2026-11-22T09:00:00Z"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"notify.claimed","actor":"a","data":{"message":"m","channel":"c","headline":"h","covers":3,"summary":"m0","notifier":"n1","retry_of":"m9","parts":["p1","p2"]}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"notify.sent","actor":"a","data":{"message":"m","channel":"c","platform":"slack","reply":"ok","to":"commander","leads":true}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"notify.failed","actor":"a","data":{"message":"m","channel":"c","reason":"r","retry_at":"2026-11-22T08:05:00Z","final":false}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"action.added","actor":"a","incident":"I","data":{"action":"F-1","text":"t","owner":"bob","due":"2026-12-01T00:00:00Z","from":"review"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"action.done","actor":"a","incident":"I","data":{"action":"F-1","note":"n"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"action.dropped","actor":"a","incident":"I","data":{"action":"F-1","reason":"r"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"drill.observed","actor":"a","incident":"I","data":{"expectation":"e1","rating":"partly","note":"n"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"drill.hotwash","actor":"a","incident":"I","data":{"kind":"gap","text":"t"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"review.held","actor":"a","incident":"I","data":{"held_at":"2026-11-23T08:00:00Z","note":"n"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"review.reported","actor":"a","incident":"I","data":{"where":"wiki/p","reported_at":"2026-11-24T08:00:00Z","note":"n"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"incident.scope","actor":"a","incident":"I","data":{"scope":"regional","note":"n"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"recovery.estimate","actor":"a","incident":"I","data":{"backup":"b","eta":"2026-11-22T10:00:00Z","rpo":"15m","data_lost":"orders","note":"n"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"comms.drafted","actor":"a","incident":"I","data":{"draft":"S-1","audience":"regulator","text":"t","channel":"mail","template":"tpl"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"comms.approved","actor":"a","incident":"I","data":{"draft":"S-1"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"comms.rejected","actor":"a","incident":"I","data":{"draft":"S-1","reason":"r"}}"#,
    ]

    static func event(_ line: String) throws -> Event {
        try LineDecoder.decode(line).get()
    }

    /// The payload's members by their journal names (`startedAt` is `started_at`, `location` is `where`).
    static func members(_ payload: EventPayload) -> [String: Any] {
        guard let inner = Mirror(reflecting: payload).children.first?.value else { return [:] }
        var out: [String: Any] = [:]
        for child in Mirror(reflecting: inner).children {
            guard let label = child.label else { continue }
            var name = ""
            for c in label { name += c.isUppercase ? "_" + c.lowercased() : String(c) }
            out[name == "location" ? "where" : name] = child.value
        }
        return out
    }

    /// Unwraps an optional held as `Any`: nil stays nil.
    static func unwrapped(_ value: Any) -> Any? {
        let m = Mirror(reflecting: value)
        guard m.displayStyle == .optional else { return value }
        return m.children.first?.value
    }

    /// What the look-up by name gave for a member of this JSON value.
    static func same(_ decoded: Any?, _ json: JSONValue) -> Bool {
        switch (decoded, json) {
        case (let s as String, .string(let j)): return s == j
        case (let n as Int, .number(let j)): return Double(n) == j
        case (let n as Double, .number(let j)): return n == j
        case (let b as Bool, .bool(let j)): return b == j
        case (let o as JSONObject, .object(let j)): return o == j
        case (let a as [String], .array(let j)): return a == j.compactMap(\.stringValue)
        default: return false
        }
    }

    @Test func everyKnownTypeHasALineHere() throws {
        let kinds = Set(try Self.lines.map { try Self.event($0).kind })
        for t in EventType.allCases { #expect(kinds.contains(t), "no line of \(t.rawValue) in the table") }
    }

    @Test func eachPayloadDecodesEveryMemberOfItsLine() throws {
        for line in Self.lines {
            let e = try Self.event(line)
            let members = Self.members(e.payload)
            if e.kind == .drillResumed {
                #expect(e.payload == .drillResumed)
                continue
            }
            for (name, value) in e.data.members {
                guard let decoded = members[name] else {
                    Issue.record("\(e.type): data.\(name) has no member in the payload")
                    continue
                }
                #expect(Self.same(Self.unwrapped(decoded), value), "\(e.type): data.\(name) decoded as \(decoded)")
            }
            // Every member the schema defines is in the payload, so a new schema member needs a payload member too.
            for m in EventSchema.members(of: e.kind!) {
                #expect(members[m.name] != nil, "\(e.type): schema member \(m.name) is not in the payload")
            }
        }
    }

    @Test func absentMembersAreNil() throws {
        for line in Self.lines {
            let e = try Self.event(line)
            let empty = EventPayload(e.kind, JSONObject())
            for (name, value) in Self.members(empty) {
                #expect(Self.unwrapped(value) == nil, "\(e.type): absent data.\(name) decoded as \(value)")
            }
        }
    }

    @Test func membersOfAnotherJSONTypeAreNilAsTheLookUpsWere() {
        let odd: JSONObject = ["title": 5, "severity": "2", "drill": "yes", "playbook": .null, "signal": ["x"]]
        guard case .incidentDeclared(let d) = EventPayload(.incidentDeclared, odd) else {
            Issue.record("not a declaration")
            return
        }
        #expect(d.title == nil && d.severity == nil && d.drill == nil && d.playbook == nil && d.signal == nil)
        #expect(d.severityLevel == nil)
        // Severity reads as intValue did: a whole number, whatever the schema's range; the level only 1-3.
        guard case .incidentSeverity(let s) = EventPayload(.incidentSeverity, ["severity": 2.5]),
            case .incidentSeverity(let s7) = EventPayload(.incidentSeverity, ["severity": 7])
        else { return }
        #expect(s.severity == nil && s7.severity == 7 && s7.severityLevel == nil)
        guard case .signalFired(let f) = EventPayload(.signalFired, ["labels": "k=v", "value": "3", "meets": 2.0]) else { return }
        #expect(f.labels == nil && f.value == nil && f.meets == 2 && f.meetsLevel == .l2)
        guard case .notifyClaimed(let c) = EventPayload(.notifyClaimed, ["parts": ["a", 1, "b"]]),
            case .notifyClaimed(let c2) = EventPayload(.notifyClaimed, ["parts": "a"])
        else { return }
        #expect(c.parts == ["a", "b"] && c2.parts == nil)
    }

    @Test func timesDurationsAndLevelsParseOrAreNil() {
        guard case .recoveryEstimate(let r) = EventPayload(.recoveryEstimate, ["eta": "2026-11-22T10:00:00Z", "rpo": "15m"]),
            case .recoveryEstimate(let bad) = EventPayload(.recoveryEstimate, ["eta": "tomorrow", "rpo": "a while"])
        else { return }
        #expect(r.etaTime == RFC3339.parse("2026-11-22T10:00:00Z") && r.rpoSpan == 900)
        #expect(bad.eta == "tomorrow" && bad.etaTime == nil && bad.rpo == "a while" && bad.rpoSpan == nil)
    }

    @Test func unknownTypesHaveNoPayloadAndKeepTheirData() throws {
        let e = try Self.event(#"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"future.thing","actor":"a","data":{"x":1}}"#)
        #expect(e.payload == .unknown)
        #expect(e.data["x"] == 1)
    }

    @Test func drillInjectMarksAnyType() throws {
        let plain = try Self.event(Self.lines[3])
        var inject = plain
        inject.data["drill_inject"] = "i1"
        #expect(!plain.isDrillInject && inject.isDrillInject)
    }

    /// Events built in code skip the schema: the fold reads their odd members as the look-ups did.
    @Test func theFoldReadsOddMembersAsBefore() {
        let t = Date(timeIntervalSince1970: 1_800_000_000)
        var state = JournalState()
        state.apply(Event(.incidentDeclared, ts: t, actor: "a", incident: "I", data: ["title": 5, "severity": 9]), line: 1, offset: 0)
        state.apply(Event(.counterSet, ts: t, actor: "a", incident: "I", data: ["name": "x", "value": "3"]), line: 2, offset: 0)
        state.apply(Event(.incidentSeverity, ts: t, actor: "a", incident: "I", data: ["severity": 2.5]), line: 3, offset: 0)
        state.apply(Event(.incidentPhase, ts: t, actor: "a", incident: "I", data: ["phase": "done"]), line: 4, offset: 0)
        state.apply(Event(.roleAssigned, ts: t, actor: "a", incident: "I", data: ["member": "bob"]), line: 5, offset: 0)
        let inc = state.incidents["I"]
        // An unknown severity is L3 at declaration and no change later; an unknown phase no change.
        #expect(inc?.title == "" && inc?.severity == .l3 && inc?.severityHistory.count == 2)
        #expect(inc?.counters["x"]?.value == 0 && inc?.phase == .declared && inc?.phaseHistory.count == 2)
        #expect(inc?.roles[""] == "bob")
    }
}
