import Foundation

/// Events as short sentences a person reads on the timeline and in reports.
/// The actor is shown beside the sentence, so sentences do not repeat it.
public enum EventSentence {
    public static func describe(
        _ e: Event, previousSeverity: Severity? = nil, itemText: (String) -> String? = { _ in nil }
    ) -> String {
        guard let kind = e.kind else { return raw(e) }
        switch kind {
        case .incidentDeclared:
            let sev = Severity(rawValue: e.data["severity"]?.intValue ?? 0)?.label ?? "?"
            var s = "declared \(sev) “\(e.string("title") ?? "")”"
            if e.data["drill"]?.boolValue == true { s += " (DRILL)" }
            if let p = e.string("playbook") { s += ", playbook \(p)" }
            return s
        case .incidentSeverity:
            let to = Severity(rawValue: e.data["severity"]?.intValue ?? 0)?.label ?? "?"
            let from = previousSeverity.map { "\($0.label) → " } ?? "→ "
            return "severity \(from)\(to)" + (e.string("reason").map { ": \($0)" } ?? "")
        case .incidentPhase:
            return "phase → \(e.string("phase") ?? "?")" + (e.string("note").map { ": \($0)" } ?? "")
        case .incidentPlaybook:
            return "playbook → \(e.string("playbook") ?? "?")" + (e.string("reason").map { ": \($0)" } ?? "")
        case .note:
            let kind = e.string("kind") ?? "observation"
            return (kind == "observation" ? "" : "\(kind): ") + (e.string("text") ?? "")
        case .roleAssigned:
            return "\(e.string("member") ?? "?") is now \(e.string("role") ?? "?")"
        case .roleReleased:
            return "\(e.string("role") ?? "?") released (unfilled)"
        case .memberJoined:
            let extra = [e.string("name"), e.string("team")].compactMap { $0 }.joined(separator: ", ")
            return "\(e.string("member") ?? "?") joined" + (extra.isEmpty ? "" : " (\(extra))")
        case .memberStatus:
            return "\(e.string("member") ?? "?") is \(e.string("status") ?? "?")"
        case .memberLeft:
            return "\(e.string("member") ?? "?") left"
        case .checklistAdded:
            return "added item ‘\(e.string("text") ?? "")’" + (e.string("due").map { ", due \($0)" } ?? "")
        case .checklistDone:
            let item = e.string("item") ?? "?"
            return "ticked ‘\(itemText(item) ?? item)’"
        case .checklistUndone:
            let item = e.string("item") ?? "?"
            return "unticked ‘\(itemText(item) ?? item)’"
        case .counterSet:
            let name = (e.string("name") ?? "?").replacingOccurrences(of: "_", with: " ")
            let unit = e.string("unit").map { " \($0)" } ?? ""
            return "\(name) \(formatNumber(e.data["value"]?.numberValue ?? 0))\(unit)"
        case .drillStarted:
            return "drill started: scenario \(e.string("scenario") ?? "?") at speed ×\(formatNumber(e.data["speed"]?.numberValue ?? 1))"
        case .drillPaused:
            return "drill paused" + (e.string("reason").map { ": \($0)" } ?? "")
        case .drillResumed:
            return "drill resumed"
        case .drillInject:
            return "inject \(e.string("inject") ?? "?")" + (e.string("title").map { ": \($0)" } ?? "")
                + (e.data["manual"]?.boolValue == true ? " (released by hand)" : "")
        case .drillEnded:
            return "drill ended" + (e.string("reason").map { ": \($0)" } ?? "")
        case .commsPublished:
            let via = e.string("channel").map { " via \($0)" } ?? ""
            return "to \(e.string("audience") ?? "?")\(via): \(e.string("text") ?? "")"
        }
    }

    /// An event of a type this version does not know, shown as it was written.
    public static func raw(_ e: Event) -> String {
        e.type + (e.data.isEmpty ? "" : " " + JSONWriter.serialize(.object(e.data)))
    }

    /// Numbers as people read them in a war room: `12,000`, `4.5`.
    public static func formatNumber(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 {
            let i = Int64(n)
            let digits = String(abs(i))
            var out = ""
            for (k, c) in digits.enumerated() {
                if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            return (i < 0 ? "-" : "") + out
        }
        let s = String(format: "%.2f", n)
        return s.hasSuffix("0") ? String(s.dropLast()) : s
    }
}
