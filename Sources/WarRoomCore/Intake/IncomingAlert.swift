import Foundation

/// One alert from a payload, in the source's words, before it is compared with the journal.
public struct IncomingAlert: Equatable, Sendable {
    public enum Status: String, Sendable { case firing, resolved }

    public var fingerprint: String
    public var source: String
    public var status: Status
    public var title: String
    public var summary: String?
    public var labels: JSONObject
    public var startsAt: Date?
    public var endsAt: Date?
    public var url: String?
    public var value: Double?

    public init(
        fingerprint: String, source: String, status: Status, title: String, summary: String? = nil,
        labels: JSONObject = JSONObject(), startsAt: Date? = nil, endsAt: Date? = nil, url: String? = nil, value: Double? = nil
    ) {
        self.fingerprint = fingerprint
        self.source = source
        self.status = status
        self.title = title
        self.summary = summary
        self.labels = labels
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.url = url
        self.value = value
    }
}
