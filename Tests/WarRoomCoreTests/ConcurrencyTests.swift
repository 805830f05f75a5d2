import Foundation
import Testing

@testable import WarRoomCore

extension Tag {
    /// Spawns thousands of processes; skip with `--skip 'WarRoomCoreTests.ConcurrencyTests'` when iterating.
    @Tag static var spawnsManyProcesses: Self
}

/// Several `warroom` processes writing one journal at once.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    /// Runs `count` copies of a /bin/sh loop at once; each gets P=1…count.
    func runLoops(_ count: Int, script: String, env: [String: String]) async throws -> [ProcessResult] {
        guard let bin = warroomBinary else { throw TestSupportError.noBinary }
        return try await withThrowingTaskGroup(of: (Int, ProcessResult).self) { group in
            for p in 1...count {
                group.addTask {
                    let r = try await runProcess(
                        "/bin/sh", ["-c", script], environment: cliEnvironment(env.merging(["BIN": bin, "P": "\(p)"]) { $1 }),
                        // A guard against a hang only: on a loaded two-core machine 500 spawns took over 120 s.
                        timeout: .seconds(540))
                    return (p, r)
                }
            }
            var out: [(Int, ProcessResult)] = []
            for try await r in group { out.append(r) }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// 4 processes × 500 separate `warroom note` invocations (2,000 process
    /// spawns, 4 at a time): every note lands exactly once, on its own well
    /// formed line, and each process's notes keep their order. About 50 s on
    /// an idle 2-core machine with a debug build; the time limit is only a
    /// guard against a hang (a stuck lock), not a timing assertion.
    /// `WARROOM_TEST_NOTES_PER_PROCESS` lowers the count when iterating locally.
    @Test(.tags(.spawnsManyProcesses), .timeLimit(.minutes(10)))
    func fourProcessesAppendFiveHundredNotesEach() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let declared = try await warroom(["declare", "--journal", path, "--severity", "3", "--title", "Concurrency"])
        try #require(declared.status == 0, "\(declared.stderr)")
        let perProcess = ProcessInfo.processInfo.environment["WARROOM_TEST_NOTES_PER_PROCESS"].flatMap(Int.init) ?? 500
        let script = """
            i=0
            while [ $i -lt \(perProcess) ]; do
              "$BIN" note --journal "$J" "p$P-$i" >/dev/null || { echo "note p$P-$i failed" >&2; exit 1; }
              i=$((i+1))
            done
            """
        let results = try await runLoops(4, script: script, env: ["J": path])
        for (k, r) in results.enumerated() {
            #expect(r.status == 0, "process \(k + 1): \(r.stderr)")
        }

        let lines = fileLines(path)
        #expect(lines.count == 1 + 4 * perProcess)
        #expect(fileBytes(path).last == 0x0A)
        var texts: [String: Int] = [:]
        var order: [Int: [Int]] = [:]
        var declarations = 0
        for line in lines {
            switch LineDecoder.decode(line) {
            case .failure(let e):
                Issue.record("bad line \(line.prefix(120)): \(e.reason)")
            case .success(let e):
                if e.type == "incident.declared" {
                    declarations += 1
                    continue
                }
                #expect(e.type == "note")
                let text = e.string("text") ?? ""
                texts[text, default: 0] += 1
                let parts = text.dropFirst().split(separator: "-")
                if parts.count == 2, let p = Int(parts[0]), let i = Int(parts[1]) { order[p, default: []].append(i) }
            }
        }
        #expect(declarations == 1)
        let expected = Set((1...4).flatMap { p in (0..<perProcess).map { "p\(p)-\($0)" } })
        #expect(Set(texts.keys) == expected)
        #expect(texts.values.allSatisfy { $0 == 1 })
        for p in 1...4 { #expect(order[p] == Array(0..<perProcess), "process \(p) notes out of order") }

        let state = JournalReader.read(fileBytes(path)).state
        #expect(state.badLines.isEmpty)
        #expect(state.eventsApplied == 1 + 4 * perProcess)
    }

    /// Declarations racing from 4 processes never share an id: ids are chosen under the lock.
    @Test(.timeLimit(.minutes(2)))
    func concurrentDeclarationsGetDistinctIDs() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let perProcess = 5
        let script = """
            i=0
            while [ $i -lt \(perProcess) ]; do
              "$BIN" declare --journal "$J" --severity 2 --title "from $P" || exit 1
              i=$((i+1))
            done
            """
        let results = try await runLoops(4, script: script, env: ["J": path])
        var printed: [String] = []
        for r in results {
            #expect(r.status == 0, "\(r.stderr)")
            printed += r.stdout.split(separator: "\n").map(String.init)
        }
        #expect(printed.count == 4 * perProcess)
        #expect(Set(printed).count == printed.count)

        let state = JournalReader.read(fileBytes(path)).state
        #expect(state.badLines.isEmpty)
        #expect(state.incidentOrder.count == 4 * perProcess)
        #expect(Set(state.incidentOrder) == Set(printed))
        // Per day (the test could straddle midnight UTC), numbers are 01, 02, … in file order.
        var perDay: [String: [Int]] = [:]
        for id in state.incidentOrder {
            let parts = id.split(separator: "-")
            try #require(parts.count == 3 && parts[0] == "INC", "\(id)")
            perDay[String(parts[1]), default: []].append(Int(parts[2]) ?? -1)
        }
        for (_, numbers) in perDay { #expect(numbers == Array(1...numbers.count)) }
    }
}
