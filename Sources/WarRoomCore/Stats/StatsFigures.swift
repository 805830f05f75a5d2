import Foundation

/// One incident counted by `stats`: where it came from and its KPIs at `now`.
public struct CountedIncident: Sendable {
    public var journal: String
    public var incident: Incident
    public var kpis: IncidentKPIs
}

/// The figures of one period.
public struct StatsFigures: Sendable, Equatable {
    public var period: StatsPeriod
    /// Real incidents declared in the period (drills apart).
    public var incidents: Int
    /// Of those, the ones not closed.
    public var open: Int
    /// By the incident's severity now (the one its targets are measured at).
    public var bySeverity: [Severity: Int]
    /// Every month the period touches, oldest first, as `2026-11`.
    public var byMonth: [(month: String, incidents: Int)]
    /// Drills declared in the period: counted apart, never in the figures above.
    public var drills: Int
    public var measures: [MeasureFigures]

    public func measure(_ n: KPIName) -> MeasureFigures? { measures.first { $0.name == n } }

    public static func == (a: StatsFigures, b: StatsFigures) -> Bool {
        a.period == b.period && a.incidents == b.incidents && a.open == b.open && a.bySeverity == b.bySeverity
            && a.byMonth.map(\.month) == b.byMonth.map(\.month) && a.byMonth.map(\.incidents) == b.byMonth.map(\.incidents)
            && a.drills == b.drills && a.measures == b.measures
    }

    /// Counts `incidents` (already with their KPIs) declared in `period`.
    static func compute(
        _ incidents: [CountedIncident], drills: [Incident], period: StatsPeriod, policy: Policy, calendar: Calendar
    ) -> StatsFigures {
        let inPeriod = incidents.filter { period.contains($0.incident.declaredAt) }
        var bySeverity: [Severity: Int] = [:]
        for s in Severity.allCases { bySeverity[s] = 0 }
        for c in inPeriod { bySeverity[c.incident.severity, default: 0] += 1 }
        var months: [(month: String, incidents: Int)] = []
        var cursor = calendar.dateInterval(of: .month, for: period.since)?.start ?? period.since
        while cursor < period.until {
            let key = StatsFigures.monthKey(cursor, calendar: calendar)
            months.append((key, inPeriod.filter { StatsFigures.monthKey($0.incident.declaredAt, calendar: calendar) == key }.count))
            guard let next = calendar.date(byAdding: .month, value: 1, to: cursor) else { break }
            cursor = next
        }
        var measures: [MeasureFigures] = []
        for name in MeasureFigures.reported {
            var samples: [Double] = []
            var breaches = 0
            var withTarget = 0
            var running = 0
            var runningBreached = 0
            var longest: Double?
            var unrecorded = 0
            for c in inPeriod {
                // The engine's own measure: never a second definition of the figure.
                guard let m = c.kpis.measure(name), let seconds = m.seconds else { continue }
                if m.running, c.incident.isClosed, MeasureFigures.countsUnrecorded(name) {
                    unrecorded += 1
                } else if m.running {
                    running += 1
                    if m.state == .breached { runningBreached += 1 }
                    longest = max(longest ?? 0, seconds)
                } else {
                    samples.append(seconds)
                    if m.target != nil { withTarget += 1 }
                    if m.state == .breached { breaches += 1 }
                }
            }
            measures.append(
                MeasureFigures(
                    name: name, finished: SampleSummary(samples), breaches: breaches, withTarget: withTarget, running: running,
                    runningBreached: runningBreached, unrecorded: unrecorded, longestRunning: longest,
                    targets: policy.targets[name]?.limits ?? [:]))
        }
        return StatsFigures(
            period: period, incidents: inPeriod.count, open: inPeriod.filter { !$0.incident.isClosed }.count,
            bySeverity: bySeverity, byMonth: months, drills: drills.filter { period.contains($0.declaredAt) }.count,
            measures: measures)
    }

    static func monthKey(_ d: Date, calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month], from: d)
        let m = c.month ?? 1
        return "\(c.year ?? 0)-\(m < 10 ? "0" : "")\(m)"
    }
}
