import WarRoomCore

/// Words the Core owns (phases, roles, audiences, presence, note kinds, KPI states)
/// as the console shows them, until the Core exposes them in the interface language:
/// each is the journal's word in English, so English screens read as before. Kept in
/// one place, with the "console" context, so that moving to the Core's words is one
/// file's change and the catalogs never hold the same message twice.
enum ConsoleWords {
    static func phase(_ p: Phase) -> String {
        switch p {
        case .declared: return tr("declared", context: "console phase")
        case .verified: return tr("verified", context: "console phase")
        case .contained: return tr("contained", context: "console phase")
        case .recovered: return tr("recovered", context: "console phase")
        case .closed: return tr("closed", context: "console phase")
        }
    }

    /// The phase as a heading (the checklist's phase rows).
    static func phaseTitle(_ p: Phase) -> String {
        L10n.isChinese ? phase(p) : p.title
    }

    static func audience(_ a: Audience) -> String {
        switch a {
        case .internal: return tr("internal", context: "console audience")
        case .external: return tr("external", context: "console audience")
        case .management: return tr("management", context: "console audience")
        case .regulator: return tr("regulator", context: "console audience")
        }
    }

    static func presence(_ p: Presence) -> String {
        switch p {
        case .available: return tr("available", context: "console presence")
        case .engaged: return tr("engaged", context: "console presence")
        case .away: return tr("away", context: "console presence")
        case .offline: return tr("offline", context: "console presence")
        }
    }

    static func noteKind(_ k: NoteKind) -> String {
        switch k {
        case .observation: return tr("observation", context: "console note kind")
        case .decision: return tr("decision", context: "console note kind")
        case .action: return tr("action", context: "console note kind")
        case .inject: return tr("inject", context: "console note kind")
        }
    }

    /// A KPI's state; `short` where the pane is narrow.
    static func kpiState(_ s: KPIState, short: Bool) -> String {
        switch s {
        case .pending: return tr("pending", context: "console kpi")
        case .warning: return short ? tr("warn", context: "console kpi") : tr("warning", context: "console kpi")
        case .breached: return tr("breached", context: "console kpi")
        case .met: return tr("met", context: "console kpi")
        case .notApplicable: return tr("n/a", context: "console kpi")
        case .notReached: return short ? tr("ended", context: "console kpi") : tr("not reached", context: "console kpi")
        }
    }

    /// A role the plans name, in the plans' words; any other role as written.
    static func role(_ id: String) -> String {
        guard L10n.isChinese else { return id }
        switch id {
        case "commander": return tr("commander", context: "console role")
        case "deputy": return tr("deputy", context: "console role")
        case "scribe": return tr("scribe", context: "console role")
        case "communications": return tr("communications", context: "console role")
        case "tech-lead": return tr("tech-lead", context: "console role")
        case "operations-lead": return tr("operations-lead", context: "console role")
        case "pr-lead": return tr("pr-lead", context: "console role")
        case "security-lead": return tr("security-lead", context: "console role")
        case "legal": return tr("legal", context: "console role")
        case "customer-service": return tr("customer-service", context: "console role")
        case "content-review": return tr("content-review", context: "console role")
        default: return id
        }
    }
}
