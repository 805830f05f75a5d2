/// The semantic style names themes define (see themes/*.toml).
public enum Styles {
    public static let text = "text"
    public static let textDim = "text.dim"
    public static let textTime = "text.time"
    public static let textActor = "text.actor"
    public static let header = "header"
    public static let headerTitle = "header.title"
    public static let headerDrill = "header.drill"
    public static func severity(_ n: Int) -> String { "severity.\(n)" }
    public static let phase = "phase"
    public static let liveFollowing = "live.following"
    public static let liveLagging = "live.lagging"
    public static let liveReadOnly = "live.readonly"
    public static let paneBorder = "pane.border"
    public static let paneBorderFocused = "pane.border.focused"
    public static let paneTitle = "pane.title"
    public static let paneTitleFocused = "pane.title.focused"
    public static func timeline(_ kind: String) -> String { "timeline.\(kind)" }
    public static let rosterRole = "roster.role"
    public static let rosterUnfilled = "roster.unfilled"
    public static func presence(_ p: String) -> String { "presence.\(p)" }
    public static let checklistPhase = "checklist.phase"
    public static let checklistDone = "checklist.done"
    public static let checklistOpen = "checklist.open"
    public static let checklistOverdue = "checklist.overdue"
    public static let progressFilled = "progress.filled"
    public static let progressEmpty = "progress.empty"
    public static let kpiLabel = "kpi.label"
    public static func kpi(_ state: String) -> String { state == "n/a" ? "kpi.na" : "kpi.\(state)" }
    public static let kpiBreached = "kpi.breached"
    public static let kpiWarning = "kpi.warning"
    public static let kpiMet = "kpi.met"
    public static let counter = "counter"
    public static let bannerSuggestion = "banner.suggestion"
    public static let bannerReplay = "banner.replay"
    public static let bannerReadOnly = "banner.readonly"
    public static let footer = "footer"
    public static let footerKey = "footer.key"
    public static let footerMessage = "footer.message"
    public static let footerError = "footer.error"
    public static let footerHealth = "footer.health"
    public static let prompt = "prompt"
    public static let promptLabel = "prompt.label"
    public static let overlay = "overlay"
    public static let overlayBorder = "overlay.border"
    public static let overlayTitle = "overlay.title"
    public static let selection = "selection"
    public static let inert = "inert"

    /// Every style a theme should define.
    public static let all: [String] = [
        "text", "text.dim", "text.time", "text.actor", "header", "header.title", "header.drill", "severity.1",
        "severity.2", "severity.3", "phase", "live.following", "live.lagging", "live.readonly", "pane.border",
        "pane.border.focused", "pane.title", "pane.title.focused", "timeline.observation", "timeline.decision",
        "timeline.action", "timeline.inject", "timeline.system", "timeline.comms", "timeline.severity",
        "timeline.unknown", "roster.role", "roster.unfilled", "presence.available", "presence.engaged",
        "presence.away", "presence.offline", "checklist.phase", "checklist.done", "checklist.open",
        "checklist.overdue", "progress.filled", "progress.empty", "kpi.label", "kpi.pending", "kpi.warning",
        "kpi.breached", "kpi.met", "kpi.na", "counter", "banner.suggestion", "banner.replay", "banner.readonly",
        "footer", "footer.key", "footer.message", "footer.error", "footer.health", "prompt", "prompt.label",
        "overlay", "overlay.border", "overlay.title", "selection", "inert",
    ]
}
