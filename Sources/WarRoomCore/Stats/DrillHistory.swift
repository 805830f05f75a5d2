import Foundation

/// `warroom drill history`: every drill in a set of journals, with its score as
/// `warroom drill score` gives it, and the count per year against the plans'
/// "at least two drills a year".
public struct DrillHistory: Sendable {
    /// The plans ask for at least two drills a year: the policy's `drills_per_year`, 2 unless changed.
    public static let requiredPerYear = 2

    /// One drill run.
    public struct Entry: Sendable, Equatable {
        public var journal: String
        public var incident: String
        public var startedAt: Date
        /// The scenario's name (empty for a drill run by hand).
        public var scenario: String
        /// The scenario's title in the interface language (the incident's for a drill run by hand).
        public var title: String
        /// Who started it: the facilitator.
        public var facilitator: String
        public var byHand: Bool
        public var ended: Bool
        /// Ended before its scenario did (stopped with Ctrl-C or q, not `completed`): its score
        /// counts only what was due by then, so it is marked rather than shown as a full run.
        public var endedEarly = false
        /// The weighted score out of 100; nil when there was nothing to score or the scenario was not found.
        public var score: Double?
        /// Why there is no score, when the scenario could not be found.
        public var scoreProblem: String?
        /// The expectations missed or met late: improvement items the scoring found.
        public var improvements: [ExpectationResult]
        /// The drill's follow-up actions still open (`warroom action add --incident DRILL-…`,
        /// the hot wash): improvement items the team wrote down.
        public var openFollowUps: [FollowUp] = []

        /// Every open improvement item, written down or found by the scoring.
        public var openItems: Int { openFollowUps.count + improvements.count }
    }

    public var entries: [Entry]
    public var journals: [LoadedJournal]
    /// Every year from the first drill's to `now`'s, with how many drills started in it.
    public var perYear: [(year: Int, drills: Int)]
    public var required: Int
    public var now: Date
    public var timeZone: TimeZone

    public init(
        journals: [LoadedJournal], catalog: PlaybookCatalog, now: Date, timeZone: TimeZone,
        required: Int? = nil
    ) {
        let required = required ?? catalog.policy.drillsPerYear
        var entries: [Entry] = []
        for j in journals {
            guard let state = j.state else { continue }
            for inc in state.orderedIncidents {
                guard let run = DrillScorer.drill(of: inc, in: state) else { continue }
                entries.append(DrillHistory.entry(run, incident: inc, state: state, journal: j.display, catalog: catalog, now: now))
            }
        }
        entries.sort { ($0.startedAt, $0.journal, $0.incident) < ($1.startedAt, $1.journal, $1.incident) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var years: [(year: Int, drills: Int)] = []
        if let first = entries.first {
            let from = calendar.component(.year, from: first.startedAt)
            let to = max(from, calendar.component(.year, from: now), calendar.component(.year, from: entries.last?.startedAt ?? now))
            for y in from...to {
                years.append((y, entries.filter { calendar.component(.year, from: $0.startedAt) == y }.count))
            }
        }
        self.entries = entries
        self.journals = journals
        perYear = years
        self.required = required
        self.now = now
        self.timeZone = timeZone
    }

    /// The scenario a drill is scored against, found as `drill score` finds it: none for a drill
    /// run by hand, else the file the runner recorded, else the scenario of that name.
    public static func scenario(for run: DrillRun, incident: Incident) throws(ConfigError) -> Scenario {
        if run.byHand { return Scenario.none(for: incident) }
        if let p = run.path, FileManager.default.fileExists(atPath: p) { return try Scenario.load(path: p) }
        return try ScenarioCatalog.load(run.scenario)
    }

    static func entry(
        _ run: DrillRun, incident inc: Incident, state: JournalState, journal: String, catalog: PlaybookCatalog, now: Date
    ) -> Entry {
        var entry = Entry(
            journal: journal, incident: inc.id, startedAt: run.startedAt, scenario: run.scenario,
            title: run.byHand ? inc.title : (run.title ?? run.scenario), facilitator: run.startedBy, byHand: run.byHand,
            ended: run.isEnded, score: nil, scoreProblem: nil, improvements: [])
        entry.openFollowUps = state.orderedFollowUps.filter { $0.incident == inc.id && $0.isOpen }
        let sc: Scenario
        do {
            sc = try scenario(for: run, incident: inc)
        } catch {
            entry.scoreProblem = error.description
            return entry
        }
        if !run.byHand { entry.title = sc.localizedTitle }
        if !run.byHand, let end = run.endedAt {
            entry.endedEarly = run.timescale.scenarioTime(at: end) + 1 < sc.duration
        }
        // The very scorer `drill score` runs, so the two never disagree.
        guard let result = DrillScorer.score(scenario: sc, state: state, incident: inc.id, catalog: catalog, now: now) else {
            return entry
        }
        entry.score = result.isScored ? result.score : nil
        entry.improvements = result.results.filter { $0.status == .missed || $0.status == .late }
        return entry
    }

    /// A day in the history's time zone: `2026-11-05`.
    public func day(_ d: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: d)
        func two(_ v: Int?) -> String { (v ?? 0) < 10 ? "0\(v ?? 0)" : "\(v ?? 0)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))"
    }
}
