import Foundation
import Testing

@testable import WarRoomCore

@Suite("Binary coder: the checkpoint's state comes back exactly")
struct BinaryCoderTests {
    /// States with every kind of value: the random journal folds every event type, bad lines,
    /// unknown types, drills, signals, notifier messages, follow-ups and statements.
    static func states() -> [(String, JournalState)] {
        let random = randomReplayJournal(seed: 7, lines: 2400, incidents: 24)
        var lean = JournalReader(recordsTimelines: false)
        lean.feed(random)
        var out = [("random full", JournalReader.read(random).state), ("random lean", lean.state)]
        for name in ["real-incident.jsonl", "drill.jsonl"] {
            out.append((name, JournalReader.read(fileBytes(reportFixturesDirectory + "/" + name)).state))
        }
        out.append(("hand-made", handMade()))
        return out
    }

    /// What the random journal does not reach: signals with every member, notifier outcomes of
    /// every kind, follow-ups closed both ways, consoles open, a recovery estimate and a review.
    static func handMade() -> JournalState {
        let lines = [
            #"{"v":1,"ts":"2026-12-01T00:00:00Z","type":"signal.fired","actor":"am","data":{"fingerprint":"f1","source":"am","title":"t","summary":"s","labels":{"a":"b","n":1.5},"url":"http://x","value":3.25,"meets":2,"rule":"r","starts_at":"2026-11-30T23:59:00Z"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:01Z","type":"incident.declared","actor":"alice","incident":"I-1","data":{"title":"T","summary":"S","playbook":"website-crisis","severity":2,"signal":"f1","started_at":"2026-11-30T23:58:00Z"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:02Z","type":"signal.resolved","actor":"am","data":{"fingerprint":"f1","ends_at":"2026-12-01T00:00:02Z"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:03Z","type":"notify.claimed","actor":"n","incident":"I-1","data":{"message":"m1","channel":"sms","headline":"h"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:04Z","type":"notify.failed","actor":"n","incident":"I-1","data":{"message":"m1","reason":"busy","retry_at":"2026-12-01T00:01:00Z","final":false}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:05Z","type":"notify.claimed","actor":"n","incident":"I-1","data":{"message":"m2","channel":"mail"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:06Z","type":"notify.sent","actor":"n","incident":"I-1","data":{"message":"m2","channel":"mail","platform":"smtp","to":"ops","reply":"250","leads":true}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:07Z","type":"action.added","actor":"alice","incident":"I-1","data":{"action":"A-1","text":"fix","owner":"bob","due":"2026-12-09T00:00:00Z","from":"review"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:08Z","type":"action.added","actor":"alice","incident":"I-1","data":{"action":"A-2","text":"drop"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:09Z","type":"action.done","actor":"bob","incident":"I-1","data":{"action":"A-1","note":"ok"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:10Z","type":"action.dropped","actor":"bob","incident":"I-1","data":{"action":"A-2","reason":"dup"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:11Z","type":"member.status","actor":"bob","data":{"member":"bob","status":"engaged","console":"c1","host":"h","pid":42}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:12Z","type":"recovery.estimate","actor":"bob","incident":"I-1","data":{"backup":"b","eta":"2026-12-01T02:00:00Z","rpo":"15m","data_lost":"none","note":"n"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:13Z","type":"incident.scope","actor":"bob","incident":"I-1","data":{"scope":"regional"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:14Z","type":"incident.phase","actor":"bob","incident":"I-1","data":{"phase":"recovered","note":"n"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:15Z","type":"review.held","actor":"bob","incident":"I-1","data":{"held_at":"2026-12-01T00:00:15Z","note":"n"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:16Z","type":"review.reported","actor":"bob","incident":"I-1","data":{"where":"wiki","note":"n"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:17Z","type":"comms.drafted","actor":"bob","login":"root","incident":"I-1","data":{"draft":"S-1","audience":"external","text":"x","channel":"web","template":"t"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:18Z","type":"comms.rejected","actor":"carol","login":"root","incident":"I-1","data":{"draft":"S-1","reason":"no"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:19Z","type":"future.thing","actor":"bob","incident":"I-1","data":{"x":1}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:20Z","type":"member.joined","actor":"bob","incident":"I-1","data":{"member":"dan","name":"Dan","team":"db","contact":"+86 1"}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:21Z","type":"drill.started","actor":"f","data":{"incident":"D-1","scenario":"s","title":"t","run":"r1","path":"/s.yaml","speed":10}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:22Z","type":"incident.declared","actor":"f","incident":"D-1","data":{"title":"D","severity":3,"drill":true}}"#,
            #"{"v":1,"ts":"2026-12-01T00:00:23Z","type":"drill.observed","actor":"eve","incident":"D-1","data":{"expectation":"e","rating":"met","note":"n"}}"#,
        ]
        // Past the bad lines' head, so the ring of the last ones is used too.
        let bad = Array(repeating: "not json", count: BadLineLog.headLimit + 10)
        var state = JournalReader.read(Array(((lines + bad).joined(separator: "\n") + "\n").utf8)).state
        // A console's mode (timelines of open incidents, and the one on screen) is saved too.
        state.openTimelinesOnly = true
        state.keepTimeline(of: "I-1")
        return state
    }

    static func roundTrip<T: Codable>(_ value: T) throws -> T {
        try BinaryDecoder().decode(T.self, from: try BinaryEncoder().encode(value))
    }

    @Test("every state comes back equal to what was saved")
    func statesRoundTrip() throws {
        for (name, state) in Self.states() {
            let back = try Self.roundTrip(state)
            #expect(back == state, "\(name)")
            // Equal is not enough where == leaves something out: the bytes of the copy are the same too.
            #expect(try BinaryEncoder().encode(back).count == BinaryEncoder().encode(state).count, "\(name)")
        }
    }

    /// Fields that stay nil or empty in every fixture would not be checked by the round trip: a
    /// field added to a State type must be set by a fixture here, or listed with the reason why not.
    static let neverSetOnPurpose: Set<String> = []

    @Test("the fixtures set every optional and collection field of every State type, so none can be lost unseen")
    func fixturesSetEveryField() {
        var seen: [String: Bool] = [:]
        func walk(_ value: Any, depth: Int) {
            guard depth < 12 else { return }
            let m = Mirror(reflecting: value)
            let type = String(describing: m.subjectType)
            if m.displayStyle == .collection || m.displayStyle == .dictionary || m.displayStyle == .set {
                for c in m.children.prefix(50) { walk(c.value, depth: depth + 1) }
                return
            }
            if m.displayStyle == .tuple {
                for c in m.children { walk(c.value, depth: depth + 1) }
                return
            }
            guard m.displayStyle == .struct || m.displayStyle == .enum, type != "Date", type != "JSONObject",
                type != "Event", !type.hasPrefix("RecentNames"), type != "IncidentPlaces"
            else { return }
            for c in m.children {
                guard let label = c.label else {
                    walk(c.value, depth: depth + 1)
                    continue
                }
                let inner = Mirror(reflecting: c.value)
                let isSet: Bool
                switch inner.displayStyle {
                case .optional, .collection, .dictionary, .set: isSet = !inner.children.isEmpty
                default: isSet = true
                }
                let name = "\(type).\(label)"
                seen[name] = (seen[name] ?? false) || isSet
                walk(c.value, depth: depth + 1)
            }
        }
        for (_, state) in Self.states() { walk(state, depth: 0) }
        let unset = Set(seen.filter { !$0.value }.keys).subtracting(Self.neverSetOnPurpose)
        #expect(unset.isEmpty, "never set by any fixture: \(unset.sorted())")
    }

    @Test("enums with values, optionals in lists and dictionaries of every key come back")
    func shapes() throws {
        let statuses: [FollowUp.Status] = [
            .open, .done(at: Date(timeIntervalSince1970: 5), by: "a", note: nil), .dropped(at: Date(), by: "b", reason: "r"),
        ]
        #expect(try Self.roundTrip(statuses) == statuses)
        let optionals: [String?] = ["a", nil, "", nil]
        #expect(try Self.roundTrip(optionals) == optionals)
        let nested: [String: [Int: Double?]] = ["x": [1: 1.5, -7: nil], "": [:]]
        #expect(try Self.roundTrip(nested) == nested)
        let ints: [Int] = [0, 1, -1, Int.max, Int.min, 127, 128, -64, -65]
        #expect(try Self.roundTrip(ints) == ints)
        let text = ["王芳", "", "a\u{0}b", String(repeating: "x", count: 300)]
        #expect(try Self.roundTrip(text) == text)
    }

    @Test("another format version is refused, not misread")
    func versioning() throws {
        var bytes = try BinaryEncoder().encode(Self.handMade())
        bytes[BinaryEncoder.magic.count] &+= 1
        #expect(throws: DecodingError.self) { try BinaryDecoder().decode(JournalState.self, from: bytes) }
        bytes[0] = 0
        #expect(throws: DecodingError.self) { try BinaryDecoder().decode(JournalState.self, from: bytes) }
    }

    @Test("damaged bytes are an error, never a crash: every cut and every flipped byte of a small state")
    func damaged() throws {
        let bytes = try BinaryEncoder().encode(Self.handMade())
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            #expect(throws: (any Error).self) { try BinaryDecoder().decode(JournalState.self, from: Array(bytes[0..<cut])) }
        }
        var extra = bytes
        extra.append(0)
        #expect(throws: DecodingError.self) { try BinaryDecoder().decode(JournalState.self, from: extra) }
        for i in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            var flipped = bytes
            flipped[i] ^= 0xFF
            // Either an error or some value: what matters is that it does not crash.
            _ = try? BinaryDecoder().decode(JournalState.self, from: flipped)
        }
    }
}
