import Foundation
import Testing
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// The console's shape seen from outside: appends run off the drawing thread,
/// and `warroom render` opens a journal as the console does.
@Suite("Console live while writing", .serialized)
struct ConsoleLiveE2ETests {
    @Test("a write waiting on a held lock leaves the screen live and the prompt's text kept; it lands when the lock is let go")
    func heldLockLeavesScreenLive() async throws {
        let t = try TmuxSession(waitTimeout: .seconds(15))
        defer { t.killServer() }
        let r = try await run(t.bin, ["declare", "--journal", t.journal, "--severity", "2", "--title", "Held lock drill"])
        #expect(r.status == 0, "\(r.stderr)")
        try await t.start(command: t.consoleCommand)
        try await t.waitFor("Held lock drill")
        // The console says its person is here first; that write must not be the one held up.
        try await t.waitForEvent("the console's presence") { $0.kind == .memberStatus }
        try await t.keys("n")
        try await t.waitFor("observation:")
        try await t.literal("written while locked")

        // Hold the journal's lock as another writer would (flock on the file, as JournalWriter takes it).
        let fd = open(t.journal, O_RDONLY)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)
        var held = true
        defer { if held { flock(fd, LOCK_UN) }; close(fd) }
        try await t.keys("Enter")
        // While the write waits: keys are taken and drawn (Tab changes the note's kind, text kept),
        // and a second Enter is answered at once rather than written twice.
        try await t.keys("Tab")
        try await t.waitFor("decision:") { $0.contains("decision: written while locked") }
        try await t.keys("Enter")
        try await t.waitFor("still writing the last change")
        let screen = try await t.capture()
        #expect(screen.contains("written while locked"), "the prompt lost its text:\n\(screen)")
        #expect(!t.events().contains { $0.kind == .note }, "the note was written through a held lock")

        flock(fd, LOCK_UN)
        held = false
        let note = try await t.waitForEvent("the note, once the lock is let go") { $0.kind == .note }
        #expect(note?.string("text") == "written while locked")
        #expect(t.events().filter { $0.kind == .note }.count == 1)
        // Acknowledged: the prompt closes and the timeline shows the note.
        try await t.waitFor("the note on the timeline") { !$0.contains("decision:") && $0.contains("written while locked") }
        try await t.keys("q")
    }

    @Test("render opens a read-only journal as the console does: the READ-ONLY banner is drawn")
    func renderReadOnlyBanner() async throws {
        let dir = ScratchDir("render-ro")
        let journal = dir.file("j.jsonl")
        let r = try await run(try requireBinary(), ["declare", "--journal", journal, "--severity", "2", "--title", "Look only"])
        #expect(r.status == 0, "\(r.stderr)")
        var command = [try requireBinary(), "render", "--journal", journal, "--size", "120x30"]
        if geteuid() == 0 {
            // Root may write anything: render as nobody (the file stays root's, mode 0644).
            guard let sp = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                Issue.record("running as root without setpriv: cannot check read-only behaviour")
                return
            }
            command = [sp, "--reuid=65534", "--regid=65534", "--clear-groups"] + command
            chmod(journal, 0o644)
        } else {
            chmod(journal, 0o444)
        }
        let out = try await run(command[0], Array(command.dropFirst()))
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.text.contains("READ-ONLY: you may read \(journal) but not write it"), "\(out.text)")
        #expect(out.text.contains("read-only"), "the header's indicator: \(out.text)")
    }
}
