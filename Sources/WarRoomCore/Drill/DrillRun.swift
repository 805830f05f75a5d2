import Foundation

/// An inject that fired, from its `drill.inject` marker.
public struct FiredInject: Sendable, Equatable, Codable {
    public var inject: String
    public var title: String?
    public var at: Date
    public var manual: Bool
    public var line: Int
}

/// A drill as the journal records it: its scenario, speed, pauses, injects and end.
public struct DrillRun: Sendable, Equatable, Codable {
    /// The speeds a drill may run at. Every clock of a drill divides by its
    /// speed, so a speed near zero would put deadlines beyond any date a
    /// conversion can hold; a line outside this range is a bad line.
    public static let speeds: ClosedRange<Double> = 0.01...3600

    /// The rule as people read it, for messages.
    public static var speedRule: String { tr("a number from 0.01 to 3600") }

    public var incident: String
    public var scenario: String
    public var title: String?
    public var run: String?
    /// Where the runner found the scenario file.
    public var path: String?
    public var speed: Double
    public var startedAt: Date
    public var startedBy: String
    public var startedLine: Int
    public var pauses: [Timescale.Pause] = []
    public var fired: [FiredInject] = []
    public var endedAt: Date?
    public var endReason: String?
    /// Evaluators' marks, in journal order (`drill.observed`).
    public var observations: [Observation] = []
    /// The hot wash's strengths and gaps, in journal order (`drill.hotwash`).
    public var hotWash: [HotWashEntry] = []

    /// The latest evaluator's mark on an expectation: it overrides the automatic result.
    public func observation(of expectation: String) -> Observation? {
        observations.last { $0.expectation == expectation }
    }

    public var timescale: Timescale {
        Timescale(speed: speed, start: startedAt, pauses: pauses, end: endedAt)
    }

    public var isPaused: Bool { timescale.isPaused }
    public var isEnded: Bool { endedAt != nil }

    public func hasFired(_ inject: String) -> Bool { fired.contains { $0.inject == inject } }

    /// Run by hand: declared with `drill: true` and no `drill.started` (no runner, no scenario).
    public private(set) var byHand = false

    /// A drill run by hand: real time (speed 1) from the declaration, ended by
    /// a `drill.ended` if one was written.
    public init(handRun inc: Incident) {
        self.init(
            incident: inc.id, scenario: "", title: inc.title, run: nil, path: nil, speed: 1, startedAt: inc.declaredAt,
            startedBy: inc.declaredBy, startedLine: inc.declaredOnLine)
        byHand = true
    }

    public init(
        incident: String, scenario: String, title: String?, run: String?, path: String?, speed: Double, startedAt: Date,
        startedBy: String, startedLine: Int
    ) {
        self.incident = incident
        self.scenario = scenario
        self.title = title
        self.run = run
        self.path = path
        self.speed = speed
        self.startedAt = startedAt
        self.startedBy = startedBy
        self.startedLine = startedLine
    }
}
