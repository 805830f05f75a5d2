import Foundation
import WarRoomCore

// The benchmark's measures that run on either journal backend (a file path or a
// `postgresql://` URI), through the same appender every command uses: bench/database.py
// takes them on both in the same run.

/// append-latency JOURNAL COUNT INCIDENT: COUNT appends of one note each, one after another;
/// prints the median and p99 of one append (the writer's whole transaction: lock, catch up,
/// check, write, and the file's fdatasync or the database's commit).
func appendLatency(_ journal: String, count: Int, incident: String) {
    let writer = JournalLocation(journal).appender()
    var times: [Double] = []
    times.reserveCapacity(count)
    for i in 0..<count {
        let e = pacedEvent(i, incident: incident)
        let t0 = DispatchTime.now().uptimeNanoseconds
        do { try writer.append([e]) } catch { fail("\(error)") }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
    }
    times.sort()
    say(
        String(
            format: "p50 %.2f ms, p99 %.2f ms over %d appends", times[count / 2], times[max(0, Int(Double(count) * 0.99) - 1)], count))
}

/// writers-throughput JOURNAL WRITERS EACH INCIDENT: WRITERS threads, each with its own writer,
/// append EACH notes one at a time, all at once; prints the events appended a second.
func writersThroughput(_ journal: String, writers: Int, each: Int, incident: String) {
    let location = JournalLocation(journal)
    let group = DispatchGroup()
    let failed = Failed()
    // Built here: main.swift's functions belong to the main thread.
    let events = (0..<writers).map { w in (0..<each).map { pacedEvent(w * each + $0, incident: incident) } }
    let t0 = DispatchTime.now().uptimeNanoseconds
    for w in 0..<writers {
        group.enter()
        // A thread each: a writer blocks on the journal's lock, and the pool would not start them all.
        Thread {
            defer { group.leave() }
            let writer = location.appender()
            for e in events[w] {
                do { try writer.append([e]) } catch {
                    failed.set("\(error)")
                    return
                }
            }
        }.start()
    }
    group.wait()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    if let why = failed.value { fail(why) }
    say(String(format: "%.0f events/s (%d writers x %d appends in %.2f s)", Double(writers * each) / seconds, writers, each, seconds))
}

/// The first failure of a writer thread.
final class Failed: @unchecked Sendable {
    private let lock = NSLock()
    private var first: String?
    func set(_ why: String) { lock.withLock { if first == nil { first = why } } }
    var value: String? { lock.withLock { first } }
}
