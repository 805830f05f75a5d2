import Foundation
import Testing

@testable import WarRoomCore

// Time travel: the state ReplayIndex gives for a position (or a time) must be
// the state of the journal file cut at that point, read from scratch (see
// cutStates for how the many cuts are read without re-reading the file each time).
//
// The cut, as ReplayIndex defines it: for position p < count, the file up to
// the line before the (p+1)th applied event's line (so bad and blank lines
// before that event are in); for p == count, the whole file. For a time T,
// the position is the number of applied events before the first one (in file
// order) with ts > T.

// MARK: - Journals and cuts

/// A journal's bytes with where each line starts, to cut it exactly.
struct ReplayJournal: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// Byte offsets where lines 1, 2, … start, plus the end of the file after the last newline.
    let lineStarts: [Int]

    init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    var testDescription: String { name }

    /// Where the bytes of lines 1…n end.
    func cutOffset(throughLine n: Int) -> Int {
        if n <= 0 { return 0 }
        return lineStarts[min(n, lineStarts.count - 1)]
    }

    /// Where the cut for position `p` ends (the whole file at the end, a pending last line included).
    func cutOffset(log: [TimelineEntry], position p: Int) -> Int {
        p < log.count ? cutOffset(throughLine: log[p].line - 1) : bytes.count
    }

    /// The reader with its log, as the console and `--at` build it.
    func logReader() -> JournalReader {
        var r = JournalReader(keepsLog: true)
        r.feed(bytes)
        return r
    }

    /// The bytes for position `p` of a log, cut the way the doc comment of ReplayIndex says.
    func cut(log: [TimelineEntry], position p: Int) -> [UInt8] {
        Array(bytes[0..<cutOffset(log: log, position: p)])
    }

    /// The bytes for time `t`: the file cut before its first event later than `t`.
    func cut(log: [TimelineEntry], time t: Date) -> [UInt8] {
        Array(bytes[0..<cutOffset(log: log, time: t)])
    }

    func cutOffset(log: [TimelineEntry], time t: Date) -> Int {
        guard let first = log.first(where: { $0.event.ts > t }) else { return bytes.count }
        return cutOffset(throughLine: first.line - 1)
    }

    static func fixture(_ file: String) -> ReplayJournal {
        ReplayJournal(name: file, bytes: fileBytes(reportFixturesDirectory + "/" + file))
    }
}

/// A seeded random journal: many incidents (some drills), every event type,
/// unknown types, bad lines of every kind (bad JSON, bad data, events for
/// undeclared incidents, second declarations, drill events without a drill),
/// blank and CRLF lines, and timestamps that go backwards.
func randomReplayJournal(seed: UInt64, lines target: Int, incidents maxIncidents: Int, pendingTail: Bool = false) -> [UInt8] {
    var g = SeededGenerator(seed: seed)
    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &g) < p }
    func pick<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &g)] }
    let base = RFC3339.parse("2026-12-01T00:00:00Z")!
    var clock = 0.0
    var out: [String] = []
    var declared: [String] = []
    var drills: Set<String> = []
    var endedDrills: Set<String> = []
    var followUps: [(id: String, incident: String)] = []
    var statements: [(id: String, incident: String)] = []
    var claimedUnsent: Set<String> = []
    let actors = ["alice", "bob", "chen", "王芳", "dana", "li.wei", "刘洋", "monitoring"]
    let items = [
        "grade-crisis", "joint-activation", "form-team", "one-voice", "publish-official", "isolate-system", "restore-l1", "adhoc-1",
    ]
    let texts = ["回滚 pay-gw-2", "checkout p99 31 s", "客服排队 1200 人", "CDN purge done", "微博热搜第7位", "bank API healthy", "数据库连接数 480/500"]

    func line(_ t: TimeInterval, _ type: String, _ actor: String, _ incident: String?, _ data: JSONObject?) -> String {
        var o = JSONObject()
        o["v"] = 1
        o["ts"] = .string(RFC3339.format(base.addingTimeInterval(t)))
        o["type"] = .string(type)
        o["actor"] = .string(actor)
        if let incident { o["incident"] = .string(incident) }
        o["id"] = .string("r\(seed)-\(out.count + 1)")
        if let data { o["data"] = .object(data) }
        return JSONWriter.serialize(.object(o))
    }

    while out.count < target {
        clock += Double(Int.random(in: 0...90, using: &g)) + Double(Int.random(in: 0...999, using: &g)) / 1000
        // One event in ten is stamped earlier than the one before it.
        let t = chance(0.1) ? clock - Double(Int.random(in: 1...1800, using: &g)) : clock
        let actor = pick(actors)
        if declared.isEmpty || (declared.count < maxIncidents && chance(0.02)) {
            let id = "R\(seed % 1000)-\(declared.count + 1)"
            let drill = chance(0.3)
            if drill {
                out.append(
                    line(
                        t, "drill.started", "facilitator", nil,
                        [
                            "scenario": "payment-promo", "speed": .number(Double(pick([1, 10, 30]))), "incident": .string(id),
                            "title": "演练 drill",
                        ]))
                drills.insert(id)
            }
            var d: JSONObject = ["title": .string("事件 \(id) incident"), "severity": .number(Double(Int.random(in: 1...3, using: &g)))]
            if chance(0.7) { d["playbook"] = "website-crisis" }
            if drill { d["drill"] = true }
            out.append(line(t, "incident.declared", actor, id, d))
            declared.append(id)
            continue
        }
        // Mostly the newest incidents.
        let inc = declared[max(0, declared.count - 1 - Int.random(in: 0...min(3, declared.count - 1), using: &g))]
        let r = Double.random(in: 0..<1, using: &g)
        var l: String
        switch r {
        case ..<0.26:
            var d: JSONObject = ["text": .string(pick(texts))]
            if chance(0.3) { d["kind"] = .string(pick(["observation", "decision", "action", "inject"])) }
            l = line(t, "note", actor, inc, d)
        case ..<0.40:
            l = line(
                t, "counter.set", actor, inc,
                [
                    "name": .string(pick(["complaints", "leaked_records", "outage_minutes", "login_failure_pct"])),
                    "value": .number(Double(Int.random(in: 0...20000, using: &g)) / pick([1.0, 10.0])), "unit": "n",
                ])
        case ..<0.46:
            l = line(t, pick(["checklist.done", "checklist.done", "checklist.undone"]), actor, inc, ["item": .string(pick(items))])
        case ..<0.48:
            l = line(
                t, "checklist.added", actor, inc,
                ["item": "adhoc-1", "text": "临时事项 ad hoc", "phase": .string(pick(["contained", "recovered"])), "due": "2h"])
        case ..<0.54:
            l =
                chance(0.8)
                ? line(
                    t, "role.assigned", actor, inc,
                    ["role": .string(pick(["commander", "communications", "tech-lead"])), "member": .string(pick(actors))])
                : line(t, "role.released", actor, inc, ["role": .string(pick(["commander", "communications", "tech-lead"]))])
        case ..<0.62:
            let standing = chance(0.3) ? nil : inc as String?
            let who = pick(actors)
            switch Int.random(in: 0..<3, using: &g) {
            case 0:
                l = line(t, "member.joined", actor, standing, ["member": .string(who), "name": .string(who.uppercased()), "team": "SRE"])
            case 1:
                l = line(
                    t, "member.status", actor, standing,
                    ["member": .string(who), "status": .string(pick(["available", "engaged", "away", "offline"]))])
            default: l = line(t, "member.left", actor, standing, ["member": .string(who)])
            }
        case ..<0.66:
            l = line(
                t, "incident.severity", actor, inc, ["severity": .number(Double(Int.random(in: 1...3, using: &g))), "reason": "升级 raise"])
        case ..<0.70:
            l = line(t, "incident.phase", actor, inc, ["phase": .string(pick(Phase.allCases).rawValue)])
        case ..<0.71:
            l = line(
                t, "incident.playbook", actor, inc, ["playbook": .string(pick(["website-crisis", "data-breach"])), "reason": "换预案 switch"])
        case ..<0.78:
            // Statements too: drafted, decided and published by id; some refused (a decision on a
            // draft already decided or on another incident, a second publish).
            let drafted = statements.isEmpty ? (id: "S-0", incident: inc) : statements[Int.random(in: 0..<statements.count, using: &g)]
            let on = chance(0.9) ? drafted.incident : inc
            switch Int.random(in: 0..<8, using: &g) {
            case 0:
                let id = "S-\(out.count)"
                statements.append((id, inc))
                l = line(t, "comms.drafted", actor, inc, ["draft": .string(id), "audience": "external", "text": "声明 statement"])
            case 1: l = line(t, "comms.approved", actor, on, ["draft": .string(drafted.id)])
            case 2: l = line(t, "comms.rejected", actor, on, ["draft": .string(drafted.id), "reason": "口径不对 off message"])
            case 3:
                l = line(t, "comms.published", actor, on, ["draft": .string(drafted.id), "audience": "external", "text": "声明 statement"])
            default:
                l = line(
                    t, "comms.published", actor, inc,
                    ["audience": .string(pick(Audience.allCases).rawValue), "text": "通报 update", "channel": "飞书"])
            }
        case ..<0.84:
            if let d = drills.subtracting(endedDrills).sorted().randomElement(using: &g), declared.contains(d) {
                switch Int.random(in: 0..<10, using: &g) {
                case 0..<3: l = line(t, "drill.paused", "facilitator", d, chance(0.5) ? ["reason": "break"] : [:])
                case 3..<6: l = line(t, "drill.resumed", "facilitator", d, [:])
                case 6..<9:
                    // Now and then an evaluator's mark or a hot wash line (added with the drill programme).
                    switch Int.random(in: 0..<8, using: &g) {
                    case 0:
                        l = line(
                            t, "drill.observed", "eve", d, ["expectation": "notify", "rating": .string(pick(["met", "partly", "missed"]))])
                    case 1:
                        l = line(t, "drill.hotwash", "facilitator", d, ["kind": .string(pick(["strength", "gap"])), "text": "复盘 finding"])
                    default:
                        l = line(
                            t, "drill.inject", "facilitator", d, ["inject": "alert", "title": "告警 alert", "manual": .bool(chance(0.5))])
                    }
                default:
                    l = line(t, "drill.ended", "facilitator", d, ["reason": "completed"])
                    endedDrills.insert(d)
                }
            } else {
                l = line(t, "note", actor, inc, ["text": "no drill running"])
            }
        case ..<0.86:
            // Signals, the notifier's records and follow-ups (signals and notifications journal-wide). Some
            // are refused: a resolve before any fire, a second claim, an outcome for a message never
            // claimed, a follow-up closed twice or on another incident.
            let fp = "fp-\(Int.random(in: 0..<6, using: &g))"
            // A failure names a message claimed and not yet sent (after a send it is refused), so failures are
            // folded whatever the seed draws; sends and claims still pick from a few ids, some refused.
            let message = "m-\(Int.random(in: 0..<4, using: &g))"
            let unsentClaim = claimedUnsent.sorted().randomElement(using: &g) ?? message
            let about = chance(0.5) ? inc as String? : nil
            switch Int.random(in: 0..<8, using: &g) {
            case 0:
                l = line(
                    t, "signal.fired", "alertmanager", nil,
                    ["fingerprint": .string(fp), "source": "alertmanager", "title": "告警 alert", "labels": ["service": "pay"], "meets": 2])
            case 1: l = line(t, "signal.resolved", "alertmanager", nil, ["fingerprint": .string(fp), "source": "alertmanager"])
            case 2:
                claimedUnsent.insert(message)
                l = line(t, "notify.claimed", "notifier", about, ["message": .string(message), "channel": "飞书"])
            case 3:
                claimedUnsent.remove(unsentClaim)
                l = line(t, "notify.sent", "notifier", about, ["message": .string(unsentClaim), "channel": "飞书", "platform": "feishu"])
            case 4:
                l = line(
                    t, "notify.failed", "notifier", about,
                    ["message": .string(unsentClaim), "channel": "飞书", "reason": "HTTP 502", "retry_at": .string(RFC3339.format(T0))])
            case 5:
                let id = "A-\(out.count)"
                followUps.append((id, inc))
                l = line(t, "action.added", actor, inc, ["action": .string(id), "text": "跟进 follow up", "owner": .string(actor)])
            default:
                let open = followUps.isEmpty ? (id: "A-0", incident: inc) : followUps[Int.random(in: 0..<followUps.count, using: &g)]
                if chance(0.7) { followUps.removeAll { $0.id == open.id } }
                let on = chance(0.9) ? open.incident : inc
                l =
                    chance(0.5)
                    ? line(t, "action.done", actor, on, ["action": .string(open.id)])
                    : line(t, "action.dropped", actor, on, ["action": .string(open.id), "reason": "重复 dup"])
            }
        case ..<0.88:
            switch Int.random(in: 0..<10, using: &g) {
            // The review (refused before the incident's crisis ends), the outage's scope (a wrong one refused)
            // and the recovery estimate.
            case 0: l = line(t, "review.held", actor, inc, ["note": "复盘 review"])
            case 1: l = line(t, "review.reported", actor, inc, ["where": "wiki"])
            case 2: l = line(t, "incident.scope", actor, inc, ["scope": .string(pick(["local", "regional", "nationwide", "planet"]))])
            case 3: l = line(t, "recovery.estimate", actor, inc, ["backup": "snap", "rpo": "15m"])
            default:
                // Types this version does not know: kept, shown raw.
                l = line(t, pick(["pager.acknowledged", "x.custom"]), actor, chance(0.7) ? inc : nil, ["k": .number(Double(out.count))])
            }
        case ..<0.93:
            // Bad lines of every kind.
            switch Int.random(in: 0..<6, using: &g) {
            case 0: l = "{\"v\":1,\"ts\":\"2026-12-01T00:00:00Z\",\"type\":\"note\",\"actor\":\"chen\",\"data\":{\"text\":\"半行"
            case 1: l = line(t, "note", actor, inc, ["kind": "decision"])  // data.text missing
            case 2: l = line(t, "note", actor, "NEVER-DECLARED", ["text": "orphan"])
            case 3: l = line(t, "incident.declared", actor, inc, ["title": "again", "severity": 2])
            case 4: l = line(t, "drill.paused", "facilitator", inc, [:])  // bad unless inc is a drill
            default: l = "[1,2,3]"
            }
        case ..<0.96:
            l = pick(["", "   ", "\t"])
        default:
            l = line(t, "note", actor, inc, ["text": .string("CRLF " + pick(texts))]) + "\r"
        }
        out.append(l)
    }
    var text = out.map { $0 + "\n" }.joined()
    if pendingTail {
        text +=
            "{\"v\":1,\"ts\":\"2026-12-31T00:00:00Z\",\"type\":\"note\",\"actor\":\"alice\",\"incident\":\"R-1\",\"data\":{\"text\":\"pending"
    }
    return Array(text.utf8)
}

// MARK: - Comparing states

/// Names the members of two states that differ (and, inside incidents, which incident and member), for a readable failure.
func replayStateDifference(_ a: JournalState, _ b: JournalState?) -> String {
    guard let b else { return "no expected state" }
    if a == b { return "equal" }
    var out: [String] = []
    func d<T: Equatable>(_ name: String, _ x: T, _ y: T) { if x != y { out.append(name) } }
    d("eventsApplied (\(a.eventsApplied) vs \(b.eventsApplied))", a.eventsApplied, b.eventsApplied)
    d("unknownTypes", a.unknownTypes, b.unknownTypes)
    d("badLines (lines \(a.badLines.map(\.line)) vs \(b.badLines.map(\.line)))", a.badLines, b.badLines)
    d("incidentOrder", a.incidentOrder, b.incidentOrder)
    d("standingMembers", a.standingMembers, b.standingMembers)
    d("standingOrder", a.standingOrder, b.standingOrder)
    d("presence", a.presence, b.presence)
    d("lastAction", a.lastAction, b.lastAction)
    d("unknownEvents", a.unknownEvents, b.unknownEvents)
    d("lastEventAt", a.lastEventAt, b.lastEventAt)
    d("drills", a.drills, b.drills)
    d("recordsTimelines", a.recordsTimelines, b.recordsTimelines)
    for id in Set(a.incidents.keys).union(b.incidents.keys).sorted() {
        guard let x = a.incidents[id], let y = b.incidents[id] else {
            out.append("incident \(id) only on one side")
            continue
        }
        if x == y { continue }
        let before = out.count
        d("title", x.title, y.title)
        d("severity", x.severity, y.severity)
        d("severityHistory", x.severityHistory, y.severityHistory)
        d("phase", x.phase, y.phase)
        d("phaseHistory", x.phaseHistory, y.phaseHistory)
        d("timeline (\(x.timeline.count) vs \(y.timeline.count) entries)", x.timeline, y.timeline)
        d("roles", x.roles, y.roles)
        d("roleHistory", x.roleHistory, y.roleHistory)
        d("members", x.members, y.members)
        d("memberOrder", x.memberOrder, y.memberOrder)
        d("addedItems", x.addedItems, y.addedItems)
        d("ticks", x.ticks, y.ticks)
        d("counters", x.counters, y.counters)
        d("comms", x.comms, y.comms)
        d("lastEventAt", x.lastEventAt, y.lastEventAt)
        let fields = out[before...].joined(separator: ", ")
        out.removeSubrange(before...)
        out.append("incident \(id): " + (fields.isEmpty ? "other members" : fields))
    }
    return out.joined(separator: "; ")
}

/// The state of the file cut at each position: `JournalReader.read(cut)`.
///
/// Reading every cut from scratch costs the square of the file, too slow in a
/// debug build for thousands of positions; so one reader is fed the cuts in
/// order, a piece at a time (the state of bytes fed in any pieces is the state
/// of one read of them: that is the reader's contract, tested in
/// JournalReaderTests), and `freshReads` of the cuts, spread evenly, are also
/// read from scratch and must agree.
func cutStates(
    _ j: ReplayJournal, log: [TimelineEntry], positions: [Int], freshReads: Int,
    sourceLocation: SourceLocation = #_sourceLocation
) -> [Int: JournalState] {
    let sorted = Array(Set(positions)).sorted()
    var reader = JournalReader()
    var fed = 0
    var out: [Int: JournalState] = [:]
    for p in sorted {
        let end = j.cutOffset(log: log, position: p)
        if end > fed {
            reader.feed(Array(j.bytes[fed..<end]))
            fed = end
        }
        out[p] = reader.state
    }
    let step = max(1, sorted.count / max(1, freshReads))
    for p in stride(from: 0, to: sorted.count, by: step).map({ sorted[$0] }) + [sorted.last!] {
        let fresh = JournalReader.read(j.cut(log: log, position: p)).state
        #expect(
            fresh == out[p], "\(j.name): reading the cut for position \(p) from scratch: \(replayStateDifference(fresh, out[p]))",
            sourceLocation: sourceLocation)
    }
    return out
}

/// Checks `index.state(at:)` against the state of the cut file for the positions, stopping after a few failures.
func checkPositions(
    _ j: ReplayJournal, intervals: [Int], positions: [Int], freshReads: Int = 12, sourceLocation: SourceLocation = #_sourceLocation
) {
    let r = j.logReader()
    let indexes = intervals.map { ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount, interval: $0) }
    let expected = cutStates(j, log: r.log, positions: positions, freshReads: freshReads, sourceLocation: sourceLocation)
    var failures = 0
    for p in positions {
        for index in indexes {
            let got = index.state(at: p)
            if got != expected[p] {
                failures += 1
                Issue.record(
                    "\(j.name): state(at: \(p)) with interval \(index.interval) differs from the file cut there: \(replayStateDifference(got, expected[p]))",
                    sourceLocation: sourceLocation)
            }
        }
        if failures >= 5 { return }
    }
}

/// Positions worth checking in a log of `count` events: the ends, around every snapshot of the intervals, and a seeded sample.
func replaySamplePositions(count: Int, intervals: [Int], sample: Int, seed: UInt64) -> [Int] {
    var set: Set<Int> = [0, 1, 2, count - 1, count, count / 2]
    for k in intervals where k > 1 {
        var m = k
        while m <= count {
            set.formUnion([m - 1, m, m + 1])
            m += k
            if set.count > 200 { break }
        }
    }
    var g = SeededGenerator(seed: seed)
    for _ in 0..<sample { set.insert(Int.random(in: 0...count, using: &g)) }
    return set.filter { $0 >= 0 && $0 <= count }.sorted()
}

let replayIntervals = [1, 7, 512]

// MARK: - Library tests

@Suite("Replay: state at a position or a time equals the cut file")
struct ReplayTests {
    static let fixtures = [ReplayJournal.fixture("real-incident.jsonl"), ReplayJournal.fixture("drill.jsonl")]
    static let random = ReplayJournal(name: "random-2400", bytes: randomReplayJournal(seed: 7, lines: 2400, incidents: 24))
    static let randomWithTail = ReplayJournal(
        name: "random-600-pending-tail", bytes: randomReplayJournal(seed: 11, lines: 600, incidents: 8, pendingTail: true))

    @Test("the random journal is what it should be: big, many incidents, bad lines, time going backwards")
    func randomJournalShape() {
        let r = Self.random.logReader()
        #expect(r.state.eventsApplied >= 2000)
        #expect(r.state.incidents.count >= 10)
        #expect(r.state.drills.count >= 2)
        #expect(r.state.badLines.count >= 30)
        #expect(r.state.unknownTypes >= 20)
        #expect(Set(r.log.compactMap(\.event.kind)) == Set(EventType.allCases))
        let times = r.log.map(\.event.ts)
        #expect(zip(times, times.dropFirst()).filter { $0 > $1 }.count >= 100, "timestamps go backwards")
        let tail = Self.randomWithTail.logReader()
        #expect(tail.pendingBytes > 0)
    }

    @Test("the log keeps every applied event in file order, as the file has it", arguments: fixtures + [random])
    func logIsTheAppliedEvents(_ j: ReplayJournal) throws {
        let r = j.logReader()
        #expect(r.log.count == r.state.eventsApplied)
        #expect(zip(r.log, r.log.dropFirst()).allSatisfy { $0.line < $1.line })
        #expect(JournalReader.read(j.bytes).state == r.state, "keeping the log changes nothing else")
        let starts = j.lineStarts
        for e in r.log.prefix(400) {
            var text = Array(j.bytes[starts[e.line - 1]..<(starts[e.line] - 1)])
            if text.last == 0x0D { text.removeLast() }
            #expect(try LineDecoder.decode(text).get() == e.event, "line \(e.line)")
        }
        // No bad line's number is in the log.
        let bad = Set(r.state.badLines.map(\.line))
        #expect(r.log.allSatisfy { !bad.contains($0.line) })
    }

    @Test("every position of the fixture journals, with snapshots every 1, 7 and 512 events", arguments: fixtures)
    func everyPositionOfTheFixtures(_ j: ReplayJournal) {
        let count = j.logReader().log.count
        checkPositions(j, intervals: replayIntervals, positions: Array(0...count))
    }

    @Test("a sample of positions of a 2,400-line random journal")
    func sampledPositionsOfARandomJournal() {
        let count = Self.random.logReader().log.count
        checkPositions(
            Self.random, intervals: replayIntervals,
            positions: replaySamplePositions(count: count, intervals: replayIntervals, sample: 100, seed: 99))
    }

    @Test("every position of a journal that ends in a pending line (the whole file at the end)")
    func everyPositionWithAPendingTail() {
        let count = Self.randomWithTail.logReader().log.count
        checkPositions(Self.randomWithTail, intervals: replayIntervals, positions: Array(0...count))
    }

    @Test("positions out of range clamp to the ends")
    func positionsClamp() {
        let j = ReplayTests.fixtures[1]
        let r = j.logReader()
        let index = ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount, interval: 7)
        #expect(index.state(at: -5) == index.state(at: 0))
        #expect(index.state(at: index.count + 10) == r.state)
        #expect(index.state(at: index.count) == r.state)
        #expect(index.state(at: 0) == JournalReader.read([]).state)
        #expect(index.time(at: 0) == nil)
        #expect(index.time(at: 1) == r.log[0].event.ts)
        #expect(index.time(at: index.count + 3) == r.log.last?.event.ts)
    }

    @Test("an empty journal replays to the empty state")
    func emptyJournal() {
        for bytes in [[UInt8](), Array("\n\nnot json\n".utf8)] {
            let j = ReplayJournal(name: "empty", bytes: bytes)
            let r = j.logReader()
            for k in replayIntervals {
                let index = ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount, interval: k)
                #expect(index.count == 0)
                #expect(index.state(at: 0) == r.state)
                #expect(index.position(atTime: .distantFuture) == 0)
            }
        }
    }

    /// Times to look at: every event's ts, a millisecond either side, before the first and after the last.
    static func interestingTimes(_ log: [TimelineEntry], limit: Int, seed: UInt64) -> [Date] {
        var times: [Date] = []
        for e in log {
            times += [e.event.ts, e.event.ts.addingTimeInterval(-0.001), e.event.ts.addingTimeInterval(0.001)]
        }
        if let lo = log.map(\.event.ts).min(), let hi = log.map(\.event.ts).max() {
            times += [lo.addingTimeInterval(-3600), hi.addingTimeInterval(3600), .distantPast, .distantFuture]
        }
        if times.count > limit {
            var g = SeededGenerator(seed: seed)
            times.shuffle(using: &g)
            times = Array(times.prefix(limit))
        }
        return times
    }

    @Test(
        "state at a time is the fold of the file cut before its first event later than that time",
        arguments: fixtures + [random, randomWithTail])
    func stateAtTime(_ j: ReplayJournal) {
        let r = j.logReader()
        let indexes = replayIntervals.map { ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount, interval: $0) }
        let times = Self.interestingTimes(r.log, limit: j.bytes.count > 200_000 ? 80 : 250, seed: 5)
        // The position for a time, worked out here: applied events before the first one later than it (in file order).
        let positions = times.map { t in r.log.firstIndex { $0.event.ts > t } ?? r.log.count }
        let expected = cutStates(j, log: r.log, positions: positions, freshReads: 6)
        var failures = 0
        for (t, p) in zip(times, positions) {
            #expect(r.log[..<p].allSatisfy { $0.event.ts <= t })
            // The cut before that event is the cut for its position.
            #expect(j.cutOffset(log: r.log, time: t) == j.cutOffset(log: r.log, position: p))
            for index in indexes {
                let q = index.position(atTime: t)
                #expect(q == p, "\(j.name): position at \(RFC3339.format(t))")
                let got = index.state(at: q)
                if got != expected[p] {
                    failures += 1
                    Issue.record(
                        "\(j.name): state at \(RFC3339.format(t)) (position \(p), interval \(index.interval)) differs: \(replayStateDifference(got, expected[p]))"
                    )
                }
            }
            if failures >= 5 { return }
        }
    }

    @Test("with timestamps out of order, a later time never gives an earlier position")
    func positionIsMonotonicInTime() {
        let r = Self.random.logReader()
        let index = ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount, interval: 7)
        let times = r.log.map(\.event.ts).sorted()
        var last = 0
        for t in times {
            let p = index.position(atTime: t)
            #expect(p >= last)
            last = p
        }
        #expect(index.position(atTime: .distantFuture) == index.count)
        #expect(index.position(atTime: .distantPast) == 0)
    }
}

// MARK: - `render --at` and `status --at`

/// The binary for the command-line replay tests (see `reportBinary`).
func replayCLI(_ arguments: [String], directory: String) async throws -> ProcessResult {
    try await reportCLI(arguments, directory: directory)
}

/// `status --json` with what depends on the clock removed (and the path): for comparing with a run at another time.
func replayClockFree(_ v: JSONValue) -> JSONValue {
    guard case .object(var o) = v else { return v }
    if var journal = o["journal"]?.objectValue {
        journal["path"] = nil
        o["journal"] = .object(journal)
    }
    if case .array(let incs)? = o["incidents"] {
        o["incidents"] = .array(
            incs.map { inc in
                guard var i = inc.objectValue else { return inc }
                i["elapsed_seconds"] = nil
                i["kpis"] = nil
                if var c = i["checklist"]?.objectValue {
                    c["overdue"] = nil
                    if case .array(let items)? = c["items"] {
                        c["items"] = .array(
                            items.map { item in
                                guard var it = item.objectValue else { return item }
                                it["due_at"] = nil  // a drill's deadlines move with the clock while it runs
                                return .object(it)
                            })
                    }
                    i["checklist"] = .object(c)
                }
                return .object(i)
            })
    }
    return .object(o)
}

@Suite("Replay: render --at and status --at", .enabled(if: reportBinary != nil, "needs the warroom binary"))
struct ReplayCLITests {
    static let journals = [
        ReplayJournal.fixture("real-incident.jsonl"), ReplayJournal.fixture("drill.jsonl"),
        ReplayJournal(name: "random-300", bytes: randomReplayJournal(seed: 3, lines: 300, incidents: 5)),
    ]

    /// A few times per journal: before everything, exactly at an event, just before one, in the middle, after everything.
    static func times(_ j: ReplayJournal) -> [Date] {
        let log = j.logReader().log
        let ts = log.map(\.event.ts)
        let lo = ts.min()!, hi = ts.max()!
        return [
            lo.addingTimeInterval(-60), ts[min(5, ts.count - 1)], ts[ts.count / 3].addingTimeInterval(-0.001),
            ts[ts.count / 2], ts[ts.count * 3 / 4].addingTimeInterval(0.5), hi.addingTimeInterval(60),
        ]
    }

    @Test("render --at and status --at show what the file cut at that time shows", arguments: journals)
    func cliAtMatchesTheCutFile(_ j: ReplayJournal) async throws {
        let full = TempDir("rplfull")
        try writeFile(full.file("j.jsonl"), j.bytes)
        let log = j.logReader().log
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in Self.times(j) {
                group.addTask { try await Self.check(j, at: t, log: log, full: full) }
            }
            try await group.waitForAll()
        }
    }

    static func check(_ j: ReplayJournal, at time: Date, log: [TimelineEntry], full: TempDir) async throws {
        // The time as the command reads it back from its text (milliseconds).
        let at = RFC3339.format(time)
        let t = try #require(RFC3339.parse(at))
        let cutDir = TempDir("rplcut")
        let cut = j.cut(log: log, time: t)
        try writeFile(cutDir.file("j.jsonl"), cut)
        // The same relative path in both runs, so the frames and the reports name the same journal.
        let size = ["--size", "120x40", "--time-zone", "UTC", "--journal", "j.jsonl"]
        async let renderAt = replayCLI(["render", "--at", at] + size, directory: full.path)
        async let renderCut = replayCLI(["render", "--now", at] + size, directory: cutDir.path)
        async let statusAt = replayCLI(["status", "--json", "--at", at, "--journal", "j.jsonl"], directory: full.path)
        async let statusAtText = replayCLI(["status", "--at", at, "--journal", "j.jsonl"], directory: full.path)
        async let statusCut = replayCLI(["status", "--json", "--journal", "j.jsonl"], directory: cutDir.path)
        let (ra, rc, sa, st, sc) = try await (renderAt, renderCut, statusAt, statusAtText, statusCut)
        for r in [ra, rc, sa, st, sc] { #expect(r.status == 0, "\(j.name) at \(at): \(r.stderr)") }

        #expect(ra.stdout == rc.stdout, "\(j.name): render --at \(at) differs from the cut file's frame:\n\(ra.stdout)\n---\n\(rc.stdout)")

        // status --at uses the time as its clock: exactly the status of the cut file at that time.
        let cutReader = JournalReader.read(cut)
        let expected = StatusReport(path: "j.jsonl", reader: cutReader, catalog: reportCatalog, now: t)
        #expect(sa.stdout == JSONWriter.serialize(expected.json()) + "\n", "\(j.name): status --json --at \(at)")
        #expect(st.stdout == expected.text(), "\(j.name): status --at \(at)")

        // And `status --json` of the cut file, run now, says the same apart from the clock.
        let a = try JSONParser.parse(Array(sa.stdout.utf8)), c = try JSONParser.parse(Array(sc.stdout.utf8))
        #expect(replayClockFree(a) == replayClockFree(c), "\(j.name): status --at \(at) vs status of the cut file")
    }

    @Test("status --at an earlier time does not count a line written later as pending")
    func pendingTailIsNotInThePast() async throws {
        let tail = Array(
            "{\"v\":1,\"ts\":\"2026-11-05T02:10:00Z\",\"type\":\"note\",\"actor\":\"x\",\"incident\":\"DRILL-20261105-01\",\"data\":{\"text\":\"half"
                .utf8)
        let j = ReplayJournal(name: "drill with a pending tail", bytes: ReplayJournal.fixture("drill.jsonl").bytes + tail)
        let dir = TempDir("rplpend")
        try writeFile(dir.file("j.jsonl"), j.bytes)
        let log = j.logReader().log
        let at = RFC3339.format(log[10].event.ts)
        let t = try #require(RFC3339.parse(at))
        let cut = j.cut(log: log, time: t)
        #expect(JournalReader.read(cut).pendingBytes == 0)
        let expected = StatusReport(path: "j.jsonl", reader: JournalReader.read(cut), catalog: reportCatalog, now: t)
        let json = try await replayCLI(["status", "--json", "--at", at, "--journal", "j.jsonl"], directory: dir.path)
        #expect(json.stdout == JSONWriter.serialize(expected.json()) + "\n")
        #expect(json.stdout.contains("\"pending_bytes\":0"), "\(json.stdout.prefix(160))")
        let text = try await replayCLI(["status", "--at", at, "--journal", "j.jsonl"], directory: dir.path)
        #expect(text.stdout == expected.text())
        #expect(!text.stdout.contains("bytes pending"))
    }

    @Test("--at needs an RFC 3339 time")
    func badTime() async throws {
        let dir = TempDir("rplbad")
        try writeFile(dir.file("j.jsonl"), ReplayJournal.fixture("drill.jsonl").bytes)
        for cmd in ["render", "status"] {
            let r = try await replayCLI([cmd, "--at", "noon", "--journal", "j.jsonl"], directory: dir.path)
            #expect(r.status != 0)
            #expect(r.stderr.contains("--at must be an RFC 3339 time"), "\(cmd): \(r.stderr)")
        }
    }
}
