import Foundation

/// An inject that fired, from its `drill.inject` marker.
public struct FiredInject: Sendable, Equatable {
    public var inject: String
    public var title: String?
    public var at: Date
    public var manual: Bool
    public var line: Int
}

/// A drill as the journal records it: its scenario, speed, pauses, injects and end.
public struct DrillRun: Sendable, Equatable {
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

    public var timescale: Timescale {
        Timescale(speed: speed, start: startedAt, pauses: pauses, end: endedAt)
    }

    public var isPaused: Bool { timescale.isPaused }
    public var isEnded: Bool { endedAt != nil }

    public func hasFired(_ inject: String) -> Bool { fired.contains { $0.inject == inject } }
}
