import Foundation
import WarRoomCore

/// A roster pane row: a key, a value, and a tail added to the value only where it fits whole.
struct RosterRow: Equatable {
    var key: String
    var keyStyle: StyleName
    var value = ""
    var valueStyle: StyleName = Styles.text
    var tail = ""
}

/// What the roster pane lists for the shown incident: its roles (filled, then the
/// unfilled on one row), its members with their presence, then who is on call.
enum RosterRows {
    /// - Parameters:
    ///   - width: the pane's inner width (narrow panes get shorter words).
    ///   - ascii: presence symbols in ASCII.
    static func make(_ model: ConsoleModel, now: Date, width: Int, ascii: Bool) -> [RosterRow] {
        guard let inc = model.incident else { return [] }
        var rows: [RosterRow] = []
        let required = model.playbook?.requiredRoles(at: inc.severity) ?? []
        var roles = required
        for role in inc.roles.keys.sorted() where !roles.contains(role) { roles.append(role) }
        rows.append(RosterRow(key: tr("Roles"), keyStyle: Styles.checklistPhase))
        for role in roles {
            if let holder = inc.roles[role] {
                rows.append(RosterRow(key: " " + ConsoleWords.role(role), keyStyle: Styles.rosterRole, value: holder))
            }
        }
        // Unfilled roles share one row, so that the people below stay in view in a short pane.
        let unfilled = roles.filter { inc.roles[$0] == nil }
        if unfilled.count == 1 {
            rows.append(
                RosterRow(
                    key: " " + ConsoleWords.role(unfilled[0]), keyStyle: Styles.rosterRole,
                    value: width >= 34 ? "— " + tr("unfilled") : "—",
                    valueStyle: Styles.rosterUnfilled))
        } else if !unfilled.isEmpty {
            rows.append(
                RosterRow(
                    key: " " + tr("unfilled"), keyStyle: Styles.rosterUnfilled,
                    value: unfilled.map(ConsoleWords.role).joined(separator: tr(", ", context: "list")),
                    valueStyle: Styles.rosterUnfilled))
        }
        if roles.isEmpty { rows.append(RosterRow(key: " " + tr("none assigned yet"), keyStyle: Styles.textDim)) }
        // Presence as a symbol and a word; the time since the person last acted follows where it
        // fits, so an `engaged` left behind by a console that crashed reads as stale.
        let narrow = width < 30
        func mark(_ p: Presence) -> String { PresenceMark.symbol(p, ascii: ascii) }
        func ago(_ d: Date?) -> String {
            guard let d else { return "—" }
            return DurationText.format(max(0, now.timeIntervalSince(d)))
        }
        rows.append(RosterRow(key: tr("Members"), keyStyle: Styles.checklistPhase))
        if inc.roster.isEmpty { rows.append(RosterRow(key: " " + tr("nobody on the roster"), keyStyle: Styles.textDim)) }
        for m in inc.roster {
            let p = model.state.presence(of: m.id)
            let last = model.state.lastAction(of: m.id)
            let seen =
                narrow
                ? " " + (last.map { DurationText.formatAge(max(0, now.timeIntervalSince($0))) } ?? "—")
                : " · " + (last == nil ? tr("not seen yet") : tr("seen {ago} ago", ["ago": ago(last)]))
            rows.append(
                RosterRow(
                    key: " \(mark(p)) " + m.id, keyStyle: Styles.presence(p.rawValue), value: PresenceMark.word(p, narrow: narrow),
                    valueStyle: Styles.presence(p.rawValue), tail: seen))
        }
        // The standing roster: who could be called in, reachable first, with the team and contact given at join.
        let onCall = model.state.onCall
        if !onCall.isEmpty {
            let reachable = onCall.filter(\.isReachable).count
            rows.append(
                RosterRow(
                    key: tr("On call"), keyStyle: Styles.checklistPhase, value: "\(reachable)/\(onCall.count)", valueStyle: Styles.textDim,
                    tail: " " + tr("reachable")))
            for e in onCall {
                let how = [e.member.team, e.member.contact].compactMap { $0 }.joined(separator: " · ")
                rows.append(
                    RosterRow(
                        key: " \(mark(e.presence)) " + e.member.id, keyStyle: Styles.presence(e.presence.rawValue),
                        value: PresenceMark.word(e.presence, narrow: narrow), valueStyle: e.isReachable ? Styles.text : Styles.textDim,
                        tail: how.isEmpty ? "" : " · " + how))
            }
        }
        return rows
    }
}
