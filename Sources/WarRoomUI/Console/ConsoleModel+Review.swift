import Foundation
import WarRoomCore

/// The review at the console: `R` on an incident whose crisis has ended records the meeting
/// held (a note optional), then where the report is. Closed incidents take it: the review
/// comes after the close, and its deadlines run on until it is recorded.
extension ConsoleModel {
    /// The shown incident's crisis has ended and its meeting or report is not recorded yet.
    public var reviewPending: Bool {
        guard let inc = incident, !inc.drill, inc.crisisEndedAt != nil else { return false }
        return inc.review.held == nil || inc.review.reported == nil
    }

    mutating func reviewKey() -> [ConsoleCommand] {
        if replay != nil {
            message = ConsoleMessage(text: tr("replaying the past: Esc returns to live to act"), isError: false)
            return []
        }
        if let why = cannotWrite() { return refuse(why) }
        guard let inc = incident else {
            message = ConsoleMessage(text: tr("no active incident: press D to declare one"), isError: false)
            return []
        }
        guard inc.crisisEndedAt != nil else {
            message = ConsoleMessage(
                text: tr("the review comes after the crisis ends: set the phase to recovered or closed first (p)"), isError: false)
            return []
        }
        if inc.review.held == nil {
            interaction = .prompt(
                TextPrompt(
                    label: tr("review meeting held, note:"), purpose: .reviewHeldNote,
                    hint: tr("optional · Enter records it now · warroom review held --at for an earlier time")))
        } else if inc.review.reported == nil {
            interaction = .prompt(
                TextPrompt(
                    label: tr("review report, where is it:"), purpose: .reviewReportWhere,
                    hint: tr("a path, a link or the document's name")))
        } else {
            message = ConsoleMessage(
                text: tr(
                    "the review is recorded: meeting on {date}, report at {where}",
                    ["date": EventSentence.dueDate(inc.review.held?.at ?? clock), "where": inc.review.reported?.location ?? ""]),
                isError: false)
        }
        return []
    }
}

extension ConsoleModel {
    /// `O`: how far the outage reaches, picked from the three (the one set now first).
    mutating func scopeKey() -> [ConsoleCommand] {
        if replay != nil {
            message = ConsoleMessage(text: tr("replaying the past: Esc returns to live to act"), isError: false)
            return []
        }
        if let why = cannotWrite() { return refuse(why) }
        guard let inc = incident else {
            message = ConsoleMessage(text: tr("no active incident: press D to declare one"), isError: false)
            return []
        }
        let now = inc.scope.map { $0.displayName } ?? tr("not set", context: "scope")
        var p = Picker(
            title: tr("Outage scope (now {scope})", ["scope": now]),
            options: OutageScope.allCases.map { PickerOption(label: $0.displayName, value: $0.rawValue) }, purpose: .scope)
        p.allowsFreeText = false
        p.selected = inc.scope.flatMap { OutageScope.allCases.firstIndex(of: $0) } ?? 0
        interaction = .picker(p)
        return []
    }
}
