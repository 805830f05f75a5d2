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
                    catalog.warnings.append(tr("{problem} (using the plans' standard policy)", ["problem": "\(error)"]))
                }
                continue
            }
            do {
                let p = try Playbook.load(path: path)
                if p.name + ".toml" != f {
                    catalog.warnings.append(
                        tr("{file}: name \"{name}\" differs from the file name; using \"{name}\"", ["file": path, "name": p.name]))
                }
                if catalog.playbooks.contains(where: { $0.name == p.name }) {
                    catalog.warnings.append(
                        tr("{file}: a playbook named \"{name}\" was already loaded; skipped", ["file": path, "name": p.name]))
                    continue
                }
                catalog.playbooks.append(p)
            } catch {
                catalog.warnings.append(tr("{problem} (playbook skipped)", ["problem": "\(error)"]))
            }
        }
        return catalog
    }

    /// Why no playbook named `name` (or, with nil, none for a severity) was found, and where they are looked for.
    public func missingPlaybookReason(_ name: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if playbooks.isEmpty {
            return tr(
                "no playbooks found (looked in {places}); set WARROOM_DATA to a directory holding playbooks/, or install warroom with `make install`",
                ["places": DataDirectory.searched("playbooks", environment: environment).joined(separator: ", ")])
        }
        return (name.map { tr("no playbook \"{name}\" among those found", ["name": $0]) } ?? tr("no playbook fits"))
            + tr(" (`warroom playbooks` lists them)")
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
                tr(
                    "unknown role \"{role}\" for {incident}; known roles: {roles} (pass --new-role to add one)",
                    ["role": role, "incident": incident.id, "roles": known.joined(separator: ", ")]))
        }
    }

    /// An item may be ticked when the incident's checklist has it, or had it
    /// at another severity (done state survives severity changes).
    public func checkItem(_ item: String, in incident: Incident) throws(EventError) {
        if incident.addedItems.contains(where: { $0.item == item }) { return }
        if playbook(named: incident.playbook)?.item(item) != nil { return }
        let ids = Checklist.entries(for: incident, playbook: playbook(named: incident.playbook)).map(\.id)
        throw EventError(
            tr("no checklist item \"{item}\" in {incident}", ["item": item, "incident": incident.id])
                + (ids.isEmpty
                    ? tr("; add one with `warroom add-item ID TEXT`")
                    : tr("; items: {items}", ["items": ids.prefix(12).joined(separator: ", ")])))
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
        let exe = executablePath()
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

    /// The running binary's own path. Not argv[0] alone: a shell that finds `warroom` on PATH passes just
    /// "warroom", which would resolve against the working directory; Linux's /proc/self/exe says where it is.
    static func executablePath() -> String {
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), exe.hasPrefix("/") {
            return exe
        }
        return (CommandLine.arguments.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }) ?? ""
    }
}
