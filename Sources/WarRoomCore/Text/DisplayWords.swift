import Foundation

// The journal's words (severities, phases, note kinds, presence, audiences) as a
// person reads them, in the interface language. The raw values stay the data:
// ids, JSON, command-line arguments and journal fields never go through these.

extension Severity {
    /// As the plans write it: `L1` in English, `一级` in Chinese.
    public var displayLabel: String {
        switch self {
        case .l1: return tr("L1", context: "severity")
        case .l2: return tr("L2", context: "severity")
        case .l3: return tr("L3", context: "severity")
        }
    }

    /// Where room allows, with the code the plans also use: `L1` in English, `一级 (L1)` in Chinese.
    public var displayLabelWithCode: String {
        L10n.current.isTranslated && displayLabel != label ? displayLabel + " (" + label + ")" : label
    }

    public static func display(_ s: Severity) -> String { s.displayLabel }
}

extension Phase {
    /// The phase as a word in a sentence: `contained` in English, `已控制` in Chinese.
    public var displayName: String {
        switch self {
        case .declared: return tr("declared", context: "phase")
        case .verified: return tr("verified", context: "phase")
        case .contained: return tr("contained", context: "phase")
        case .recovered: return tr("recovered", context: "phase")
        case .closed: return tr("closed", context: "phase")
        }
    }

    /// The phase as a heading: `Contained` in English (as `title`), `已控制` in Chinese.
    public var displayTitle: String {
        switch self {
        case .declared: return tr("Declared", context: "phase")
        case .verified: return tr("Verified", context: "phase")
        case .contained: return tr("Contained", context: "phase")
        case .recovered: return tr("Recovered", context: "phase")
        case .closed: return tr("Closed", context: "phase")
        }
    }

    public static func display(_ p: Phase) -> String { p.displayName }

    /// A phase named in the journal (`incident.phase`'s `phase`), in words; an unknown one as written.
    public static func display(_ raw: String) -> String { Phase(rawValue: raw)?.displayName ?? raw }
}

extension NoteKind {
    /// `decision` in English, `决定` in Chinese.
    public var displayName: String {
        switch self {
        case .observation: return tr("observation", context: "note kind")
        case .decision: return tr("decision", context: "note kind")
        case .action: return tr("action", context: "note kind")
        case .inject: return tr("inject", context: "note kind")
        }
    }

    public static func display(_ k: NoteKind) -> String { k.displayName }
    public static func display(_ raw: String) -> String { NoteKind(rawValue: raw)?.displayName ?? raw }
}

extension Presence {
    /// A member's status: `away` in English, `离开` in Chinese.
    public var displayName: String {
        switch self {
        case .available: return tr("available", context: "presence")
        case .engaged: return tr("engaged", context: "presence")
        case .away: return tr("away", context: "presence")
        case .offline: return tr("offline", context: "presence")
        }
    }

    public static func display(_ p: Presence) -> String { p.displayName }
    public static func display(_ raw: String) -> String { Presence(rawValue: raw)?.displayName ?? raw }
}

extension Audience {
    /// Who a statement is for: `external` in English, `对外` in Chinese.
    public var displayName: String {
        switch self {
        case .internal: return tr("internal", context: "audience")
        case .external: return tr("external", context: "audience")
        case .management: return tr("management", context: "audience")
        case .regulator: return tr("regulator", context: "audience")
        }
    }

    public static func display(_ a: Audience) -> String { a.displayName }
    public static func display(_ raw: String) -> String { Audience(rawValue: raw)?.displayName ?? raw }
}

/// Incident roles are free strings (a playbook may name its own); the standard ones
/// have a name in each language, any other shows as written.
public enum Role {
    /// `tech-lead` in English (the id, as the console has always shown it), `技术负责人` in Chinese.
    public static func display(_ role: String) -> String {
        switch role {
        case "commander": return tr("commander", context: "role")
        case "deputy": return tr("deputy", context: "role")
        case "scribe": return tr("scribe", context: "role")
        case "communications": return tr("communications", context: "role")
        case "tech-lead": return tr("tech-lead", context: "role")
        case "operations-lead": return tr("operations-lead", context: "role")
        case "pr-lead": return tr("pr-lead", context: "role")
        case "legal": return tr("legal", context: "role")
        case "customer-service": return tr("customer-service", context: "role")
        case "content-review": return tr("content-review", context: "role")
        case "finance": return tr("finance", context: "role")
        case "security-lead": return tr("security-lead", context: "role")
        default: return role
        }
    }
}

extension DrillRun {
    /// The drill's state in a word: `running`, `paused`, `ended` in English; `进行中`, `已暂停`, `已结束` in Chinese.
    public var displayState: String {
        if isEnded { return tr("ended", context: "drill") }
        return isPaused ? tr("paused", context: "drill") : tr("running", context: "drill")
    }

    /// The word the console's header shows beside the drill's clock: `PAUSED` in English, `已暂停` in Chinese.
    public static var pausedBanner: String { tr("PAUSED", context: "drill") }

    /// The marker of a drill incident: `DRILL` in English, `演练` in Chinese.
    public static var drillBanner: String { tr("DRILL", context: "drill") }
}

extension KPIState {
    /// A target's state in a word: `met`, `breached`, `n/a` … in English; `达标`, `超时`, `不适用` … in Chinese.
    public var displayName: String {
        switch self {
        case .pending: return tr("pending", context: "kpi")
        case .warning: return tr("warning", context: "kpi")
        case .breached: return tr("breached", context: "kpi")
        case .met: return tr("met", context: "kpi")
        case .notApplicable: return tr("n/a", context: "kpi")
        case .notReached: return tr("not-reached", context: "kpi")
        }
    }

    public static func display(_ s: KPIState) -> String { s.displayName }
}

extension KPIName {
    /// The measure's name when the policy gives none: `defaultTitle` in English, the plans' term in Chinese.
    public var displayTitle: String {
        switch self {
        case .timeToNotify: return tr("Notify team leads", context: "kpi")
        case .timeToManagement: return tr("Report to management", context: "kpi")
        case .timeToVerify: return tr("Verify nature and scope", context: "kpi")
        case .timeToRestore: return tr("Restore service", context: "kpi")
        case .timeToReview: return tr("Review meeting", context: "kpi")
        case .sinceExternalUpdate: return tr("External update cadence", context: "kpi")
        case .timeToReviewReport: return tr("Review report", context: "kpi")
        case .timeToClose: return tr("Close the incident", context: "kpi")
        }
    }

    /// `shortTitle` in the interface language, for narrow panes.
    public var displayShortTitle: String {
        switch self {
        case .timeToNotify: return tr("Notify", context: "kpi")
        case .timeToManagement: return tr("Mgmt report", context: "kpi")
        case .timeToVerify: return tr("Verify", context: "kpi")
        case .timeToRestore: return tr("Restore", context: "kpi")
        case .timeToReview: return tr("Review", context: "kpi")
        case .sinceExternalUpdate: return tr("Ext. update", context: "kpi")
        case .timeToReviewReport: return tr("Report", context: "kpi")
        case .timeToClose: return tr("Close", context: "kpi")
        }
    }
}

extension KPIMeasure {
    /// The measure's title as shown: the policy's `title_zh` in Chinese (else the plans'
    /// term for a measure the policy did not rename), its `title` in English.
    public var displayTitle: String {
        if title == name.defaultTitle { return planText(title, zh: titleZh ?? (L10n.isChinese ? name.displayTitle : nil)) }
        return planText(title, zh: titleZh)
    }
}

extension Target {
    /// The target's title as shown: `title_zh` in Chinese, `title` in English.
    public var displayTitle: String {
        if title == name.defaultTitle { return planText(title, zh: titleZh ?? (L10n.isChinese ? name.displayTitle : nil)) }
        return planText(title, zh: titleZh)
    }
}

extension Playbook {
    /// The plan's title: `title_zh` in Chinese, `title` in English.
    public var displayTitle: String { planText(title, zh: titleZh) }

    /// The plan's summary: `summary_zh` in Chinese, `summary` in English (nil when it has neither).
    public var displaySummary: String? {
        guard let summary else { return L10n.isChinese ? summaryZh : nil }
        return planText(summary, zh: summaryZh)
    }
}

extension PlaybookItem {
    /// The item's words: `text_zh` in Chinese, `text` in English.
    public var displayText: String { planText(text, zh: textZh) }
}

extension ChecklistEntry {
    /// The entry's words: the plan's `text_zh` in Chinese, `text` in English (an item added
    /// during the incident has only the words it was added with).
    public var displayText: String { planText(text, zh: textZh) }
}

extension TriggerRule {
    /// The plan's rule the trigger quotes: `source_zh` in Chinese, `source` in English.
    public var displaySource: String? {
        guard let source else { return L10n.isChinese ? sourceZh : nil }
        return planText(source, zh: sourceZh)
    }
}
