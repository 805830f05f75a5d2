import Foundation
import Testing

@testable import WarRoomCore

// The Markdown review report rendered by a real CommonMark renderer (markdown-it-py,
// installed by scripts/setup.sh): journal text full of raw HTML, links, images and
// autolinks must come out as text, never as an element (issue 13, finding 3).

/// HTML, link and image syntax a hostile journal might carry in any text field.
enum HostileMarkdown {
    static let payloads: [String] = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "[click](javascript:alert(3))",
        "![track](http://evil.example/pixel.png)",
        "<http://evil.example/auto>",
        "<a href=\"http://evil.example/\">a</a>",
        "<iframe src=\"http://evil.example/\"></iframe>",
        "[ref]: http://evil.example/ref",
        "[ref]",
        "`code` **bold** \\[escaped\\] _em_ ~~gone~~ snake_case_kept",
        "&lt;script&gt;",
        "| cell | break |",
    ]
    static let all = payloads.joined(separator: " ")

    /// One incident whose every text field carries every payload (ids of members, items and
    /// counters are plain: the reader refuses a line whose id has spaces).
    static func bytes() -> [UInt8] {
        let id = "INC-1"
        func t(_ k: Int) -> String { "x\(k) \(all)" }
        return journalBytes([
            declareLine(
                id, severity: 2, title: t(0), actor: "mallory \(all)", playbook: "website-crisis",
                extra: ["summary": .string(t(1)), "started_at": .string(ts(-60))]),
            ev("note", at: 5, actor: "m \(all)", ["text": .string(t(2)), "kind": "decision"]),
            ev("note", at: 6, ["text": .string(t(3))]),
            ev("severity.unknown.type", at: 7, ["k": .string(t(4))]),
            ev("incident.severity", at: 8, ["severity": 1, "reason": .string(t(5))]),
            ev("incident.phase", at: 9, ["phase": "verified", "note": .string(t(6))]),
            ev("member.joined", at: 10, ["member": "eve", "name": .string(t(7)), "team": .string(t(8))]),
            ev("role.assigned", at: 11, ["role": "commander", "member": "eve"]),
            ev("role.assigned", at: 12, ["role": .string("r \(payloads[0]) \(payloads[2])"), "member": "bob"]),
            ev("checklist.added", at: 13, ["item": "i1", "text": .string(t(9))]),
            ev("checklist.done", at: 14, ["item": "i1"]),
            ev("counter.set", at: 15, ["name": "c1", "value": 5, "unit": .string(t(10))]),
            ev("comms.published", at: 16, ["audience": "external", "text": .string(t(11)), "channel": .string(t(12))]),
            ev("comms.published", at: 17, ["audience": "regulator", "text": .string(t(13))]),
        ])
    }

    static func report() throws -> PostmortemReport {
        let state = JournalReader.read(bytes()).state
        #expect(state.badLines.isEmpty, "\(state.badLines.map(\.reason))")
        let inc = try #require(state.incidents["INC-1"])
        return PostmortemReport(
            incident: inc, state: state, catalog: reportCatalog, now: T0.addingTimeInterval(3600),
            journalPath: "j <img src=x onerror=alert(9)> `x`.jsonl")
    }
}

/// A Python 3 that can import markdown_it: Debian's /usr/bin/python3 with python3-markdown-it,
/// else the first python3 on PATH with markdown-it-py.
let markdownItPython: String? = {
    var candidates = ["/usr/bin/python3"]
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        candidates.append("\(dir)/python3")
    }
    for py in candidates where FileManager.default.isExecutableFile(atPath: py) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: py)
        p.arguments = ["-c", "import markdown_it"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { continue }
        p.waitUntilExit()
        if p.terminationStatus == 0 { return py }
    }
    return nil
}()

/// Renders Markdown to HTML with markdown-it-py's CommonMark preset plus GFM tables (raw HTML allowed,
/// as a viewer would).
func renderCommonMark(_ markdown: String) async throws -> String {
    let python = try #require(markdownItPython, "no python3 with markdown-it-py: run scripts/setup.sh")
    let script = """
        import sys
        from markdown_it import MarkdownIt
        md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
        sys.stdout.write(md.render(sys.stdin.read()))
        """
    let r = try await runProcess(python, ["-c", script], stdin: Data(markdown.utf8))
    #expect(r.status == 0, "\(r.stderr)")
    return r.stdout
}

@Suite("Review report: Markdown safety")
struct ReportMarkdownSafetyTests {
    /// The elements markdown-it makes from the report's own Markdown.
    static let ours: Set<String> = [
        "h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "code", "blockquote", "br",
    ]

    @Test("rendered by a CommonMark renderer, no element comes from journal text")
    func noElementFromJournalText() async throws {
        let md = try HostileMarkdown.report().markdown()
        let html = try await renderCommonMark(md)
        #expect(html.contains("<h1>"), "the renderer made no HTML: \(html.prefix(200))")

        var tags = Set<String>()
        let scanner = html.split(separator: "<").dropFirst()
        for piece in scanner {
            let name = piece.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if !name.isEmpty { tags.insert(name) }
        }
        #expect(tags.subtracting(Self.ours).isEmpty, "elements from journal text: \(tags.subtracting(Self.ours).sorted())")
        let lower = html.lowercased()
        for bad in ["<script", "<img", "<a ", "<a>", "<iframe", "<em>", "<s>"] {
            #expect(!lower.contains(bad), "\(bad) in the rendered report")
        }
        // The text is shown, escaped by the renderer, not dropped.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("[click](javascript:alert(3))"))
        #expect(html.contains("![track](http://evil.example/pixel.png)"))
        #expect(html.contains("&amp;lt;script&amp;gt;"))
        #expect(html.contains("`code` **bold** \\[escaped\\] _em_ ~~gone~~ snake_case_kept"))
    }

    @Test("every text field's payload reaches the rendered report as text")
    func everyFieldShown() async throws {
        let html = try await renderCommonMark(try HostileMarkdown.report().markdown())
        for k in [0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 13] {
            #expect(html.contains("x\(k) &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;"), "field x\(k)")
        }
        // The journal's path sits in a code span, where the renderer shows it literally.
        #expect(html.contains("<code>j &lt;img src=x onerror=alert(9)&gt; `x`.jsonl</code>"))
        // A table cell with a | in it stays one cell: every timeline row has three cells.
        let rows = html.components(separatedBy: "<tr>").filter { $0.contains("m &lt;script&gt;") }
        #expect(!rows.isEmpty)
        for row in rows { #expect(row.components(separatedBy: "<td>").count - 1 == 3, "\(row.prefix(300))") }
    }
}
