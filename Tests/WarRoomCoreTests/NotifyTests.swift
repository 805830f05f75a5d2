import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// The notifier's pure parts: configuration, wording, platform bodies and signatures, and the
/// planner (what is due when) on a clock the test sets.
@Suite("Notifier: configuration, messages, platforms, planning")
struct NotifyTests {
    static let twoChannels = """
        catch_up = "10m"

        [[channels]]
        name = "leads"
        kind = "feishu"
        url = "https://open.feishu.cn/open-apis/bot/v2/hook/xxxx"
        secret_env = "FEISHU_SECRET"
        to = ["commander", "tech-lead"]
        language = "zh"

        [[channels]]
        name = "ops"
        kind = "dingtalk"
        url = "https://oapi.dingtalk.com/robot/send?access_token=yyyy"
        """

    func config(_ text: String = twoChannels) throws -> NotifyConfig {
        try NotifyConfig.parse(text, path: "notify.toml")
    }

    func failure(_ text: String) -> String {
        do {
            _ = try NotifyConfig.parse(text, path: "notify.toml")
            return ""
        } catch {
            return error.description
        }
    }

    // MARK: configuration

    @Test func aWholeConfigurationReads() throws {
        let c = try config()
        #expect(c.channels.map(\.name) == ["leads", "ops"])
        #expect(c.channels[0].kind == .feishu && c.channels[0].language == .chinese && c.channels[0].to == ["commander", "tech-lead"])
        #expect(c.channels[0].perSecond == 5 && c.channels[0].perMinute == 100)
        #expect(c.channels[1].perMinute == 20)
        #expect(c.catchUp == 600 && c.routes.isEmpty)
    }

    @Test func configurationErrorsNameTheFileTheEntryAndWhatToWrite() {
        #expect(failure("").hasPrefix("notify.toml: no channels: add at least one [[channels]]"))
        #expect(
            failure("[[channels]]\nname = \"leads\"\nkind = \"slack\"\nurl = \"https://x\"\n")
                == "notify.toml:3: channel leads needs kind = \"feishu\", \"dingtalk\", \"wecom\", \"webhook\" or \"command\"")
        #expect(
            failure("[[channels]]\nname = \"leads\"\nkind = \"feishu\"\n")
                == "notify.toml:1: channel leads needs url = \"https://…\" (the bot's webhook address)")
        #expect(
            failure("[[channels]]\nname = \"run\"\nkind = \"command\"\ncommand = \"/bin/relay --token abc\"\n")
                .contains("a command channel needs command = [\"/path/to/program\", \"argument\", …]"))
        #expect(
            failure(Self.twoChannels + "\n[[routes]]\nevents = [\"incident.declared\"]\nchannels = [\"pager\"]\n")
                .contains("route 1: no channel named \"pager\" (channels: leads, ops)"))
        #expect(failure(Self.twoChannels + "\ncolour = \"red\"\n").contains("unknown key \"colour\""))
    }

    @Test func aSecretFileOthersCanReadIsRefused() throws {
        let dir = TempDir()
        let path = dir.file("feishu.secret")
        try writeFile(path, "abc\n")
        chmod(path, 0o644)
        var c = NotifyChannel(name: "leads", kind: .feishu, url: "https://x")
        c.secretFile = path
        #expect(throws: ConfigError.self) { try NotifySecret.read(c, configPath: "notify.toml") }
        do {
            _ = try NotifySecret.read(c, configPath: "notify.toml")
        } catch {
            #expect(error.description.contains(path) && error.description.contains("chmod 600") && error.description.contains("644"))
            #expect(!error.description.contains("abc"))
        }
        chmod(path, 0o600)
        #expect(try NotifySecret.read(c, configPath: "notify.toml") == "abc")
        c.secretFile = nil
        c.secretEnv = "WARROOM_TEST_UNSET_SECRET"
        #expect(throws: ConfigError.self) { try NotifySecret.read(c, configPath: "notify.toml", environment: [:]) }
        #expect(try NotifySecret.read(c, configPath: "notify.toml", environment: ["WARROOM_TEST_UNSET_SECRET": "s\n"]) == "s")
    }

    @Test func withoutRoutesThePlansDefaultsGoToEveryChannel() throws {
        let c = try config()
        func topic(_ t: String, _ d: Bool, role: String? = nil, severity: Severity = .l2) -> NotifyTopic {
            NotifyTopic(trigger: t, severity: severity, role: role, isDefault: d)
        }
        #expect(c.channels(for: topic("incident.declared", true)).count == 2)
        #expect(c.channels(for: topic("note", false)).isEmpty)
        let routed = try config(
            Self.twoChannels + """

                [[routes]]
                events = ["incident.declared", "incident.severity"]
                min_severity = "L1"
                channels = ["ops"]

                [[routes]]
                events = ["reminder.checklist"]
                roles = ["tech-lead"]
                channels = ["leads"]
                """)
        #expect(routed.channels(for: topic("incident.declared", true, severity: .l1)).map(\.name) == ["ops"])
        #expect(routed.channels(for: topic("incident.declared", true, severity: .l2)).isEmpty)
        #expect(routed.channels(for: topic("reminder.checklist", true, role: "tech-lead")).map(\.name) == ["leads"])
        #expect(routed.channels(for: topic("reminder.checklist", true, role: "legal")).isEmpty)
    }

    @Test func contactsSayHowToMentionSomeone() {
        let c = NotifyContact("alice@example.com, feishu:ou_7d8a6e mobile:13800000000; dingtalk:alice01 wecom:AliceW bogus:x")
        #expect(c.feishu == ["ou_7d8a6e"] && c.mobiles == ["13800000000"] && c.dingtalk == ["alice01"] && c.wecom == ["AliceW"])
        #expect(NotifyContact("feishu:<at>evil").isEmpty)
    }

    // MARK: platforms

    @Test func signaturesAreThePlatforms() {
        // Expected values from Python's hmac, computed as each platform's documentation says.
        #expect(NotifyPlatform.feishuSign(timestamp: 1_700_000_000, secret: "SECfeishu") == "T8PVsiE1HpAJWexa3tsPCf4uGJILpRXgMBTql5lUpP0=")
        #expect(
            NotifyPlatform.dingtalkSign(timestamp: 1_700_000_000_123, secret: "SECding") == "w2sRr5ajTnvQ7A9ms+kHfhfJ0Eci3+pVNL/C4j+nBrs=")
    }

    @Test func eachPlatformGetsItsOwnBody() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000.123)
        var text = NotifyText(headline: "INC-1: declared L1 “DB down”", lines: ["L1 · declared · DB down"])
        text.mention = NotifyContact("feishu:ou_1 mobile:13800000000 wecom:w1")
        text.mentionNames = ["alice"]
        let feishu = NotifyPlatform.request(
            NotifyChannel(name: "l", kind: .feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/t"), message: text,
            secret: "SECfeishu",
            now: now, messageID: "m", incident: "INC-1", severity: .l1)
        let f = try #require(try JSONParser.parse(feishu.body).objectValue)
        #expect(f["timestamp"]?.stringValue == "1700000000" && f["sign"]?.stringValue == "T8PVsiE1HpAJWexa3tsPCf4uGJILpRXgMBTql5lUpP0=")
        #expect(f["msg_type"]?.stringValue == "text")
        #expect(f["content"]?.objectValue?["text"]?.stringValue?.hasSuffix("\n<at user_id=\"ou_1\">alice</at>") == true)

        let ding = NotifyPlatform.request(
            NotifyChannel(name: "o", kind: .dingtalk, url: "https://oapi.dingtalk.com/robot/send?access_token=t"), message: text,
            secret: "SECding", now: now, messageID: "m", incident: "INC-1", severity: .l1)
        #expect(
            ding.url
                == "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000123&sign=w2sRr5ajTnvQ7A9ms%2BkHfhfJ0Eci3%2BpVNL%2FC4j%2BnBrs%3D"
        )
        let d = try #require(try JSONParser.parse(ding.body).objectValue)
        #expect(d["msgtype"]?.stringValue == "text")
        #expect(d["at"]?.objectValue?["atMobiles"] == .array(["13800000000"]))
        #expect(d["text"]?.objectValue?["content"]?.stringValue?.hasSuffix("\n@13800000000") == true)

        var long = NotifyText(headline: String(repeating: "数据泄露", count: 400))
        long.mention = NotifyContact("wecom:w1")
        let wecom = NotifyPlatform.request(
            NotifyChannel(name: "w", kind: .wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"), message: long,
            secret: nil,
            now: now, messageID: "m", incident: nil, severity: nil)
        let w = try #require(try JSONParser.parse(wecom.body).objectValue?["text"]?.objectValue)
        let content = try #require(w["content"]?.stringValue)
        #expect(content.utf8.count <= 2048 && content.hasSuffix("…") && content.hasPrefix("数据泄露"))
        #expect(w["mentioned_list"] == .array(["w1"]))
    }

    @Test func repliesAreReadAsThePlatformsMeanThem() {
        func r(_ k: ChannelKind, _ body: String, _ status: Int = 200) -> NotifyReply {
            NotifyPlatform.interpret(k, status: status, body: Array(body.utf8))
        }
        #expect(r(.feishu, #"{"code":0,"data":{},"msg":"success"}"#) == .delivered("code 0 success"))
        guard case .permanent(let bad) = r(.feishu, #"{"code":19021,"msg":"sign match fail"}"#) else {
            Issue.record("19021 is permanent")
            return
        }
        #expect(bad.contains("bad signature"))
        #expect(
            r(.feishu, #"{"code":11232,"msg":"frequency limited"}"#) == .retry("rate limited (Feishu 11232: frequency limited)", after: 60))
        #expect(
            r(.dingtalk, #"{"errcode":130101,"errmsg":"send too fast"}"#)
                == .retry("sending too fast, throttled for 10 minutes (DingTalk 130101: send too fast)", after: 600))
        #expect(
            r(.dingtalk, #"{"errcode":310000,"errmsg":"sign not match"}"#) == .permanent("DingTalk refused it (310000: sign not match)"))
        #expect(
            r(.wecom, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#)
                == .retry("rate limited (WeCom 45009: api freq out of limit)", after: 60))
        #expect(r(.wecom, "oops", 502) == .retry("HTTP 502: oops", after: nil))
        #expect(NotifyPlatform.masked("https://oapi.dingtalk.com/robot/send?access_token=SECRET") == "https://oapi.dingtalk.com/…")
    }

    // MARK: wording

    func state(_ lines: [String]) -> (JournalState, [TimelineEntry]) {
        var r = JournalReader(keepsLog: true)
        r.feed(journalBytes(lines))
        return (r.state, r.log)
    }

    static let declared = [
        declareLine(severity: 1, title: "Payment outage", at: 0),
        ev("role.assigned", at: 10, ["role": "commander", "member": "alice"]),
        ev("member.joined", at: 11, ["member": "carol", "contact": "feishu:ou_carol mobile:13900000000"]),
        ev("role.assigned", at: 12, ["role": "communications", "member": "carol"]),
        ev("counter.set", at: 20, ["name": "leaked_records", "value": 12000]),
    ]

    @Test func aMessageInEnglishAndInChinese() throws {
        let (s, log) = state(Self.declared)
        let inc = try #require(s.incidents["INC-1"])
        let e = log[0]
        let english = NotifyWording.event(e.event, line: e.line, incident: inc, now: T0.addingTimeInterval(192))
        #expect(english.headline == "INC-1: declared L1 “Payment outage”")
        #expect(english.lines == ["L1 · declared · Payment outage", "elapsed 3m 12s · commander: alice", "leaked records 12,000"])
        let chinese = inLanguage(.chinese) { NotifyWording.event(e.event, line: e.line, incident: inc, now: T0.addingTimeInterval(192)) }
        #expect(chinese.headline == "INC-1：宣布一级事件“Payment outage”")
        #expect(chinese.lines[0] == "一级 (L1) · 已宣布 · Payment outage")
        #expect(chinese.lines[1] == "已持续3分12秒 · 指挥官：alice")
    }

    @Test func aReminderMentionsTheRoleHolder() throws {
        let (s, _) = state(Self.declared)
        let inc = try #require(s.incidents["INC-1"])
        let r = NotifyWording.reminder(
            NotifyTrigger.externalUpdate, incident: inc, item: nil, cadence: 3600, role: "communications", state: s,
            now: T0.addingTimeInterval(3700))
        #expect(r.headline == "INC-1: external update overdue (the plan asks for one every 1h 00m)")
        #expect(r.lines.last == "communications: carol")
        #expect(r.mention.feishu == ["ou_carol"] && r.mention.mobiles == ["13900000000"])
        let zh = inLanguage(.chinese) {
            NotifyWording.reminder(
                NotifyTrigger.externalUpdate, incident: inc, item: nil, cadence: 3600, role: "communications", state: s,
                now: T0.addingTimeInterval(3700))
        }
        #expect(zh.headline == "INC-1：对外更新已超时（预案要求每 1小时 更新一次）")
        #expect(zh.lines.last == "传播负责人：carol")
    }

    // MARK: planning, on a clock the test sets

    func planner(_ lines: [String], config c: NotifyConfig, now: Date) -> (NotifyPlanner, JournalState) {
        let (s, log) = state(lines)
        var p = NotifyPlanner(config: c)
        for e in log { p.observe(e.event, line: e.line, now: now) }
        p.observeReminders(state: s, catalog: PlaybookCatalog(), now: now)
        return (p, s)
    }

    static let oneChannel = """
        [[channels]]
        name = "leads"
        kind = "wecom"
        url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
        """

    @Test func aDeclarationIsDueOnceAndItsIdIsDerivedFromTheEvent() throws {
        let c = try config(Self.oneChannel)
        let (p, s) = planner([declareLine(severity: 1)], config: c, now: T0.addingTimeInterval(5))
        let plan = p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(5), alive: { _ in nil })
        #expect(plan.sends.map(\.id) == ["e-line1-leads"])
        let claimed = ev("notify.claimed", at: 6, actor: "notifier", ["message": "e-line1-leads", "channel": "leads"])
        let sent = ev("notify.sent", at: 7, actor: "notifier", ["message": "e-line1-leads", "channel": "leads"])
        let (p2, s2) = planner([declareLine(severity: 1), claimed, sent], config: c, now: T0.addingTimeInterval(8))
        #expect(p2.plan(state: s2, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(8), alive: { _ in nil }).sends.isEmpty)
    }

    @Test func eventsOlderThanCatchUpWhenFirstSeenAreNotSent() throws {
        let c = try config(Self.oneChannel)
        let now = T0.addingTimeInterval(16 * 60)
        let (p, s) = planner([declareLine(severity: 1)], config: c, now: now)
        let plan = p.plan(state: s, catalog: PlaybookCatalog(), now: now, alive: { _ in nil })
        #expect(plan.sends.isEmpty && plan.skippedOld == 1)
    }

    @Test func aFailureIsTriedAgainAtItsTimeUnderANewAttemptId() throws {
        let c = try config(Self.oneChannel)
        let lines = [
            declareLine(severity: 1),
            ev("notify.claimed", at: 1, actor: "notifier", ["message": "e-line1-leads", "channel": "leads"]),
            ev(
                "notify.failed", at: 2, actor: "notifier",
                ["message": "e-line1-leads", "channel": "leads", "reason": "HTTP 502", "retry_at": .string(ts(32))]),
        ]
        let (p, s) = planner(lines, config: c, now: T0.addingTimeInterval(3))
        let early = p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(31), alive: { _ in nil })
        #expect(early.sends.isEmpty && early.wake == T0.addingTimeInterval(32))
        let due = p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(32), alive: { _ in nil })
        #expect(due.sends.map(\.id) == ["e-line1-leads#2"] && due.sends.first?.attempt == 2 && due.sends.first?.retryOf == "e-line1-leads")
        // The backoff doubles, capped.
        #expect([1, 2, 3, 10].map { p.backoff(afterAttempt: $0) } == [30, 60, 120, 900])
    }

    @Test func aClaimWhoseNotifierStoppedIsRecordedNotResent() throws {
        let c = try config(Self.oneChannel)
        let lines = [
            declareLine(severity: 1),
            ev("notify.claimed", at: 1, actor: "notifier", ["message": "e-line1-leads", "channel": "leads", "notifier": "otherhost:42"]),
        ]
        let (p, s) = planner(lines, config: c, now: T0.addingTimeInterval(2))
        // Another host's notifier: only age tells; within two minutes it may still be sending.
        #expect(p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(60), alive: { _ in nil }).abandoned.isEmpty)
        #expect(
            p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(122), alive: { _ in nil }).abandoned.map(\.id) == [
                "e-line1-leads"
            ])
        // This host's, no longer running: at once.
        let now = p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(3), alive: { _ in false })
        #expect(now.abandoned.map(\.id) == ["e-line1-leads"] && now.sends.isEmpty)
    }

    @Test func aBurstBeyondTheLimitBecomesOneSummary() throws {
        let c = try config(Self.oneChannel)
        var lines = [declareLine(severity: 2)]
        for k in 0..<24 { lines.append(ev("incident.severity", at: Double(k + 1), ["severity": .number(Double(k % 2 == 0 ? 1 : 2))])) }
        let (p, s) = planner(lines, config: c, now: T0.addingTimeInterval(30))
        let plan = p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(30), alive: { _ in nil })
        #expect(plan.sends.count == 1)
        let summary = try #require(plan.sends.first)
        #expect(summary.id == "s-e-line1-leads" && summary.covers == 25)
        #expect(summary.text.headline == "25 updates" && summary.text.lines.count == 25)
        #expect(summary.text.text.utf8.count <= 2048)
        let zh = inLanguage(.chinese) { NotifyWording.summary([summary.text], maxBytes: 2048).text.headline }
        #expect(zh == "1 条更新")
    }

    @Test func aFullMinuteWaitsAndSaysWhenItFrees() throws {
        let c = try config(Self.oneChannel)
        var lines = [declareLine(severity: 2)]
        for k in 0..<20 {
            lines.append(ev("notify.claimed", nil, at: Double(k), actor: "notifier", ["message": .string("x\(k)"), "channel": "leads"]))
        }
        let (p, s) = planner(lines, config: c, now: T0.addingTimeInterval(21))
        let plan = p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(21), alive: { _ in nil })
        #expect(plan.sends.isEmpty && plan.wake == T0.addingTimeInterval(60))
    }

    @Test func remindersComeOncePerDeadline() throws {
        let c = try config(Self.oneChannel)
        // L1: an external update every hour (the plans' cadence), from the declaration.
        let base = Array(Self.declared)
        let early = planner(base, config: c, now: T0.addingTimeInterval(3599))
        #expect(!early.0.order.contains { $0.hasPrefix("r-") })
        let late = T0.addingTimeInterval(3601)
        let (p, s) = planner(base, config: c, now: late)
        let id = "r-external_update-INC-1-" + String(Int64(T0.addingTimeInterval(3600).timeIntervalSince1970 * 1000)) + "-leads"
        #expect(p.order.contains(id))
        let plan = p.plan(state: s, catalog: PlaybookCatalog(), now: late, alive: { _ in nil })
        let reminder = try #require(plan.sends.first { $0.id == id })
        #expect(reminder.text.mention.wecom.isEmpty && reminder.text.mention.mobiles == ["13900000000"])
        // Claimed once: not due again for the same deadline.
        let (p2, s2) = planner(
            base + [ev("notify.claimed", at: 3602, actor: "notifier", ["message": .string(id), "channel": "leads"])], config: c,
            now: late.addingTimeInterval(600))
        #expect(
            !p2.plan(state: s2, catalog: PlaybookCatalog(), now: late.addingTimeInterval(600), alive: { _ in nil }).sends.contains {
                $0.id == id
            })
        // A new external statement moves the deadline: a new reminder an hour after it.
        let (p3, _) = planner(
            base + [ev("comms.published", at: 3700, ["audience": "external", "text": "We are on it"])], config: c,
            now: T0.addingTimeInterval(3700 + 3601))
        #expect(
            p3.order.contains {
                $0.hasPrefix("r-external_update-INC-1-" + String(Int64(T0.addingTimeInterval(7300).timeIntervalSince1970 * 1000)))
            })
    }

    @Test func aHandoverOfCommandIsAMessageTheFirstCommanderIsNot() throws {
        let c = try config(Self.oneChannel)
        let lines = [
            declareLine(severity: 2),
            ev("role.assigned", at: 5, ["role": "commander", "member": "alice"]),
            ev("role.assigned", at: 6, ["role": "scribe", "member": "bob"]),
            ev("role.assigned", at: 9, ["role": "commander", "member": "dan"]),
        ]
        let (p, s) = planner(lines, config: c, now: T0.addingTimeInterval(10))
        let plan = p.plan(state: s, catalog: PlaybookCatalog(), now: T0.addingTimeInterval(10), alive: { _ in nil })
        #expect(plan.sends.map(\.id) == ["e-line1-leads", "e-line4-leads"])
        #expect(plan.sends.last?.text.headline == "INC-1: alice hands command to dan")
    }

    @Test func aVeryLongIdIsHashedToFitTheJournal() {
        let long = String(repeating: "x", count: 300)
        let e = Event(v: 1, ts: T0, type: "note", actor: "a", incident: "INC-1", id: long, data: ["text": "t"])
        let id = NotifyPlanner.eventMessageID(e, line: 3, channel: "leads")
        #expect(id.hasPrefix("h-") && id.utf8.count == 66)
        #expect(id == NotifyPlanner.eventMessageID(e, line: 9, channel: "leads"))
        #expect(id != NotifyPlanner.eventMessageID(e, line: 3, channel: "ops"))
    }

    @Test func aWebhookGetsTheDocumentedJSONAndASignedBody() throws {
        #expect(
            NotifyPlatform.webhookSignature(body: Array(#"{"a":1}"#.utf8), secret: "whsec")
                == "sha256=19373ef0e8c66f206e49d251e4402291615bbce6ef00922e94a47a213fb76ee1")
        let req = NotifyPlatform.request(
            NotifyChannel(name: "pager", kind: .webhook, url: "https://hooks.example.com/warroom"),
            message: NotifyText(headline: "INC-1: declared L1 “DB down”", lines: ["L1 · declared · DB down"]), secret: nil, now: T0,
            messageID: "e-1-pager", incident: "INC-1", severity: .l1)
        let o = try #require(try JSONParser.parse(req.body).objectValue)
        #expect(o.keys == ["source", "message", "channel", "headline", "text", "incident", "severity", "mentions"])
        #expect(o["text"]?.stringValue == "INC-1: declared L1 “DB down”\nL1 · declared · DB down")
        #expect(req.url == "https://hooks.example.com/warroom")
    }

    @Test func configurationErrorsInChinese() {
        let zh = inLanguage(.chinese) { failure("[[channels]]\nname = \"leads\"\nkind = \"feishu\"\n") }
        #expect(zh == "notify.toml:1: 通道 leads 需要 url = \"https://…\"（机器人的 Webhook 地址）")
    }
}
