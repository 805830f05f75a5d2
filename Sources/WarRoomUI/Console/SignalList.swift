import Foundation
import WarRoomCore

/// The open signals as the console shows them: the alerts line under the header and the
/// list the `!` key opens. A signal someone already declared an open incident from is
/// being handled: it stays in the list, marked with its incident, but no longer calls for
/// the alerts line.
enum SignalList {
    /// Open signals, those still awaiting a decision first; within each, the most severe
    /// `meets` first, then the newest.
    static func ordered(_ state: JournalState) -> [Signal] {
        state.openSignals.sorted { a, b in
            let (ha, hb) = (handledAs(a, state) != nil, handledAs(b, state) != nil)
            if ha != hb { return !ha }
            return before(a, b)
        }
    }

    /// Open signals nobody has declared an open incident from yet, in `ordered`'s order.
    static func awaiting(_ state: JournalState) -> [Signal] {
        // Filtered before sorting: the sort then needs no incident look-ups.
        state.openSignals.filter { handledAs($0, state) == nil }.sorted(by: before)
    }

    /// Whether any open signal awaits a decision: asked for every frame (the layout, the
    /// footer's keys), so the fold keeps the answer (JournalState.awaitingSignals).
    static func anyAwaiting(_ state: JournalState) -> Bool { !state.awaitingSignals.isEmpty }

    /// `ordered`'s order among signals equally awaiting (or equally handled): the most severe
    /// `meets` first, then the newest.
    static func before(_ a: Signal, _ b: Signal) -> Bool {
        let (ma, mb) = (a.meets?.rawValue ?? 9, b.meets?.rawValue ?? 9)
        if ma != mb { return ma < mb }
        return a.firedLine > b.firedLine
    }

    /// The open incident declared from the signal, if any.
    static func handledAs(_ s: Signal, _ state: JournalState) -> String? { state.openIncident(declaredFrom: s) }

    /// "2 alerts open (1 meets L2)": the count and how many meet each severity.
    static func count(_ signals: [Signal]) -> String {
        count(total: signals.count) { sev in signals.filter { $0.meets == sev }.count }
    }

    static func count(total: Int, meeting: (Severity) -> Int) -> String {
        let open = trn("{n} alert open", "{n} alerts open", total)
        let meeting = Severity.allCases.compactMap { sev -> String? in
            let n = meeting(sev)
            return n == 0 ? nil : trn("{n} meets {severity}", "{n} meet {severity}", n, ["severity": sev.displayLabel])
        }
        if meeting.isEmpty { return open }
        return tr("{alerts} ({meeting})", ["alerts": open, "meeting": meeting.joined(separator: tr(", ", context: "list"))])
    }

    /// The alerts line: the count, the first alert's title where it fits (the most severe
    /// `meets`, else the newest: `signals` as `ordered` gives them), and the key.
    static func banner(_ signals: [Signal], width: Int, ascii: Bool) -> String {
        banner(count: count(signals), first: signals.first, width: width, ascii: ascii)
    }

    /// The alerts line for every frame, from what the fold keeps: nothing here walks the open signals.
    static func banner(_ state: JournalState, width: Int, ascii: Bool) -> String {
        let awaiting = state.awaitingSignals
        let count = count(total: awaiting.count) { awaiting.count(meeting: $0) }
        return banner(count: count, first: awaiting.first.flatMap { state.signals[$0] }, width: width, ascii: ascii)
    }

    private static func banner(count: String, first: Signal?, width: Int, ascii: Bool) -> String {
        let head = " " + (ascii ? "!" : "⚠") + " " + count
        let tail = " — " + tr("press ! to list and declare") + " "
        guard let first else { return head + tail }
        let title = tr(": {title}", ["title": Sanitizer.inline(first.title, ascii: ascii)])
        // The key said shorter before the title is cut or left out.
        for t in [tail, " — " + tr("! lists them") + " "] {
            let room = width - DisplayWidth.of(head) - DisplayWidth.of(t)
            if DisplayWidth.of(title) <= room { return head + title + t }
            if room >= leastTitleRoom { return head + DisplayWidth.truncate(title, to: room, ellipsis: ascii ? "..." : "…") + t }
        }
        return head + tail
    }

    /// Columns the alerts line leaves for a title before it shows part of it.
    static let leastTitleRoom = 12

    /// What the list says of a signal on the right of its first row: the incident declared
    /// from it, else the severity it meets as a suggestion.
    static func verdict(_ s: Signal, _ state: JournalState) -> String? {
        if let id = handledAs(s, state) { return tr("declared as {incident}", ["incident": id]) }
        if let sev = s.meets { return tr("meets {severity} — declare?", ["severity": sev.displayLabel]) }
        return nil
    }

    /// The rule behind `meets`: the plan's own words for it where the policy has a trigger of
    /// that name (`source_zh` in Chinese), else the rule's name as the intake recorded it.
    static func rule(_ s: Signal, _ catalog: PlaybookCatalog) -> String? {
        guard let rule = s.rule, !rule.isEmpty else { return nil }
        if let t = catalog.policy.triggers.first(where: { $0.counter == rule }), let source = t.source {
            return tr("rule {rule} (plan: {source})", ["rule": rule, "source": planText(source, zh: t.sourceZh)])
        }
        return tr("rule {rule}", ["rule": rule])
    }

    /// The second row of a signal: its summary and the rule, as far as they go.
    static func detail(_ s: Signal, _ catalog: PlaybookCatalog) -> String {
        [s.summary, rule(s, catalog)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
    }
}
