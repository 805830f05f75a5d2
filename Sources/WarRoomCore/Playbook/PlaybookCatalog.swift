import Foundation

/// The playbooks and policy in force: found in the data directories, with
/// every broken file reported as a warning (never a crash) and the rest
/// still usable.
public struct PlaybookCatalog: Sendable {
    public var playbooks: [Playbook]
    public var policy: Policy
    /// Files that could not be used, each with file and line.
    public var warnings: [String]

    public init(playbooks: [Playbook] = [], policy: Policy = .standard, warnings: [String] = []) {
        self.playbooks = playbooks
        self.policy = policy
        self.warnings = warnings
    }

    /// The roles people use in incident tools, accepted in any incident.
    public static let standardRoles = [
        "commander", "deputy", "scribe", "communications", "tech-lead", "operations-lead", "pr-lead", "legal",
        "customer-service", "content-review", "finance", "security-lead",
    ]

    /// Loads the catalog from the first data directory that has `playbooks/`.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> PlaybookCatalog {
        guard let dir = DataDirectory.find("playbooks", environment: environment) else { return PlaybookCatalog() }
        return load(directory: dir)
    }

    public static func load(directory: String) -> PlaybookCatalog {
        var catalog = PlaybookCatalog()
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".toml") }.sorted()
        for f in files {
            let path = (directory as NSString).appendingPathComponent(f)
            if f == "policy.toml" {
                do {
                    catalog.policy = try Policy.load(path: path)
                } catch {
                    catalog.warnings.append("\(error) (using the plans' standard policy)")
                }
                continue
            }
            do {
                let p = try Playbook.load(path: path)
                if p.name + ".toml" != f {
                    catalog.warnings.append("\(path): name \"\(p.name)\" differs from the file name; using \"\(p.name)\"")
                }
                if catalog.playbooks.contains(where: { $0.name == p.name }) {
                    catalog.warnings.append("\(path): a playbook named \"\(p.name)\" was already loaded; skipped")
                    continue
                }
                catalog.playbooks.append(p)
            } catch {
                catalog.warnings.append("\(error) (playbook skipped)")
            }
        }
        return catalog
    }

    /// Why no playbook named `name` (or, with nil, none for a severity) was found, and where they are looked for.
    public func missingPlaybookReason(_ name: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if playbooks.isEmpty {
            return
                "no playbooks found (looked in \(DataDirectory.searched("playbooks", environment: environment).joined(separator: ", "))); "
                + "set WARROOM_DATA to a directory holding playbooks/, or install warroom with `make install`"
        }
        return (name.map { "no playbook \"\($0)\" among those found" } ?? "no playbook fits")
            + " (`warroom playbooks` lists them)"
    }

    public func playbook(named name: String?) -> Playbook? {
        guard let name else { return nil }
        return playbooks.first { $0.name == name }
    }

    /// The playbook `declare` picks when none is named.
    public func defaultPlaybook(for s: Severity) -> Playbook? {
        playbooks.first { $0.defaultFor.contains(s) } ?? playbooks.first { $0.severities.contains(s) }
    }

    /// The policy for an incident: the base policy with its playbook's overrides.
    public func policy(for incident: Incident) -> Policy {
        guard let p = playbook(named: incident.playbook), !p.policyOverride.isEmpty else { return policy }
        return policy.merged(with: p.policyOverride)
    }

    /// Roles an incident may use: its playbook's, the standard ones, and any already used.
    public func knownRoles(for incident: Incident) -> [String] {
        var out = playbook(named: incident.playbook)?.allRoles ?? []
        for r in PlaybookCatalog.standardRoles + incident.roleHistory.map(\.role) where !out.contains(r) {
            out.append(r)
        }
        return out
    }

    public func checkRole(_ role: String, for incident: Incident) throws(EventError) {
        let known = knownRoles(for: incident)
        if !known.contains(role) {
            throw EventError(
                "unknown role \"\(role)\" for \(incident.id); known roles: \(known.joined(separator: ", ")) (pass --new-role to add one)"
            )
        }
    }

    /// An item may be ticked when the incident's checklist has it, or had it
    /// at another severity (done state survives severity changes).
    public func checkItem(_ item: String, in incident: Incident) throws(EventError) {
        if incident.addedItems.contains(where: { $0.item == item }) { return }
        if playbook(named: incident.playbook)?.item(item) != nil { return }
        let ids = Checklist.entries(for: incident, playbook: playbook(named: incident.playbook)).map(\.id)
        throw EventError(
            "no checklist item \"\(item)\" in \(incident.id)"
                + (ids.isEmpty ? "; add one with `warroom add-item ID TEXT`" : "; items: \(ids.prefix(12).joined(separator: ", "))"))
    }
}

/// Where shipped data (playbooks, themes, scenarios) lives: `$WARROOM_DATA`,
/// then beside the installed binary (`PREFIX/share/warroom`), then the
/// source tree the binary was built in, then the current directory.
public enum DataDirectory {
    public static func find(_ sub: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for base in candidates(environment: environment) {
            let dir = (base as NSString).appendingPathComponent(sub)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue { return dir }
        }
        return nil
    }

    /// Every place `find` looks for `sub`, in order: what a message says when nothing was found.
    public static func searched(_ sub: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        candidates(environment: environment).map { ($0 as NSString).appendingPathComponent(sub) }
    }

    static func candidates(environment: [String: String]) -> [String] {
        var out: [String] = []
        if let d = environment["WARROOM_DATA"], !d.isEmpty { out.append(d) }
        let exe = (CommandLine.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }) ?? ""
        if !exe.isEmpty {
            var dir = (exe as NSString).deletingLastPathComponent
            out.append(((dir as NSString).deletingLastPathComponent as NSString).appendingPathComponent("share/warroom"))
            // A build tree: .build/<triple>/debug/warroom sits a few levels under the package root.
            for _ in 0..<5 {
                dir = (dir as NSString).deletingLastPathComponent
                if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent("Package.swift")) {
                    out.append(dir)
                    break
                }
            }
        }
        out.append(FileManager.default.currentDirectoryPath)
        return out
    }
}
