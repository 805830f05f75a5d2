import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

extension JournalConformanceTests {
    /// Every action a person can take, with the refusals in between (a change that changes
    /// nothing, a role nobody holds, a follow-up already done, an incident never declared).
    static let leanScript: [(incident: String?, action: Action)] = [
        (nil, .declare(Declaration(severity: .l2, title: "Payment outage", playbook: "website-crisis", id: "INC-1"))),
        (nil, .declare(Declaration(severity: .l2, title: "Again", id: "INC-1"))),
        ("INC-1", .note(text: "first look", kind: nil)),
        ("INC-1", .severity(.l2, reason: nil)),
        ("INC-1", .severity(.l1, reason: "spreading")),
        ("INC-1", .release(role: "commander")),
        ("INC-1", .assign(role: "commander", member: "bob", newRole: false)),
        ("INC-1", .join(member: "bob", name: "Bob", team: "payments", contact: nil)),
        ("INC-1", .assign(role: "commander", member: "bob", newRole: false)),
        ("INC-1", .release(role: "commander")),
        ("INC-1", .addItem(item: "rollback", text: "Roll back the release", phase: nil, due: nil, role: nil)),
        ("INC-1", .tick(item: "rollback")),
        ("INC-1", .tick(item: "rollback")),
        ("INC-1", .untick(item: "rollback")),
        ("INC-1", .untick(item: "rollback")),
        ("INC-1", .counter(name: "orders_failed", value: 120, unit: "/min")),
        ("INC-1", .comms(audience: .external, channel: "status page", text: "We are looking into it")),
        ("INC-1", .phase(.verified, note: nil)),
        ("INC-1", .phase(.verified, note: nil)),
        ("INC-1", .leave(member: "bob")),
        ("INC-1", .leave(member: "bob")),
        (nil, .presence(member: "alice", status: .away)),
        ("INC-1", .addFollowUp(text: "Add a canary", owner: "bob", due: nil, from: "cli")),
        ("INC-1", .addFollowUp(text: "Alert on refunds", owner: nil, due: nil, from: "cli")),
        (nil, .completeFollowUp(id: "A-1", note: "done")),
        (nil, .completeFollowUp(id: "A-1", note: nil)),
        (nil, .dropFollowUp(id: "A-1", reason: "twice")),
        (nil, .dropFollowUp(id: "A-2", reason: "not ours")),
        ("INC-1", .pauseDrill),
        (nil, .declare(Declaration(severity: .l3, title: "Drill", drill: true, id: "INC-2"))),
        ("INC-2", .pauseDrill),
        ("INC-2", .pauseDrill),
        ("INC-2", .resumeDrill),
        ("NOPE", .note(text: "nowhere", kind: nil)),
        (nil, .declare(Declaration(severity: .l3, title: "Picked by the writer"))),
    ]

    /// What an append came to, without what differs between two runs (ids and the chain).
    static func outcome(_ run: () throws(JournalError) -> [Event]) -> String {
        do {
            return try run().map { e in
                var e = e
                e.id = nil
                e.prev = nil
                return e.jsonLine()
            }.joined(separator: "\n")
        } catch {
            return "refused: \(error.message)"
        }
    }

    /// The state a writer last folded, whichever backend it writes.
    static func writerState(_ w: any JournalAppender) -> JournalState? {
        (w as? JournalWriter)?.state ?? (w as? DatabaseJournalWriter)?.state
    }

    /// Writers fold the journal without timelines (a sixth of the memory on a big journal):
    /// the same appends must be accepted and refused, with the same words, as by a writer
    /// that keeps them, since no action's checks and no id a writer picks read a timeline.
    @Test(arguments: Backend.testable)
    func writersWithoutTimelinesAcceptAndRefuseWhatFullOnesDo(_ backend: Backend) throws {
        let dir = TempDir()
        let catalog = PlaybookCatalog.load(directory: playbooksDirectory)
        let lean = JournalLocation(try backend.newJournal(dir)).appender()
        let full = JournalLocation(try backend.newJournal(dir)).appender(recordsTimelines: true)
        var results: [[String]] = [[], []]
        for (k, writer) in [lean, full].enumerated() {
            writer.login = "alice"
            for (i, step) in JournalConformanceTests.leanScript.enumerated() {
                let at = T0.addingTimeInterval(Double(i))
                results[k].append(
                    JournalConformanceTests.outcome { () throws(JournalError) -> [Event] in
                        try writer.append { (state) throws(EventError) -> [Event] in
                            try step.action.events(
                                on: step.incident.flatMap { state.incidents[$0] }, in: state, catalog: catalog, actor: "alice",
                                login: "alice", at: at)
                        }
                    })
            }
        }
        for (i, pair) in zip(results[0], results[1]).enumerated() {
            #expect(pair.0 == pair.1, "step \(i + 1): \(JournalConformanceTests.leanScript[i].action)")
        }
        let refused = results[0].filter { $0.hasPrefix("refused: ") }.count
        #expect(refused >= 12)
        #expect(refused < results[0].count - 12)

        // The lean writer really kept no timeline, and the drill runner's writer does.
        let leanState = try #require(JournalConformanceTests.writerState(lean))
        let fullState = try #require(JournalConformanceTests.writerState(full))
        #expect(leanState.incidents["INC-1"]?.eventCount == fullState.incidents["INC-1"]?.eventCount)
        #expect(leanState.incidents["INC-1"]?.timeline.isEmpty == true)
        #expect((fullState.incidents["INC-1"]?.timeline.count ?? 0) > 10)
        #expect(leanState.followUpOrder == fullState.followUpOrder)
    }
}
