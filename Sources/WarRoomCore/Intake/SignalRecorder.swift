import Foundation

/// What one payload did to the journal.
public struct IntakeResult: Sendable {
    /// How many alerts the payload held.
    public var alerts: Int
    /// The events written, in order (none when every alert was already recorded as it is).
    public var events: [Event]

    public var fired: [Event] { events.filter { $0.type == EventType.signalFired.rawValue } }
    public var resolved: [Event] { events.filter { $0.type == EventType.signalResolved.rawValue } }

    /// A short JSON answer for the source: what was recorded.
    public var json: JSONObject {
        [
            "alerts": .number(Double(alerts)),
            "fired": .array(fired.compactMap { $0.data["fingerprint"] }),
            "resolved": .array(resolved.compactMap { $0.data["fingerprint"] }),
            "unchanged": .number(Double(max(0, alerts - events.count))),
        ]
    }
}

/// Parses a payload and appends what it calls for through any journal writer (file or
/// database): the deduplication runs on the state under the journal's lock, so two receivers
/// on one journal do not both record the same change.
public enum SignalRecorder {
    public enum Failure: Error {
        case payload(IntakeError)
        case journal(JournalError)
    }

    public static func record(
        _ bytes: [UInt8], format: IntakeFormat, policy: Policy, to writer: any JournalAppender
    ) -> Result<IntakeResult, Failure> {
        let alerts: [IncomingAlert]
        do {
            alerts = try AlertPayload.parse(bytes, format: format)
        } catch {
            return .failure(.payload(error))
        }
        let login = writer.login
        do {
            let events = try writer.append { (state) throws(EventError) -> [Event] in
                let now = Date()
                return SignalIntake.drafts(for: alerts, state: state, policy: policy).map {
                    $0.stamp(actor: login, login: login, at: now)
                }
            }
            return .success(IntakeResult(alerts: alerts.count, events: events))
        } catch {
            // A line the journal refuses (over 64 KiB, a member it would not read back) is the
            // payload's fault: sending it again cannot help, so it is refused, not failed.
            if error.kind == .tooLong || error.kind == .invalid { return .failure(.payload(IntakeError(error.message))) }
            return .failure(.journal(error))
        }
    }
}
