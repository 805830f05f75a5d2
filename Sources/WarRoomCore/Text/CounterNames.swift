/// Counters' names as people read them. A counter is named in the journal by an id
/// (`leaked_records`); English shows the id with spaces, as it always has; another
/// language shows the plans' term for the counters the policy and the scenarios use,
/// and any other counter as in English.
public enum CounterName {
    public static func display(_ name: String) -> String {
        let english = name.replacingOccurrences(of: "_", with: " ")
        guard L10n.current.isTranslated else { return english }
        switch name {
        case "leaked_records": return tr("leaked records", context: "counter")
        case "complaints": return tr("complaints", context: "counter")
        case "outage_minutes": return tr("outage minutes", context: "counter")
        case "login_failure_pct": return tr("login failure pct", context: "counter")
        case "page_load_seconds": return tr("page load seconds", context: "counter")
        case "negative_mentions_24h": return tr("negative mentions 24h", context: "counter")
        case "media_discussions": return tr("media discussions", context: "counter")
        case "core_unavailable_hours": return tr("core unavailable hours", context: "counter")
        case "affected_users": return tr("affected users", context: "counter")
        case "concurrent_viewers": return tr("concurrent viewers", context: "counter")
        case "payment_success_pct": return tr("payment success pct", context: "counter")
        default: return english
        }
    }
}
