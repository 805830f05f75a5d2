import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// A console's fold keeps open incidents' timelines only (and the shown one's): switching to a
/// closed incident reads its timeline back, and nothing on screen differs from a console that
/// holds every timeline.
@Suite("Timelines on demand in the console")
struct TimelinesOnDemandConsoleTests {
    let now = T0.addingTimeInterval(3_600)

    static let lines: [String] = {
        var l = [declareLine("INC-1", title: "Checkout down")]
        for k in 1...30 { l.append(noteLine("checkout note \(k)", "INC-1", at: Double(k))) }
        l.append(ev("incident.phase", "INC-1", at: 100, ["phase": "closed"]))
        l.append(declareLine("INC-2", title: "Login errors", at: 200))
        for k in 1...5 { l.append(noteLine("login note \(k)", "INC-2", at: 200 + Double(k))) }
        // After its close, an event of the closed incident: on its timeline too.
        l.append(noteLine("postmortem booked", "INC-1", at: 300))
        return l
    }()

    /// The console's side: a journal file folded as the console folds it, and the loop's answer
    /// to the model's effects.
    final class Console {
        let file: JournalFile
        var model: ConsoleModel
        let now: Date

        init(path: String, now: Date) throws {
            file = JournalFile(path: path)
            file.keepOpenTimelinesOnly()
            try file.refresh()
            self.now = now
            model = ConsoleModel(state: file.state, catalog: shippedCatalog, journalPath: path)
            model.timeZone = utc
            try send(.resized(width: 120, height: 40))
            try send(.journalChanged(snapshot))
        }

        var snapshot: JournalSnapshot { JournalSnapshot(state: file.state, pendingBytes: 0, chain: nil) }

        func send(_ event: ConsoleEvent) throws {
            var queue = [event]
            while !queue.isEmpty {
                for effect in model.update(queue.removeFirst(), now: now) {
                    if case .keepTimeline(let id) = effect {
                        try file.keepTimeline(of: id)
                        queue.append(.journalChanged(snapshot))
                    }
                }
            }
        }
    }

    /// A console model over the whole journal, every timeline held, given the same messages.
    func reference(_ path: String) throws -> ConsoleModel {
        var m = makeModel(Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        _ = m.update(.resized(width: 120, height: 40), now: now)
        return m
    }

    func frame(_ m: ConsoleModel) -> String { render(m, now: now, width: 120, height: 40).text() }

    func journal(_ dir: TempDir, _ lines: [String]) throws -> String {
        let path = dir.file("journal.jsonl")
        try Data(journalBytes(lines)).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("switching to a closed incident shows its whole timeline, read back, as a console holding every timeline shows it")
    func switchingToAClosedIncident() throws {
        let dir = TempDir()
        let path = try journal(dir, Self.lines)
        let console = try Console(path: path, now: now)
        var full = try reference(path)
        #expect(console.model.incident?.id == "INC-2")
        #expect(console.model.state.incidents["INC-1"]?.timeline.isEmpty == true)
        #expect(console.model.state.incidents["INC-1"]?.eventCount == 33)

        console.model.pinnedIncident = "INC-1"
        try console.send(.tick)
        full.pinnedIncident = "INC-1"
        _ = full.update(.tick, now: now)
        #expect(console.model.timelineEntries.count == 33)
        #expect(console.model.timelineEntries == full.timelineEntries)
        #expect(frame(console.model) == frame(full))
        // Scrolled to its first line: the whole timeline is there, not only what fit.
        for _ in 0..<3 {
            try console.send(.key(.pageUp))
            _ = full.update(.key(.pageUp), now: now)
        }
        #expect(frame(console.model) == frame(full))
        #expect(frame(console.model).contains("Checkout down"))
    }

    @Test("the console holds no timeline of a closed incident it does not show")
    func noClosedTimelineNotShown() throws {
        let dir = TempDir()
        let path = try journal(dir, Self.lines)
        let console = try Console(path: path, now: now)
        console.model.pinnedIncident = "INC-1"
        try console.send(.tick)
        #expect(console.model.state.incidents["INC-1"]?.timeline.count == 33)
        console.model.pinnedIncident = "INC-2"
        try console.send(.tick)
        #expect(console.model.state.incidents["INC-1"]?.timeline.isEmpty == true)
        #expect(console.file.state.incidents["INC-1"]?.timeline.isEmpty == true)
        #expect(console.model.state.incidents["INC-2"]?.timeline.count == 6)
        #expect(console.model.timelineAsked == nil)
    }

    @Test("an incident closing on screen keeps its rows, and the scroll counts the new ones, as with every timeline held")
    func closingOnScreenWhileScrolled() throws {
        let dir = TempDir()
        var lines = Self.lines
        for k in 6...60 { lines.append(noteLine("login note \(k)", "INC-2", at: 300 + Double(k))) }
        let path = try journal(dir, lines)
        let console = try Console(path: path, now: now)
        var full = try reference(path)
        for _ in 0..<2 {
            try console.send(.key(.pageUp))
            _ = full.update(.key(.pageUp), now: now)
        }
        #expect(console.model.timelineScroll > 0)
        let more = [
            noteLine("login fixed", "INC-2", at: 400), ev("incident.phase", "INC-2", at: 401, ["phase": "closed"]),
            noteLine("closing words", "INC-2", at: 402),
        ]
        try Data(journalBytes(lines + more)).write(to: URL(fileURLWithPath: path))
        try console.file.refresh()
        try console.send(.journalChanged(console.snapshot))
        _ = full.update(
            .journalChanged(JournalSnapshot(state: JournalReader.read(journalBytes(lines + more)).state, pendingBytes: 0, chain: nil)),
            now: now)
        #expect(console.model.incident?.id == "INC-2")
        #expect(console.model.incident?.isClosed == true)
        #expect(console.model.timelineScroll == full.timelineScroll)
        #expect(console.model.newBelow == full.newBelow)
        #expect(console.model.newBelow == 3)
        #expect(console.model.timelineEntries == full.timelineEntries)
        #expect(frame(console.model) == frame(full))
    }
}
