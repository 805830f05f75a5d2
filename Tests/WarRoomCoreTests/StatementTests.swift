import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Issue 18, "One voice": a statement drafted, approved by whoever the policy names, then
/// published with exactly the approved text; an unapproved one refused where the policy says so.
@Suite("Statements: drafted, approved, published")
struct StatementTests {
    let catalog = PlaybookCatalog.load(directory: playbooksDirectory)

    func drafted(
        _ id: String, _ text: String, to audience: String = "external", incident: String = "INC-1", at t: TimeInterval, by: String = "bob"
    )
        -> String
    {
        ev("comms.drafted", incident, at: t, actor: by, ["draft": .string(id), "audience": .string(audience), "text": .string(text)])
    }

    func published(_ id: String?, _ text: String, to audience: String = "external", at t: TimeInterval, by: String = "bob") -> String {
        var d: JSONObject = ["audience": .string(audience), "text": .string(text)]
        if let id { d["draft"] = .string(id) }
        return ev("comms.published", at: t, actor: by, d)
    }

    /// INC-1 at L2 with alice commander and bob communications lead.
    var team: [String] {
        [
            declareLine(),
            ev("role.assigned", at: 1, ["role": "commander", "member": "alice"]),
            ev("role.assigned", at: 2, ["role": "communications", "member": "bob"]),
        ]
    }

    @Test func foldsDraftApprovalAndPublication() throws {
        let s = read(
            team + [
                drafted("S-1", "We are on it", at: 10),
                ev("comms.approved", at: 20, actor: "alice", ["draft": "S-1"]),
                published("S-1", "We are on it", at: 30),
                drafted("S-2", "Draft two", at: 40),
                ev("comms.rejected", at: 50, actor: "alice", ["draft": "S-2", "reason": "too vague"]),
            ]
        ).state
        #expect(s.badLines.isEmpty, "\(s.badLines)")
        let s1 = try #require(s.statements["S-1"])
        #expect(s1.status == .published && s1.draftedBy == "bob")
        #expect(s1.approval?.by == "alice" && s1.approval?.at == T0.addingTimeInterval(20))
        #expect(s1.publication?.at == T0.addingTimeInterval(30))
        #expect(s.incidents["INC-1"]?.comms.last?.draft == "S-1")
        #expect(s.statements["S-2"]?.status == .rejected && s.statements["S-2"]?.rejectionReason == "too vague")
        #expect(s.statements(of: "INC-1").map(\.id) == ["S-1", "S-2"])
        #expect(Statement.nextID(in: s) == "S-3")
        #expect(s.statement("s-1")?.id == "S-1")
    }

    @Test func theStateRefusesAnotherTextASecondPublishAndDecisionsTwice() {
        let s = read(
            team + [
                declareLine("INC-2", at: 3),
                drafted("S-1", "We are on it", at: 10), drafted("S-1", "again", at: 11),
                ev("comms.approved", at: 20, actor: "alice", ["draft": "S-1"]),
                ev("comms.approved", at: 21, actor: "alice", ["draft": "S-1"]),
                ev("comms.approved", "INC-2", at: 22, actor: "alice", ["draft": "S-1"]),
                published("S-1", "We are on it, edited", at: 30),
                published("S-1", "We are on it", at: 31),
                published("S-1", "We are on it", at: 32),
                ev("comms.rejected", at: 33, actor: "alice", ["draft": "S-1", "reason": "late"]),
                ev("comms.approved", at: 34, actor: "alice", ["draft": "S-9"]),
            ]
        ).state
        #expect(
            s.badLines.map(\.reason) == [
                "statement S-1 already exists (drafted on line 5); give another id",
                "statement S-1 is already approved",
                "statement S-1 belongs to INC-1, not to this incident",
                "the published text differs from statement S-1 as drafted; publish it unchanged, or draft a new statement",
                "statement S-1 is already published",
                "statement S-1 is already published",
                "no statement S-9; `warroom comms drafts` lists them",
            ])
        // The refused publish is not in the communication log; the good one is, once.
        #expect(s.incidents["INC-1"]?.comms.map(\.text) == ["We are on it"])
    }

    @Test func thePolicyRefusesAnUnapprovedExternalStatementAndSaysWhoApproves() throws {
        let s = read(team).state
        let inc = try #require(s.incidents["INC-1"])
        let refusal = Action.refusal(of: .comms(audience: .external, channel: nil, text: "We are on it"), on: inc, in: s, catalog: catalog)
        #expect(
            refusal?.reason
                == "a statement to external at L2 must be approved before it is published, by the emergency team (alice, bob); draft it with `warroom comms draft --to external \"…\"` (or the console's c key), have it approved with `warroom comms approve S-n`, then `warroom comms publish S-n`"
        )
        // Internal and management messages need none under the shipped policy.
        #expect(Action.refusal(of: .comms(audience: .internal, channel: nil, text: "hi"), on: inc, in: s, catalog: catalog) == nil)
        #expect(Action.refusal(of: .comms(audience: .management, channel: nil, text: "hi"), on: inc, in: s, catalog: catalog) == nil)
        // A relaxed policy lets the direct form through.
        var relaxed = catalog
        relaxed.policy.approvals.rules[.external] = nil
        #expect(Action.refusal(of: .comms(audience: .external, channel: nil, text: "x"), on: inc, in: s, catalog: relaxed) == nil)
    }

    @Test func approvalFollowsThePolicyAndTheDrafterDoesNotApproveTheirOwn() throws {
        let s = read(team + [drafted("S-1", "We are on it", at: 10, by: "bob")]).state
        let inc = try #require(s.incidents["INC-1"])
        // Published before approval: refused, saying who approves.
        #expect(
            Action.refusal(of: .publishStatement(id: "S-1"), in: s, catalog: catalog)?.reason
                == "S-1 is not approved yet; a statement to external at L2 needs approval by the emergency team (alice, bob): `warroom comms approve S-1`, then publish it"
        )
        #expect(
            Action.refusal(of: .approveStatement(id: "S-1", by: "bob"), in: s, catalog: catalog)?.reason
                == "bob drafted S-1, so someone else must approve it: the emergency team (alice)")
        #expect(
            Action.refusal(of: .approveStatement(id: "S-1", by: "mallory"), in: s, catalog: catalog)?.reason
                == "mallory cannot approve S-1: a statement to external at L2 is approved by the emergency team (alice)")
        let ok = try Action.approveStatement(id: "s-1", by: "alice").drafts(on: nil, in: s, catalog: catalog)
        #expect(ok.map(\.kind) == [.commsApproved] && ok.first?.incident == "INC-1")
        // The commander-only policy: the communications lead may not.
        var commander = catalog
        commander.policy.approvals.rules[.external] = [.l2: .commander]
        #expect(Action.refusal(of: .approveStatement(id: "S-1", by: "alice"), in: s, catalog: commander) == nil)
        commander.policy.approvals.rules[.external] = [.l2: .communications]
        #expect(Action.refusal(of: .approveStatement(id: "S-1", by: "alice"), in: s, catalog: commander) != nil)
        // Self-approval allowed by the policy.
        var selfOK = catalog
        selfOK.policy.approvals.selfApproval = true
        #expect(Action.refusal(of: .approveStatement(id: "S-1", by: "bob"), in: s, catalog: selfOK) == nil)
        _ = inc
    }

    @Test func theApprovedTextIsWhatIsPublished() throws {
        let lines = team + [drafted("S-1", "【情况说明】我们正在处理。", at: 10), ev("comms.approved", at: 20, actor: "alice", ["draft": "S-1"])]
        let s = read(lines).state
        let pub = try Action.publishStatement(id: "S-1").drafts(on: nil, in: s, catalog: catalog)
        #expect(pub.map(\.kind) == [.commsPublished])
        #expect(pub.first?.data["text"]?.stringValue == "【情况说明】我们正在处理。")
        #expect(pub.first?.data["audience"]?.stringValue == "external" && pub.first?.data["draft"]?.stringValue == "S-1")
        // A rejected draft is never published.
        let r = read(team + [drafted("S-1", "x", at: 10), ev("comms.rejected", at: 20, actor: "alice", ["draft": "S-1", "reason": "no"])])
            .state
        #expect(
            Action.refusal(of: .publishStatement(id: "S-1"), in: r, catalog: catalog)?.reason
                == "statement S-1 was rejected; draft a new one")
    }

    @Test func aDraftGetsTheNextIdEvenWhenBuiltAgainstAnOlderState() throws {
        let s = read(team + [drafted("S-1", "one", at: 10)]).state
        let inc = try #require(s.incidents["INC-1"])
        let d = try Action.draftStatement(audience: .regulator, channel: "letter", text: "two", template: nil).drafts(
            on: inc, in: s, catalog: catalog)
        #expect(d.first?.data["draft"]?.stringValue == "S-2")
        // Stamped against a state where S-2 was taken meanwhile: renumbered.
        let later = read(team + [drafted("S-1", "one", at: 10), drafted("S-2", "other", at: 11)]).state
        let stamped = Action.stamp(d, in: later, actor: "bob", login: "bob", at: T0)
        #expect(stamped.first?.data["draft"]?.stringValue == "S-3")
        #expect(
            Action.refusal(
                of: .draftStatement(audience: .external, channel: nil, text: " ", template: nil), on: inc, in: s, catalog: catalog)?
                .reason == "the statement's text is empty; give the text to be approved")
        #expect(
            Action.refusal(of: .rejectStatement(id: "S-1", by: "alice", reason: ""), in: s, catalog: catalog)?.reason
                == "say why S-1 is rejected: --reason \"…\"")
    }

    @Test func thePolicyFileSaysWhoApproves() throws {
        #expect(catalog.policy.approvals == StatementApprovals.plans)
        #expect(catalog.policy.approvals.approver(for: .external, at: .l3) == .team)
        #expect(catalog.policy.approvals.approver(for: .regulator, at: .l1) == .team)
        #expect(catalog.policy.approvals.approver(for: .internal, at: .l1) == .none)
        let dir = TempDir("approvals")
        let path = dir.file("policy.toml")
        try writeFile(path, "[approvals]\nexternal = { L1 = \"commander\", L2 = \"communications\" }\nself_approval = true\n")
        let p = try Policy.load(path: path)
        #expect(p.approvals.approver(for: .external, at: .l1) == .commander)
        #expect(p.approvals.approver(for: .external, at: .l2) == .communications)
        #expect(p.approvals.approver(for: .external, at: .l3) == .none)
        #expect(p.approvals.approver(for: .regulator, at: .l1) == .none)
        #expect(p.approvals.selfApproval)
        try writeFile(path, "[approvals]\nexternal = \"ceo\"\n")
        #expect(throws: ConfigError.self) { try Policy.load(path: path) }
        do {
            _ = try Policy.load(path: path)
        } catch {
            #expect(
                error.description.contains(
                    "approvals: external must be one of \"none\", \"communications\", \"commander\", \"team\""), "\(error)")
        }
    }

    @Test func templatesAreFilledFromTheIncident() throws {
        let s = read([
            declareLine(title: "支付故障"), ev("counter.set", at: 5, ["name": "leaked_records", "value": 12000]),
        ]).state
        let inc = try #require(s.incidents["INC-1"])
        let breach = try #require(catalog.playbook(named: "data-breach"))
        #expect(breach.statements.map(\.id) == ["holding", "apology", "compensation", "all-clear", "regulator-notice"])
        let utc = try #require(TimeZone(identifier: "UTC"))
        let apology = try #require(breach.statements.first { $0.id == "apology" })
        let zh = try apology.filled(for: inc, chinese: true, now: T0, nextUpdate: T0.addingTimeInterval(3600), timeZone: utc)
        #expect(zh.hasPrefix("【致歉声明】11月22日 08:00，") && zh.contains("约12,000条记录"), "\(zh)")
        let reg = try #require(breach.statements.first { $0.id == "regulator-notice" })
        let en = try reg.filled(for: inc, chinese: false, now: T0, nextUpdate: T0.addingTimeInterval(3600), timeZone: utc)
        #expect(en.hasPrefix("Incident report (INC-1, L2): 支付故障. Found at 22 Nov 08:00.") && en.contains("by 22 Nov 09:00"), "\(en)")
        // A counter not reported yet: said, with what to do.
        let bare = try #require(read([declareLine()]).state.incidents["INC-1"])
        #expect(throws: EventError.self) { try apology.filled(for: bare, chinese: false, now: T0, nextUpdate: T0, timeZone: utc) }
        // Every shipped playbook carries the four kinds, in both languages.
        for p in catalog.playbooks {
            for id in ["holding", "apology", "compensation", "all-clear"] {
                let t = try #require(p.statements.first { $0.id == id }, "\(p.name) has no \(id)")
                #expect(t.textZh?.isEmpty == false && t.titleZh?.isEmpty == false)
            }
        }
    }

    @Test func theReportShowsWhoApprovedWhatAndWhen() throws {
        let s = read(
            team + [
                drafted("S-1", "We are | on it", at: 600, by: "bob"),
                ev("comms.approved", at: 720, actor: "alice", ["draft": "S-1"]),
                published("S-1", "We are | on it", at: 780),
                drafted("S-2", "<b>Too early</b>", at: 900),
                ev("comms.rejected", at: 960, actor: "alice", ["draft": "S-2", "reason": "wait for the cause"]),
            ]
        ).state
        let inc = try #require(s.incidents["INC-1"])
        let utc = try #require(TimeZone(identifier: "UTC"))
        let r = PostmortemReport(
            incident: inc, state: s, catalog: catalog, now: T0.addingTimeInterval(3600), journalPath: "j", timeZone: utc)
        let md = r.markdown()
        #expect(md.contains("### Statements and approvals"), "\(md)")
        #expect(md.contains("| S-1 | external | \(ts(600)) by bob | \(ts(720)) by alice | \(ts(780)) by bob | We are \\| on it |"), "\(md)")
        #expect(md.contains("| S-2 | external | \(ts(900)) by bob | **rejected** \(ts(960)) by alice: wait for the cause | — |"), "\(md)")
        let html = r.html()
        #expect(
            html.contains("<h3>Statements and approvals</h3>") && html.contains("\(ts(720)) by alice")
                && html.contains("&lt;b&gt;Too early"))
        guard case .object(let o) = r.json(), case .array(let list)? = o["statements"], case .object(let first)? = list.first else {
            Issue.record("no statements in the JSON")
            return
        }
        #expect(first["approved"] == .object(["at": .string(ts(720)), "by": "alice"]))
        #expect(first["published"] == .object(["at": .string(ts(780)), "by": "bob"]) && first["text"] == "We are | on it")
        // In Chinese too.
        let zh = inLanguage(.chinese) { r.markdown() }
        #expect(zh.contains("### 声明及审核") && zh.contains("alice（\(ts(720))）"), "\(zh)")
        // No statements: no section (reports of incidents without any stay as they were).
        let plain = PostmortemReport(
            incident: try #require(read(team).state.incidents["INC-1"]), state: read(team).state, catalog: catalog, now: T0,
            journalPath: "j")
        #expect(!plain.markdown().contains("Statements and approvals"))
    }

    @Test func aPlaybookWithAnUnknownPlaceholderIsRefusedNamingIt() throws {
        let dir = TempDir("templates")
        let path = dir.file("x.toml")
        try writeFile(
            path,
            "name = \"x\"\ntitle = \"X\"\n\n[[statements]]\nid = \"holding\"\ntitle = \"Holding\"\naudience = \"external\"\ntext = \"Since {strated}\"\n"
        )
        do {
            _ = try Playbook.load(path: path)
            Issue.record("accepted an unknown placeholder")
        } catch {
            #expect(error.description.contains("x.toml:8: statement template holding: text: unknown placeholder \"strated\""), "\(error)")
        }
    }
}

@Suite("warroom comms draft, approve, publish", .enabled(if: warroomBinary != nil, "needs the warroom binary"))
struct StatementCLITests {
    @Test func anExternalStatementGoesOutOnlyOnceApproved() async throws {
        let dir = TempDir("statements")
        let j = dir.file("j.jsonl")
        func run(_ args: [String], as who: String = "alice", _ extra: [String: String] = [:]) async throws -> ProcessResult {
            try await warroom(["--as", who] + args, environment: cliEnvironment(["WARROOM_JOURNAL": j].merging(extra) { $1 }))
        }
        _ = try await run(["declare", "--severity", "2", "--title", "Payment outage", "--playbook", "website-crisis"])
        _ = try await run(["assign", "commander", "alice"])
        _ = try await run(["assign", "communications", "bob"])
        // The old direct form: refused for external, saying who approves and what to do.
        let direct = try await run(["comms", "--to", "external", "We are on it"], as: "bob")
        #expect(direct.status != 0)
        #expect(
            direct.stderr.contains(
                "a statement to external at L2 must be approved before it is published, by the emergency team (alice, bob); draft it with `warroom comms draft --to external"
            ), "\(direct.stderr)")
        let zh = try await run(["comms", "--audience", "external", "We are on it"], as: "bob", ["WARROOM_LANG": "zh"])
        #expect(zh.status != 0 && zh.stderr.contains("须经审核后才能发布"), "\(zh.stderr)")
        // Internal still goes out directly.
        let internalNote = try await run(["comms", "--audience", "internal", "Bridge open"])
        #expect(internalNote.status == 0, "\(internalNote.stderr)")
        let draft = try await run(["comms", "draft", "--to", "external", "--channel", "weibo", "We", "are", "on", "it"], as: "bob")
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.stdout.contains("statement S-1 drafted for external: We are on it"), "\(draft.stdout)")
        #expect(draft.stdout.contains("to be approved by the emergency team (alice): `warroom comms approve S-1`"), "\(draft.stdout)")
        let early = try await run(["comms", "publish", "S-1"], as: "bob")
        #expect(early.status != 0 && early.stderr.contains("S-1 is not approved yet"), "\(early.stderr)")
        let own = try await run(["comms", "approve", "S-1"], as: "bob")
        #expect(own.status != 0 && own.stderr.contains("bob drafted S-1, so someone else must approve it: the emergency team (alice)"))
        let stranger = try await run(["comms", "approve", "S-1"], as: "mallory")
        #expect(stranger.status != 0 && stranger.stderr.contains("mallory cannot approve S-1"), "\(stranger.stderr)")
        let ok = try await run(["comms", "approve", "S-1"])
        #expect(ok.status == 0 && ok.stdout.contains("statement S-1 approved"), "\(ok.stderr)")
        let pub = try await run(["comms", "publish", "S-1"], as: "bob")
        #expect(pub.status == 0 && pub.stdout.contains("to external via weibo: We are on it (statement S-1)"), "\(pub.stderr)")
        let again = try await run(["comms", "publish", "S-1"], as: "bob")
        #expect(again.status != 0 && again.stderr.contains("statement S-1 is already published"))
        let list = try await run(["comms", "drafts", "--json"])
        guard case .array(let items) = try JSONParser.parse(Array(list.stdout.utf8)) else {
            Issue.record("not an array: \(list.stdout)")
            return
        }
        let json = try #require(items.first?.objectValue)
        #expect(json["status"]?.stringValue == "published" && json["approved_by"]?.stringValue == "alice")
        #expect(json["drafted_by"]?.stringValue == "bob" && json["text"]?.stringValue == "We are on it")
        let text = try await run(["comms", "drafts"])
        #expect(
            text.stdout.contains("S-1  INC-") && text.stdout.contains("published  drafted by bob, approved by alice at"), "\(text.stdout)")
        // A template, with the incident's figures.
        let t = try await run(["comms", "draft", "--template", "holding"], as: "bob", ["WARROOM_LANG": "zh"])
        #expect(t.status == 0 && t.stdout.contains("S-2") && t.stdout.contains("【情况说明】"), "\(t.stdout)\(t.stderr)")
        let rejected = try await run(["comms", "reject", "S-2", "--reason", "wait for the cause"])
        #expect(rejected.status == 0 && rejected.stdout.contains("statement S-2 rejected: wait for the cause"), "\(rejected.stderr)")
    }
}
