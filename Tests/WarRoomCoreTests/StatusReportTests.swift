import Foundation
import Testing

@testable import WarRoomCore

private let minute: TimeInterval = 60

@Suite("Status report")
struct StatusReportTests {
    func report(_ lines: [String], pending: String = "", at t: TimeInterval, only: String? = nil) -> StatusReport {
        let reader = JournalReader.read(journalBytes(lines) + Array(pending.utf8))
        return StatusReport(
            path: "/srv/warroom.jsonl", reader: reader, catalog: shippedCatalog, now: T0.addingTimeInterval(t), only: only)
    }

    var journal: [String] {
        [
            declareLine(severity: 3, title: "Checkout errors", playbook: "website-crisis"),
            ev("role.assigned", at: 30, ["role": "commander", "member": "alice"]),
            ev("member.joined", at: 40, actor: "bob", ["member": "bob"]),
            ev("counter.set", at: 60, ["name": "complaints", "value": 1500, "unit": "tickets"]),
            ev("comms.published", at: 120, ["audience": "internal", "text": "heads up"]),
            ev("checklist.done", at: 200, ["item": "grade-crisis"]),
        ]
    }

    /// `status --json` writes incidents on every core: the bytes must be exactly the tree's.
    @Test func parallelJSONBytesEqualTheSerialisedTree() throws {
        var journals: [[UInt8]] = []
        for name in ["examples/payment-outage.jsonl", "examples/drill-zh.jsonl"] {
            journals.append(fileBytes(packageRoot + "/" + name))
        }
        // Many incidents, with bad lines and a pending tail, so the order of the parts matters.
        var lines: [String] = []
        for k in 0..<40 {
            let id = "INC-\(k)"
            lines.append(declareLine(id, severity: 1 + k % 3, title: "incident \(k) «引号»", at: Double(k)))
            lines.append(ev("counter.set", id, at: Double(k) + 0.5, ["name": "complaints", "value": .number(Double(k * 100))]))
            lines.append(noteLine("note \(k)\ttab", id, at: Double(k) + 0.7))
            if k % 7 == 0 { lines.append("{not json") }
        }
        journals.append(journalBytes(lines) + Array("{\"v\":1".utf8))
        for (n, bytes) in journals.enumerated() {
            #expect(bytes.count > 100)
            for only in [nil, "INC-3"] as [String?] {
                let r = StatusReport(
                    path: "/srv/j.jsonl", reader: JournalReader.read(bytes), catalog: shippedCatalog,
                    now: T0.addingTimeInterval(7200), only: only)
                var out: [UInt8] = []
                r.writeJSON(into: &out)
                #expect(String(decoding: out, as: UTF8.self) == JSONWriter.serialize(r.json()), "journal \(n), only \(only ?? "all")")
            }
        }
    }

    @Test func textShowsSuggestionsAndUnfilledRequiredRoles() {
        let text = report(journal, at: 10 * minute).text()
        #expect(text.contains("! complaints 1,500 > 1,000: criteria for L2 met: raise with `warroom severity 2`"))
        #expect(text.contains(DisplayWidth.pad("commander", to: 18) + " alice"))
        for role in ["communications", "tech-lead", "customer-service", "content-review"] {
            #expect(text.contains("\(DisplayWidth.pad(role, to: 18)) UNFILLED (required)"), "\(role)")
        }
        #expect(!text.contains(DisplayWidth.pad("commander", to: 18) + " UNFILLED"))
        #expect(text.contains("INC-1  L3  declared  Checkout errors"))
        #expect(text.contains("Checklist: 1/13 done"))
        #expect(text.contains("complaints"))
        #expect(text.contains("1,500 tickets"))
        #expect(text.contains("bob"))
        #expect(text.contains("Timeline: 6 events, 1 communications"))
    }

    @Test func suggestionsAndUnfilledRolesGoAwayWhenHandled() {
        var lines = journal
        lines.append(ev("incident.severity", at: 300, ["severity": 2]))
        for (k, role) in ["communications", "tech-lead", "legal", "customer-service", "content-review"].enumerated() {
            lines.append(ev("role.assigned", at: 400 + Double(k), ["role": .string(role), "member": .string("m\(k)")]))
        }
        let text = report(lines, at: 10 * minute).text()
        #expect(!text.contains("criteria for"))
        #expect(!text.contains("UNFILLED"))
        #expect(text.contains(DisplayWidth.pad("legal", to: 18) + " m2"))
    }

    @Test func textSummarisesTheJournalHealth() {
        let text = report(journal + ["garbage", ev("pager.fired", at: 5, ["x": 1])], pending: "{\"v\"", at: 0).text()
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        #expect(
            first == "/srv/warroom.jsonl: 7 events, 1 of unknown types, 1 bad lines skipped (`warroom check` lists them), 4 bytes pending")
    }

    @Test func emptyJournalSaysHowToDeclare() {
        let text = report([], at: 0).text()
        #expect(text.contains("No incident declared"))
    }

    @Test func textNeverCarriesTerminalControls() {
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}evil\r\nnext"
        let lines = [
            declareLine(title: hostile, playbook: "website-crisis"),
            ev("role.assigned", at: 1, ["role": .string("commander\u{1B}[31m"), "member": .string(hostile)]),
            ev("counter.set", at: 2, ["name": .string("x\u{1B}[1m"), "value": 1, "unit": .string(hostile)]),
        ]
        let text = report(lines, at: 60).text()
        for u in text.unicodeScalars where u != "\n" {
            #expect(!Sanitizer.isDangerous(u), "U+\(String(u.value, radix: 16)) reached the terminal text")
        }
        #expect(text.contains("␛]0;owned␇"))
    }

    @Test func jsonWithAFakeClock() throws {
        let doc = report(journal, at: 10 * minute).json()
        let inc = try #require(
            doc.objectValue?["incidents"].flatMap { v -> JSONValue? in
                if case .array(let a) = v { return a.first }
                return nil
            }?.objectValue)
        #expect(inc["elapsed_seconds"] == 600)
        let kpis = try #require(inc["kpis"]?.objectValue)
        #expect(kpis["time_to_notify"] == ["seconds": 120, "target_seconds": 300, "state": "met"])
        #expect(kpis["time_to_verify"] == ["seconds": 600, "target_seconds": 1800, "state": "pending"])
        #expect(kpis["time_to_management"] == ["seconds": nil, "target_seconds": nil, "state": "n/a"])
        #expect(kpis["time_to_restore"] == ["seconds": 600, "target_seconds": nil, "state": "n/a"])
        #expect(kpis["since_external_update"] == ["seconds": 600, "target_seconds": 86400, "state": "pending"])
        #expect(inc["suggestions"] == [["severity": 2, "counter": "complaints", "value": 1500, "threshold": 1000]])
        #expect(inc["required_roles"]?.objectValue?["commander"] == "alice")
        #expect(inc["required_roles"]?.objectValue?["tech-lead"] == .null)
        // Round trip through the writer and parser keeps the document.
        #expect(try JSONParser.parse(Array(JSONWriter.serialize(doc).utf8)) == doc)
    }

    @Test func onlySelectsOneIncident() throws {
        let lines = journal + [declareLine("INC-2", severity: 1, at: 5)]
        let all = report(lines, at: 60).json()
        let one = report(lines, at: 60, only: "INC-2").json()
        func ids(_ v: JSONValue) -> [String] {
            guard case .array(let a)? = v.objectValue?["incidents"] else { return [] }
            return a.compactMap { $0.objectValue?["id"]?.stringValue }
        }
        #expect(ids(all) == ["INC-1", "INC-2"])
        #expect(ids(one) == ["INC-2"])
    }
}

@Suite("Terminal text")
struct TextTests {
    @Test func sanitizerMakesControlsVisible() {
        #expect(Sanitizer.inline("a\u{1B}[2Jb") == "a␛[2Jb")
        #expect(Sanitizer.inline("tab\there\nnl") == "tab␉here␊nl")
        #expect(Sanitizer.inline("\u{7F}") == "␡")
        #expect(Sanitizer.inline("x\u{202E}y") == "x⟨U+202E⟩y")
        #expect(Sanitizer.inline("\u{9B}") == "⟨U+009B⟩")
        #expect(Sanitizer.inline("a\u{1B}é", ascii: true) == "a^[?")
        #expect(Sanitizer.inline("plain 中文") == "plain 中文")
        #expect(Sanitizer.multiline("a\n\u{1B}b") == "a\n␛b")
    }

    @Test func displayWidthCountsWideAndZeroWidth() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.pad("中文", to: 6) == "中文  ")
        #expect(DisplayWidth.truncate("中文字符", to: 5) == "中文…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("中文字符", to: 4)) <= 4)
        #expect(DisplayWidth.wrap("数据泄露应急预案", width: 6) == ["数据泄", "露应急", "预案"])
        #expect(DisplayWidth.wrap("one two three", width: 7) == ["one two", "three"])
    }

}

func jsonArray(_ v: JSONValue) -> [JSONValue]? {
    if case .array(let a) = v { return a }
    return nil
}

extension StatusReportTests {
    /// Issue 12, finding 6: the standing roster appeared nowhere.
    @Test("status shows who is on call, whether they can be reached, their team and contact")
    func onCallInStatus() throws {
        let lines =
            [
                ev(
                    "member.joined", nil, at: -60, actor: "erin",
                    ["member": "erin", "name": "Erin Wu", "team": "DBA", "contact": "+86 138 0000"]),
                ev("member.joined", nil, at: -50, actor: "frank", ["member": "frank", "team": "SRE", "contact": "IM @frank"]),
                ev("member.status", nil, at: -40, actor: "erin", ["member": "erin", "status": "offline"]),
            ] + journal
        let r = report(lines, at: 600)
        let text = r.text()
        #expect(text.contains("On call (standing roster): 1 of 2 reachable"), "\(text)")
        let frank = try #require(text.split(separator: "\n").first { $0.contains("frank") })
        #expect(frank.contains("available") && frank.contains("SRE") && frank.contains("IM @frank"))
        let erin = try #require(text.split(separator: "\n").first { $0.contains("erin") })
        #expect(erin.contains("offline") && erin.contains("Erin Wu, DBA") && erin.contains("+86 138 0000"))
        #expect(text.firstRange(of: "frank")!.lowerBound < text.firstRange(of: "erin")!.lowerBound, "the reachable first")
        let json = try #require(r.json().objectValue?["on_call"].flatMap(jsonArray))
        #expect(json.count == 2)
        let first = try #require(json.first?.objectValue)
        #expect(first["member"] == "frank")
        #expect(first["team"] == "SRE")
        #expect(first["contact"] == "IM @frank")
        #expect(first["presence"] == "available")
        #expect(first["reachable"] == .bool(true))
        #expect(json.last?.objectValue?["reachable"] == .bool(false))
        // Nobody on call: no section in the text, an empty list for tools.
        let none = report(journal, at: 600)
        #expect(!none.text().contains("On call"))
        #expect(none.json().objectValue?["on_call"] == .array([]))
    }
}
