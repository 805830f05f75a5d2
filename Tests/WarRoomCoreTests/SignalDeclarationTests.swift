import Foundation
import Testing

@testable import WarRoomCore

/// Declaring an incident from a signal: the facts it carries over, and the refusals the
/// console and the CLI share.
@Suite("Declaring from a signal")
struct SignalDeclarationTests {
    let catalog = PlaybookCatalog.load(directory: playbooksDirectory)

    func fired(_ fp: String, meets: Int? = nil) -> String {
        var d: JSONObject = [
            "fingerprint": .string(fp), "source": "alertmanager", "title": "LoginFailureRate", "summary": "login failures 7.2 %",
            "starts_at": .string(ts(-90)),
        ]
        if let meets { d["meets"] = .number(Double(meets)) }
        return ev("signal.fired", nil, at: 0, actor: "alertmanager", d)
    }

    @Test("the declaration takes the signal's title, summary, start, fingerprint and the severity it meets (else L3)")
    func carriesFacts() throws {
        let s = read([fired("fp1", meets: 2), fired("fp2")]).state
        let d = Declaration.from(try #require(s.signals["fp1"]))
        #expect(d.severity == .l2)
        #expect(d.title == "LoginFailureRate")
        #expect(d.summary == "login failures 7.2 %")
        #expect(d.startedAt == T0.addingTimeInterval(-90))
        #expect(d.signal == "fp1")
        #expect(Declaration.from(try #require(s.signals["fp2"])).severity == .l3)
        let drafts = try Action.declare(d).drafts(on: nil, in: s, catalog: catalog)
        #expect(drafts.first?.data["signal"]?.stringValue == "fp1")
        #expect(drafts.first?.data["started_at"]?.stringValue == ts(-90))
        // The line it writes folds back into the link both ways.
        let stamped = Action.stamp(drafts, in: s, actor: "alice", login: "alice", at: T0.addingTimeInterval(60))
        let after = read([fired("fp1", meets: 2), fired("fp2"), stamped[0].jsonLine()]).state
        let id = try #require(stamped[0].incident)
        #expect(after.incidents[id]?.signal == "fp1")
        #expect(after.signals["fp1"]?.declaredAs == [id])
    }

    @Test("refused: a fingerprint not in the journal, and a signal an open incident was already declared from (under the lock too)")
    func refusals() throws {
        let s = read([fired("fp1", meets: 2)]).state
        var d = Declaration(severity: .l2, title: "x", signal: "nope")
        #expect(Action.refusal(of: .declare(d), in: s, catalog: catalog)?.reason == "no signal nope in the journal; check the fingerprint")
        d.signal = "fp1"
        #expect(Action.refusal(of: .declare(d), in: s, catalog: catalog) == nil)
        let drafts = try Action.declare(d).drafts(on: nil, in: s, catalog: catalog)
        let declared = read([
            fired("fp1", meets: 2), declareLine("INC-9", severity: 2, title: "Login failures", at: 5, extra: ["signal": "fp1"]),
        ]).state
        #expect(
            Action.refusal(of: .declare(d), in: declared, catalog: catalog)?.reason
                == "the alert \"LoginFailureRate\" is already declared as INC-9")
        // A second console's declaration, built before the first landed, is refused under the lock.
        #expect(throws: EventError.self) { try Action.recheck(drafts, in: declared) }
        // Once that incident is closed, the signal may be declared again.
        let closed = read([
            fired("fp1", meets: 2), declareLine("INC-9", severity: 2, title: "Login failures", at: 5, extra: ["signal": "fp1"]),
            ev("incident.phase", "INC-9", at: 6, ["phase": "closed"]),
        ]).state
        #expect(Action.refusal(of: .declare(d), in: closed, catalog: catalog) == nil)
    }

    @Test("warroom declare --from-signal: the alert's facts, what the options give over them, and the same refusals")
    func cli() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, fired("fp1", meets: 2) + "\n" + fired("fp2") + "\n")
        var r = try await warroom(["declare", "--journal", path, "--from-signal", "fp1"])
        #expect(r.status == 0, "\(r.stderr)")
        var e = try #require(read(fileLines(path)).state.orderedIncidents.last)
        #expect(e.title == "LoginFailureRate")
        #expect(e.severity == .l2)
        #expect(e.summary == "login failures 7.2 %")
        #expect(e.startedAt == T0.addingTimeInterval(-90))
        #expect(e.signal == "fp1")
        r = try await warroom(["declare", "--journal", path, "--from-signal", "fp1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("the alert \"LoginFailureRate\" is already declared as \(e.id)"), "\(r.stderr)")
        r = try await warroom(["declare", "--journal", path, "--from-signal", "nope"])
        #expect(r.stderr.contains("no signal nope in the journal; check the fingerprint"), "\(r.stderr)")
        // Options over the alert's facts; no meets and no --severity: L3.
        r = try await warroom(["declare", "--journal", path, "--from-signal", "fp2", "--title", "Logins failing in CN-East"])
        #expect(r.status == 0, "\(r.stderr)")
        e = try #require(read(fileLines(path)).state.orderedIncidents.last)
        #expect(e.title == "Logins failing in CN-East")
        #expect(e.severity == .l3)
        #expect(e.signal == "fp2")
        // Without an alert, severity and title are still required, and said so.
        r = try await warroom(["declare", "--journal", path, "--title", "x"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--severity is required"), "\(r.stderr)")
    }
}
