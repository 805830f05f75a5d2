import Foundation

/// Who must approve a statement before it is published, per audience and severity
/// (`[approvals]` in `playbooks/policy.toml`).
public struct StatementApprovals: Sendable, Equatable {
    /// Who approves. The names are the policy file's values.
    public enum Approver: String, Sendable, CaseIterable {
        /// No approval needed: publish directly.
        case none
        /// The holder of the `communications` role (the communications lead).
        case communications
        /// The holder of the `commander` role.
        case commander
        /// The emergency team: anyone holding a role in the incident.
        case team

        /// Who that is, in words ("the communications lead").
        public var displayName: String {
            switch self {
            case .none: return tr("nobody (no approval needed)", context: "approver")
            case .communications: return tr("the communications lead", context: "approver")
            case .commander: return tr("the commander", context: "approver")
            case .team: return tr("the emergency team", context: "approver")
            }
        }
    }

    /// Per audience and severity; an audience or severity not listed needs no approval.
    public var rules: [Audience: [Severity: Approver]]
    /// Whether the person who drafted a statement may approve it too.
    public var selfApproval: Bool

    public init(rules: [Audience: [Severity: Approver]], selfApproval: Bool = false) {
        self.rules = rules
        self.selfApproval = selfApproval
    }

    /// What the plans ask: every external and regulator statement approved by the emergency
    /// team, at every level; the drafter's own approval does not count (a second pair of eyes
    /// is what an approval is for).
    public static let plans = StatementApprovals(
        rules: [
            .external: [.l1: .team, .l2: .team, .l3: .team],
            .regulator: [.l1: .team, .l2: .team, .l3: .team],
        ])

    public func approver(for audience: Audience, at severity: Severity) -> Approver {
        rules[audience]?[severity] ?? .none
    }

    /// The members who may approve a statement in this incident (empty for `.none`, or when
    /// nobody holds the role yet).
    public static func holders(_ approver: Approver, in inc: Incident) -> [String] {
        switch approver {
        case .none: return []
        case .communications: return inc.roles["communications"].map { [$0] } ?? []
        case .commander: return inc.roles["commander"].map { [$0] } ?? []
        case .team: return Array(Set(inc.roles.values)).sorted()
        }
    }

    /// Who can approve, with their names: "the commander (alice)".
    public static func whoApproves(_ approver: Approver, in inc: Incident) -> String {
        let names = holders(approver, in: inc)
        if names.isEmpty {
            switch approver {
            case .communications:
                return approver.displayName
                    + tr(
                        " (nobody holds the communications role yet: `warroom assign communications NAME`)")
            case .commander:
                return approver.displayName + tr(" (nobody holds the commander role yet: `warroom assign commander NAME`)")
            case .team, .none:
                return approver.displayName + tr(" (nobody holds a role yet: `warroom assign ROLE NAME`)")
            }
        }
        return approver.displayName + tr(" ({names})", context: "approvers", ["names": names.joined(separator: tr(", ", context: "list"))])
    }

    static let keys = ["self_approval"] + Audience.allCases.map(\.rawValue)

    /// Reads `[approvals]`: each audience is one approver at every level, or a table by level
    /// (`external = { L1 = "commander", L2 = "communications" }`; a level left out needs no approval).
    static func parse(_ value: JSONValue, file: ConfigFile) throws(ConfigError) -> StatementApprovals {
        let header = "[approvals]"
        guard case .object(let o) = value else {
            throw file.error(tr("approvals must be a table ([approvals])"), key: "approvals")
        }
        let names = Approver.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        var out = StatementApprovals(rules: [:])
        for m in o.members {
            if m.key == "self_approval" {
                guard let b = m.value.boolValue else {
                    throw file.error(tr("approvals: self_approval must be true or false"), key: m.key, header: header)
                }
                out.selfApproval = b
                continue
            }
            guard let audience = Audience(rawValue: m.key) else {
                throw file.error(
                    tr(
                        "approvals: unknown key \"{key}\" (keys are {keys})",
                        ["key": m.key, "keys": keys.joined(separator: ", ")]), key: m.key, header: header)
            }
            func approver(_ v: JSONValue) throws(ConfigError) -> Approver {
                guard let s = v.stringValue, let a = Approver(rawValue: s) else {
                    throw file.error(
                        tr("approvals: {audience} must be one of {names}", ["audience": m.key, "names": names]), key: m.key, header: header)
                }
                return a
            }
            var levels: [Severity: Approver] = [:]
            if case .object(let byLevel) = m.value {
                for l in byLevel.members {
                    guard let s = Severity(text: l.key), l.key.hasPrefix("L") else {
                        throw file.error(
                            tr(
                                "approvals: {audience}: unknown level \"{key}\" (levels are L1, L2, L3)", ["audience": m.key, "key": l.key]),
                            key: m.key, header: header)
                    }
                    levels[s] = try approver(l.value)
                }
            } else {
                let a = try approver(m.value)
                for s in Severity.allCases { levels[s] = a }
            }
            out.rules[audience] = levels
        }
        return out
    }
}
