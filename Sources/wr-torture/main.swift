// A small driver for the reliability tests: appends through the library,
// follows a journal, and appends until killed. Not installed; tests run it.
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("wr-torture: \(message)\n".utf8))
    exit(2)
}

func say(_ line: String) {
    // One write per line so a parent reading the pipe sees whole lines even if we are killed.
    let data = Data((line + "\n").utf8)
    data.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

let args = CommandLine.arguments
guard args.count >= 3 else {
    fail("usage: wr-torture append PATH COUNT TAG [INCIDENT] | follow PATH EVENTS | forever PATH TAG INCIDENT | hold PATH SECONDS")
}
let path = args[2]

switch args[1] {
case "append":
    // append PATH COUNT TAG INCIDENT: COUNT notes "TAG-i", one append each.
    guard args.count >= 6, let n = Int(args[3]) else { fail("append PATH COUNT TAG INCIDENT") }
    let writer = JournalWriter(path: path)
    writer.syncEachAppend = false
    for i in 0..<n {
        let e = Event(
            .note, ts: Date(), actor: "lib-\(args[4])", incident: args[5], id: Identity.newEventID(),
            data: ["text": .string("\(args[4])-\(i)")])
        do { try writer.append([e]) } catch { fail("\(error)") }
    }
case "follow":
    // follow PATH EVENTS: follow until EVENTS events are applied, then print a digest of the state.
    guard let want = Int(args[3]) else { fail("follow PATH EVENTS") }
    let file = JournalFile(path: path)
    let follower = JournalFollower(file: file)
    let deadline = Date().addingTimeInterval(120)
    while Date() < deadline {
        do { try file.refresh() } catch { fail("\(error)") }
        if file.state.eventsApplied >= want { break }
        var p = pollfd(fd: follower.descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&p, 1, 200)
        if p.revents != 0 { follower.drain() }
    }
    let s = file.state
    let texts = s.orderedIncidents.flatMap { $0.timeline.compactMap { $0.event.string("text") } }
    say(
        "events \(s.eventsApplied) bad \(s.badLineCount) texts \(texts.count) digest \(Chain.hash(Array(texts.joined(separator: "\n").utf8)))"
    )
case "forever":
    // forever PATH TAG INCIDENT: append until killed; print "ok TAG-i" after each append that reported success.
    guard args.count >= 5 else { fail("forever PATH TAG INCIDENT") }
    let writer = JournalWriter(path: path)
    writer.syncEachAppend = false
    var i = 0
    while true {
        let e = Event(
            .note, ts: Date(), actor: "crash", incident: args[4], id: Identity.newEventID(), data: ["text": .string("\(args[3])-\(i)")])
        do { try writer.append([e]) } catch { fail("\(error)") }
        say("ok \(args[3])-\(i)")
        i += 1
    }
case "hold":
    // hold PATH SECONDS: take the journal's write lock and keep it (a stuck writer).
    guard let secs = Double(args[3]) else { fail("hold PATH SECONDS") }
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o660)
    guard fd >= 0, flock(fd, LOCK_EX) == 0 else { fail("cannot lock \(path)") }
    say("locked \(getpid())")
    usleep(UInt32(secs * 1_000_000))
case "paced":
    // paced PATH COUNT RATE INCIDENT: COUNT notes at RATE a second (the benchmark's other process).
    guard args.count >= 6, let n = Int(args[3]), let rate = Double(args[4]) else { fail("paced PATH COUNT RATE INCIDENT") }
    // Either backend (a file or a postgresql:// URI), so the console's latency is taken on both.
    let writer = JournalLocation(path).appender()
    let start = Date()
    for i in 0..<n {
        let due = start.addingTimeInterval(Double(i) / rate)
        let wait = due.timeIntervalSinceNow
        if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
        do { try writer.append([pacedEvent(i, incident: args[5])]) } catch { fail("\(error)") }
    }
case "append-latency":
    guard args.count >= 5, let n = Int(args[3]), n > 0 else { fail("append-latency JOURNAL COUNT INCIDENT") }
    appendLatency(path, count: n, incident: args[4])
case "writers-throughput":
    guard args.count >= 6, let w = Int(args[3]), let n = Int(args[4]), w > 0, n > 0 else {
        fail("writers-throughput JOURNAL WRITERS EACH INCIDENT")
    }
    writersThroughput(path, writers: w, each: n, incident: args[5])
case "apply-bench":
    // apply-bench PATH: load, then time applying one more event, median of 1,000.
    let file = JournalFile(path: path)
    do { try file.refresh() } catch { fail("\(error)") }
    guard let incident = file.state.orderedIncidents.last?.id else { fail("no incident in \(path)") }
    var reader = file.reader
    var times: [Double] = []
    for i in 0..<1000 {
        let e = Event(
            .note, ts: Date(), actor: "bench", incident: incident, id: Identity.newEventID(), data: ["text": .string("applied \(i)")])
        let line = Array((e.jsonLine() + "\n").utf8)
        let t0 = DispatchTime.now().uptimeNanoseconds
        reader.feed(line)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    times.sort()
    say(
        String(format: "median %.3f ms, p99 %.3f ms over 1,000 events (%d events loaded)", times[500], times[989], file.state.eventsApplied)
    )
case "replay-bench":
    // replay-bench PATH: build the replay index, then time single steps at random positions.
    let file = JournalFile(path: path, keepsLog: true)
    do { try file.refresh() } catch { fail("\(error)") }
    let t0 = DispatchTime.now().uptimeNanoseconds
    let index = ReplayIndex(log: file.reader.log, full: file.state, lineCount: file.reader.lineCount)
    let build = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    var rng = SystemRandomNumberGenerator()
    var times: [Double] = []
    for _ in 0..<200 {
        let p = Int.random(in: 0...index.count, using: &rng)
        let s0 = DispatchTime.now().uptimeNanoseconds
        _ = index.state(at: p)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - s0) / 1e6)
    }
    times.sort()
    say(
        String(
            format: "median %.2f ms, p99 %.2f ms per step over 200 random positions (index built in %.0f ms, %d events)", times[100],
            times[197], build, index.count))
default:
    fail("unknown mode \(args[1])")
}

/// The benchmark's appended events look like a real response: different people, notes of
/// every kind in Chinese and English, counters and statements, so that each new timeline
/// line differs from its neighbours as it would in a crisis (near-identical lines would
/// make a terminal update look cheaper than it is).
func pacedEvent(_ i: Int, incident: String) -> Event {
    let actors = ["alice", "bob", "王芳", "chen", "li.wei", "dana", "刘洋", "monitoring"]
    let notes = [
        "pay-gw-2 connection pool exhausted again, restarting the pool",
        "客服热线排队 \(40 + i % 60) 人，已启用自动语音安抚",
        "bank API healthy from our side, probe \(i)",
        "决定：暂停秒杀入口，优先保障支付链路",
        "rolled back gateway release 4.2.\(i % 9)",
        "微博相关话题阅读量 \(10 + i % 90) 万",
        "DBA paged, investigating replication lag on db-\(i % 4)",
        "已扩容 pay-gw-1 到 \(4 + i % 40) 个实例",
    ]
    let kinds = ["observation", "decision", "action", "observation"]
    let actor = actors[i % actors.count]
    switch i % 6 {
    case 4:
        return Event(
            .counterSet, ts: Date(), actor: actor, incident: incident, id: Identity.newEventID(),
            data: ["name": "complaints", "value": .number(Double(1000 + i * 7)), "unit": "tickets"])
    case 5:
        return Event(
            .commsPublished, ts: Date(), actor: actor, incident: incident, id: Identity.newEventID(),
            data: ["audience": "internal", "text": .string("进展通报 update \(i): payments recovering, next update in 30 min")])
    default:
        return Event(
            .note, ts: Date(), actor: actor, incident: incident, id: Identity.newEventID(),
            data: ["text": .string(notes[i % notes.count]), "kind": .string(kinds[i % kinds.count])])
    }
}
