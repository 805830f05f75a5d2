import Foundation

/// `warroom stats`: figures across the incidents of several journals over a period,
/// against the previous period of the same length. One model; the text, JSON, CSV and
/// Markdown writers only format it.
public struct StatsReport: Sendable {
    public var journals: [JournalCount]
    public var current: StatsFigures
    public var previous: StatsFigures
    /// Real incidents declared outside both periods, not counted.
    public var outside: Int
    public var now: Date
    public var timeZone: TimeZone

    /// What one journal gave.
    public struct JournalCount: Sendable, Equatable {
        public var journal: String
        public var incidents: Int
        public var drills: Int
        public var badLines: Int
        public var problem: String?
        /// The warning to show about it, if any (bad lines skipped, or not read at all).
        public var warning: String?
    }

    /// A drill is an incident declared with `drill: true` or started by `drill run`.
    public static func isDrill(_ inc: Incident, in state: JournalState) -> Bool { inc.drill || state.drills[inc.id] != nil }

    public init(journals loaded: [LoadedJournal], period: StatsPeriod, catalog: PlaybookCatalog, now: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var counted: [CountedIncident] = []
        var drills: [Incident] = []
        var journals: [JournalCount] = []
        for j in loaded {
            guard let state = j.state else {
                journals.append(
                    JournalCount(journal: j.display, incidents: 0, drills: 0, badLines: 0, problem: j.problem, warning: j.warning))
                continue
            }
            var real = 0
            var drill = 0
            for inc in state.orderedIncidents {
                if StatsReport.isDrill(inc, in: state) {
                    drills.append(inc)
                    drill += 1
                    continue
                }
                real += 1
                let kpis = KPIEngine.compute(
                    incident: inc, playbook: catalog.playbook(named: inc.playbook), policy: catalog.policy(for: inc), now: now)
                counted.append(CountedIncident(journal: j.display, incident: inc, kpis: kpis))
            }
            journals.append(
                JournalCount(
                    journal: j.display, incidents: real, drills: drill, badLines: state.badLineCount, problem: nil, warning: j.warning))
        }
        self.journals = journals
        current = StatsFigures.compute(counted, drills: drills, period: period, policy: catalog.policy, calendar: calendar)
        previous = StatsFigures.compute(
            counted, drills: drills, period: period.previous, policy: catalog.policy, calendar: calendar)
        outside = counted.count - current.incidents - previous.incidents
        self.now = now
        self.timeZone = timeZone
    }

    /// The change from the previous period as a share (−0.5 is half); nil without a previous figure.
    public static func change(_ now: Double?, from before: Double?) -> Double? {
        guard let now, let before, before > 0 else { return nil }
        return (now - before) / before
    }

    /// The plans aim at halved handling times: whether the median is at most half the previous one.
    public static func halved(_ now: Double?, from before: Double?) -> Bool? {
        guard let now, let before, before > 0 else { return nil }
        return now <= before / 2
    }

    public func medianChange(_ n: KPIName) -> Double? {
        StatsReport.change(current.measure(n)?.finished?.median, from: previous.measure(n)?.finished?.median)
    }

    public func medianHalved(_ n: KPIName) -> Bool? {
        StatsReport.halved(current.measure(n)?.finished?.median, from: previous.measure(n)?.finished?.median)
    }

    public var incidentChange: Double? {
        StatsReport.change(Double(current.incidents), from: Double(previous.incidents))
    }

    /// The time zone's name as people write it: `UTC` rather than Foundation's `GMT`.
    public var zoneName: String { StatsReport.zoneName(timeZone) }

    public static func zoneName(_ z: TimeZone) -> String {
        ["GMT", "UTC", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Universal", "Zulu"].contains(z.identifier) ? "UTC" : z.identifier
    }

    /// A day as the report shows it, in its time zone: `2026-11-30`.
    public func day(_ d: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: d)
        func two(_ v: Int?) -> String { (v ?? 0) < 10 ? "0\(v ?? 0)" : "\(v ?? 0)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))"
    }

    /// The last day a period counts (its `until` is the start of the day after).
    public func lastDay(_ p: StatsPeriod) -> String { day(p.until.addingTimeInterval(-0.001)) }

    /// A change as a person reads it: `-62%`, `+10%`, `0%`.
    public static func percent(_ c: Double) -> String {
        // Toward zero: a fall of 49.6 % must not read "-50%" beside "not halved".
        let p = Int((c * 100).rounded(.towardZero))
        return p > 0 ? "+\(p)%" : p < 0 ? "-\(-p)%" : "0%"
    }
}
