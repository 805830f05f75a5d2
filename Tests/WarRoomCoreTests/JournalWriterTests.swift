import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Journal writer")
struct JournalWriterTests {
    func note(_ text: String, _ incident: String = "INC-1", at s: TimeInterval = 1) -> Event {
        Event(.note, ts: T0.addingTimeInterval(s), actor: "alice", incident: incident, id: "n-\(s)", data: ["text": .string(text)])
    }

    func declare(_ id: String = "INC-1", severity: Int = 2) -> Event {
        Event(
            .incidentDeclared, ts: T0, actor: "alice", incident: id, id: "d-\(id)",
            data: ["title": "Outage", "severity": .number(Double(severity))])
    }

    @Test func appendsWellFormedLines() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let w = JournalWriter(path: path)
        // The events' actor is the writer's login, so no "login" is added to them.
        w.login = "alice"
        let written = try w.append([declare(), note("first")])
        #expect(written.count == 2)
        try w.append([note("second", at: 2)])
        let lines = fileLines(path)
        try #require(lines.count == 3)
        #expect(fileBytes(path).last == 0x0A)
        for line in lines {
            #expect((try? LineDecoder.decode(line).get()) != nil, "\(line)")
        }
        var decoded = try LineDecoder.decode(lines[1]).get()
        #expect(decoded.seq == 2)
        decoded.seq = nil
        decoded.prev = nil
        #expect(decoded == note("first"))
        let r = JournalReader.read(fileBytes(path))
        #expect(r.state.eventsApplied == 3)
        #expect(r.state.badLines.isEmpty)
        #expect(w.state.eventsApplied == 2)  // as of the last append's refresh, before its own events
    }

    @Test func linesAreChainedToTheLineBefore() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        // A hand-written start (no chain), a blank line, then warroom appends.
        try writeFile(path, journalBytes([declareLine(), ""]))
        let w = JournalWriter(path: path)
        try w.append([note("a", at: 1), note("b", at: 2)])
        try w.append([note("c", at: 3)])
        let lines = fileLines(path)
        try #require(lines.count == 5)
        for k in 2..<5 {
            let e = try LineDecoder.decode(lines[k]).get()
            #expect(e.seq == k + 1)
            #expect(e.prev == Chain.hash(Array(lines[k - 1].utf8)))
        }
        var r = JournalReader(verifiesChain: true)
        r.feed(fileBytes(path))
        #expect(!r.chain.isBroken)
        #expect(r.chain.verified == 3)
        #expect(r.chain.unchained == 1)
        #expect(r.chain.head == Chain.hash(Array(lines[4].utf8)))

        // Editing an earlier line breaks the chain at the next chained line.
        var edited = lines
        edited[2] = edited[2].replacingOccurrences(of: "\"a\"", with: "\"A\"")
        var t = JournalReader(verifiesChain: true)
        t.feed(journalBytes(edited))
        #expect(t.chain.brokenAt == 4)
        #expect(t.state.badLines.isEmpty)
    }

    @Test func newJournalIsCreatedWithMode0660() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("fresh.jsonl")
        try JournalWriter(path: path).append([declare()])
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o660)
        #expect(st.st_mode & S_IFMT == S_IFREG)
    }

    @Test func existingJournalKeepsItsMode() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        #expect(chmod(path, 0o640) == 0)
        try JournalWriter(path: path).append([note("x")])
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o640)
    }

    @Test func tornTailIsSealedByTheNextAppend() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let head = journalBytes([declareLine()])
        let fragment = Array(#"{"v":1,"ts":"2026-11-22T08:00:01Z","type":"note","actor":"bo"#.utf8)
        try writeFile(path, head + fragment)
        #expect(JournalReader.read(fileBytes(path)).pendingBytes == fragment.count)

        try JournalWriter(path: path).append([note("after the crash", at: 5)])
        let bytes = fileBytes(path)
        #expect(Array(bytes[0..<head.count + fragment.count + 1]) == head + fragment + [0x0A])
        let r = JournalReader.read(bytes)
        #expect(r.pendingBytes == 0)
        #expect(r.state.badLines.count == 1)
        #expect(r.state.badLines.first?.line == 2)
        #expect(r.state.badLines.first?.offset == head.count)
        #expect(r.state.badLines.first?.reason.contains("not valid JSON") == true)
        #expect(r.state.eventsApplied == 2)
        #expect(r.state.incidents["INC-1"]?.timeline.last?.event.string("text") == "after the crash")
        #expect(r.lineCount == 3)
    }

    @Test func pendingGoodEventIsAppliedOnceSealed() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]) + Array(noteLine("was pending", at: 1).utf8))
        try JournalWriter(path: path).append([note("next", at: 2)])
        let r = JournalReader.read(fileBytes(path))
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.incidents["INC-1"]?.timeline.compactMap { $0.event.string("text") } == ["was pending", "next"])
    }

    @Test func overlongLineIsRefusedAndTheFileIsUnchanged() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let before = fileBytes(path)
        let w = JournalWriter(path: path)
        let e = #expect(throws: JournalError.self) {
            try w.append([note("short"), note(String(repeating: "x", count: 65 * 1024), at: 2)])
        }
        #expect(e?.kind == .tooLong)
        #expect(e?.message.contains("64 KiB") == true)
        #expect(e?.message.contains("event 2") == true)
        #expect(fileBytes(path) == before)
    }

    @Test func batchWithOneBadEventWritesNothing() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let before = fileBytes(path)
        let w = JournalWriter(path: path)
        let e = #expect(throws: JournalError.self) {
            try w.append([note("fine"), note("lost", "INC-404", at: 2)])
        }
        #expect(e?.kind == .invalid)
        #expect(e?.message.contains("INC-404 was never declared") == true)
        #expect(fileBytes(path) == before)

        let bad = Event(.incidentSeverity, ts: T0, actor: "a", incident: "INC-1", data: ["severity": 9])
        let e2 = #expect(throws: JournalError.self) { try w.append([bad]) }
        #expect(e2?.kind == .invalid)
        #expect(e2?.message.contains("severity must be 1, 2 or 3") == true)
        #expect(fileBytes(path) == before)
    }

    @Test func eventsAreBuiltFromTheStateUnderTheLock() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let day = T0.addingTimeInterval(3600)
        for expected in ["INC-20261122-01", "INC-20261122-02"] {
            let w = JournalWriter(path: path)
            let events = try w.append { (state) throws(EventError) -> [Event] in
                let id = Identity.nextIncidentID(in: state, at: day)
                return [Event(.incidentDeclared, ts: day, actor: "a", incident: id, data: ["title": "t", "severity": 3])]
            }
            #expect(events.first?.incident == expected)
        }
        let w = JournalWriter(path: path)
        let e = #expect(throws: JournalError.self) {
            try w.append { (_) throws(EventError) -> [Event] in throw EventError("refused by the builder") }
        }
        #expect(e?.kind == .invalid)
        #expect(e?.message == "refused by the builder")
        #expect(JournalReader.read(fileBytes(path)).state.incidentOrder == ["INC-20261122-01", "INC-20261122-02"])
    }

    @Test func pathUnderARegularFileFailsNamingThePath() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let file = dir.file("file.jsonl")
        try writeFile(file, "not a directory\n")
        let path = file + "/journal.jsonl"
        let e = #expect(throws: JournalError.self) { try JournalWriter(path: path).append([declare()]) }
        #expect(e?.errno == ENOTDIR)
        #expect(e?.kind == .open)
        #expect(e?.path == path)
        #expect(e?.message.contains(path) == true)
        #expect(e?.message.contains("Not a directory") == true)
        #expect(fileText(file) == "not a directory\n")
    }

    @Test(.enabled(if: !runningAsRoot, "root may write a read-only file"))
    func readOnlyJournalFailsWithAClearMessage() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("ro.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        #expect(chmod(path, 0o444) == 0)
        let before = fileBytes(path)
        let e = #expect(throws: JournalError.self) { try JournalWriter(path: path).append([note("x")]) }
        #expect(e?.errno == EACCES)
        #expect(e?.message.contains(path) == true)
        #expect(e?.message.contains("permissions") == true)
        #expect(fileBytes(path) == before)
    }

    @Test func lockHeldTooLongNamesTheHolder() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let w = JournalWriter(path: path)
        w.lockTimeout = 0.2
        let e = #expect(throws: JournalError.self) { try w.append([note("blocked")]) }
        #expect(e?.kind == .lockTimeout)
        #expect(e?.message.contains(path) == true)
        #expect(e?.message.contains("by process \(getpid())") == true)
        flock(fd, LOCK_UN)
        try w.append([note("now it works")])
        #expect(JournalReader.read(fileBytes(path)).state.eventsApplied == 2)
    }

    @Test func bulkAppendWithoutSyncThenSync() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let w = JournalWriter(path: path)
        w.syncEachAppend = false
        try w.append([declare()])
        for i in 0..<20 { try w.append([note("n\(i)", at: Double(i))]) }
        try w.sync()
        #expect(JournalReader.read(fileBytes(path)).state.eventsApplied == 21)
    }

    // MARK: File-size limit (RLIMIT_FSIZE), in a child process

    /// Runs `warroom ARGS` under `ulimit -f BLOCKS` in /bin/sh (512-byte blocks in POSIX sh).
    func underFileSizeLimit(blocks: Int, _ args: [String]) async throws -> ProcessResult {
        guard let bin = warroomBinary else { throw TestSupportError.noBinary }
        let script = "ulimit -f \(blocks) && exec " + ([bin] + args).map(shellQuote).joined(separator: " ")
        return try await runProcess("/bin/sh", ["-c", script], environment: cliEnvironment())
    }

    /// The byte limit `ulimit -f BLOCKS` sets in /bin/sh, read back from /proc.
    func byteLimit(blocks: Int) async throws -> Int {
        let r = try await runProcess("/bin/sh", ["-c", "ulimit -f \(blocks) && exec cat /proc/self/limits"])
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("Max file size") })
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        try #require(fields.count > 3)
        return try #require(Int(fields[3]))
    }

    @Test func appendPastTheFileSizeLimitFailsAndLeavesTheJournalAlone() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("big.jsonl")
        let limit = try await byteLimit(blocks: 1)
        var lines = [declareLine()]
        while journalBytes(lines).count <= limit * 2 { lines.append(noteLine("filler \(lines.count)", at: Double(lines.count))) }
        try writeFile(path, journalBytes(lines))
        let before = fileBytes(path)
        #expect(before.count > limit)

        let r = try await underFileSizeLimit(blocks: 1, ["note", "--journal", path, "one more"])
        #expect(r.status != 0)
        #expect(!r.signaled, "warroom was killed by SIGXFSZ instead of reporting EFBIG")
        #expect(r.stderr.contains(path))
        #expect(r.stderr.contains("File too large"))
        #expect(r.stderr.contains("ulimit -f"))
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(fileBytes(path) == before)
    }

    @Test func shortWriteAtTheFileSizeLimitIsTakenBack() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("small.jsonl")
        let limit = try await byteLimit(blocks: 1)
        try writeFile(path, journalBytes([declareLine()]))
        let before = fileBytes(path)
        #expect(before.count < limit)
        // The new line crosses the limit: write(2) writes part of it, then warroom must truncate.
        let text = String(repeating: "y", count: limit)
        let r = try await underFileSizeLimit(blocks: 1, ["note", "--journal", path, text])
        #expect(r.status != 0)
        #expect(!r.signaled)
        #expect(r.stderr.contains(path))
        #expect(r.stderr.contains("File too large"))
        #expect(fileBytes(path) == before)
        #expect(JournalReader.read(fileBytes(path)).state.badLines.isEmpty)
    }
}

@Suite("Incident ids")
struct IncidentIDTests {
    func state(_ ids: [String]) -> JournalState {
        read(ids.map { declareLine($0) }).state
    }

    @Test func numbersFollowTheHighestForTheDay() {
        let day = T0
        #expect(Identity.nextIncidentID(in: JournalState(), at: day) == "INC-20261122-01")
        #expect(Identity.nextIncidentID(in: state(["INC-20261122-01"]), at: day) == "INC-20261122-02")
        #expect(Identity.nextIncidentID(in: state(["INC-20261122-07", "INC-20261122-03"]), at: day) == "INC-20261122-08")
        #expect(Identity.nextIncidentID(in: state(["INC-20261122-09"]), at: day) == "INC-20261122-10")
        #expect(Identity.nextIncidentID(in: state(["INC-20261122-99"]), at: day) == "INC-20261122-100")
    }

    @Test func otherDaysAndOtherIdsDoNotCount() {
        let s = state(["INC-20261121-05", "INC-20261122-x", "payments-1", "INC-20261122-02"])
        #expect(Identity.nextIncidentID(in: s, at: T0) == "INC-20261122-03")
        #expect(Identity.nextIncidentID(in: s, at: T0.addingTimeInterval(-86400)) == "INC-20261121-06")
    }

    @Test func theDayIsTheUTCDate() {
        // 23:30 on the 22nd in UTC is already the 23rd in UTC+8, but ids use UTC.
        let late = RFC3339.parse("2026-11-23T07:30:00+08:00")!
        #expect(Identity.nextIncidentID(in: JournalState(), at: late) == "INC-20261122-01")
    }

    @Test func incidentIDRules() {
        #expect((try? EventSchema.validateIncidentID("INC-20261122-01")) != nil)
        #expect((try? EventSchema.validateIncidentID("事故-1")) != nil)
        #expect((try? EventSchema.validateIncidentID(String(repeating: "a", count: 64))) != nil)
        #expect((try? EventSchema.validateIncidentID(String(repeating: "a", count: 65))) == nil)
        #expect((try? EventSchema.validateIncidentID("")) == nil)
        #expect((try? EventSchema.validateIncidentID("a b")) == nil)
        #expect((try? EventSchema.validateIncidentID("a\tb")) == nil)
        #expect((try? EventSchema.validateIncidentID("a\u{7F}b")) == nil)
        #expect((try? EventSchema.validateIncidentID("a\u{3000}b")) == nil)
    }
}
