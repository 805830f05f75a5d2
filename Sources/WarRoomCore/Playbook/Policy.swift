import Foundation

/// The measures the plans hold a response to.
public enum KPIName: String, Sendable, CaseIterable, Codable {
    case timeToNotify = "time_to_notify"
    case timeToManagement = "time_to_management"
    case timeToVerify = "time_to_verify"
    case timeToRestore = "time_to_restore"
    case timeToReview = "time_to_review"
    case sinceExternalUpdate = "since_external_update"
    case timeToReviewReport = "time_to_review_report"
    /// Declaration to close: the incident's whole handling time (the shipped policy sets no target).
    case timeToClose = "time_to_close"

    public var defaultTitle: String {
        switch self {
        case .timeToNotify: return "Notify team leads"
        case .timeToManagement: return "Report to management"
        case .timeToVerify: return "Verify nature and scope"
        case .timeToRestore: return "Restore service"
        case .timeToReview: return "Review meeting"
        case .sinceExternalUpdate: return "External update cadence"
        case .timeToReviewReport: return "Review report"
        case .timeToClose: return "Close the incident"
        }
    }

    /// A short label for narrow panes.
    public var shortTitle: String {
        switch self {
        case .timeToNotify: return "Notify"
        case .timeToManagement: return "Mgmt report"
        case .timeToVerify: return "Verify"
        case .timeToRestore: return "Restore"
        case .timeToReview: return "Review"
        case .sinceExternalUpdate: return "Ext. update"
        case .timeToReviewReport: return "Report"
        case .timeToClose: return "Close"
        }
    }
}

/// A target: the limit per severity (none where the plan sets none).
public struct Target: Sendable, Equatable {
    public var name: KPIName
    public var title: String
    public var titleZh: String?
    public var measured: String?
    public var limits: [Severity: TimeInterval]

    public func limit(at s: Severity) -> TimeInterval? { limits[s] }
}

/// A counter crossing a threshold suggests at least a severity; or, with `scope`, an outage that
/// reaches that far does (`counter` is then empty).
public struct TriggerRule: Sendable, Equatable {
    public var counter: String
    public var above: Double
    public var suggests: Severity
    public var source: String?
    public var sourceZh: String?
    /// The plans' "a nationwide outage": the rule holds when the incident's scope is this one.
    public var scope: OutageScope? = nil
}

/// Targets and trigger rules (`playbooks/policy.toml`).
public struct Policy: Sendable, Equatable {
    public var targets: [KPIName: Target]
    public var triggers: [TriggerRule]
    /// Which severity an alert meets, by its labels and value (`[[signal_rules]]`). The triggers
    /// apply to alerts too, through the alert's `counter` label (see `signalMatch`).
    public var signalRules: [SignalRule]
    /// Drills a year the plans ask for ("at least two drills a year"): `drills_per_year`.
    public var drillsPerYear = 2
    /// Who approves statements before they are published (`[approvals]`); without the table,
    /// what the plans ask (see `StatementApprovals.plans`).
    public var approvals = StatementApprovals.plans

    public init(targets: [KPIName: Target], triggers: [TriggerRule], signalRules: [SignalRule] = []) {
        self.targets = targets
        self.triggers = triggers
        self.signalRules = signalRules
    }

    /// The plans' figures, used when no policy file is found.
    public static let standard: Policy = {
        func t(_ n: KPIName, _ l1: String?, _ l2: String?, _ l3: String?) -> (KPIName, Target) {
            var limits: [Severity: TimeInterval] = [:]
            if let l1 { limits[.l1] = DurationText.parse(l1) }
            if let l2 { limits[.l2] = DurationText.parse(l2) }
            if let l3 { limits[.l3] = DurationText.parse(l3) }
            return (n, Target(name: n, title: n.defaultTitle, titleZh: nil, measured: nil, limits: limits))
        }
        let targets = Dictionary(uniqueKeysWithValues: [
            t(.timeToNotify, "5m", "5m", "5m"), t(.timeToManagement, "10m", nil, nil),
            t(.timeToVerify, "30m", "30m", "30m"), t(.sinceExternalUpdate, "1h", "4h", "24h"),
            t(.timeToRestore, "72h", "48h", nil), t(.timeToReview, "7d", "7d", "7d"),
            t(.timeToReviewReport, "60d", "60d", "60d"),
        ])
        func r(_ c: String, _ above: Double, _ s: Severity) -> TriggerRule {
            TriggerRule(counter: c, above: above, suggests: s, source: nil, sourceZh: nil)
        }
        return Policy(
            targets: targets,
            triggers: [
                r("leaked_records", 10_000, .l1), r("complaints", 1_000, .l2), r("negative_mentions_24h", 1_000, .l2),
                r("media_discussions", 100_000, .l2), r("core_unavailable_hours", 4, .l2),
                r("outage_minutes", 120, .l2), r("login_failure_pct", 5, .l3), r("page_load_seconds", 3, .l3),
                r("response_minutes", 15, .l1),
                TriggerRule(counter: "", above: 0, suggests: .l1, source: nil, sourceZh: nil, scope: .nationwide),
            ])
    }()

    /// Reads a policy file.
    public static func load(path: String) throws(ConfigError) -> Policy {
        let file = try ConfigFile.load(path: path)
        return try parse(file)
    }

    public static func parse(_ file: ConfigFile) throws(ConfigError) -> Policy {
        for key in file.root.keys where !["targets", "triggers", "signal_rules", "drills_per_year", "approvals"].contains(key) {
            throw file.error(
                tr(
                    "unknown key \"{key}\" (a policy has [targets.NAME] tables, [[triggers]], [[signal_rules]], [approvals] and drills_per_year)",
                    ["key": key]), key: key)
        }
        var policy = Policy(targets: [:], triggers: [])
        if let d = file.root["drills_per_year"] {
            guard let n = d.intValue, n >= 0, n <= 365 else {
                throw file.error(tr("drills_per_year must be a whole number from 0 to 365, such as 2"), key: "drills_per_year")
            }
            policy.drillsPerYear = n
        }
        if let t = file.root["targets"] {
            guard case .object(let targets) = t else { throw file.error(tr("targets must be a table"), key: "targets") }
            policy.targets = try parseTargets(targets, file: file, headerPrefix: "[targets.")
        }
        if let triggers = file.root["triggers"] {
            guard case .array(let rules) = triggers else {
                throw file.error(tr("triggers must be an array of tables ([[triggers]])"), key: "triggers")
            }
            for (k, rule) in rules.enumerated() {
                let header = "[[triggers]]"
                guard case .object(let o) = rule else {
                    throw file.error(tr("each trigger must be a table"), header: header, occurrence: k)
                }
                if o["scope"] != nil {
                    policy.triggers.append(try parseScopeRule(o, file: file, occurrence: k))
                    continue
                }
                guard let counter = o["counter"]?.stringValue, !counter.isEmpty else {
                    throw file.error(
                        tr("trigger {number} needs counter = \"NAME\"", ["number": String(k + 1)]), header: header, occurrence: k)
                }
                guard let above = o["above"]?.numberValue else {
                    throw file.error(
                        tr("trigger for {counter} needs above = NUMBER (the threshold)", ["counter": counter]), key: "above",
                        header: header, occurrence: k)
                }
                guard let n = o["suggests"]?.intValue, let s = Severity(rawValue: n) else {
                    throw file.error(
                        tr("trigger for {counter}: suggests must be 1, 2 or 3", ["counter": counter]), key: "suggests", header: header,
                        occurrence: k)
                }
                for key in o.keys where !["counter", "above", "suggests", "source", "source_zh"].contains(key) {
                    throw file.error(
                        tr("trigger for {counter}: unknown key \"{key}\"", ["counter": counter, "key": key]), key: key, header: header,
                        occurrence: k)
                }
                policy.triggers.append(
                    TriggerRule(
                        counter: counter, above: above, suggests: s, source: o["source"]?.stringValue,
                        sourceZh: o["source_zh"]?.stringValue))
            }
        }
        if let rules = file.root["signal_rules"] {
            policy.signalRules = try SignalRule.parseAll(rules, file: file)
        }
        if let approvals = file.root["approvals"] {
            policy.approvals = try StatementApprovals.parse(approvals, file: file)
        }
        return policy
    }

    /// `scope = "nationwide"` with `suggests`: the outage's reach, not a counter, meets the level.
    static func parseScopeRule(_ o: JSONObject, file: ConfigFile, occurrence k: Int) throws(ConfigError) -> TriggerRule {
        let header = "[[triggers]]"
        guard let word = o["scope"]?.stringValue, let scope = OutageScope(rawValue: word) else {
            throw file.error(
                tr("trigger {number}: scope must be \"local\", \"regional\" or \"nationwide\"", ["number": String(k + 1)]),
                key: "scope", header: header, occurrence: k)
        }
        guard let n = o["suggests"]?.intValue, let s = Severity(rawValue: n) else {
            throw file.error(
                tr("trigger for scope {scope}: suggests must be 1, 2 or 3", ["scope": word]), key: "suggests", header: header,
                occurrence: k)
        }
        for key in o.keys where !["scope", "suggests", "source", "source_zh"].contains(key) {
            throw file.error(
                tr(
                    "trigger for scope {scope}: unknown key \"{key}\" (a scope rule has scope, suggests, source, source_zh)",
                    ["scope": word, "key": key]), key: key, header: header, occurrence: k)
        }
        return TriggerRule(
            counter: "", above: 0, suggests: s, source: o["source"]?.stringValue, sourceZh: o["source_zh"]?.stringValue, scope: scope)
    }

    static func parseTargets(_ targets: JSONObject, file: ConfigFile, headerPrefix: String) throws(ConfigError)
        -> [KPIName: Target]
    {
        var out: [KPIName: Target] = [:]
        for m in targets.members {
            guard let name = KPIName(rawValue: m.key) else {
                throw file.error(
                    tr(
                        "unknown target \"{target}\"; targets are {targets}",
                        ["target": m.key, "targets": KPIName.allCases.map(\.rawValue).joined(separator: ", ")]),
                    key: nil, header: headerPrefix + m.key)
            }
            guard case .object(let o) = m.value else {
                throw file.error(tr("target {target} must be a table", ["target": m.key]), header: headerPrefix + m.key)
            }
            var target = Target(
                name: name, title: o["title"]?.stringValue ?? name.defaultTitle, titleZh: o["title_zh"]?.stringValue,
                measured: o["measured"]?.stringValue, limits: [:])
            for k in o.keys {
                if ["title", "title_zh", "measured"].contains(k) { continue }
                guard let s = Severity(text: k), k.hasPrefix("L") else {
                    throw file.error(
                        tr("target {target}: unknown key \"{key}\" (limits are L1, L2, L3)", ["target": m.key, "key": k]), key: k,
                        header: headerPrefix + m.key)
                }
                guard let text = o[k]?.stringValue, let d = DurationText.parse(text) else {
                    throw file.error(
                        tr("target {target}: {key} must be a duration like \"5m\", \"72h\" or \"7d\"", ["target": m.key, "key": k]), key: k,
                        header: headerPrefix + m.key)
                }
                target.limits[s] = d
            }
            out[name] = target
        }
        return out
    }

    /// This policy with a playbook's overrides laid over it, limit by limit.
    public func merged(with override: [KPIName: Target]) -> Policy {
        var p = self
        for (name, t) in override {
            if var base = p.targets[name] {
                for (s, l) in t.limits { base.limits[s] = l }
                if t.title != name.defaultTitle { base.title = t.title }
                if let z = t.titleZh { base.titleZh = z }
                if let m = t.measured { base.measured = m }
                p.targets[name] = base
            } else {
                p.targets[name] = t
            }
        }
        return p
    }
}
