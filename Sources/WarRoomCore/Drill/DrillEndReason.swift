import Foundation

/// The reasons warroom's own runners write on `drill.ended`, in the reader's language.
/// The journal keeps the English words (scripts and older versions read them); a reason
/// written by anyone else is the writer's own text and shows as written.
public enum DrillEndReason {
    /// The runner reached the scenario's duration (DrillRunner).
    public static let completed = "completed"
    /// The facilitator stopped `drill run` (Ctrl-C, a signal).
    public static let stopped = "stopped by the facilitator"

    public static func display(_ reason: String) -> String {
        switch reason {
        case completed: return tr("completed", context: "drill ended")
        case stopped: return tr("stopped by the facilitator", context: "drill ended")
        default: return reason
        }
    }

    /// The event as a reader sees it: a `drill.ended` with a known reason in their words,
    /// any other event unchanged (for the sentence only; never written back).
    public static func shown(_ e: Event) -> Event {
        guard case .drillEnded(let p) = e.payload, let reason = p.reason else { return e }
        let words = display(reason)
        guard words != reason else { return e }
        var out = e
        out.data["reason"] = .string(words)
        return out
    }
}
