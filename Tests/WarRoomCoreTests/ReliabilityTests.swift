// The reliability and security suite: concurrent writers, crashes, a stuck
// lock holder, a failing disk, tamper evidence and the shared jump host.
// Hostile input to the reader is in ReliabilityFuzzTests.swift; the console
// under tmux (terminal injection, hang-ups, a full disk, read-only) in
// Tests/WarRoomUITests/ReliabilityE2ETests.swift. docs/reliability.md says
// what each test proves; scripts/soak.sh runs them with bigger counts.
import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Reliability: concurrent writers and crashes")
struct ReliabilityWriterTests {
    // MARK: 1. Concurrent writers

    @Test("8 library writers, 4 CLI loops and 2 followers at once: every event exactly once, chain verified, followers agree")
    func concurrentWriters() async throws {
        let bins = try relBinaries()
        let dir = TempDir("concurrent")
        let j = dir.file("j.jsonl")
        let libWriters = 8
        let libCount = relSoak ? 1_000 : 150
        let cliLoops = 4
        let cliCalls = relSoak ? 60 : 10
        let linesPerAppend = 4

        let d = try await relRun(bins.warroom, ["declare", "--journal", j, "--severity", "2", "--title", "Concurrency", "--id", "INC-1"])
        try #require(d.status == 0, "declare failed: \(d.stderr)")

        // The texts every writer will add; loops 0 and 1 use `note`, 2 and 3 `append` with several lines per call.
        var expected: [String] = []
        for w in 0..<libWriters { for i in 0..<libCount { expected.append("L\(w)-\(i)") } }
        for l in 0..<cliLoops {
            for c in 0..<cliCalls {
                if l < 2 {
                    expected.append("N\(l)-\(c)")
                } else {
                    for k in 0..<linesPerAppend { expected.append("A\(l)-\(c)-\(k)") }
                }
            }
        }
        let total = 1 + expected.count

        let followers = try (0..<2).map { k in
            try RelChild(bins.torture, ["follow", j, "\(total)"], outPath: dir.file("follow\(k).out"), errPath: dir.file("follow\(k).err"))
        }
        let started = Date()
        let libs = try (0..<libWriters).map { w in
            try RelChild(
                bins.torture, ["append", j, "\(libCount)", "L\(w)", "INC-1"], outPath: dir.file("lib\(w).out"),
                errPath: dir.file("lib\(w).err"))
        }
        let failures = await withTaskGroup(of: [String].self) { group in
            for l in 0..<cliLoops {
                group.addTask {
                    var problems: [String] = []
                    for c in 0..<cliCalls {
                        do {
                            let r: RelResult
                            if l < 2 {
                                r = try await relRun(
                                    bins.warroom, ["note", "--journal", j, "--incident", "INC-1", "--as", "cli-\(l)", "N\(l)-\(c)"])
                            } else {
                                let input =
                                    (0..<linesPerAppend).map { k in
                                        #"{"type":"note","actor":"cli-\#(l)","data":{"text":"A\#(l)-\#(c)-\#(k)"}}"#
                                    }.joined(separator: "\n") + "\n"
                                r = try await relRun(bins.warroom, ["append", "--journal", j, "--incident", "INC-1"], stdin: input)
                            }
                            if r.status != 0 { problems.append("loop \(l) call \(c): exit \(r.status): \(r.stderr)") }
                        } catch {
                            problems.append("loop \(l) call \(c): \(error)")
                        }
                    }
                    return problems
                }
            }
            var all: [String] = []
            for await p in group { all += p }
            return all
        }
        #expect(failures.isEmpty, "CLI appends failed: \(failures.prefix(5))")
        for (w, lib) in libs.enumerated() {
            let ended = await lib.wait(timeout: .seconds(600))
            #expect(ended && lib.exitCode == 0, "library writer \(w) failed: \(lib.stderr)")
        }
        let seconds = Date().timeIntervalSince(started)

        // Every line is well formed, carries its line number, and every event is there exactly once.
        let lines = relLines(j)
        #expect(lines.count == total, "expected \(total) lines, found \(lines.count)")
        var seen: [String: Int] = [:]
        var lastIndex: [String: Int] = [:]
        var outOfOrder = 0
        for (n, line) in lines.enumerated() {
            switch LineDecoder.decode(line) {
            case .failure(let e):
                Issue.record("line \(n + 1) is not well formed: \(e.reason): \(String(decoding: line.prefix(200), as: UTF8.self))")
            case .success(let e):
                #expect(e.seq == n + 1, "line \(n + 1) carries seq \(e.seq.map(String.init) ?? "none")")
                #expect(e.prev != nil, "line \(n + 1) carries no prev")
                guard let text = e.string("text") else { continue }
                seen[text, default: 0] += 1
                // Each writer's own events stay in the order it appended them.
                let parts = text.split(separator: "-")
                if parts.count == 2, parts[0].hasPrefix("L"), let i = Int(parts[1]) {
                    if let last = lastIndex[String(parts[0])], last >= i { outOfOrder += 1 }
                    lastIndex[String(parts[0])] = i
                }
            }
        }
        let missing = expected.filter { seen[$0] == nil }
        let doubled = seen.filter { $0.value > 1 }.map(\.key)
        #expect(missing.isEmpty, "\(missing.count) events missing, e.g. \(missing.prefix(5))")
        #expect(doubled.isEmpty, "\(doubled.count) events written twice, e.g. \(doubled.prefix(5))")
        #expect(seen.count == expected.count)
        #expect(outOfOrder == 0, "\(outOfOrder) library events out of their writer's order")

        let check = try await relRun(bins.warroom, ["check", "--journal", j])
        #expect(check.status == 0, "check failed:\n\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("0 bad lines"))
        #expect(check.stdout.contains("chain verified (\(total) chained lines)"), "\(check.stdout)")

        // Both followers saw the journal build up live and end with the same state as a fresh fold.
        let fresh = try JournalFile.load(path: j)
        #expect(fresh.state.eventsApplied == total)
        let want = relDigest(fresh.state)
        for (k, f) in followers.enumerated() {
            let ended = await f.wait(timeout: .seconds(180))
            #expect(ended && f.exitCode == 0, "follower \(k) failed: \(f.stderr)")
            guard let report = RelFollowReport(f.stdout) else {
                Issue.record("follower \(k) printed no report: \(f.stdout) \(f.stderr)")
                continue
            }
            #expect(report.bad == 0, "follower \(k): \(f.stdout)")
            if report.events == total {
                #expect(report.texts == want.texts, "follower \(k): \(f.stdout)")
                #expect(report.digest == want.digest, "follower \(k) digest differs from a fresh fold: \(f.stdout)")
            } else {
                // wr-torture follow gives up after 120 s; what it saw must still be a prefix of the file.
                Issue.record("follower \(k) stopped at \(report.events) of \(total) events (its 120 s limit, or events missing)")
                #expect(
                    report.digest == relDigest(relPrefixState(j, events: report.events).state).digest,
                    "follower \(k) differs from a fold of the same prefix")
            }
        }
        let followersAgree = followers.allSatisfy { RelFollowReport($0.stdout)?.digest == want.digest }
        relFigure(
            "concurrent writers: \(libWriters) library processes x \(libCount) + \(cliLoops) CLI loops x \(cliCalls) calls (2 note, 2 append x \(linesPerAppend) lines) + 2 followers in \(String(format: "%.1f", seconds)) s: \(seen.count) of \(expected.count) events present (+1 declaration), \(doubled.count) doubled, \(failures.count) CLI calls and \(libs.filter { $0.exitCode != 0 }.count) library writers failed, check exit \(check.status), follower digests \(followersAgree ? "equal" : "DIFFER")"
        )
    }

    // MARK: 2. Crashes

    @Test(
        "wr-torture forever killed with SIGKILL at seeded random moments while a follower reads: no reported append lost, torn lines sealed"
    )
    func crashes() async throws {
        let bins = try relBinaries()
        let dir = TempDir("crash")
        let kills = relSoak ? 3_000 : 200
        // One journal in `make test`; the soak run starts a new one every 500 kills so each
        // restarted writer's first read stays short.
        let perJournal = 500
        var rng = SeededGenerator(seed: relSeed ^ 0xC4A5)
        var stats = (kills: 0, reported: 0, present: 0, injected: 0, natural: 0, sealed: 0, earlyKills: 0, journals: 0)
        var killed = 0
        while killed < kills {
            let round = min(perJournal, kills - killed)
            stats.journals += 1
            let j = dir.file("crash\(stats.journals).jsonl")
            let setup = JournalWriter(path: j)
            setup.syncEachAppend = false
            try setup.append([relDeclare()])
            let view = JournalFile(path: j, keepsLog: true, verifiesChain: true)
            try view.refresh()
            let target = 1 + 40 * round
            let follower = try RelChild(
                bins.torture, ["follow", j, "\(target)"], outPath: dir.file("follow\(stats.journals).out"),
                errPath: dir.file("follow\(stats.journals).err"))
            var applied = Set<String>()
            let sealedBefore = stats.sealed
            var logSeen = view.reader.log.count
            var badSeen = view.state.badLines.count
            /// A fragment at the end of the file: its line number and, when we made it, its bytes.
            var fragment: (line: Int, bytes: [UInt8]?)?

            for k in 0..<round {
                let tag = "K\(stats.journals)x\(k)"
                // Now and then leave a torn line ourselves (a SIGKILL inside write(2) rarely tears one).
                if fragment == nil && rng.chance(0.25) {
                    let line = Array(relNote("torn \(tag)").jsonLine().utf8)
                    let cut = Array(line.prefix(rng.int(1..<line.count)))
                    relAppendRaw(j, cut)
                    try view.refresh()
                    #expect(view.reader.pendingBytes == cut.count)
                    fragment = (view.reader.lineCount + 1, cut)
                    stats.injected += 1
                }
                let out = dir.file("forever.out")
                let child = try RelChild(bins.torture, ["forever", j, tag, "INC-1"], outPath: out, errPath: dir.file("forever.err"))
                if rng.chance(0.15) {
                    // Anywhere: while it starts, reads the journal, waits for the lock...
                    stats.earlyKills += 1
                    try await Task.sleep(for: .microseconds(rng.int(0..<60_000)))
                } else {
                    // While it appends: after its first reported success, a few ms more.
                    _ = await relEventually(timeout: .seconds(30), interval: .microseconds(300)) {
                        fileBytes(out).count >= 4 || child.poll() ? true : nil
                    }
                    try await Task.sleep(for: .microseconds(rng.int(0..<4_000)))
                }
                child.signal(SIGKILL)
                let reaped = await child.wait(timeout: .seconds(30))
                try #require(reaped, "writer \(tag) did not die")
                if child.termSignal != SIGKILL {
                    Issue.record("writer \(tag) ended by itself (status \(child.exitCode ?? -1)) before the kill: \(child.stderr)")
                }
                killed += 1
                stats.kills += 1
                // Only whole lines count: a report cut by the kill was not a report.
                var printed = child.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                printed.removeLast()
                let oks = printed.compactMap { $0.hasPrefix("ok ") ? String($0.dropFirst(3)) : nil }
                stats.reported += oks.count

                // The journal loads after every kill...
                do {
                    try view.refresh()
                } catch {
                    Issue.record("the journal does not load after kill \(killed): \(error)")
                    break
                }
                let log = view.reader.log
                for entry in log[logSeen...] {
                    if let t = entry.event.string("text") { applied.insert(t) }
                }
                logSeen = log.count
                // ...with every append that reported success in it.
                let lost = oks.filter { !applied.contains($0) }
                #expect(lost.isEmpty, "kill \(killed) (\(tag)): appends reported as done are missing: \(lost.prefix(5))")
                stats.present += oks.count - lost.count

                // The only bad lines are torn fragments: at most one per kill, where the fragment was.
                let newBad = Array(view.state.badLines[badSeen...])
                badSeen = view.state.badLines.count
                #expect(newBad.count <= 1, "kill \(killed): \(newBad.count) new bad lines: \(newBad.map(\.reason))")
                if let bad = newBad.first {
                    if let f = fragment, bad.line == f.line {
                        stats.sealed += 1
                        if let bytes = f.bytes {
                            // Sealed as exactly one bad line: the fragment's bytes and a newline, nothing else.
                            let onDisk = relLines(j)[bad.line - 1]
                            #expect(onDisk == bytes, "kill \(killed): the sealed line is not the fragment")
                        }
                        fragment = nil
                    } else {
                        Issue.record(
                            "kill \(killed): unexpected bad line \(bad.line) (\(bad.reason)); fragment was at \(fragment.map { "\($0.line)" } ?? "none")"
                        )
                    }
                }
                if !oks.isEmpty, let f = fragment {
                    Issue.record("kill \(killed): \(oks.count) appends succeeded but the fragment on line \(f.line) was not sealed")
                }
                // A fragment left now (and not ours) is a line the kill tore.
                if view.reader.pendingBytes > 0 {
                    if fragment == nil {
                        stats.natural += 1
                        fragment = (view.reader.lineCount + 1, nil)
                    }
                } else if !oks.isEmpty {
                    #expect(fileBytes(j).last == 0x0A, "kill \(killed): the file does not end in a newline after successful appends")
                }
                #expect(!view.reader.chain.isBroken, "kill \(killed): chain broken: \(view.reader.chain.reason ?? "")")
                if killed % 50 == 0 {
                    // The incremental view agrees with a fresh load.
                    let fresh = try JournalFile.load(path: j)
                    #expect(fresh.state.eventsApplied == view.state.eventsApplied)
                    #expect(fresh.state.badLines.map(\.line) == view.state.badLines.map(\.line))
                }
            }

            // The next append seals whatever fragment is left, then top up so the follower reaches its target.
            let closing = JournalWriter(path: j)
            closing.syncEachAppend = false
            try closing.append([relNote("closing \(stats.journals)")])
            try view.refresh()
            if fragment != nil {
                #expect(view.state.badLines.count == badSeen + 1, "the last fragment was not sealed as one bad line")
                stats.sealed += 1
            }
            #expect(fileBytes(j).last == 0x0A)
            let missing = target - view.state.eventsApplied
            if missing > 0 { try closing.append((0..<missing).map { relNote("fill-\($0)") }) }
            try view.refresh()

            let followed = await follower.wait(timeout: .seconds(120))
            #expect(followed && follower.exitCode == 0, "follower failed: \(follower.stderr)")
            if let report = RelFollowReport(follower.stdout) {
                let prefix = relPrefixState(j, events: report.events)
                #expect(prefix.state.eventsApplied == report.events)
                let want = relDigest(prefix.state)
                #expect(report.digest == want.digest, "the follower's state differs from a fresh fold of the same events")
                #expect(report.bad == prefix.state.badLines.count)
            } else {
                Issue.record("follower printed no report: \(follower.stdout) \(follower.stderr)")
            }
            let check = try await relRun(bins.warroom, ["check", "--journal", j])
            #expect(!check.stdout.contains("chain broken"), "\(check.stdout)")
            #expect(check.stdout.contains("\(view.state.badLines.count) bad lines"))
            #expect(check.status == (view.state.badLines.isEmpty ? 0 : 1))
            #expect(view.state.badLines.count == stats.sealed - sealedBefore, "every bad line is a sealed fragment")
        }
        #expect(
            stats.sealed == stats.injected + stats.natural,
            "fragments: \(stats.injected) made + \(stats.natural) torn by kills, \(stats.sealed) sealed")
        relFigure(
            "crashes: \(stats.kills) SIGKILLs survived (\(stats.earlyKills) at random moments of start-up, the rest mid-append) over \(stats.journals) journal(s); \(stats.reported) appends reported done, \(stats.present) present, 0 lost; \(stats.injected) torn fragments planted + \(stats.natural) torn by a kill, \(stats.sealed) sealed as exactly one bad line each; seed \(relSeed)"
        )
    }

    /// A `warroom note` on a 60,000-line journal: how long does it hold the journal's lock, of its whole run?
    @Test
    func lockHeldOnlyToAppend() async throws {
        let bins = try relBinaries()
        let dir = TempDir("hold")
        let j = dir.file("big.jsonl")
        var text = RelHostileGenerator.header + "\n"
        for i in 0..<60_000 { text += relNote("bulk \(i) " + String(repeating: "x", count: 100)).jsonLine() + "\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: j))
        var st = stat()
        stat(j, &st)
        let inode = ":\(st.st_ino) "
        let started = ContinuousClock.now
        let writer = try RelChild(
            bins.warroom, ["note", "--journal", j, "--incident", "INC-1", "one more"], outPath: dir.file("out"), errPath: dir.file("err"))
        var first: ContinuousClock.Instant?
        var last: ContinuousClock.Instant?
        while !writer.poll() {
            if let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8), locks.contains(inode) {
                first = first ?? ContinuousClock.now
                last = ContinuousClock.now
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        let total = ContinuousClock.now - started
        #expect(writer.exitCode == 0, "\(writer.stderr)")
        let held = (first != nil && last != nil) ? last! - first! : .zero
        relFigure("lock hold: warroom note on a 60,000-line journal ran \(total), held the lock \(held)")
        #expect(held < total / 4, "the lock was held for \(held) of \(total): the journal was folded under the lock")
    }

    // MARK: 7. Lock contention

    @Test(
        "a stuck lock holder: the append fails after the bounded wait naming the holder, writes nothing; after it dies, appends go on in order"
    )
    func lockContention() async throws {
        let bins = try relBinaries()
        let dir = TempDir("lock")
        let j = dir.file("j.jsonl")
        let w = JournalWriter(path: j)
        try w.append([relDeclare(), relNote("before the hold")])
        let holder = try RelChild(bins.torture, ["hold", j, "30"], outPath: dir.file("hold.out"), errPath: dir.file("hold.err"))
        let lockedLine = await relEventually(timeout: .seconds(20)) { () -> String? in
            let s = holder.stdout
            return s.contains("\n") ? s : nil
        }
        let pid = try #require(
            lockedLine.flatMap { Int($0.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") })
        #expect(lockedLine?.hasPrefix("locked ") == true)
        let before = fileBytes(j)

        let blocked = try await relRun(bins.warroom, ["note", "--journal", j, "--incident", "INC-1", "blocked by the holder"])
        #expect(blocked.status != 0, "the append should fail while the lock is held")
        #expect(blocked.seconds >= 4 && blocked.seconds < 20, "gave up after \(blocked.seconds) s (default wait 5 s)")
        #expect(blocked.stderr.contains("locked by process \(pid)"), "the message should name the holder: \(blocked.stderr)")
        #expect(blocked.stderr.contains(j), "the message should name the file: \(blocked.stderr)")
        #expect(fileBytes(j) == before, "nothing may be written while the lock is held")

        // A writer that is waiting when the holder dies gets the lock and appends.
        let waiting = try RelChild(
            bins.warroom, ["note", "--journal", j, "--incident", "INC-1", "waited for the lock"],
            outPath: dir.file("wait.out"), errPath: dir.file("wait.err"))
        try await Task.sleep(for: .milliseconds(800))
        #expect(!waiting.poll(), "the second writer should still be waiting")
        holder.signal(SIGKILL)
        #expect(await holder.wait(timeout: .seconds(10)))
        #expect(await waiting.wait(timeout: .seconds(20)))
        #expect(waiting.exitCode == 0, "the waiting writer failed: \(waiting.stderr)")
        let after = try await relRun(bins.warroom, ["note", "--journal", j, "--incident", "INC-1", "after the holder"])
        #expect(after.status == 0, "\(after.stderr)")
        let texts = relLines(j).compactMap { try? LineDecoder.decode($0).get().string("text") }
        #expect(texts == ["before the hold", "waited for the lock", "after the holder"])
        let check = try await relRun(bins.warroom, ["check", "--journal", j])
        #expect(check.status == 0 && check.stdout.contains("chain verified"), "\(check.stdout)")
        relFigure(
            "lock contention: the blocked append gave up after \(String(format: "%.1f", blocked.seconds)) s naming pid \(pid); nothing written"
        )
    }
}

@Suite("Reliability: a failing disk")
struct ReliabilityDiskTests {
    /// The unit of /bin/sh's `ulimit -f` in bytes (512 for dash and POSIX shells, 1024 for bash).
    static func ulimitUnit() async throws -> Int {
        let dir = TempDir("unit")
        let f = dir.file("probe")
        _ = try await relShell("ulimit -f 1; printf '%4000s' x > \(shellQuote(f))")
        return relMode(f)?.size ?? 512
    }

    /// A journal of one declaration padded with blank lines to `size` bytes.
    static func journal(_ path: String, size: Int) throws {
        let w = JournalWriter(path: path)
        try w.append([relDeclare()])
        let have = fileBytes(path).count
        precondition(have + 2 <= size)
        var pad = [UInt8](repeating: 0x20, count: size - have - 1)
        pad.append(0x0A)
        relAppendRaw(path, pad)
    }

    @Test("the file-size limit (EFBIG): a clear message naming the file, no partial line, and appends work once it is lifted")
    func fileSizeLimit() async throws {
        let bins = try relBinaries()
        let unit = try await Self.ulimitUnit()
        let dir = TempDir("efbig")
        for mode in ["at the limit", "short write"] {
            let j = dir.file("j-\(mode.replacingOccurrences(of: " ", with: "-")).jsonl")
            // At the limit: the first byte is refused. Short write: 60 bytes fit, the rest of the line does not.
            let blocks = 8
            try Self.journal(j, size: mode == "at the limit" ? blocks * unit : blocks * unit - 60)
            let before = fileBytes(j)
            let r = try await relShell(
                "ulimit -f \(blocks); exec \(shellQuote(bins.warroom)) note --journal \(shellQuote(j)) --incident INC-1 'a note that does not fit'"
            )
            #expect(r.status != 0, "\(mode): the append should fail")
            #expect(r.signal == nil, "\(mode): killed by signal \(r.signal ?? 0) instead of a message")
            #expect(r.stderr.contains(j), "\(mode): the message should name the file: \(r.stderr)")
            #expect(r.stderr.contains("File too large") && r.stderr.contains("ulimit -f"), "\(mode): \(r.stderr)")
            #expect(fileBytes(j) == before, "\(mode): the journal changed (\(before.count) -> \(fileBytes(j).count) bytes)")
            let ok = try await relRun(bins.warroom, ["note", "--journal", j, "--incident", "INC-1", "fits now"])
            #expect(ok.status == 0, "\(ok.stderr)")
            let check = try await relRun(bins.warroom, ["check", "--journal", j])
            #expect(check.status == 0 && check.stdout.contains("0 bad lines"), "\(mode): \(check.stdout)")
        }
    }

    @Test("a journal path under a regular file (ENOTDIR): a clear message naming it, nothing created")
    func notADirectory() async throws {
        let bins = try relBinaries()
        let dir = TempDir("enotdir")
        let plain = dir.file("plain")
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: plain))
        let j = plain + "/j.jsonl"
        let r = try await relRun(bins.warroom, ["declare", "--journal", j, "--severity", "2", "--title", "Nowhere"])
        #expect(r.status != 0)
        #expect(r.stderr.contains(j) && r.stderr.contains("Not a directory"), "\(r.stderr)")
        #expect(fileBytes(plain) == Array("x\n".utf8))
        let c = try await relRun(bins.warroom, ["check", "--journal", j])
        #expect(c.status == 2, "check of an impossible path should exit 2: \(c.stdout)\(c.stderr)")
        #expect(c.stderr.contains(j))
    }

    @Test(
        "a read-only journal (mode 0444, as a non-root user): a clear message naming it, bytes unchanged",
        .enabled(if: relUnprivilegedPrefix != nil, "needs a non-root user, or setpriv to become nobody"))
    func readOnlyFile() async throws {
        let bins = try relBinaries()
        let prefix = try #require(relUnprivilegedPrefix)
        let dir = TempDir("ro")
        chmod(dir.path, 0o755)
        let j = dir.file("j.jsonl")
        try JournalWriter(path: j).append([relDeclare()])
        chmod(j, 0o444)
        let before = fileBytes(j)
        let argv = prefix + [bins.warroom, "note", "--journal", j, "--incident", "INC-1", "refused"]
        let r = try await relRun(argv[0], Array(argv.dropFirst()))
        #expect(r.status != 0)
        #expect(r.stderr.contains(j) && r.stderr.contains("Permission denied"), "\(r.stderr)")
        #expect(fileBytes(j) == before)
    }
}

@Suite("Reliability: tamper evidence")
struct ReliabilityTamperTests {
    /// A journal of a declaration and notes written by warroom (so every line is chained).
    static func chained(_ dir: TempDir, notes: Int = 6) throws -> String {
        let j = dir.file("j.jsonl")
        let w = JournalWriter(path: j)
        try w.append([relDeclare()])
        for i in 1...notes { try w.append([relNote("note \(i)", at: relT0.addingTimeInterval(Double(i)))]) }
        return j
    }

    static func rewrite(_ path: String, _ lines: [[UInt8]]) throws {
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: path))
    }

    @Test("editing, deleting and inserting a line each break the chain at the right line (exit 1)")
    func tamper() async throws {
        let bins = try relBinaries()
        func check(_ j: String) async throws -> RelResult { try await relRun(bins.warroom, ["check", "--journal", j]) }

        // Edit line 3 (keep it valid JSON): line 4's prev no longer matches.
        do {
            let dir = TempDir("edit")
            let j = try Self.chained(dir)
            var lines = relLines(j)
            let edited = String(decoding: lines[2], as: UTF8.self).replacingOccurrences(of: "note 2", with: "note 2 (edited later)")
            #expect(edited.utf8.count != lines[2].count)
            lines[2] = Array(edited.utf8)
            try Self.rewrite(j, lines)
            let r = try await check(j)
            #expect(r.status == 1)
            #expect(r.stdout.contains("\(j):4: chain broken"), "\(r.stdout)")
            #expect(r.stdout.contains("0 bad lines"), "an edited but valid line is not a bad line: \(r.stdout)")
        }
        // Delete line 3: the old line 4, now line 3, does not follow line 2.
        do {
            let dir = TempDir("delete")
            let j = try Self.chained(dir)
            var lines = relLines(j)
            lines.remove(at: 2)
            try Self.rewrite(j, lines)
            let r = try await check(j)
            #expect(r.status == 1)
            #expect(r.stdout.contains("\(j):3: chain broken"), "\(r.stdout)")
        }
        // Insert a copy of a chained line after line 2: it is itself out of place.
        do {
            let dir = TempDir("insert")
            let j = try Self.chained(dir)
            var lines = relLines(j)
            lines.insert(lines[4], at: 2)
            try Self.rewrite(j, lines)
            let r = try await check(j)
            #expect(r.status == 1)
            #expect(r.stdout.contains("\(j):3: chain broken"), "\(r.stdout)")
        }
        // Insert a line without prev after line 2: it is unchained, and the next chained line breaks.
        do {
            let dir = TempDir("insert2")
            let j = try Self.chained(dir)
            var lines = relLines(j)
            lines.insert(Array(relNote("slipped in").jsonLine().utf8), at: 2)
            try Self.rewrite(j, lines)
            let r = try await check(j)
            #expect(r.status == 1)
            #expect(r.stdout.contains("\(j):4: chain broken"), "\(r.stdout)")
        }
        // Edit the last line: nothing follows it, so only the head kept elsewhere shows it.
        do {
            let dir = TempDir("last")
            let j = try Self.chained(dir)
            let head = try await relRun(bins.warroom, ["check", "--journal", j, "--head"])
            var lines = relLines(j)
            lines[lines.count - 1] = Array(
                String(decoding: lines.last!, as: UTF8.self).replacingOccurrences(of: "note 6", with: "note six").utf8)
            try Self.rewrite(j, lines)
            let again = try await relRun(bins.warroom, ["check", "--journal", j, "--head"])
            #expect(again.status == 0)
            let headLine = { (s: String) in s.split(separator: "\n").first { $0.hasPrefix("head: ") }.map(String.init) }
            #expect(
                headLine(head.stdout) != nil && headLine(head.stdout) != headLine(again.stdout),
                "the head must change when the last line is edited")
        }
    }

    @Test("lines appended by another tool without prev are unchained, not errors; check --head prints the head")
    func unchainedAndHead() async throws {
        let bins = try relBinaries()
        let dir = TempDir("unchained")
        let j = try Self.chained(dir, notes: 2)
        let line =
            #"{"v":1,"ts":"2026-11-22T08:05:00Z","type":"note","actor":"monitoring","incident":"INC-1","data":{"text":"from a script"}}"#
        let sh = try await relShell("echo \(shellQuote(line)) >> \(shellQuote(j))")
        #expect(sh.status == 0)
        let r = try await relRun(bins.warroom, ["check", "--journal", j, "--head"])
        #expect(r.status == 0, "an unchained line is not an error: \(r.stdout)")
        #expect(r.stdout.contains("chain verified, 1 unchained (3 chained lines, 1 written by other tools without prev)"), "\(r.stdout)")
        let lines = relLines(j)
        #expect(r.stdout.contains("head: line \(lines.count) sha256 \(Chain.hash(lines.last!))"), "\(r.stdout)")

        // warroom chains its next line to the unchained one.
        let n = try await relRun(bins.warroom, ["note", "--journal", j, "--incident", "INC-1", "after the script"])
        #expect(n.status == 0)
        let r2 = try await relRun(bins.warroom, ["check", "--journal", j, "--head"])
        #expect(r2.status == 0)
        #expect(r2.stdout.contains("(4 chained lines, 1 written by other tools without prev)"), "\(r2.stdout)")
        let lines2 = relLines(j)
        #expect(r2.stdout.contains("head: line \(lines2.count) sha256 \(Chain.hash(lines2.last!))"))
    }
}

@Suite("Reliability: a shared jump host")
struct ReliabilitySharedHostTests {
    @Test("warroom init makes a setgid 2770 group directory; new journals are 0660 and the group's")
    func initDirectory() async throws {
        let bins = try relBinaries()
        let dir = TempDir("init")
        let room = dir.file("room")
        // As root we can hand the directory to another group, which shows the setgid bit at work.
        let group = relIsRoot && getgrnam("nogroup") != nil ? "nogroup" : nil
        let r = try await relRun(bins.warroom, ["init", room] + (group.map { ["--group", $0] } ?? []))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("WARROOM_JOURNAL="), "\(r.stdout)")
        let st = try #require(relMode(room))
        #expect(st.mode == 0o2770, "mode \(String(st.mode, radix: 8))")
        let wantGid = group.flatMap { getgrnam($0)?.pointee.gr_gid } ?? getegid()
        #expect(st.gid == wantGid)

        // Whatever the umask, a new journal is 0660 and (setgid) the directory's group.
        let j = room + "/warroom.jsonl"
        var env = relEnvironment()
        env["WARROOM_JOURNAL"] = j
        let d = try await relShell(
            "umask 077; exec \(shellQuote(bins.warroom)) declare --severity 3 --title 'Shared room'", environment: env)
        #expect(d.status == 0, "\(d.stderr)")
        let js = try #require(relMode(j))
        #expect(js.mode == 0o660, "new journal mode \(String(js.mode, radix: 8))")
        #expect(js.gid == wantGid, "the journal should belong to the directory's group")

        // Running init again on the existing directory is fine.
        let again = try await relRun(bins.warroom, ["init", room] + (group.map { ["--group", $0] } ?? []))
        #expect(again.status == 0)
        // A path that is a file is refused.
        let f = dir.file("afile")
        #expect(FileManager.default.createFile(atPath: f, contents: Data()))
        let bad = try await relRun(bins.warroom, ["init", f])
        #expect(bad.status != 0 && bad.stderr.contains("not a directory"), "\(bad.stderr)")
    }

    @Test("a world-writable journal makes the CLI print a WARNING naming the file")
    func worldWritableWarning() async throws {
        let bins = try relBinaries()
        let dir = TempDir("ww")
        let j = dir.file("j.jsonl")
        try JournalWriter(path: j).append([relDeclare()])
        chmod(j, 0o666)
        for args in [
            ["status", "--journal", j], ["note", "--journal", j, "--incident", "INC-1", "hello"],
            ["render", "--journal", j, "--size", "80x24"],
        ] {
            let r = try await relRun(bins.warroom, args)
            #expect(r.status == 0, "\(args[0]): \(r.stderr)")
            #expect(r.stderr.contains("WARNING") && r.stderr.contains(j) && r.stderr.contains("chmod o-w"), "\(args[0]): \(r.stderr)")
        }
        chmod(j, 0o660)
        let quiet = try await relRun(bins.warroom, ["status", "--journal", j])
        #expect(!quiet.stderr.contains("WARNING"), "\(quiet.stderr)")
    }
}
