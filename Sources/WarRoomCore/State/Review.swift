import Foundation

/// The review after the crisis: the meeting held (`review.held`) and the report written
/// (`review.reported`). Both are due from the crisis' end and outlive the incident's close.
public struct Review: Sendable, Equatable, Codable {
    public struct Held: Sendable, Equatable, Codable {
        /// When the meeting was held (`held_at`, else when it was logged).
        public var at: Date
        public var loggedAt: Date
        public var by: String
        public var note: String?
    }

    public struct Reported: Sendable, Equatable, Codable {
        /// When the report was finished (`reported_at`, else when it was logged).
        public var at: Date
        public var loggedAt: Date
        public var by: String
        /// Where the report is: a path, a link, a document's name.
        public var location: String
        public var note: String?
    }

    /// The latest record of each: a second one corrects the first.
    public var held: Held?
    public var reported: Reported?

    public init(held: Held? = nil, reported: Reported? = nil) {
        self.held = held
        self.reported = reported
    }
}

extension Incident {
    /// When the crisis ended, from which the review deadlines count: the first time the incident
    /// reached recovered, or closed when it was closed without passing recovered.
    public var crisisEndedAt: Date? {
        phaseHistory.first(where: { $0.to.order >= Phase.recovered.order })?.at
    }
}
