import Foundation
import Testing
import WarRoomCore

// The README shows the console as `warroom render` draws it: the block under
// "## The console" must be exactly that frame (scripts/readme-screen.py rewrites it).

private let readmeRenderArguments = [
    "render", "--journal", "examples/payment-outage.jsonl", "--size", "80x24",
    "--now", "2026-11-11T05:10:00Z", "--time-zone", "UTC",
]

func readmeText() throws -> String {
    try String(contentsOfFile: uiPackageRoot + "/README.md", encoding: .utf8)
}

/// The README's screenshot: the first plain code block under "## The console" (or another heading).
func readmeScreenshot(under heading: String = "## The console") throws -> [String] {
    let readme = try readmeText()
    guard let section = readme.range(of: heading),
        let open = readme.range(of: "```\n", range: section.upperBound..<readme.endIndex),
        let close = readme.range(of: "```", range: open.upperBound..<readme.endIndex)
    else { throw UITestError("README.md has no code block under '\(heading)'") }
    return readme[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
}

@Suite("The README", .enabled(if: uiWarroomBinary != nil, "needs the warroom binary"))
struct ReadmeTests {
    @Test("the screenshot is what render prints for the example journal, in English and in Chinese", arguments: [false, true])
    func screenshotIsTheRender(chinese: Bool) async throws {
        // From the package root, as the README's reader runs it: the footer shows the path as given.
        let command =
            "cd \(shellQuote(uiPackageRoot)) && exec "
            + ([try requireBinary()] + readmeRenderArguments + (chinese ? ["--lang", "zh"] : [])).map(shellQuote).joined(
                separator: " ")
        let r = try await run("/bin/sh", ["-c", command], environment: childEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
        let rendered = r.text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        let shown = try readmeScreenshot(under: chinese ? "### In Chinese" : "## The console")
        #expect(
            shown == rendered,
            "README.md's screenshot differs from `warroom \(readmeRenderArguments.joined(separator: " "))`; run scripts/readme-screen.py\n\(snapshotDiff(name: "README", expected: shown.joined(separator: "\n"), actual: rendered.joined(separator: "\n")))"
        )
        #expect(
            try readmeText().contains("--now 2026-11-11T05:10:00Z --time-zone UTC"),
            "the README names the command that draws its screenshot")
    }
}
