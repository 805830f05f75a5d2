import Foundation
import Testing

@testable import WarRoomCore

/// Playbook rules of docs/playbooks.md: what a policy override keeps, and what default_for may name.
@Suite("Playbook overrides")
struct PlaybookOverrideTests {
    @Test
    func overrideKeepsTitleZhAndMeasured() throws {
        // docs/playbooks.md: "title, title_zh and measured come from policy.toml
        // unless the override gives them."
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("sample.toml")
        try writeFile(
            path,
            edited(
                samplePlaybook(), [:],
                insert: [
                    (99, "[policy.targets.time_to_restore]"), (99, "title_zh = \"恢复业务\""),
                    (99, "measured = \"until the shop takes orders\""),
                    (99, "L3 = \"12h\""),
                ]))
        let p = try Playbook.load(path: path)
        let merged = shippedCatalog.policy.merged(with: p.policyOverride)
        let restore = try #require(merged.targets[.timeToRestore])
        #expect(restore.limits[.l3] == 43_200)
        #expect(restore.titleZh == "恢复业务")
        #expect(restore.measured == "until the shop takes orders")
    }

    @Test
    func defaultForOutsideSeveritiesIsAnError() throws {
        // docs/playbooks.md, default_for: "Each value must also be in severities."
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("sample.toml")
        try writeFile(path, edited(samplePlaybook(), [3: "severities = [1, 2]\ndefault_for = [3]"]))
        let e = #expect(throws: ConfigError.self) { try Playbook.load(path: path) }
        #expect(e?.line == 4)
        #expect(e?.message.contains("default_for") == true)
    }
}
