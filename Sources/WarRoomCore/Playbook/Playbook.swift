import Foundation

/// One checklist item of a playbook.
public struct PlaybookItem: Sendable, Equatable {
    public var id: String
    public var text: String
    public var textZh: String?
    public var phase: Phase
    public var role: String?
    /// Due this long after declaration (or after the crisis' end, see `from`).
    public var due: TimeInterval?
    /// The item appears only when the incident is at this severity or worse.
    public var minSeverity: Severity?
    /// What `due` counts from (`from = "end"`: the review's items, whose clock keeps running after close).
    public var from: DueFrom = .declaration

    public func applies(at s: Severity) -> Bool {
        guard let minSeverity else { return true }
        return s.isAtLeast(minSeverity)
    }
}

/// What a checklist item's `due` counts from.
public enum DueFrom: String, Sendable, Equatable {
    case declaration
    /// The crisis' end (`Incident.crisisEndedAt`); the item is not due before it.
    case end
}

/// A crisis playbook: the plan's roles and checklist per phase.
public struct Playbook: Sendable, Equatable {
    public var name: String
    public var title: String
    public var titleZh: String?
    public var summary: String?
    /// The plan's own summary in Chinese (`summary_zh`).
    public var summaryZh: String? = nil
    public var severities: [Severity]
    public var defaultFor: [Severity]
    public var roles: [Severity: [String]]
    public var items: [PlaybookItem]
    public var policyOverride: [KPIName: Target]
    public var path: String?
    /// Statements prepared in advance (`[[statements]]`).
    public var statements: [StatementTemplate] = []

    public func requiredRoles(at s: Severity) -> [String] { roles[s] ?? [] }

    /// Every role the playbook names at any severity.
    public var allRoles: [String] {
        var seen: [String] = []
        for s in Severity.allCases {
            for r in roles[s] ?? [] where !seen.contains(r) { seen.append(r) }
        }
        return seen
    }

    public func item(_ id: String) -> PlaybookItem? { items.first { $0.id == id } }

    public static func load(path: String) throws(ConfigError) -> Playbook {
        try parse(ConfigFile.load(path: path))
    }

    static let topKeys: Set<String> = [
        "name", "title", "title_zh", "summary", "summary_zh", "severities", "default_for", "roles", "phases", "policy",
        "statements",
    ]
    static let itemKeys: Set<String> = ["id", "text", "text_zh", "role", "due", "min_severity", "from"]

    public static func parse(_ file: ConfigFile) throws(ConfigError) -> Playbook {
        let o = file.root
        for key in o.keys where !topKeys.contains(key) {
            throw file.error(
                tr("unknown key \"{key}\" (a playbook has {keys})", ["key": key, "keys": topKeys.sorted().joined(separator: ", ")]),
                key: key)
        }
        guard let name = o["name"]?.stringValue, !name.isEmpty else {
            throw file.error(tr("missing name = \"…\" (the playbook's name, as in its file name)"), key: "name")
        }
        if name.unicodeScalars.contains(where: {
            !(CharacterSet.lowercaseLetters.contains($0) || CharacterSet.decimalDigits.contains($0) || $0 == "-")
        }) {
            throw file.error(tr("name \"{name}\" must use only a-z, 0-9 and -", ["name": name]), key: "name")
        }
        guard let title = o["title"]?.stringValue, !title.isEmpty else {
            throw file.error(tr("missing title = \"…\""), key: "title")
        }
        let severities = try severityList(o["severities"], key: "severities", file: file) ?? Severity.allCases
        let defaultFor = try severityList(o["default_for"], key: "default_for", file: file) ?? []
        for s in defaultFor where !severities.contains(s) {
            throw file.error(tr("default_for names {severity}, which is not in severities", ["severity": s.label]), key: "default_for")
        }
        var roles: [Severity: [String]] = [:]
        if let r = o["roles"] {
            guard case .object(let ro) = r else { throw file.error(tr("roles must be a table of L1/L2/L3 lists"), key: "roles") }
            for m in ro.members {
                guard let s = Severity(text: m.key), m.key.hasPrefix("L") else {
                    throw file.error(tr("roles: unknown key \"{key}\" (use L1, L2, L3)", ["key": m.key]), key: m.key, header: "[roles]")
                }
                guard case .array(let list) = m.value, list.allSatisfy({ $0.stringValue != nil }) else {
                    throw file.error(tr("roles.{key} must be a list of role names", ["key": m.key]), key: m.key, header: "[roles]")
                }
                roles[s] = list.compactMap(\.stringValue)
            }
        }
        var items: [PlaybookItem] = []
        if let p = o["phases"] {
            guard case .object(let phases) = p else {
                throw file.error(tr("phases must hold [[phases.NAME]] item tables"), key: "phases")
            }
            for m in phases.members {
                let header = "[[phases.\(m.key)]]"
                guard let phase = Phase(rawValue: m.key) else {
                    throw file.error(
                        tr(
                            "unknown phase \"{phase}\"; phases are {phases}",
                            ["phase": m.key, "phases": Phase.allCases.map(\.rawValue).joined(separator: ", ")]),
                        header: header)
                }
                guard case .array(let list) = m.value else {
                    throw file.error(tr("phases.{phase} must be a list of items ([[phases.{phase}]])", ["phase": m.key]), header: header)
                }
                for (k, entry) in list.enumerated() {
                    guard case .object(let it) = entry else {
                        throw file.error(tr("each item must be a table"), header: header, occurrence: k)
                    }
                    for key in it.keys where !itemKeys.contains(key) {
                        throw file.error(
                            tr(
                                "unknown item key \"{key}\" (items have {keys})",
                                ["key": key, "keys": itemKeys.sorted().joined(separator: ", ")]),
                            key: key, header: header, occurrence: k)
                    }
                    guard let id = it["id"]?.stringValue, !id.isEmpty, !id.contains(" ") else {
                        throw file.error(
                            tr("item {number} of {phase} needs id = \"short-id\" (no spaces)", ["number": String(k + 1), "phase": m.key]),
                            key: "id", header: header, occurrence: k)
                    }
                    if items.contains(where: { $0.id == id }) {
                        throw file.error(
                            tr("item id \"{id}\" is used twice; ids must be unique", ["id": id]), key: "id", header: header, occurrence: k)
                    }
                    guard let text = it["text"]?.stringValue, !text.isEmpty else {
                        throw file.error(tr("item {id} needs text = \"…\"", ["id": id]), key: "text", header: header, occurrence: k)
                    }
                    var due: TimeInterval?
                    if let d = it["due"] {
                        guard let s = d.stringValue, let v = DurationText.parse(s) else {
                            throw file.error(
                                tr("item {id}: due must be a duration like \"30m\" or \"72h\"", ["id": id]), key: "due", header: header,
                                occurrence: k)
                        }
                        due = v
                    }
                    var minSeverity: Severity?
                    if let ms = it["min_severity"] {
                        guard let n = ms.intValue, let s = Severity(rawValue: n) else {
                            throw file.error(
                                tr("item {id}: min_severity must be 1, 2 or 3", ["id": id]), key: "min_severity", header: header,
                                occurrence: k)
                        }
                        minSeverity = s
                    }
                    var from = DueFrom.declaration
                    if let f = it["from"] {
                        guard let word = f.stringValue, let v = DueFrom(rawValue: word) else {
                            throw file.error(
                                tr(
                                    "item {id}: from must be \"declaration\" or \"end\" (the crisis' end: first recovered, else closed)",
                                    ["id": id]), key: "from", header: header, occurrence: k)
                        }
                        from = v
                    }
                    items.append(
                        PlaybookItem(
                            id: id, text: text, textZh: it["text_zh"]?.stringValue, phase: phase,
                            role: it["role"]?.stringValue, due: due, minSeverity: minSeverity, from: from))
                }
            }
        }
        var override: [KPIName: Target] = [:]
        if let pol = o["policy"] {
            guard case .object(let po) = pol, po.keys.allSatisfy({ $0 == "targets" }) else {
                throw file.error(tr("policy may only hold [policy.targets.NAME] tables"), key: "policy")
            }
            if case .object(let t)? = po["targets"] {
                override = try Policy.parseTargets(t, file: file, headerPrefix: "[policy.targets.")
            }
        }
        let statements = try o["statements"].map { (v) throws(ConfigError) in try StatementTemplate.parseAll(v, file: file) } ?? []
        return Playbook(
            name: name, title: title, titleZh: o["title_zh"]?.stringValue, summary: o["summary"]?.stringValue,
            summaryZh: o["summary_zh"]?.stringValue, severities: severities, defaultFor: defaultFor, roles: roles, items: items,
            policyOverride: override,
            path: file.path, statements: statements)
    }

    private static func severityList(_ v: JSONValue?, key: String, file: ConfigFile) throws(ConfigError) -> [Severity]? {
        guard let v else { return nil }
        guard case .array(let list) = v else { throw file.error(tr("{key} must be a list like [1, 2]", ["key": key]), key: key) }
        var out: [Severity] = []
        for x in list {
            guard let n = x.intValue, let s = Severity(rawValue: n) else {
                throw file.error(tr("{key} must list severities 1, 2 or 3", ["key": key]), key: key)
            }
            out.append(s)
        }
        return out
    }
}
