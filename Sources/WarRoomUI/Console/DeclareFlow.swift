import Foundation
import WarRoomCore

/// A declaration being put together in the console: D asks for the severity, the title,
/// the playbook (the suggested one first), an optional summary and an optional start time.
public struct DeclareDraft: Equatable, Sendable {
    public var severity: Severity
    public var title: String
    /// nil: no playbook.
    public var playbook: String?
    public var summary: String?
    /// When impact began as the alert said (offered in the start prompt).
    public var startedAt: Date?
    /// The fingerprint of the alert declared from.
    public var signal: String?

    public init(
        severity: Severity, title: String, playbook: String? = nil, summary: String? = nil, startedAt: Date? = nil,
        signal: String? = nil
    ) {
        self.severity = severity
        self.title = title
        self.playbook = playbook
        self.summary = summary
        self.startedAt = startedAt
        self.signal = signal
    }
}

/// How the console suggests a playbook and reads a start time.
public enum DeclareFlow {
    /// The value of the picker's "no playbook" option (playbook names use only a-z, 0-9 and -).
    static let noPlaybook = " none"

    /// Words too common in plan titles to say what an incident is about.
    static let stopWords: Set<String> = ["plan", "and", "the", "for", "with", "incident", "emergency", "handling", "应急", "预案"]

    /// The words of a text: lowercased runs of letters and digits, and for text without
    /// spaces between words (Chinese) every pair of adjacent characters.
    static func words(_ text: String) -> Set<String> {
        var out = Set<String>()
        for w in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            let chars = Array(w)
            if chars.contains(where: { $0.unicodeScalars.first.map { $0.value >= 0x2E80 } == true }) {
                for k in 0..<max(0, chars.count - 1) { out.insert(String(chars[k...k + 1])) }
            } else if chars.count >= 3 {
                out.insert(String(w))
            }
        }
        return out.subtracting(stopWords)
    }

    /// The playbooks in the order to offer them: the one whose name or title shares the most
    /// words with the incident's title (a "data leak" suggests the data-breach plan), else the
    /// default for the severity (as `warroom declare` picks it); then that default, the others
    /// for the severity, the rest; "no playbook" last.
    public static func playbookOptions(_ catalog: PlaybookCatalog, severity: Severity, title: String) -> [PickerOption] {
        let titleWords = words(title)
        func score(_ p: Playbook) -> Int {
            words([p.name.replacingOccurrences(of: "-", with: " "), p.title, p.titleZh ?? ""].joined(separator: " "))
                .intersection(titleWords).count
        }
        let fitting = catalog.playbooks.filter { $0.severities.contains(severity) }
        let byWords = fitting.map { ($0, score($0)) }.filter { $0.1 > 0 }.max { $0.1 < $1.1 }?.0
        let suggested = byWords ?? catalog.defaultPlaybook(for: severity)
        var ordered: [Playbook] = suggested.map { [$0] } ?? []
        for p in [catalog.defaultPlaybook(for: severity)].compactMap({ $0 }) + fitting + catalog.playbooks
        where !ordered.contains(where: { $0.name == p.name }) { ordered.append(p) }
        var options = ordered.map { p in
            let levels = p.severities.map(\.displayLabel).joined(separator: " ")
            let detail: String
            if p.name == suggested?.name {
                detail = tr("suggested")
            } else if p.name == catalog.defaultPlaybook(for: severity)?.name {
                detail = tr("default for {severity}", ["severity": severity.displayLabel])
            } else {
                detail = p.severities.contains(severity) ? levels : tr("not for {severity}", ["severity": severity.displayLabel])
            }
            // The plan's own title: title_zh in Chinese.
            return PickerOption(label: "\(p.name)  \(planText(p.title, zh: p.titleZh))", value: p.name, detail: detail)
        }
        options.append(PickerOption(label: tr("no playbook"), value: noPlaybook, detail: tr("no checklist")))
        return options
    }

    /// The start of impact as typed: empty for none, a clock time today (`14:05`, yesterday
    /// if that is still to come), a duration ago (`30m`, `1h30m ago`) or an RFC 3339 time.
    public static func parseStart(_ text: String, now: Date, timeZone: TimeZone) -> Result<Date?, EventError> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .success(nil) }
        var found: Date?
        if let d = RFC3339.parse(t) {
            found = d
        } else if let d = clockTime(t, now: now, timeZone: timeZone) {
            found = d
        } else {
            var span = t.lowercased()
            if span.hasSuffix("ago") { span = String(span.dropLast(3)).trimmingCharacters(in: .whitespaces) }
            if span.hasPrefix("-") { span.removeFirst() }
            if let d = DurationText.parse(span) { found = now.addingTimeInterval(-d) }
        }
        guard let start = found else {
            return .failure(
                EventError(tr("\"{text}\" is not a time: type 14:05, 30m ago or 2026-11-22T08:15:00Z (Enter alone skips)", ["text": t])))
        }
        if start > now.addingTimeInterval(60) {
            return .failure(EventError(tr("{text} is still to come: impact began before now", ["text": t])))
        }
        return .success(start)
    }

    /// `HH:MM` or `HH:MM:SS` in the console's time zone: today, or yesterday if today's is still to come.
    static func clockTime(_ t: String, now: Date, timeZone: TimeZone) -> Date? {
        let pieces = t.split(separator: ":", omittingEmptySubsequences: false)
        let parts = pieces.compactMap { Int($0) }
        guard parts.count == pieces.count, parts.count == 2 || parts.count == 3 else { return nil }
        let h = parts[0], m = parts[1], s = parts.count == 3 ? parts[2] : 0
        guard (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s) else { return nil }
        let offset = TimeInterval(timeZone.secondsFromGMT(for: now))
        let local = now.timeIntervalSince1970 + offset
        let midnight = (local / 86400).rounded(.down) * 86400
        var d = Date(timeIntervalSince1970: midnight + TimeInterval(h * 3600 + m * 60 + s) - offset)
        if d > now.addingTimeInterval(60) { d = d.addingTimeInterval(-86400) }
        return d
    }
}

extension ConsoleModel {
    // MARK: Declaring (D)

    /// The title was typed: offer the playbooks, the suggested one selected.
    mutating func declareTitled(_ severity: Severity, _ title: String) {
        declareTitled(DeclareDraft(severity: severity, title: title))
    }

    /// As above, with what the draft already carries (an alert's facts).
    mutating func declareTitled(_ draft: DeclareDraft) {
        let (severity, title) = (draft.severity, draft.title)
        if catalog.playbooks.isEmpty {
            declareAskSummary(draft)
            return
        }
        interaction = .picker(
            Picker(
                title: tr("Declare {severity}: playbook", ["severity": severity.displayLabel]),
                options: DeclareFlow.playbookOptions(catalog, severity: severity, title: title),
                purpose: .declarePlaybook(draft)))
    }

    mutating func declarePlaybookChosen(_ draft: DeclareDraft, _ value: String) {
        var d = draft
        d.playbook = value == DeclareFlow.noPlaybook ? nil : value
        declareAskSummary(d)
    }

    mutating func declareAskSummary(_ draft: DeclareDraft) {
        interaction = .prompt(
            TextPrompt(label: tr("summary (optional, Enter skips):"), purpose: .declareSummary(draft), text: draft.summary ?? ""))
    }

    mutating func declareSummaryTyped(_ draft: DeclareDraft, _ text: String) {
        var d = draft
        d.summary = text.isEmpty ? nil : text
        interaction = .prompt(
            TextPrompt(
                label: tr("impact began (14:05, 30m; Enter skips):"), purpose: .declareStart(d),
                text: d.startedAt.map { startText($0, now: clock) } ?? ""))
    }

    /// The last step: the declaration itself, or the prompt kept with why the time was not understood.
    mutating func declareStartTyped(_ p: TextPrompt, _ draft: DeclareDraft, now: Date) -> [ConsoleCommand] {
        // The alert's own start, offered and left as it was: taken exactly (the text is rounded to the second).
        let offered = draft.startedAt.map { startText($0, now: now) == p.string.trimmingCharacters(in: .whitespaces) } ?? false
        let parsed = offered ? .success(draft.startedAt) : DeclareFlow.parseStart(p.string, now: now, timeZone: timeZone)
        switch parsed {
        case .failure(let error):
            message = ConsoleMessage(text: error.reason, isError: true)
            interaction = .prompt(p)
            return []
        case .success(let start):
            let declaration = Declaration(
                severity: draft.severity, title: draft.title, playbook: draft.playbook, summary: draft.summary, startedAt: start,
                signal: draft.signal)
            switch act(.declare(declaration), on: nil) {
            case .failure(let refusal):
                message = ConsoleMessage(text: refusal.reason, isError: true)
                interaction = .prompt(p)
                return []
            case .success(let commands):
                interaction = .prompt(p)
                return commands
            }
        }
    }

    // MARK: Switching the playbook (B)

    mutating func switchPlaybookKey(_ inc: Incident) {
        guard !catalog.playbooks.isEmpty else {
            message = ConsoleMessage(text: tr("no playbooks found to switch to (set WARROOM_DATA)"), isError: true)
            return
        }
        var options = DeclareFlow.playbookOptions(catalog, severity: inc.severity, title: inc.title).filter {
            $0.value != DeclareFlow.noPlaybook
        }
        for k in options.indices where options[k].value == inc.playbook { options[k].detail = tr("current", context: "playbook") }
        var p = Picker(
            title: tr("Playbook (now {playbook})", ["playbook": inc.playbook ?? tr("none", context: "playbook")]), options: options,
            purpose: .switchPlaybook)
        p.selected = options.firstIndex { $0.value != inc.playbook } ?? 0
        interaction = .picker(p)
    }

    mutating func switchPlaybookChosen(_ inc: Incident, _ name: String) {
        // Asked before the reason, so nobody types one for a switch that will be refused.
        if let refusal = Action.refusal(of: .switchPlaybook(name, reason: nil), on: inc, in: state, catalog: catalog) {
            message = ConsoleMessage(text: refusal.reason, isError: false)
            return
        }
        interaction = .prompt(
            TextPrompt(
                label: tr("{from} → {to} reason (optional):", ["from": inc.playbook ?? tr("none", context: "playbook"), "to": name]),
                purpose: .playbookReason(name)))
    }

    // MARK: One's own presence (m)

    mutating func presenceKey() {
        guard let me else {
            message = ConsoleMessage(text: tr("who you are is not known here"), isError: true)
            return
        }
        let now = state.presence(of: me)
        let options = Presence.allCases.map { p in
            PickerOption(label: ConsoleWords.presence(p), value: p.rawValue, detail: p == now ? tr("now", context: "presence") : nil)
        }
        interaction = .picker(
            Picker(
                title: tr("{member}: presence (now {presence})", ["member": me, "presence": ConsoleWords.presence(now)]), options: options,
                purpose: .presence))
    }

    mutating func presenceChosen(_ value: String) -> [ConsoleCommand] {
        guard let me, let p = Presence(rawValue: value) else { return [] }
        // Journal-wide, as presence is: on no incident's timeline.
        return actOrSay(.presence(member: me, status: p), on: nil)
    }
}
