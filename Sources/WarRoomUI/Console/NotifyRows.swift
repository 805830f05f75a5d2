import Foundation
import WarRoomCore

/// What the notifier did for the shown incident, as KPI rows under the Notify measure:
/// the last confirmed delivery ("leads notified via 飞书 10:02 ✓") and, while a message
/// is failing with no delivery since, why ("notify failing: …"), so the commander knows
/// to call people instead.
enum NotifyRows {
    typealias Row = (label: String, value: String, style: StyleName)

    static func rows(_ inc: Incident, clock: LocalClock, wide: Bool, ascii: Bool) -> [Row] {
        var rows: [Row] = []
        let last = inc.deliveries.last
        if let d = last {
            let channel = Sanitizer.inline(d.channel, ascii: ascii)
            let to = wide ? d.to.map(recipients) : nil
            let label =
                to.map { tr("{to} notified via {channel}", ["to": $0, "channel": channel]) }
                ?? tr("notified via {channel}", ["channel": channel])
            rows.append((label, String(clock.time(d.at).prefix(5)) + " " + (ascii ? "ok" : "✓"), Styles.kpiMet))
        }
        if let f = failing(inc, since: last?.at) {
            let reason = Sanitizer.inline(f.reason, ascii: ascii)
            // Under the Notify row, a narrow pane says it in fewer words so the reason shows.
            let text: String
            switch (f.final, wide) {
            case (true, true): text = tr("notify gave up: {reason}; tell the leads by hand", ["reason": reason])
            case (false, true): text = tr("notify failing: {reason}", ["reason": reason])
            case (true, false): text = tr("gave up: {reason}", context: "notify", ["reason": reason])
            case (false, false): text = tr("failing: {reason}", context: "notify", ["reason": reason])
            }
            rows.append((text, "", Styles.kpiBreached))
        }
        return rows
    }

    /// The latest failure of a message about the incident, recorded after its last delivery; a
    /// message given up on comes before one still being retried, since only a person can act on it.
    /// The incident keeps its failing messages (the fold's `failingMessages`), so this looks at a
    /// few, not at every message of the journal, on every frame.
    static func failing(_ inc: Incident, since: Date?) -> (reason: String, final: Bool)? {
        var found: NotifyFailure?
        for f in inc.failingMessages.values {
            if let since, f.at <= since { continue }
            // Ties broken by the reason, so the row does not flip between frames.
            let better = found.map { f.final != $0.final ? f.final : f.at != $0.at ? f.at > $0.at : f.reason < $0.reason } ?? true
            if better { found = f }
        }
        return found.map { ($0.reason, $0.final) }
    }

    /// `to` as recorded (role names, comma-separated), each role in the interface's words.
    static func recipients(_ to: String) -> String {
        to.split(separator: ",").map { ConsoleWords.role($0.trimmingCharacters(in: .whitespaces)) }
            .joined(separator: tr(", ", context: "list"))
    }
}
