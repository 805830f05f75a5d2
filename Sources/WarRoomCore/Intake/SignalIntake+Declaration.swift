import Foundation

extension SignalIntake {
    /// What declaring an incident from a signal carries over: the severity it meets (L3, the
    /// least, when no rule said), its title and summary, and when it started. The caller adds
    /// the signal's fingerprint as `incident.declared`'s `signal` member.
    public static func declaration(from signal: Signal) -> Declaration {
        Declaration(
            severity: signal.meets ?? .l3, title: signal.title, summary: signal.summary, startedAt: signal.startsAt)
    }
}
