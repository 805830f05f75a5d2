import Foundation

/// One journal read for the commands that look across journals (`stats`, `drill history`):
/// its state, or why it could not be read. A damaged journal is reported, never fatal: the
/// others are still counted.
public struct LoadedJournal: Sendable {
    /// How messages name it (a database URI without its password).
    public var display: String
    public var state: JournalState?
    /// Why nothing could be read (missing, unreadable, not a journal).
    public var problem: String?

    public init(display: String, state: JournalState?, problem: String?) {
        self.display = display
        self.state = state
        self.problem = problem
    }

    public var badLineCount: Int { state?.badLineCount ?? 0 }

    /// What to say about a journal read with bad lines, or that could not be read; nil when clean.
    public var warning: String? {
        if let problem { return tr("{journal}: not counted: {reason}", ["journal": display, "reason": problem]) }
        guard let state, state.badLineCount > 0 else { return nil }
        let first = state.badLines.first.map {
            tr("first at line {line}: {reason}", ["line": String($0.line), "reason": $0.reason])
        }
        let count = Counts.badLinesSkipped(state.badLineCount)
        guard let first else { return tr("{journal}: {count}", ["journal": display, "count": count]) }
        return tr("{journal}: {count} ({first})", ["journal": display, "count": count, "first": first])
    }
}
