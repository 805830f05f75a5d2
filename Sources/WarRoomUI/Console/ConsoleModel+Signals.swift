import Foundation
import WarRoomCore

/// The open alerts (`!`) and declaring an incident from one.
extension ConsoleModel {
    /// Open alerts nobody has declared an open incident from yet: while there are any, the
    /// alerts line shows under the header.
    public var alertsAwaiting: [Signal] { SignalList.awaiting(state) }

    /// The index of the selected signal in `signals`: the one the overlay names, else the first.
    /// Kept by fingerprint, so a signal fired or resolved meanwhile does not move the selection.
    static func signalIndex(_ interaction: Interaction, in signals: [Signal]) -> Int {
        guard case .signals(let fp) = interaction, let fp else { return 0 }
        return signals.firstIndex { $0.fingerprint == fp } ?? 0
    }

    mutating func openSignals() {
        interaction = .signals(SignalList.ordered(state).first?.fingerprint)
    }

    /// Keys while the alerts are listed: ↑↓ choose, Enter (or D) declares from the selected
    /// one, Esc or ! closes, q quits; other keys are ignored so a stray one does not close it.
    mutating func handleSignals(_ key: Key) -> [ConsoleCommand] {
        let signals = SignalList.ordered(state)
        let index = Self.signalIndex(interaction, in: signals)
        switch key {
        case .escape, .char("!"):
            interaction = .none
        case .char("q"):
            return [.quit]
        case .up, .char("k"):
            if !signals.isEmpty { interaction = .signals(signals[max(0, index - 1)].fingerprint) }
        case .down, .char("j"):
            if !signals.isEmpty { interaction = .signals(signals[min(signals.count - 1, index + 1)].fingerprint) }
        case .home, .char("g"):
            interaction = .signals(signals.first?.fingerprint)
        case .end, .char("G"):
            interaction = .signals(signals.last?.fingerprint)
        case .enter, .char("D"):
            guard signals.indices.contains(index) else {
                message = ConsoleMessage(text: tr("no open alert to declare from"), isError: false)
                return []
            }
            return declareFrom(signals[index])
        default:
            break
        }
        return []
    }

    /// Starts the declare flow with the signal's facts: its severity when the policy said it
    /// meets one (else asked, L3 offered), its title to edit, its summary and start time.
    mutating func declareFrom(_ s: Signal) -> [ConsoleCommand] {
        if replay != nil {
            message = ConsoleMessage(text: tr("replaying the past: Esc returns to live to act"), isError: false)
            return []
        }
        if let why = cannotWrite() { return refuse(why) }
        let declaration = Declaration.from(s)
        // Said now rather than after the title is typed: another console may have declared it.
        if let refusal = Action.refusal(of: .declare(declaration), in: state, catalog: catalog) {
            message = ConsoleMessage(text: refusal.reason, isError: true)
            return []
        }
        let draft = DeclareDraft(
            severity: declaration.severity, title: s.title, summary: s.summary, startedAt: s.startsAt, signal: s.fingerprint)
        if s.meets != nil {
            askSignalTitle(draft)
        } else {
            var p = Picker(
                title: tr("Declare from the alert: severity"), options: severityOptions(), purpose: .declareSignalSeverity(draft))
            p.selected = Severity.l3.rawValue - 1
            interaction = .picker(p)
        }
        return []
    }

    mutating func askSignalTitle(_ draft: DeclareDraft) {
        interaction = .prompt(
            TextPrompt(
                label: tr("Declare {severity}: title:", ["severity": draft.severity.displayLabel]), purpose: .declareSignalTitle(draft),
                text: draft.title))
    }

    /// The start time as the start prompt offers it: the clock time when it was today or
    /// yesterday (as the prompt reads a clock time back), else the full RFC 3339 time.
    func startText(_ d: Date, now: Date) -> String {
        now.timeIntervalSince(d) < 23 * 3600 && d <= now ? LocalClock(timeZone: timeZone).time(d) : RFC3339.format(d)
    }
}
