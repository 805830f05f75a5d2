import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// `warroom serve` and `warroom ingest`, the real binary: every status code, the token, the
/// limits, and that a refused request changes nothing.
@Suite("Alert intake over HTTP and stdin")
struct ServeTests {
    static let firing = """
        {"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"LoginFailures",
        "counter":"login_failure_pct"},"annotations":{"summary":"Login failures at 7%","value":"7"},
        "startsAt":"2026-11-22T08:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"aa11bb22cc33dd44"}]}
        """

    func events(_ path: String) -> [JSONObject] {
        fileLines(path).compactMap { try? JSONParser.parse(Array($0.utf8)).objectValue }
    }

    @Test func postsAreRecordedOnceAndRefusalsChangeNothing() async throws {
        let s = try await ServeProcess()
        let ok = try s.post("/alertmanager", Self.firing)
        #expect(ok.status == 200)
        #expect(ok.body.contains(#""fired":["aa11bb22cc33dd44"]"#))
        let lines = events(s.journal)
        #expect(lines.map { $0["type"]?.stringValue } == ["signal.fired"])
        let data = lines.first?["data"]?.objectValue
        #expect(data?["meets"] == 3 && data?["rule"] == "login_failure_pct" && data?["title"] == "LoginFailures")
        #expect(lines.first?["actor"] == "alertmanager")

        // Alertmanager's repeat: 200, nothing new.
        let again = try s.post("/alertmanager", Self.firing)
        #expect(again.status == 200 && again.body.contains(#""unchanged":1"#))

        let before = fileBytes(s.journal)
        let noToken = try s.post("/alertmanager", Self.firing, token: nil)
        #expect(noToken.status == 401 && noToken.headers.contains("WWW-Authenticate: Bearer"))
        #expect(try s.post("/alertmanager", Self.firing, token: "wrong-token-0123456789abcdef").status == 401)
        #expect(try s.post("/alertmanager", Self.firing, token: ServeProcess.token + "x").status == 401)
        let bad = try s.post("/alertmanager", #"{"version":"4","alerts":[{"status":"burning"}]}"#)
        #expect(bad.status == 400 && bad.body.contains("alerts[0].status must be"))
        #expect(try s.post("/nowhere", "{}").status == 404)
        let get = try s.send(Array("GET /alertmanager HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(get.status == 405 && get.headers.contains("Allow: POST"))
        #expect(try s.send(Array("POST /events HTTP/1.1\r\nAuthorization: Bearer \(ServeProcess.token)\r\n\r\n".utf8)).status == 411)
        let big = "POST /events HTTP/1.1\r\nAuthorization: Bearer \(ServeProcess.token)\r\nContent-Length: 2000000\r\n\r\n"
        #expect(try s.send(Array(big.utf8)).status == 413)
        let longHead = "GET /healthz HTTP/1.1\r\nX-Filler: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"
        #expect(try s.send(Array(longHead.utf8)).status == 431)
        #expect(try s.send(Array("HELLO\r\n\r\n".utf8)).status == 400)
        #expect(fileBytes(s.journal) == before)
        // The log has a line per request and never the token.
        #expect(!s.log.contains(ServeProcess.token) && s.log.contains("POST /alertmanager 401"))

        let health = try s.send(Array("GET /healthz HTTP/1.1\r\n\r\n".utf8))
        #expect(health.status == 200 && health.body.contains(#""ok":true"#))

        // The resolve closes it; a second resolve writes nothing.
        let resolved = Self.firing.replacingOccurrences(of: #""status":"firing""#, with: #""status":"resolved""#)
            .replacingOccurrences(of: "0001-01-01T00:00:00Z", with: "2026-11-22T08:10:00Z")
        #expect(try s.post("/alertmanager", resolved).body.contains(#""resolved":["aa11bb22cc33dd44"]"#))
        #expect(try s.post("/alertmanager", resolved).body.contains(#""unchanged":1"#))
        #expect(events(s.journal).map { $0["type"]?.stringValue } == ["signal.fired", "signal.resolved"])
        #expect(await s.stop() == 0)
        #expect(s.log.contains("stopped"))
    }

    @Test func hostileBytesStayDataAndEveryLineIsValidJSON() async throws {
        let s = try await ServeProcess()
        let body = #"{"title":"boom\u001b]0;pwned\u0007\u001b[2J\r\nFAKE","status":"firing","summary":"\u009b31m"}"#
        #expect(try s.post("/events", body).status == 200)
        let raw = fileBytes(s.journal)
        // One line, no control byte but its newline.
        #expect(raw.filter { $0 < 0x20 } == [0x0A])
        let line = try #require(events(s.journal).first)
        #expect(line["data"]?.objectValue?["title"] == "boom\u{1b}]0;pwned\u{07}\u{1b}[2J\r\nFAKE")
        // And the CLI shows it through the sanitiser.
        let status = try await warroom(["status", "--journal", s.journal, "--json"])
        #expect(!status.stdout.contains("\u{1b}"))
        _ = await s.stop()
    }

    @Test func anAlertTooLongForAJournalLineIsRefusedNotRetried() async throws {
        let s = try await ServeProcess()
        let long = #"{"title":"Huge","status":"firing","summary":""# + String(repeating: "x", count: 70_000) + #""}"#
        let r = try s.post("/events", long)
        #expect(r.status == 400 && r.body.contains("over the 64 KiB limit"))
        #expect(!FileManager.default.fileExists(atPath: s.journal) || fileBytes(s.journal).isEmpty)
        _ = await s.stop()
    }

    @Test func aSlowClientTimesOutAndTheConnectionBoundHolds() async throws {
        let s = try await ServeProcess(extra: ["--request-timeout", "1", "--max-connections", "1"])
        let slow = try s.connect()
        defer { close(slow) }
        _ = "POST /events HTTP/1.1\r\n".withCString { send(slow, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        // The one slot is taken: the next connection is refused at once (it may come before the
        // server counted the slow one, then it waits for its turn; so poll).
        let refused = try await eventually(timeout: .seconds(5)) { () -> HTTPReply? in
            let r = try s.send(Array("GET /healthz HTTP/1.1\r\n\r\n".utf8))
            return r.status == 503 ? r : nil
        }
        #expect(refused?.headers.contains("Retry-After") == true)
        let answer = HTTPReply(s.readAll(slow))
        #expect(answer.status == 408)
        // The slot is free again.
        let health = try await eventually(timeout: .seconds(5)) { () -> HTTPReply? in
            let r = try s.send(Array("GET /healthz HTTP/1.1\r\n\r\n".utf8))
            return r.status == 200 ? r : nil
        }
        #expect(health != nil)
        _ = await s.stop()
    }

    @Test func aJournalThatCanNeverBeWrittenIsRefusedAtStart() async throws {
        let dir = TempDir()
        let journal = dir.file("j.jsonl")
        try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: false)
        let r = try await warroom([
            "serve", "--journal", journal, "--listen", "127.0.0.1:0", "--token-file", try tokenFile(dir),
        ])
        #expect(r.status != 0)
        #expect(r.stderr.contains("is a directory, not a journal"), "\(r.stderr)")
        #expect(!r.stderr.contains("listening"))
    }

    func tokenFile(_ dir: TempDir) throws -> String {
        try writeFile(dir.file("token"), ServeProcess.token)
        chmod(dir.file("token"), 0o600)
        return dir.file("token")
    }

    @Test func aJournalThatBecomesUnwritableAnswers503SoTheSourceRetries() async throws {
        let dir = TempDir()
        let journal = dir.file("j.jsonl")
        let s = try await ServeProcess(journal: journal)
        // After the start, a directory where the journal file should be: every write fails.
        try? FileManager.default.removeItem(atPath: journal)
        try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: false)
        let r = try s.post("/alertmanager", Self.firing)
        #expect(r.status == 503 && r.body.contains("error"))
        #expect(s.log.contains("POST /alertmanager 503"))
        _ = await s.stop()
    }

    @Test func aTokenFileOthersCanReadIsRefused() async throws {
        let dir = TempDir()
        try writeFile(dir.file("token"), ServeProcess.token)
        chmod(dir.file("token"), 0o644)
        let r = try await warroom([
            "serve", "--journal", dir.file("j.jsonl"), "--listen", "127.0.0.1:0", "--token-file", dir.file("token"),
        ])
        #expect(r.status != 0)
        #expect(r.stderr.contains("readable or writable by others (mode 644)") && r.stderr.contains("chmod 600"))
        #expect(!r.stderr.contains(ServeProcess.token))
        let zh = try await warroom(
            ["serve", "--journal", dir.file("j.jsonl"), "--listen", "127.0.0.1:0", "--token-file", dir.file("token")],
            environment: cliEnvironment(["WARROOM_LANG": "zh"]))
        #expect(zh.stderr.contains("chmod 600") && zh.stderr.contains("令牌文件"))
    }

    @Test func ingestRecordsAndSaysWhatItDidWithDocumentedExitCodes() async throws {
        let dir = TempDir()
        let j = dir.file("j.jsonl")
        let first = try await warroom(["ingest", "--journal", j, "--format", "alertmanager"], stdin: Self.firing)
        #expect(first.status == 0)
        #expect(first.stdout.contains("signal fired: aa11bb22cc33dd44 LoginFailures (meets L3 by rule login_failure_pct)"))
        let again = try await warroom(["ingest", "--journal", j, "--format", "alertmanager"], stdin: Self.firing)
        #expect(again.status == 0 && again.stdout.contains("1 alert: 0 events recorded, 1 unchanged"))
        let bad = try await warroom(["ingest", "--journal", j, "--format", "grafana"], stdin: "[1]")
        #expect(bad.status == 1 && bad.stderr.contains("bad grafana payload: the payload must be an object, not an array"))
        let huge = try await warroom(
            ["ingest", "--journal", j, "--format", "generic"], stdin: String(repeating: " ", count: AlertPayload.maxBytes + 10))
        #expect(huge.status == 1 && huge.stderr.contains("over 1048576 bytes"))
        try FileManager.default.createDirectory(atPath: dir.file("d.jsonl"), withIntermediateDirectories: false)
        let unwritable = try await warroom(["ingest", "--journal", dir.file("d.jsonl"), "--format", "alertmanager"], stdin: Self.firing)
        #expect(unwritable.status == 2)
        #expect(fileLines(j).count == 1)
        let zh = try await warroom(
            ["ingest", "--journal", j, "--format", "generic"], stdin: "{}", environment: cliEnvironment(["WARROOM_LANG": "zh"]))
        #expect(zh.status == 1 && zh.stderr.contains("缺少 title"))
    }
}
