import Foundation

/// Words the reports show for values the journal writes as ids (phases, presence,
/// audiences, target states, roles). English shows the id as it always has.
///
/// The Core vocabulary is being translated at the same time; these have their own
/// context ("report") so the two cannot collide in the catalog, and can be pointed at
/// the Core words once they exist.
enum ReportWords {
    static func phase(_ p: Phase) -> String {
        switch p {
        case .declared: return tr("declared", context: "report")
        case .verified: return tr("verified", context: "report")
        case .contained: return tr("contained", context: "report")
        case .recovered: return tr("recovered", context: "report")
        case .closed: return tr("closed", context: "report")
        }
    }

    static func presence(_ p: Presence) -> String {
        switch p {
        case .available: return tr("available", context: "report")
        case .engaged: return tr("engaged", context: "report")
        case .away: return tr("away", context: "report")
        case .offline: return tr("offline", context: "report")
        }
    }

    /// An audience as a heading: `Internal`, `Regulator`.
    static func audience(_ a: Audience) -> String {
        switch a {
        case .internal: return tr("Internal", context: "report")
        case .external: return tr("External", context: "report")
        case .management: return tr("Management", context: "report")
        case .regulator: return tr("Regulator", context: "report")
        }
    }

    static func kpiState(_ s: KPIState) -> String {
        switch s {
        case .pending: return tr("pending", context: "report")
        case .warning: return tr("warning", context: "report")
        case .breached: return tr("breached", context: "report")
        case .met: return tr("met", context: "report")
        case .notApplicable: return tr("n/a", context: "report")
        case .notReached: return tr("not-reached", context: "report")
        }
    }

    /// A role of the shared vocabulary (docs/playbooks.md) in words; any other role id as it is.
    static func role(_ id: String) -> String {
        switch id {
        case "commander": return tr("commander", context: "report")
        case "deputy": return tr("deputy", context: "report")
        case "scribe": return tr("scribe", context: "report")
        case "communications": return tr("communications", context: "report")
        case "tech-lead": return tr("tech-lead", context: "report")
        case "operations-lead": return tr("operations-lead", context: "report")
        case "pr-lead": return tr("pr-lead", context: "report")
        case "legal": return tr("legal", context: "report")
        case "customer-service": return tr("customer-service", context: "report")
        case "content-review": return tr("content-review", context: "report")
        case "finance": return tr("finance", context: "report")
        case "security-lead": return tr("security-lead", context: "report")
        default: return id
        }
    }
}
