import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// The two journal backends, for tests that must hold on both.
enum Backend: String, CustomTestStringConvertible, Sendable {
    case file, database

    /// The file always; the database when the server binaries are installed (setup installs
    /// them; without them `DatabaseJournalTests` says so and skips).
    static var testable: [Backend] { PostgresCluster.available ? [.file, .database] : [.file] }

    var testDescription: String { rawValue }

    /// A fresh, empty journal of this backend, as `--journal` would name it.
    func newJournal(_ dir: TempDir) throws -> String {
        switch self {
        case .file: return dir.file("j-\(UUID().uuidString.prefix(8)).jsonl")
        case .database: return try PostgresCluster.uri()
        }
    }
}

/// Fixed events (fixed time and id), so two backends given the same events hold the same bytes.
func fixedDeclare(_ incident: String = "INC-1", id: String = "declare-1") -> Event {
    Event(
        .incidentDeclared, ts: T0, actor: "alice", incident: incident, id: id,
        data: ["title": .string("Payment outage"), "severity": .number(2)])
}

func fixedNote(_ text: String, id: String? = nil, at seconds: TimeInterval = 1, incident: String = "INC-1") -> Event {
    Event(
        .note, ts: T0.addingTimeInterval(seconds), actor: "alice", incident: incident, id: id ?? "note-\(text)",
        data: ["text": .string(text)])
}

/// Collects from many threads.
final class Collected<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func add(_ x: T) { lock.withLock { items.append(x) } }
    var all: [T] { lock.withLock { items } }
}

/// Waits for a descriptor to become readable: an event awaited, not a sleep (the limit only
/// stops a hang).
func waitReadable(_ fd: Int32, seconds: Int32 = 20) -> Bool {
    guard fd >= 0 else { return false }
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&p, 1, seconds * 1000) > 0
}

/// Drains a watcher until it says the journal changed (a wake-up may come in pieces).
func waitForNews(_ w: any JournalWatcher) -> Bool {
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
        if w.descriptor < 0 { return true }
        if waitReadable(w.descriptor, seconds: 1), w.drain() { return true }
    }
    return false
}

/// The journal tests that are not about files, run on both backends: whatever the CLI, the
/// console and the drill runner see of a journal goes through these protocols.
@Suite("Journal conformance, file and database")
struct JournalConformanceTests {
    @Test(arguments: Backend.testable)
    func appendThenReadRoundTrip(_ backend: Backend) throws {
        let dir = TempDir()
        let location = JournalLocation(try backend.newJournal(dir))
        let writer = location.appender()
        writer.login = "alice"
        let empty = location.source()
        try empty.refresh()
        #expect(!empty.exists)
        #expect(try writer.append { _ throws(EventError) in [] }.isEmpty)

        try writer.append([fixedDeclare()])
        let written = try writer.append([fixedNote("a"), fixedNote("b")])
        #expect(written.map(\.seq) == [2, 3])
        #expect(throws: JournalError.self) { try writer.append([fixedNote("nowhere", incident: "NOPE")]) }

        let source = location.source(keepsLog: true, verifiesChain: true)
        #expect(try source.refresh() == .appended)
        #expect(source.exists)
        #expect(source.reader.lineCount == 3)
        #expect(source.state.eventsApplied == 3)
        #expect(source.state.badLineCount == 0)
        #expect(source.reader.chain.verified == 3)
        #expect(!source.reader.chain.isBroken)
        #expect(source.reader.log.map { $0.event.data["text"]?.stringValue } == [nil, "a", "b"])
        #expect(try source.refresh() == .unchanged)

        // The writer's batch is built from the state under the lock: a check against it refuses.
        #expect(throws: JournalError.self) {
            try writer.append { (state) throws(EventError) -> [Event] in
                throw EventError("refused with \(state.eventsApplied) events")
            }
        }
        try source.refresh()
        #expect(source.reader.lineCount == 3)
    }

    /// 12 writers × 200 events at once, each append its own batch: every acknowledged event is
    /// in the journal once, `seq` runs 1…N with no gap, and the chain verifies end to end.
    @Test(arguments: Backend.testable)
    func twelveConcurrentWritersTwoHundredEventsEach(_ backend: Backend) throws {
        let dir = TempDir()
        let location = JournalLocation(try backend.newJournal(dir))
        let first = location.appender()
        first.login = "alice"
        try first.append([fixedDeclare()])
        let acknowledged = Collected<String>()
        let failures = Collected<String>()
        let group = DispatchGroup()
        for w in 0..<12 {
            group.enter()
            // Threads of their own: a writer waits on the journal's lock, and the pool would not start twelve.
            Thread {
                defer { group.leave() }
                let writer = location.appender()
                writer.login = "alice"
                for i in 0..<200 {
                    let text = "w\(w)-\(i)"
                    do {
                        try writer.append([fixedNote(text, id: text)])
                        acknowledged.add(text)
                    } catch {
                        failures.add("\(text): \(error)")
                    }
                }
            }.start()
        }
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
        #expect(acknowledged.all.count == 12 * 200)

        let source = location.source(keepsLog: true, verifiesChain: true)
        try source.refresh()
        #expect(source.reader.lineCount == 1 + 12 * 200)
        #expect(source.state.badLineCount == 0)
        #expect(source.reader.chain.verified == 1 + 12 * 200)
        #expect(!source.reader.chain.isBroken, "\(source.reader.chain.reason ?? "")")
        // Gapless: the chain checked seq == line for every line; here each line says so too.
        #expect(source.reader.log.map { $0.event.seq } == Array(1...(1 + 12 * 200)).map { Optional($0) })
        var seen: [String: Int] = [:]
        for entry in source.reader.log { if let t = entry.event.data["text"]?.stringValue { seen[t, default: 0] += 1 } }
        #expect(Set(acknowledged.all) == Set(seen.keys))
        #expect(seen.values.allSatisfy { $0 == 1 })
        // Each writer's own events kept their order.
        for w in 0..<12 {
            let mine = source.reader.log.compactMap { $0.event.data["text"]?.stringValue }.filter { $0.hasPrefix("w\(w)-") }
            #expect(mine == (0..<200).map { "w\(w)-\($0)" })
        }
    }

    /// A follower is woken through its descriptor (the console's poll) and reads what was appended.
    @Test(arguments: Backend.testable)
    func followerIsWokenAndReadsAppends(_ backend: Backend) throws {
        let dir = TempDir()
        let location = JournalLocation(try backend.newJournal(dir))
        let writer = location.appender()
        try writer.append([fixedDeclare()])
        let source = location.source(keepsLog: true)
        let watcher = location.watcher(for: source)
        try source.refresh()
        #expect(watcher.descriptor >= 0)
        try writer.append([fixedNote("one")])
        #expect(waitForNews(watcher))
        #expect(try source.refresh() == .appended)
        #expect(source.reader.lineCount == 2)
    }

    /// A line added by hand that does not continue the chain (a forged row, a forged line) is
    /// reported by `warroom check` as a broken chain at that line, on either backend.
    @Test(arguments: Backend.testable)
    func handWrittenLineBreakingTheChainIsReportedByCheck(_ backend: Backend) async throws {
        let dir = TempDir()
        let journal = try backend.newJournal(dir)
        let location = JournalLocation(journal)
        let writer = location.appender()
        writer.login = "alice"
        try writer.append([fixedDeclare(), fixedNote("a"), fixedNote("b")])
        let forged = Array(
            (#"{"v":1,"ts":"2026-11-22T08:00:09.000Z","type":"note","actor":"mallory","incident":"INC-1","seq":4,"prev":""#
                + String(repeating: "0", count: 64) + #"","data":{"text":"forged"}}"#).utf8)
        switch location {
        case .file(let path):
            let h = try #require(FileHandle(forWritingAtPath: path))
            h.seekToEndOfFile()
            h.write(Data(forged + [0x0A]))
            h.closeFile()
        case .database(let address):
            let admin = try PGConnection(address.conninfo)
            try admin.exec(
                "INSERT INTO warroom_lines (journal, seq, line) VALUES ($1, 4, $2::bytea)", [.text(address.journal), .bytes(forged)])
        }
        let source = location.source(verifiesChain: true)
        try source.refresh()
        #expect(source.reader.chain.brokenAt == 4)
        #expect(source.state.eventsApplied == 4)

        let r = try await warroom(["check", "--journal", journal], environment: cliEnvironment())
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains(":4: chain broken: prev does not match line 3"), "\(r.stdout)")
        #expect(r.stdout.contains("chain broken at line 4"), "\(r.stdout)")
    }
}

/// What only the database backend has: its address, schema, retries, reconnects, export and import.
@Suite("Database journal", .enabled(if: PostgresCluster.available, Comment(rawValue: PostgresCluster.absent)))
struct DatabaseJournalTests {
    /// The same events appended to a file journal and to a database journal: the export is the
    /// file byte for byte, with the same chain head; importing that file into an empty database
    /// journal gives the same export again; an import cut short resumes; another journal's
    /// lines are never mixed in.
    @Test func exportAndImportRoundTripKeepTheFileJournalsChainHead() throws {
        let dir = TempDir()
        let filePath = dir.file("room.jsonl")
        let fileWriter = JournalWriter(path: filePath)
        let database = try PostgresCluster.address()
        let dbWriter = DatabaseJournalWriter(database)
        fileWriter.login = "alice"
        dbWriter.login = "alice"
        let batches: [[Event]] = [[fixedDeclare()]] + (0..<10).map { b in (0..<3).map { fixedNote("n\(b)-\($0)", at: Double(b)) } }
        for batch in batches {
            try fileWriter.append(batch)
            try dbWriter.append(batch)
        }
        var exported: [UInt8] = []
        let (lines, head) = try JournalTransfer.export(database) { exported += $0 }
        #expect(lines == 31)
        #expect(exported == fileBytes(filePath))
        let fileJournal = JournalFile(path: filePath, verifiesChain: true)
        try fileJournal.refresh()
        let dbJournal = DatabaseJournal(database, verifiesChain: true)
        try dbJournal.refresh()
        #expect(fileJournal.reader.chain.head == head)
        #expect(dbJournal.reader.chain.head == head)
        #expect(dbJournal.reader.chain.verified == 31)

        let imported = try PostgresCluster.address()
        let r = try JournalTransfer.importFile(filePath, into: imported)
        #expect(r.imported == 31 && r.alreadyThere == 0 && r.head == head)
        var again: [UInt8] = []
        _ = try JournalTransfer.export(imported) { again += $0 }
        #expect(again == exported)

        // Cut short after 10 lines, then run again: it finishes, and nothing is there twice.
        let prefix = dir.file("prefix.jsonl")
        try writeFile(prefix, Array(fileLines(filePath).prefix(10).map { $0 + "\n" }.joined().utf8))
        let resumed = try PostgresCluster.address()
        #expect(try JournalTransfer.importFile(prefix, into: resumed).imported == 10)
        let finish = try JournalTransfer.importFile(filePath, into: resumed)
        #expect(finish.alreadyThere == 10 && finish.imported == 21)
        var third: [UInt8] = []
        _ = try JournalTransfer.export(resumed) { third += $0 }
        #expect(third == exported)

        // Another journal's file into this one: refused, nothing added.
        let other = dir.file("other.jsonl")
        try writeFile(other, Array((declareLine("INC-9") + "\n").utf8))
        #expect(throws: JournalError.self) { try JournalTransfer.importFile(other, into: imported) }
        let after = DatabaseJournal(imported)
        try after.refresh()
        #expect(after.reader.lineCount == 31)
    }

    /// A batch sent again (a retry after a lost connection, a script run twice) never lands
    /// twice: event ids are unique per journal.
    @Test func aBatchSentAgainIsRefusedNotDuplicated() throws {
        let address = try PostgresCluster.address()
        let writer = DatabaseJournalWriter(address)
        try writer.append([fixedDeclare()])
        try writer.append([fixedNote("once", id: "retry-1")])
        let second = DatabaseJournalWriter(address)
        #expect(throws: JournalError.self) { try second.append([fixedNote("once", id: "retry-1")]) }
        let j = DatabaseJournal(address)
        try j.refresh()
        #expect(j.reader.lineCount == 2)
        // The same id in another journal of the same database is another event.
        let elsewhere = DatabaseJournalWriter(try PostgresCluster.address())
        try elsewhere.append([fixedDeclare(), fixedNote("once", id: "retry-1")])
    }

    /// The follower's connection is cut: the socket says so, the next refresh reconnects, LISTENs
    /// again and catches up with what was committed meanwhile, and wake-ups come again.
    @Test func followerCatchesUpAfterItsConnectionIsCut() throws {
        let name = "t-" + UUID().uuidString.prefix(12).lowercased()
        let app = "wr-follower-\(name)"
        let followed = try PostgresCluster.address(journal: name, extra: "&application_name=\(app)")
        let writerAddress = try PostgresCluster.address(journal: name)
        let writer = DatabaseJournalWriter(writerAddress)
        try writer.append([fixedDeclare()])
        let location = JournalLocation.database(followed)
        let source = location.source()
        let watcher = location.watcher(for: source)
        try source.refresh()
        try writer.append([fixedNote("before")])
        #expect(waitForNews(watcher))
        try source.refresh()
        #expect(source.reader.lineCount == 2)

        let admin = try PGConnection(writerAddress.conninfo)
        let cut = try admin.exec(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [.text(app)])
        #expect(cut.count == 1)
        try writer.append([fixedNote("while-away-1")])
        try writer.append([fixedNote("while-away-2")])
        #expect(waitForNews(watcher))
        #expect(try source.refresh() == .appended)
        #expect(source.reader.lineCount == 4)
        #expect(watcher.descriptor >= 0)

        try writer.append([fixedNote("after")])
        #expect(waitForNews(watcher))
        try source.refresh()
        #expect(source.reader.lineCount == 5)
    }

    /// The connection breaks at the commit: before it reaches the server (the batch is not in,
    /// so it is sent once more), or after (the answer is lost, the batch is found by its event id
    /// and not sent again). Either way the append succeeds and the events are there once.
    @Test func aCommitWhoseAnswerIsLostIsConfirmedOrRetriedNeverDuplicated() throws {
        let address = try PostgresCluster.address()
        let admin = try PGConnection(address.conninfo)
        let writer = DatabaseJournalWriter(address)
        try writer.append([fixedDeclare()])
        var cuts = 0
        writer.faultBeforeCommit = { c in
            guard cuts == 0, let pid = try? c.exec("SELECT pg_backend_pid()::bigint").int(0, 0) else { return }
            cuts += 1
            _ = try? admin.exec("SELECT pg_terminate_backend($1::int)", [.text(String(pid))])
        }
        let first = try writer.append([fixedNote("cut before commit", id: "cut-1")])
        #expect(cuts == 1 && first.count == 1)
        writer.faultBeforeCommit = nil
        var losses = 0
        writer.answerLostAfterCommit = { _ in
            losses += 1
            return losses == 1
        }
        let second = try writer.append([fixedNote("answer lost", id: "cut-2")])
        #expect(losses == 1 && second.count == 1)
        let j = DatabaseJournal(address, keepsLog: true, verifiesChain: true)
        try j.refresh()
        #expect(j.reader.log.compactMap { $0.event.id } == ["declare-1", "cut-1", "cut-2"])
        #expect(j.reader.chain.verified == 3)
    }

    /// The database goes away under a follower: its refresh says "reconnecting" with the reason,
    /// and keeps the state it had; a refresh is all it takes once the database is back.
    @Test func aFollowerWhoseDatabaseIsGoneSaysItIsReconnecting() throws {
        let base = try PostgresCluster.address()
        let admin = try PGConnection(base.conninfo)
        let db = "wr_gone_" + UUID().uuidString.prefix(8).lowercased()
        try admin.exec("CREATE DATABASE \(db)")
        let address = DatabaseAddress(conninfo: base.conninfo.replacingOccurrences(of: "/postgres?", with: "/\(db)?"), journal: "main")
        _ = try DatabaseSchema.initialize(address)
        try DatabaseJournalWriter(address).append([fixedDeclare()])
        let source = DatabaseJournal(address)
        try source.refresh()
        try admin.exec("DROP DATABASE \(db) WITH (FORCE)")
        var said = ""
        do {
            try source.refresh()
        } catch {
            said = error.message
        }
        #expect(said.hasPrefix("reconnecting: ") || said.hasPrefix("lost the connection"), "\(said)")
        do {
            try source.refresh()
        } catch {
            said = error.message
        }
        #expect(said.hasPrefix("reconnecting: ") && said.contains(db), "\(said)")
        #expect(source.reader.lineCount == 1)
    }

    /// A writer that dies inside its transaction (its connection closes) leaves nothing: the
    /// server rolls the transaction back and frees the journal's lock, and the next writer takes
    /// the same `seq` and chains from the last committed line.
    @Test func aWriterKilledMidTransactionLeavesNothingAndReleasesTheLock() throws {
        let address = try PostgresCluster.address()
        let writer = DatabaseJournalWriter(address)
        writer.login = "alice"
        try writer.append([fixedDeclare()])
        var dying: PGConnection? = try PGConnection(address.conninfo)
        try dying?.exec("BEGIN")
        try dying?.exec(DatabaseSchema.lockSQL, [.text(address.journal)])
        try dying?.exec(
            "INSERT INTO warroom_lines (journal, seq, event_id, line) VALUES ($1, 2, 'half', $2::bytea)",
            [.text(address.journal), .bytes(Array("half a batch".utf8))])
        let landed = Collected<String>()
        let done = DispatchSemaphore(value: 0)
        Thread {
            do {
                try DatabaseJournalWriter(address).append([fixedNote("after the crash")])
                landed.add("ok")
            } catch {
                landed.add("\(error)")
            }
            done.signal()
        }.start()
        // The other writer waits on the lock while the dying one holds it.
        #expect(done.wait(timeout: .now() + 1) == .timedOut)
        dying = nil
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(landed.all == ["ok"])
        let j = DatabaseJournal(address, keepsLog: true, verifiesChain: true)
        try j.refresh()
        #expect(j.reader.lineCount == 2)
        #expect(j.reader.chain.verified == 2 && !j.reader.chain.isBroken)
        #expect(j.reader.log.last?.event.data["text"]?.stringValue == "after the crash")
        _ = dying
    }

    /// A role that may only read gets a read-only console and a plain refusal from writers.
    @Test func aReadOnlyRoleIsToldItMayNotAppend() async throws {
        let address = try PostgresCluster.address()
        try DatabaseJournalWriter(address).append([fixedDeclare()])
        let admin = try PGConnection(address.conninfo)
        try admin.exec(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wr_reader') THEN CREATE ROLE wr_reader LOGIN; END IF; END $$"
        )
        try admin.exec("GRANT SELECT ON warroom_meta, warroom_lines TO wr_reader")
        let reader = DatabaseAddress(
            conninfo: address.conninfo.replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://wr_reader@"),
            journal: address.journal)
        #expect(DatabaseJournal.readOnlyReason(address) == nil)
        let why = try #require(DatabaseJournal.readOnlyReason(reader))
        #expect(why.contains("wr_reader") && why.contains("may read"))
        let source = DatabaseJournal(reader)
        try source.refresh()
        #expect(source.reader.lineCount == 1)
        #expect(throws: JournalError.self) { try DatabaseJournalWriter(reader).append([fixedNote("no")]) }
    }

    /// A row edited by hand before the last one read: a following console notices (by a hash the
    /// database computes), reads the journal again, and the chain shows where, as for a file edited in place.
    @Test func aFollowerNoticesARowEditedBeforeItsReadPosition() throws {
        let address = try PostgresCluster.address()
        let writer = DatabaseJournalWriter(address)
        writer.login = "alice"
        try writer.append([fixedDeclare(), fixedNote("a"), fixedNote("b")])
        let location = JournalLocation.database(address)
        let source = try #require(location.source(keepsLog: true, verifiesChain: true) as? DatabaseJournal)
        _ = location.watcher(for: source)
        source.prefixCheckInterval = 0
        try source.refresh()
        #expect(try source.refresh() == .unchanged)
        let admin = try PGConnection(address.conninfo)
        try admin.exec(
            "UPDATE warroom_lines SET line = convert_to(replace(convert_from(line, 'UTF8'), '\"a\"', '\"A\"'), 'UTF8') WHERE journal = $1 AND seq = 2",
            [.text(address.journal)])
        guard case .reloaded(let why) = try source.refresh() else {
            Issue.record("the edit was not noticed")
            return
        }
        #expect(why.contains("edited in the database"))
        #expect(source.reader.chain.brokenAt == 3)
        #expect(source.reader.log.map { $0.event.data["text"]?.stringValue } == [nil, "A", "b"])
    }

    /// The URI's journal=NAME names the journal and is not passed to libpq; the rest is libpq's.
    @Test func addressTakesTheJournalNameOutOfTheURI() throws {
        let a = try #require(
            DatabaseAddress("postgresql://ops:s3cret@db1,db2/warroom?target_session_attrs=read-write&journal=room-7&sslmode=require"))
        #expect(a.conninfo == "postgresql://ops:s3cret@db1,db2/warroom?target_session_attrs=read-write&sslmode=require")
        #expect(a.journal == "room-7")
        #expect(!a.display.contains("s3cret"))
        #expect(a.display.contains("journal=room-7"))
        #expect(DatabaseAddress("postgres://db/warroom")?.journal == "main")
        #expect(DatabaseAddress("postgres://db/warroom")?.conninfo == "postgres://db/warroom")
        #expect(
            DatabaseAddress("postgresql:///warroom?password=hunter2&journal=x")?.display == "postgresql:///warroom?password=***&journal=x")
        #expect(DatabaseJournal.withConnectTimeout("postgresql:///w").hasSuffix("?connect_timeout=10"))
        #expect(DatabaseJournal.withConnectTimeout("postgresql:///w?connect_timeout=3") == "postgresql:///w?connect_timeout=3")
        #expect(JournalLocation("rooms/warroom.jsonl") == .file(path: "rooms/warroom.jsonl"))
        #expect(JournalLocation("postgresql:///warroom").isDatabase)
    }

    /// The command line on a database journal: db init (twice), declare, note, status, export,
    /// and check --head giving the export and the database the same head.
    @Test func commandLineOnADatabaseJournal() async throws {
        let dir = TempDir()
        let uri = try PostgresCluster.uri()
        let env = cliEnvironment(["WARROOM_JOURNAL": uri])
        for _ in 0..<2 {
            let r = try await warroom(["db", "init"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let d = try await warroom(["declare", "--severity", "2", "--title", "Payment outage"], environment: env)
        #expect(d.status == 0, "\(d.stderr)")
        let n = try await warroom(["note", "gateway pay-gw-2 suspected"], environment: env)
        #expect(n.status == 0, "\(n.stderr)")
        let s = try await warroom(["status"], environment: env)
        #expect(s.stdout.contains("Payment outage") && s.stdout.contains("2 events"), "\(s.stdout)\(s.stderr)")
        let e = try await warroom(["export"], environment: env)
        #expect(e.status == 0, "\(e.stderr)")
        let exported = dir.file("export.jsonl")
        try writeFile(exported, e.stdoutBytes)
        let dbHead = try await warroom(["check", "--head"], environment: env)
        let fileHead = try await warroom(["check", "--head", "--journal", exported], environment: cliEnvironment())
        #expect(dbHead.status == 0 && fileHead.status == 0, "\(dbHead.stdout)\(fileHead.stdout)")
        let headLine = { (r: ProcessResult) in r.stdout.split(separator: "\n").first { $0.hasPrefix("head: ") } }
        #expect(headLine(dbHead) != nil && headLine(dbHead) == headLine(fileHead))
        // A file given where a database is needed is said plainly.
        let wrong = try await warroom(["export", "--journal", dir.file("x.jsonl")], environment: cliEnvironment())
        #expect(wrong.status != 0 && wrong.stderr.contains("works on a database journal"), "\(wrong.stderr)")
    }

    /// The database commands and their refusals in Chinese (issue 15), and in English as they were:
    /// a database without warroom's tables, db init (new, then again), import, export, a file
    /// where a database is needed, and a lost connection's words.
    @Test func databaseCommandsSpeakChinese() async throws {
        let dir = TempDir()
        let admin = try PGConnection(try PostgresCluster.address().conninfo)
        let db = "wr_zh_" + UUID().uuidString.prefix(8).lowercased()
        try admin.exec("CREATE DATABASE \(db)")
        defer { _ = try? admin.exec("DROP DATABASE \(db) WITH (FORCE)") }
        let uri = try PostgresCluster.uri().replacingOccurrences(of: "/postgres?", with: "/\(db)?")
        let zh = cliEnvironment(["WARROOM_JOURNAL": uri, "WARROOM_LANG": "zh"])
        let en = cliEnvironment(["WARROOM_JOURNAL": uri])

        let noTables = try await warroom(["status"], environment: zh)
        #expect(noTables.status != 0 && noTables.stderr.contains("中没有 warroom 的表；请用 `warroom db init --journal "), "\(noTables.stderr)")
        let noTablesEnglish = try await warroom(["status"], environment: en)
        #expect(noTablesEnglish.stderr.contains("has no warroom tables; create them with `warroom db init --journal "))

        let created = try await warroom(["db", "init"], environment: zh)
        #expect(created.status == 0 && created.stdout.hasSuffix("：warroom 的表已就绪（表结构版本 1）\n"), "\(created.stdout)\(created.stderr)")
        let again = try await warroom(["db", "init"], environment: zh)
        #expect(again.stdout.hasSuffix("：warroom 的表已是表结构版本 1\n"), "\(again.stdout)\(again.stderr)")
        let againEnglish = try await warroom(["db", "init"], environment: en)
        #expect(againEnglish.stdout.hasSuffix(": warroom tables already at schema version 1\n"), "\(againEnglish.stdout)")

        let file = dir.file("room.jsonl")
        let declared = try await warroom(
            ["declare", "--severity", "2", "--title", "支付失败", "--journal", file], environment: cliEnvironment())
        #expect(declared.status == 0, "\(declared.stderr)")
        let imported = try await warroom(["import", file], environment: zh)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("已将 \(file) 中的 1 行导入 ") && imported.stdout.contains("；链头 sha256 "), "\(imported.stdout)")
        let exported = try await warroom(["export"], environment: zh)
        #expect(
            exported.status == 0 && exported.stderr.hasPrefix("已从 ") && exported.stderr.contains(" 导出 1 行；链头 sha256 "), "\(exported.stderr)"
        )
        let exportedEnglish = try await warroom(["export"], environment: en)
        #expect(exportedEnglish.stderr.hasPrefix("exported 1 lines from ") && exportedEnglish.stderr.contains("; head sha256 "))
        #expect(exported.stdout == exportedEnglish.stdout)

        let wrong = try await warroom(["export", "--journal", file], environment: cliEnvironment(["WARROOM_LANG": "zh"]))
        #expect(wrong.status != 0 && wrong.stderr.contains("warroom export 只用于数据库日志"), "\(wrong.stderr)")

        let address = try #require(DatabaseAddress(uri))
        let lost = PGConnection.Failure(message: "server closed the connection unexpectedly", sqlState: nil, connectionLost: true)
        #expect(
            inLanguage(.chinese) { DatabaseJournal.error(lost, address, doing: "read").message }
                == "与 \(address.display) 的连接已断开（server closed the connection unexpectedly）；下次尝试时将重新连接")
        #expect(
            inLanguage(.english) { DatabaseJournal.error(lost, address, doing: "read").message }
                == "lost the connection to \(address.display) (server closed the connection unexpectedly); reconnecting on the next try")
    }
}
