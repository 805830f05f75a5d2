import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A fake chat platform (Tests/WarRoomCoreTests/Fixtures/notify/fake_chat.py) on 127.0.0.1: it
/// checks signatures as the platform does, enforces the limits, answers in the platform's words
/// and records every request.
final class FakeChat: @unchecked Sendable {
    let child: ChildProcess
    let port: Int
    let record: String

    static let script = packageRoot + "/Tests/WarRoomCoreTests/Fixtures/notify/fake_chat.py"

    init(_ dir: TempDir, platform: String, name: String = "fake", extra: [String] = []) async throws {
        record = dir.file(name + "-record.jsonl")
        let portFile = dir.file(name + "-port")
        try writeFile(record, "")
        child = try ChildProcess(
            "/usr/bin/python3",
            [FakeChat.script, "--platform", platform, "--record", record, "--port-file", portFile, "--lifetime", "240"] + extra,
            environment: childEnvironment(), outPath: dir.file(name + ".out"), errPath: dir.file(name + ".err"))
        let p = try await eventually { Int(fileText(portFile)) }
        guard let p else { throw TestSupportError.failed("the fake \(platform) did not start: \(fileText(dir.file(name + ".err")))") }
        port = p
    }

    deinit { child.signal(SIGKILL) }

    /// Every request received, in order.
    var requests: [[String: Any]] {
        fileLines(record).compactMap { try? foundationJSON($0) }
    }

    /// The texts of the requests the fake accepted (signature good, within the limits).
    var delivered: [String] {
        requests.filter { $0["status"] as? String == "ok" }.compactMap { $0["text"] as? String }
    }
}

/// The notifier as a process, against a journal and a configuration.
func startNotifier(_ dir: TempDir, journal: String, config: String, name: String, env: [String: String] = [:]) throws -> ChildProcess {
    try ChildProcess(
        try requireBinary(), ["notify", "--journal", journal, "--config", config],
        environment: childEnvironment(env), outPath: dir.file(name + ".out"), errPath: dir.file(name + ".err"))
}

/// The journal's notifier messages, read through the library (a file or a database alike).
func notifyState(_ journal: String) throws -> JournalState {
    let source = JournalLocation(journal).source()
    try source.refresh()
    return source.state
}

func feishuConfig(_ dir: TempDir, port: Int, secret: String = "s3cret-feishu", language: String? = nil, extra: String = "") throws -> String
{
    let secretFile = dir.file("feishu.secret")
    try writeFile(secretFile, secret + "\n")
    chmod(secretFile, 0o600)
    let config = dir.file("notify.toml")
    try writeFile(
        config,
        """
        [[channels]]
        name = "leads"
        kind = "feishu"
        url = "http://127.0.0.1:\(port)/open-apis/bot/v2/hook/0f1e2d3c"
        secret_file = "\(secretFile)"
        to = ["commander", "tech-lead", "communications"]
        leads = true
        \(language.map { "language = \"\($0)\"" } ?? "")
        \(extra)
        """)
    return config
}

@Suite("warroom notify against fake chat platforms", .serialized, .enabled(if: warroomBinary != nil, "needs the warroom binary"))
struct NotifyProcessTests {
    func declare(_ journal: String, _ title: String, severity: Int = 1) async throws {
        let r = try await warroom(
            ["declare", "--journal", journal, "--severity", String(severity), "--title", title], environment: childEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
    }

    func warroomOK(_ args: [String], _ journal: String) async throws {
        let r = try await warroom(args + ["--journal", journal], environment: childEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test("Done when: an L1 declared brings a correctly signed message to Feishu within seconds, and the journal records it sent")
    func declaringAnL1ReachesFeishu() async throws {
        let dir = TempDir()
        let fake = try await FakeChat(dir, platform: "feishu", extra: ["--secret", "s3cret-feishu"])
        let journal = dir.file("room.jsonl")
        let config = try feishuConfig(dir, port: fake.port, language: "zh")
        try await declare(journal, "支付网关宕机")
        let notifier = try startNotifier(dir, journal: journal, config: config, name: "n1")
        let text = try await eventually(timeout: .seconds(10)) { fake.delivered.first }
        #expect(text?.contains("一级") == true, "\(fake.requests)")
        #expect(text?.contains("支付网关宕机") == true)
        #expect(fake.requests.allSatisfy { $0["status"] as? String == "ok" })
        // The console's view: the incident shows a confirmed delivery on the channel.
        let delivered = try await eventually { try notifyState(journal).orderedIncidents.first?.deliveries.first }
        #expect(delivered?.channel == "leads" && delivered?.platform == "feishu")
        #expect(delivered?.to == "commander, tech-lead, communications")
        // The leads' channel: the Notify KPI stops on this delivery.
        #expect(delivered?.leads == true)
        notifier.signal(SIGTERM)
        #expect(await notifier.wait(timeout: .seconds(20)))
        #expect(notifier.exitCode == 0)
        // The secret is in no log and no journal line.
        #expect(!notifier.stderr.contains("s3cret") && !fileText(journal).contains("s3cret"))
        #expect(!notifier.stderr.contains("0f1e2d3c") && !fileText(journal).contains("0f1e2d3c"))
    }

    @Test("A wrong secret: Feishu answers 19021, the journal records a final failure and the notifier does not try again")
    func aBadSignatureIsFinal() async throws {
        let dir = TempDir()
        let fake = try await FakeChat(dir, platform: "feishu", extra: ["--secret", "the-right-one"])
        let journal = dir.file("room.jsonl")
        let config = try feishuConfig(dir, port: fake.port, secret: "a-wrong-one")
        try await declare(journal, "DB down")
        let notifier = try startNotifier(dir, journal: journal, config: config, name: "n1")
        let failed = try await eventually {
            try notifyState(journal).notifyMessages.values.first { if case .failed = $0.outcome { return true } else { return false } }
        }
        guard case .failed(_, let reason, _, let final)? = failed?.outcome else {
            Issue.record("no failure recorded")
            return
        }
        #expect(final && reason.contains("19021"))
        notifier.signal(SIGTERM)
        _ = await notifier.wait(timeout: .seconds(20))
        #expect(fake.requests.map { $0["status"] as? String } == ["bad-signature"])
    }

    /// Kills the notifier at a step of a send, restarts it, and checks that the message went at
    /// most once and that the next one is not lost.
    func killAndRestart(step: String) async throws {
        let dir = TempDir()
        let pidFile = dir.file("notifier.pid")
        let fake = try await FakeChat(
            dir, platform: "feishu",
            extra: ["--secret", "s3cret-feishu"] + (step == "after-request" ? ["--kill-pid-file", pidFile, "--kill-on", "1"] : []))
        let journal = dir.file("room.jsonl")
        let config = try feishuConfig(dir, port: fake.port)
        let first = try startNotifier(
            dir, journal: journal, config: config, name: "first", env: step == "claim" ? ["WARROOM_NOTIFY_STOP_AFTER": "claim"] : [:])
        try writeFile(pidFile, String(first.pid))
        try await declare(journal, "Login failures over 5%")
        switch step {
        case "after-record":
            _ = try await eventually { try notifyState(journal).orderedIncidents.first?.deliveries.first }
            first.signal(SIGKILL)
        default:
            break
        }
        #expect(await first.wait(timeout: .seconds(20)))
        #expect(first.termSignal == SIGKILL, "\(first.stderr)")
        let declared = try notifyState(journal).notifyMessages
        #expect(declared.count == 1)

        let second = try startNotifier(dir, journal: journal, config: config, name: "second")
        try await warroomOK(["severity", "2", "--reason", "contained to one region"], journal)
        let next = try await eventually(timeout: .seconds(15)) { fake.delivered.first { $0.contains("L1 → L2") } }
        #expect(next != nil, "\(second.stderr)")
        // The first message: sent once (the request reached the platform) or never (killed before it).
        let firstTexts = fake.requests.filter {
            ($0["text"] as? String)?.contains("Login failures") == true && !($0["text"] as? String ?? "").contains("L1 → L2")
        }
        #expect(firstTexts.count == (step == "claim" ? 0 : 1), "\(fake.requests)")
        let state = try notifyState(journal)
        let firstMessage = try #require(declared.keys.first)
        switch state.notifyMessages[firstMessage]?.outcome {
        case .sent?:
            #expect(step == "after-record")
        case .failed(_, let reason, _, let final)?:
            #expect(step != "after-record" && final && reason.hasPrefix("may have been delivered"))
        default:
            Issue.record("the first message has no outcome: \(String(describing: state.notifyMessages[firstMessage]))")
        }
        second.signal(SIGTERM)
        #expect(await second.wait(timeout: .seconds(20)))
        #expect(fake.requests.filter { ($0["text"] as? String)?.contains("L1 → L2") == true }.count == 1)
    }

    @Test("Killed right after the claim, before the request: never sent, recorded as may-have-been-delivered, nothing else lost")
    func killedAfterTheClaim() async throws { try await killAndRestart(step: "claim") }

    @Test("Killed after the request, before the record: arrives once, recorded as may-have-been-delivered, not resent")
    func killedAfterTheRequest() async throws { try await killAndRestart(step: "after-request") }

    @Test("Killed after the record: not resent by the next notifier")
    func killedAfterTheRecord() async throws { try await killAndRestart(step: "after-record") }

    @Test("Two notifiers on one journal: each message arrives once")
    func twoNotifiersSendEachMessageOnce() async throws {
        let dir = TempDir()
        let fake = try await FakeChat(dir, platform: "feishu", extra: ["--secret", "s3cret-feishu"])
        let journal = dir.file("room.jsonl")
        let config = try feishuConfig(dir, port: fake.port)
        let a = try startNotifier(dir, journal: journal, config: config, name: "a")
        let b = try startNotifier(dir, journal: journal, config: config, name: "b")
        try await declare(journal, "Checkout errors")
        try await warroomOK(["severity", "2"], journal)
        try await warroomOK(["phase", "verified"], journal)
        try await warroomOK(["severity", "1"], journal)
        try await warroomOK(["phase", "contained"], journal)
        let all = try await eventually(timeout: .seconds(15)) { fake.delivered.count >= 5 ? fake.delivered : nil }
        #expect(all?.count == 5, "\(fake.requests)")
        // Give a second notifier every chance to send one again: both keep following the journal.
        try await warroomOK(["note", "both notifiers still running"], journal)
        let settled = try await eventually(timeout: .seconds(10)) {
            try notifyState(journal).notifyMessages.values.allSatisfy(\.isSettled) ? true : nil
        }
        #expect(settled == true)
        #expect(Set(fake.delivered).count == fake.delivered.count && fake.delivered.count == 5, "\(fake.delivered)")
        a.signal(SIGTERM)
        b.signal(SIGTERM)
        #expect(await a.wait(timeout: .seconds(20)) && a.exitCode == 0)
        #expect(await b.wait(timeout: .seconds(20)) && b.exitCode == 0)
    }

    @Test("A burst beyond DingTalk's 20 a minute: merged into summaries, nothing lost, the limit kept")
    func aBurstBecomesSummaries() async throws {
        let dir = TempDir()
        let fake = try await FakeChat(dir, platform: "dingtalk", extra: ["--secret", "SECding", "--per-minute", "20"])
        let journal = dir.file("room.jsonl")
        let secretFile = dir.file("ding.secret")
        try writeFile(secretFile, "SECding")
        chmod(secretFile, 0o600)
        let config = dir.file("notify.toml")
        try writeFile(
            config,
            """
            [[channels]]
            name = "ops"
            kind = "dingtalk"
            url = "http://127.0.0.1:\(fake.port)/robot/send?access_token=tok123"
            secret_file = "\(secretFile)"
            """)
        try await declare(journal, "Burst", severity: 2)
        var lines = ""
        for k in 0..<60 {
            lines += "{\"type\":\"incident.severity\",\"data\":{\"severity\":\(k % 2 == 0 ? 1 : 2),\"reason\":\"step \(k)\"}}\n"
        }
        let r = try await warroom(["append", "--journal", journal], stdin: lines, environment: childEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
        let notifier = try startNotifier(dir, journal: journal, config: config, name: "n")
        // 61 messages owed; every one settled as sent, directly or inside a summary.
        let done = try await eventually(timeout: .seconds(30)) {
            let s = try notifyState(journal)
            let sent = s.notifyMessages.values.filter { if case .sent = $0.outcome { return true } else { return false } }
            return sent.count >= 61 + fake.delivered.filter { $0.contains("updates") }.count ? s : nil
        }
        #expect(done != nil, "\(notifier.stderr)")
        let summaries = fake.delivered.filter {
            $0.hasPrefix("61 updates") || $0.range(of: #"^\d+ updates"#, options: .regularExpression) != nil
        }
        #expect(!summaries.isEmpty)
        #expect(
            fake.requests.count <= 20 && fake.requests.allSatisfy { $0["status"] as? String == "ok" },
            "\(fake.requests.map { $0["status"] ?? "" })")
        // Every step appears in what arrived.
        let everything = fake.delivered.joined(separator: "\n")
        for k in 0..<60 { #expect(everything.contains("step \(k)")) }
        notifier.signal(SIGTERM)
        _ = await notifier.wait(timeout: .seconds(20))
    }

    @Test(
        "On a database journal: a declaration reaches WeCom and is recorded sent",
        .enabled(if: PostgresCluster.available, Comment(rawValue: PostgresCluster.absent)))
    func onADatabaseJournal() async throws {
        let dir = TempDir()
        let fake = try await FakeChat(dir, platform: "wecom", extra: ["--key", "wecom-key-1"])
        let journal = try PostgresCluster.uri()
        let config = dir.file("notify.toml")
        try writeFile(
            config,
            """
            [[channels]]
            name = "war-room"
            kind = "wecom"
            url = "http://127.0.0.1:\(fake.port)/cgi-bin/webhook/send?key=wecom-key-1"
            """)
        try await declare(journal, "Database journal outage drill")
        let notifier = try startNotifier(dir, journal: journal, config: config, name: "n")
        let text = try await eventually(timeout: .seconds(15)) { fake.delivered.first }
        #expect(text?.contains("Database journal outage drill") == true, "\(notifier.stderr)")
        let delivered = try await eventually { try notifyState(journal).orderedIncidents.first?.deliveries.first }
        #expect(delivered?.platform == "wecom")
        #expect(!notifier.stderr.contains("wecom-key-1"))
        notifier.signal(SIGTERM)
        #expect(await notifier.wait(timeout: .seconds(20)) && notifier.exitCode == 0)
    }

    @Test("A command channel: the message on standard input, the secret only in its environment, never in its arguments")
    func aCommandChannelGetsTheTextOnStandardInput() async throws {
        let dir = TempDir()
        let journal = dir.file("room.jsonl")
        let out = dir.file("relay.out")
        let script = dir.file("relay.sh")
        try writeFile(
            script,
            "#!/bin/sh\nprintf 'args:%s\\n' \"$*\" >> \(shellQuote(out))\nprintf 'secret:%s message:%s\\n' \"$WARROOM_NOTIFY_SECRET\" \"$WARROOM_NOTIFY_MESSAGE\" >> \(shellQuote(out))\ncat >> \(shellQuote(out))\n"
        )
        chmod(script, 0o755)
        let config = dir.file("notify.toml")
        try writeFile(
            config,
            """
            [[channels]]
            name = "relay"
            kind = "command"
            command = ["\(script)", "--group", "war-room"]
            secret_env = "RELAY_TOKEN"
            language = "zh"
            """)
        try await declare(journal, "机房断电")
        let notifier = try startNotifier(dir, journal: journal, config: config, name: "n", env: ["RELAY_TOKEN": "tok-9f8e"])
        let text = try await eventually(timeout: .seconds(10)) { fileText(out).contains("机房断电") ? fileText(out) : nil }
        #expect(text?.contains("args:--group war-room\n") == true, "\(notifier.stderr)")
        #expect(text?.contains("secret:tok-9f8e message:e-") == true)
        #expect(text?.contains("一级") == true)
        let delivered = try await eventually { try notifyState(journal).orderedIncidents.first?.deliveries.first }
        #expect(delivered?.platform == "command")
        notifier.signal(SIGTERM)
        #expect(await notifier.wait(timeout: .seconds(20)) && notifier.exitCode == 0)
        #expect(!notifier.stderr.contains("tok-9f8e") && !fileText(journal).contains("tok-9f8e"))
    }

    @Test("A channel's proxy: the request goes through it (the fake platform stands in for the proxy)")
    func aChannelsProxyCarriesItsRequests() async throws {
        let dir = TempDir()
        let fake = try await FakeChat(dir, platform: "feishu", extra: ["--secret", "s3cret-feishu"])
        let journal = dir.file("room.jsonl")
        let config = try feishuConfig(dir, port: fake.port, extra: "proxy = \"http://127.0.0.1:\(fake.port)\"")
        // An address no resolver knows: only the proxy can carry the request.
        try writeFile(
            config,
            fileText(config).replacingOccurrences(of: "http://127.0.0.1:\(fake.port)/open-apis", with: "http://feishu.invalid/open-apis"))
        try await declare(journal, "Through the proxy")
        let notifier = try startNotifier(dir, journal: journal, config: config, name: "n")
        let text = try await eventually(timeout: .seconds(10)) { fake.delivered.first }
        #expect(text?.contains("Through the proxy") == true, "\(notifier.stderr)")
        #expect((fake.requests.first?["path"] as? String)?.hasPrefix("http://feishu.invalid/open-apis/bot/v2/hook/") == true)
        notifier.signal(SIGTERM)
        #expect(await notifier.wait(timeout: .seconds(20)) && notifier.exitCode == 0)
    }

    @Test("A reminder from the journal and the clock: the external update overdue, @-mentioning the communications lead, once")
    func anOverdueExternalUpdateIsRemindedOnce() async throws {
        let dir = TempDir()
        let fake = try await FakeChat(dir, platform: "feishu", extra: ["--secret", "s3cret-feishu"])
        let journal = dir.file("room.jsonl")
        let config = try feishuConfig(dir, port: fake.port, extra: "")
        try writeFile(config, "catch_up = \"2h\"\n" + fileText(config))
        // Declared 61 minutes ago at L1: the plans' hourly external update is a minute overdue.
        let t = { (minutes: Double) in RFC3339.format(Date().addingTimeInterval(-minutes * 60)) }
        let lines = [
            #"{"type":"incident.declared","incident":"INC-7","ts":"\#(t(61))","data":{"title":"Card data exposed","severity":1}}"#,
            #"{"type":"member.joined","incident":"INC-7","ts":"\#(t(60))","data":{"member":"carol","contact":"carol@example.com feishu:ou_carol"}}"#,
            #"{"type":"role.assigned","incident":"INC-7","ts":"\#(t(60))","data":{"role":"communications","member":"carol"}}"#,
        ]
        let r = try await warroom(
            ["append", "--journal", journal], stdin: lines.joined(separator: "\n") + "\n", environment: childEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
        let notifier = try startNotifier(dir, journal: journal, config: config, name: "n")
        let reminder = try await eventually(timeout: .seconds(10)) { fake.delivered.first { $0.contains("external update overdue") } }
        #expect(reminder?.hasPrefix("INC-7: external update overdue (the plan asks for one every 1h 00m)") == true, "\(fake.delivered)")
        #expect(reminder?.hasSuffix("\n<at user_id=\"ou_carol\">carol</at>") == true)
        // Once per deadline: later looks (the one that sends the phase change, at least) send it no more.
        try await warroomOK(["phase", "verified", "--incident", "INC-7"], journal)
        let phase = try await eventually(timeout: .seconds(10)) { fake.delivered.first { $0.contains("phase → verified") } }
        #expect(phase != nil)
        #expect(fake.delivered.filter { $0.contains("external update overdue") }.count == 1)
        notifier.signal(SIGTERM)
        #expect(await notifier.wait(timeout: .seconds(20)) && notifier.exitCode == 0)
    }
}
