import Foundation
import Testing

@testable import WarRoomCore

/// The shipped catalog, loaded once.
let shippedCatalog = PlaybookCatalog.load(directory: playbooksDirectory)

/// A small valid playbook; tests break one line of it. Line numbers are fixed:
///  1 name, 10 first item header, 15 second item header, 16 its id, 17 its text, 19 its due.
func samplePlaybook(name: String = "sample") -> [String] {
    [
        "name = \"\(name)\"",  // 1
        "title = \"Sample\"",  // 2
        "severities = [1, 2, 3]",  // 3
        "",  // 4
        "[roles]",  // 5
        "L1 = [\"commander\", \"legal\"]",  // 6
        "L2 = [\"commander\"]",  // 7
        "L3 = [\"commander\"]",  // 8
        "",  // 9
        "[[phases.declared]]",  // 10
        "id = \"a\"",  // 11
        "text = \"A\"",  // 12
        "text_zh = \"甲\"",  // 13
        "",  // 14
        "[[phases.declared]]",  // 15
        "id = \"b\"",  // 16
        "text = \"B\"",  // 17
        "text_zh = \"乙\"",  // 18
        "due = \"30m\"",  // 19
        "",  // 20
        "[[phases.closed]]",  // 21
        "id = \"c\"",  // 22
        "text = \"C\"",  // 23
        "text_zh = \"丙\"",  // 24
        "min_severity = 1",  // 25
    ]
}

/// A small valid policy; line 1 is the first target header, line 5 its L2 limit.
func samplePolicy() -> [String] {
    [
        "[targets.time_to_notify]",  // 1
        "title = \"Notify\"",  // 2
        "measured = \"declaration → first internal comms\"",  // 3
        "L1 = \"5m\"",  // 4
        "L2 = \"5m\"",  // 5
        "",  // 6
        "[targets.time_to_restore]",  // 7
        "L1 = \"72h\"",  // 8
        "",  // 9
        "[[triggers]]",  // 10
        "counter = \"complaints\"",  // 11
        "above = 1000",  // 12
        "suggests = 2",  // 13
        "",  // 14
        "[[triggers]]",  // 15
        "counter = \"leaked_records\"",  // 16
        "above = 10000",  // 17
        "suggests = 1",  // 18
    ]
}

func edited(_ lines: [String], _ changes: [Int: String?], insert: [(Int, String)] = []) -> String {
    var out: [String] = []
    for (k, l) in lines.enumerated() {
        let n = k + 1
        for (at, text) in insert where at == n { out.append(text) }
        if let change = changes[n] {
            if let c = change { out.append(c) }
        } else {
            out.append(l)
        }
    }
    for (at, text) in insert where at > lines.count { out.append(text) }
    return out.joined(separator: "\n") + "\n"
}

struct BrokenFile: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var line: Int
    var phrase: String
    var testDescription: String { name }
}

let brokenPlaybooks: [BrokenFile] = [
    BrokenFile(name: "TOML syntax error", text: edited(samplePlaybook(), [12: "text = \"A"]), line: 12, phrase: "TOML syntax"),
    BrokenFile(name: "unknown phase", text: edited(samplePlaybook(), [21: "[[phases.done]]"]), line: 21, phrase: "unknown phase \"done\""),
    BrokenFile(name: "duplicate item id", text: edited(samplePlaybook(), [16: "id = \"a\""]), line: 16, phrase: "\"a\" is used twice"),
    BrokenFile(name: "bad due", text: edited(samplePlaybook(), [19: "due = \"soon\""]), line: 19, phrase: "due must be a duration"),
    BrokenFile(
        name: "min_severity 5", text: edited(samplePlaybook(), [25: "min_severity = 5"]), line: 25, phrase: "min_severity must be 1, 2 or 3"
    ),
    BrokenFile(name: "missing text", text: edited(samplePlaybook(), [17: nil]), line: 15, phrase: "item b needs text"),
    BrokenFile(name: "missing id", text: edited(samplePlaybook(), [22: nil]), line: 21, phrase: "needs id"),
    BrokenFile(
        name: "unknown item key", text: edited(samplePlaybook(), [19: "owner = \"x\""]), line: 19, phrase: "unknown item key \"owner\""),
    BrokenFile(
        name: "unknown top-level key", text: edited(samplePlaybook(), [4: "colour = \"red\""]), line: 4, phrase: "unknown key \"colour\""),
    BrokenFile(name: "missing name", text: edited(samplePlaybook(), [1: nil]), line: 0, phrase: "missing name"),
    BrokenFile(
        name: "bad name", text: edited(samplePlaybook(), [1: "name = \"Bad Name\""]), line: 1, phrase: "must use only a-z, 0-9 and -"),
    BrokenFile(
        name: "bad severities", text: edited(samplePlaybook(), [3: "severities = [1, 4]"]), line: 3,
        phrase: "severities must list severities 1, 2 or 3"),
    BrokenFile(
        name: "bad roles key", text: edited(samplePlaybook(), [8: "L4 = [\"commander\"]"]), line: 8, phrase: "roles: unknown key \"L4\""),
    BrokenFile(
        name: "unknown override target",
        text: edited(samplePlaybook(), [:], insert: [(99, ""), (99, "[policy.targets.time_to_lunch]"), (99, "L1 = \"5m\"")]),
        line: 27, phrase: "unknown target \"time_to_lunch\""),
    BrokenFile(
        name: "bad override limit",
        text: edited(samplePlaybook(), [:], insert: [(99, ""), (99, "[policy.targets.time_to_restore]"), (99, "L3 = \"fast\"")]),
        line: 28, phrase: "L3 must be a duration"),
]

let brokenPolicies: [BrokenFile] = [
    BrokenFile(name: "TOML syntax error", text: edited(samplePolicy(), [12: "above = = 1000"]), line: 12, phrase: "TOML syntax"),
    BrokenFile(
        name: "unknown target", text: edited(samplePolicy(), [7: "[targets.time_to_lunch]"]), line: 7,
        phrase: "unknown target \"time_to_lunch\""),
    BrokenFile(name: "bad limit", text: edited(samplePolicy(), [5: "L2 = \"fast\""]), line: 5, phrase: "L2 must be a duration"),
    BrokenFile(name: "limit for L4", text: edited(samplePolicy(), [5: "L4 = \"5m\""]), line: 5, phrase: "unknown key \"L4\""),
    BrokenFile(name: "limit not a string", text: edited(samplePolicy(), [8: "L1 = 72"]), line: 8, phrase: "L1 must be a duration"),
    BrokenFile(name: "suggests 4", text: edited(samplePolicy(), [18: "suggests = 4"]), line: 18, phrase: "suggests must be 1, 2 or 3"),
    BrokenFile(name: "missing above", text: edited(samplePolicy(), [17: nil]), line: 15, phrase: "needs above"),
    BrokenFile(
        name: "unknown trigger key", text: edited(samplePolicy(), [18: "suggests = 1\nbelow = 5"]), line: 19,
        phrase: "unknown key \"below\""),
    BrokenFile(
        name: "unknown top-level key", text: "colour = \"red\"\n" + edited(samplePolicy(), [:]), line: 1, phrase: "unknown key \"colour\""),
]

@Suite("Playbooks and policy")
struct PlaybookTests {
    // MARK: Shipped files

    @Test func shippedPlaybooksAndPolicyLoadWithoutWarnings() throws {
        #expect(shippedCatalog.warnings == [])
        #expect(Set(shippedCatalog.playbooks.map(\.name)) == ["data-breach", "website-crisis", "operations-risk", "online-event"])
        let files = try FileManager.default.contentsOfDirectory(atPath: playbooksDirectory).filter { $0.hasSuffix(".toml") }
        #expect(files.count == 5)
        for f in files where f != "policy.toml" {
            let p = try Playbook.load(path: playbooksDirectory + "/" + f)
            #expect(p.name + ".toml" == f)
            #expect(p.path == playbooksDirectory + "/" + f)
        }
        let policy = try Policy.load(path: playbooksDirectory + "/policy.toml")
        #expect(policy == shippedCatalog.policy)
    }

    @Test func defaultPlaybookPerSeverity() {
        #expect(shippedCatalog.defaultPlaybook(for: .l1)?.name == "data-breach")
        #expect(shippedCatalog.defaultPlaybook(for: .l2)?.name == "website-crisis")
        #expect(shippedCatalog.defaultPlaybook(for: .l3)?.name == "operations-risk")
        for s in Severity.allCases {
            #expect(shippedCatalog.playbooks.filter { $0.defaultFor.contains(s) }.count == 1, "\(s.label)")
        }
        #expect(shippedCatalog.playbook(named: "online-event")?.defaultFor == [])
    }

    @Test func shippedPlaybooksFollowTheWrittenRules() throws {
        for p in shippedCatalog.playbooks {
            #expect((8...16).contains(p.items.count), "\(p.name) has \(p.items.count) items")
            #expect(Set(p.items.map(\.id)).count == p.items.count, "\(p.name): duplicate item ids")
            for s in p.severities {
                let roles = p.requiredRoles(at: s)
                #expect(!roles.isEmpty && roles.count <= 6, "\(p.name) \(s.label): \(roles)")
                #expect(roles.allSatisfy { PlaybookCatalog.standardRoles.contains($0) }, "\(p.name) \(s.label): \(roles)")
            }
            for s in p.defaultFor { #expect(p.severities.contains(s), "\(p.name) default for \(s.label)") }
            for item in p.items {
                #expect(item.textZh?.isEmpty == false, "\(p.name) › \(item.id) lacks text_zh")
                #expect(item.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(item.id)")
                if let role = item.role { #expect(p.allRoles.contains(role), "\(p.name) › \(item.id): role \(role)") }
            }
        }
    }

    @Test func shippedPolicyHasTheDocumentedFigures() throws {
        let p = shippedCatalog.policy
        func limit(_ n: KPIName, _ s: Severity) -> TimeInterval? { p.targets[n]?.limit(at: s) }
        #expect(limit(.timeToNotify, .l1) == 300 && limit(.timeToNotify, .l2) == 300 && limit(.timeToNotify, .l3) == 300)
        #expect(limit(.timeToManagement, .l1) == 600 && limit(.timeToManagement, .l2) == nil && limit(.timeToManagement, .l3) == nil)
        #expect(limit(.timeToVerify, .l1) == 1800 && limit(.timeToVerify, .l3) == 1800)
        #expect(
            limit(.sinceExternalUpdate, .l1) == 3600 && limit(.sinceExternalUpdate, .l2) == 14400
                && limit(.sinceExternalUpdate, .l3) == 86400)
        #expect(limit(.timeToRestore, .l1) == 72 * 3600 && limit(.timeToRestore, .l2) == 48 * 3600 && limit(.timeToRestore, .l3) == nil)
        #expect(limit(.timeToReview, .l1) == 7 * 86400 && limit(.timeToReview, .l3) == 7 * 86400)
        #expect(p.targets[.timeToNotify]?.titleZh == "通知各负责人")
        let rules = p.triggers.map { "\($0.counter)>\(Int($0.above))→L\($0.suggests.rawValue)" }
        #expect(
            rules == [
                "leaked_records>10000→L1", "complaints>1000→L2", "negative_mentions_24h>1000→L2",
                "media_discussions>100000→L2", "core_unavailable_hours>4→L2", "outage_minutes>120→L2",
                "login_failure_pct>5→L3", "page_load_seconds>3→L3", "response_minutes>15→L1", ">0→L1",
            ])
        #expect(p.triggers.last?.scope == .nationwide)
        #expect(p.triggers.allSatisfy { $0.source != nil && $0.sourceZh != nil })
        // The built-in fallback carries the same figures.
        #expect(Policy.standard.targets.mapValues(\.limits) == p.targets.mapValues(\.limits))
        #expect(
            Policy.standard.triggers.map { [$0.counter, "\($0.above)", "\($0.suggests)"] }
                == p.triggers.map { [$0.counter, "\($0.above)", "\($0.suggests)"] })
    }

    @Test func operationsRiskOverridesOnlyTheL3RestoreTarget() throws {
        let inc = try #require(read([declareLine(severity: 3, playbook: "operations-risk")]).state.incidents["INC-1"])
        let policy = shippedCatalog.policy(for: inc)
        let restore: [Severity: TimeInterval] = [.l1: 259_200, .l2: 172_800, .l3: 172_800]
        #expect(policy.targets[.timeToRestore]?.limits == restore)
        #expect(policy.targets[.timeToRestore]?.title == "Restore service")
        #expect(policy.targets[.timeToNotify] == shippedCatalog.policy.targets[.timeToNotify])
        let other = try #require(read([declareLine(severity: 3, playbook: "website-crisis")]).state.incidents["INC-1"])
        #expect(shippedCatalog.policy(for: other) == shippedCatalog.policy)
    }

    // MARK: Broken files

    @Test func samplesAreValid() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        try writeFile(dir.file("sample.toml"), edited(samplePlaybook(), [:]))
        let p = try Playbook.load(path: dir.file("sample.toml"))
        #expect(p.items.map(\.id).sorted() == ["a", "b", "c"])
        try writeFile(dir.file("policy.toml"), edited(samplePolicy(), [:]))
        let policy = try Policy.load(path: dir.file("policy.toml"))
        #expect(policy.triggers.count == 2)
        #expect(policy.targets.count == 2)
    }

    @Test(arguments: brokenPlaybooks)
    func brokenPlaybookNamesFileAndLine(_ b: BrokenFile) throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("sample.toml")
        try writeFile(path, b.text)
        let e = #expect(throws: ConfigError.self) { try Playbook.load(path: path) }
        #expect(e?.file == path)
        if b.line > 0 { #expect(e?.line == b.line, "\(e?.description ?? "")") }
        #expect(e?.message.contains(b.phrase) == true, "\(e?.description ?? "")")
        #expect(e?.description.hasPrefix(path + (b.line > 0 ? ":\(b.line): " : "")) == true)
    }

    @Test(arguments: brokenPolicies)
    func brokenPolicyNamesFileAndLine(_ b: BrokenFile) throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("policy.toml")
        try writeFile(path, b.text)
        let e = #expect(throws: ConfigError.self) { try Policy.load(path: path) }
        #expect(e?.file == path)
        #expect(e?.line == b.line, "\(e?.description ?? "")")
        #expect(e?.message.contains(b.phrase) == true, "\(e?.description ?? "")")
    }

    @Test func missingAndNonUTF8FilesAreConfigErrors() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let missing = #expect(throws: ConfigError.self) { try Playbook.load(path: dir.file("nope.toml")) }
        #expect(missing?.message.contains("does not exist") == true)
        try writeFile(dir.file("latin1.toml"), [0x6E, 0x61, 0x6D, 0x65, 0x3D, 0x22, 0xE9, 0x22, 0x0A])
        let latin1 = #expect(throws: ConfigError.self) { try Playbook.load(path: dir.file("latin1.toml")) }
        #expect(latin1?.message.contains("UTF-8") == true)
    }

    @Test func brokenFileInACatalogBecomesAWarningAndTheOthersStillLoad() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        for f in ["website-crisis.toml", "data-breach.toml", "policy.toml"] {
            try FileManager.default.copyItem(atPath: playbooksDirectory + "/" + f, toPath: dir.file(f))
        }
        try writeFile(dir.file("broken.toml"), edited(samplePlaybook(name: "broken"), [19: "due = \"soon\""]))
        try writeFile(dir.file("notes.txt"), "not a playbook")
        let catalog = PlaybookCatalog.load(directory: dir.path)
        #expect(catalog.playbooks.map(\.name).sorted() == ["data-breach", "website-crisis"])
        #expect(catalog.warnings.count == 1)
        let w = try #require(catalog.warnings.first)
        #expect(w.contains(dir.file("broken.toml") + ":19:"))
        #expect(w.contains("due must be a duration"))
        #expect(catalog.policy == shippedCatalog.policy)
    }

    @Test func brokenPolicyInACatalogFallsBackToTheStandardPolicy() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        try FileManager.default.copyItem(atPath: playbooksDirectory + "/website-crisis.toml", toPath: dir.file("website-crisis.toml"))
        try writeFile(dir.file("policy.toml"), edited(samplePolicy(), [5: "L2 = \"fast\""]))
        let catalog = PlaybookCatalog.load(directory: dir.path)
        #expect(catalog.playbooks.map(\.name) == ["website-crisis"])
        #expect(catalog.policy == Policy.standard)
        #expect(catalog.warnings.count == 1)
        #expect(catalog.warnings.first?.contains(dir.file("policy.toml") + ":5:") == true)
    }

    @Test func playbookNamedUnlikeItsFileIsAWarning() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        try writeFile(dir.file("other.toml"), edited(samplePlaybook(name: "sample"), [:]))
        try writeFile(dir.file("sample.toml"), edited(samplePlaybook(name: "sample"), [:]))
        let catalog = PlaybookCatalog.load(directory: dir.path)
        #expect(catalog.playbooks.map(\.name) == ["sample"])
        #expect(catalog.warnings.count == 2)
        #expect(catalog.warnings.contains { $0.contains("other.toml") && $0.contains("differs from the file name") })
        #expect(catalog.warnings.contains { $0.contains("sample.toml") && $0.contains("already loaded") })
    }

    @Test func missingDirectoryGivesAnEmptyCatalogWithTheStandardPolicy() {
        let catalog = PlaybookCatalog.load(directory: "/nonexistent/warroom/playbooks")
        #expect(catalog.playbooks.isEmpty)
        #expect(catalog.policy == Policy.standard)
        let env = PlaybookCatalog.load(environment: ["WARROOM_DATA": packageRoot])
        #expect(env.playbooks.count == 4)
    }

    // MARK: Severity filtering

    func incident(_ lines: [String]) throws -> Incident {
        let r = read(lines)
        #expect(r.state.badLines.isEmpty)
        return try #require(r.state.incidents["INC-1"])
    }

    func ids(_ inc: Incident) -> [String] {
        Checklist.entries(for: inc, playbook: shippedCatalog.playbook(named: inc.playbook), now: T0).map(\.id)
    }

    @Test func raisingToL1AddsItemsAndLoweringRemovesThemKeepingTheirTicks() throws {
        var lines = [declareLine(severity: 2, playbook: "website-crisis")]
        var inc = try incident(lines)
        #expect(!ids(inc).contains("restore-l1"))
        #expect(ids(inc).contains("joint-activation"))
        let atL2 = ids(inc).count

        lines.append(ev("incident.severity", at: 60, ["severity": 1]))
        inc = try incident(lines)
        #expect(ids(inc).contains("restore-l1"))
        #expect(ids(inc).count == atL2 + 1)

        lines.append(ev("checklist.done", at: 120, actor: "bob", ["item": "restore-l1"]))
        lines.append(ev("checklist.done", at: 130, actor: "bob", ["item": "joint-activation"]))
        inc = try incident(lines)
        let entries = Checklist.entries(for: inc, playbook: shippedCatalog.playbook(named: "website-crisis"), now: T0)
        let restore = try #require(entries.first { $0.id == "restore-l1" })
        #expect(restore.isDone)
        #expect(restore.done == Tick(by: "bob", at: T0.addingTimeInterval(120)))
        #expect(restore.dueAt == T0.addingTimeInterval(72 * 3600))  // due counts from the declaration
        #expect(Checklist.progress(entries).done == 2)

        lines.append(ev("incident.severity", at: 180, ["severity": 3]))
        inc = try incident(lines)
        #expect(!ids(inc).contains("restore-l1"))
        #expect(!ids(inc).contains("joint-activation"))
        #expect(ids(inc).count == atL2 - 1)
        #expect(inc.ticks["restore-l1"] != nil)
        // A hidden item may still be ticked and unticked: it is in the playbook.
        #expect((try? shippedCatalog.checkItem("restore-l1", in: inc)) != nil)
        let atL3 = Checklist.entries(for: inc, playbook: shippedCatalog.playbook(named: "website-crisis"), now: T0)
        #expect(Checklist.progress(atL3).done == 0)

        lines.append(ev("incident.severity", at: 240, ["severity": 1]))
        inc = try incident(lines)
        let back = Checklist.entries(for: inc, playbook: shippedCatalog.playbook(named: "website-crisis"), now: T0)
        #expect(back.first { $0.id == "restore-l1" }?.isDone == true)
        #expect(back.first { $0.id == "joint-activation" }?.isDone == true)
    }

    @Test func checklistIsInPhaseOrderWithFileOrderWithinAPhase() throws {
        let inc = try incident([declareLine(severity: 1, playbook: "website-crisis")])
        #expect(
            ids(inc) == [
                "grade-crisis", "joint-activation", "form-team", "one-voice", "publish-official", "message-affected",
                "isolate-system", "repair-system", "takedown-content", "restore-l1", "compensate-users", "review-meeting",
                "update-tech-docs", "tighten-review", "update-plan",
            ])
    }

    @Test func addedItemWithAPlaybookIDTakesItsPlace() throws {
        let inc = try incident([
            declareLine(severity: 2, playbook: "website-crisis"),
            ev("checklist.added", at: 5, ["item": "form-team", "text": "Form a smaller team", "phase": "verified"]),
            ev("checklist.added", at: 6, ["item": "extra", "text": "Extra"]),
        ])
        let entries = Checklist.entries(for: inc, playbook: shippedCatalog.playbook(named: "website-crisis"), now: T0)
        #expect(entries.filter { $0.id == "form-team" }.count == 1)
        let form = try #require(entries.first { $0.id == "form-team" })
        #expect(form.text == "Form a smaller team")
        #expect(form.adHoc)
        #expect(form.phase == .verified)
        #expect(entries.first { $0.id == "extra" }?.phase == .declared)
    }

    @Test func requiredRolesFollowTheSeverity() throws {
        let pb = try #require(shippedCatalog.playbook(named: "operations-risk"))
        #expect(pb.requiredRoles(at: .l3) == ["commander", "operations-lead"])
        #expect(pb.requiredRoles(at: .l1).count == 6)
        let inc = try incident([
            declareLine(severity: 3, playbook: "operations-risk"),
            ev("role.assigned", at: 1, ["role": "commander", "member": "alice"]),
            ev("incident.severity", at: 2, ["severity": 2]),
        ])
        let k = KPIEngine.compute(incident: inc, playbook: pb, policy: shippedCatalog.policy, now: T0)
        #expect(k.requiredRoles.map(\.role) == ["commander", "operations-lead", "tech-lead", "legal", "pr-lead"])
        #expect(k.requiredRoles.first == RequiredRole(role: "commander", holder: "alice"))
        #expect(k.rolesFilled == ChecklistProgress(done: 1, total: 5))
    }

    @Test func rolesAndItemsAreCheckedAgainstThePlaybook() throws {
        let inc = try incident([declareLine(severity: 2, playbook: "data-breach")])
        #expect((try? shippedCatalog.checkRole("security-lead", for: inc)) != nil)
        #expect((try? shippedCatalog.checkRole("finance", for: inc)) != nil)  // a standard role
        #expect(throws: EventError.self) { try shippedCatalog.checkRole("wizard", for: inc) }
        #expect((try? shippedCatalog.checkItem("stop-exposure", in: inc)) != nil)
        let e = #expect(throws: EventError.self) { try shippedCatalog.checkItem("nope", in: inc) }
        #expect(e?.reason.contains("stop-exposure") == true)
    }

    // MARK: Durations

    @Test func durationsParseAndFormat() {
        #expect(DurationText.parse("90s") == 90)
        #expect(DurationText.parse("5m") == 300)
        #expect(DurationText.parse("72h") == 259_200)
        #expect(DurationText.parse("7d") == 604_800)
        #expect(DurationText.parse("1h30m") == 5400)
        #expect(DurationText.parse("2w") == 1_209_600)
        #expect(DurationText.parse(" 30M ") == 1800)
        for bad in ["", "5", "m", "soon", "5x", "-5m", "5 m"] { #expect(DurationText.parse(bad) == nil, "\(bad)") }
        #expect(DurationText.formatTarget(300) == "5m")
        #expect(DurationText.formatTarget(72 * 3600) == "72h")
        #expect(DurationText.formatTarget(7 * 86400) == "7d")
        #expect(DurationText.formatTarget(5400) == "1h30m")
        #expect(DurationText.format(45) == "45s")
        #expect(DurationText.format(252) == "4m 12s")
        #expect(DurationText.format(3900) == "1h 05m")
        #expect(DurationText.format(-90) == "-1m 30s")
    }
}
