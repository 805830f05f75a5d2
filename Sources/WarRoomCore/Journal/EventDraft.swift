import Foundation

/// An event someone wants appended, before it is stamped with who, when and
/// an id. The console, the drill runner and the demo's scripted responders
/// produce drafts; the writer stamps them under the lock.
public struct EventDraft: Equatable, Sendable {
    public var kind: EventType
    /// A type this version does not know (a scenario may inject any type); overrides `kind`.
    public var rawType: String?
    /// Who the event is from, when not the person running the program (a scripted player, "monitoring").
    public var actor: String?
    /// nil for a declaration whose id the writer picks under the lock.
    public var incident: String?
    public var data: JSONObject

    public init(kind: EventType, incident: String?, data: JSONObject) {
        self.kind = kind
        self.incident = incident
        self.data = data
    }

    public var type: String { rawType ?? kind.rawValue }

    /// The data as its type's payload (`.unknown` for a raw type), decoded on each call.
    public var payload: EventPayload { EventPayload(rawType == nil ? kind : EventType(rawValue: type), data) }

    /// The event, stamped. `login` is recorded when the actor differs from it.
    public func stamp(actor defaultActor: String, login: String, at ts: Date, incident: String? = nil) -> Event {
        let who = actor ?? defaultActor
        var e = Event(
            ts: ts, type: type, actor: who, incident: incident ?? self.incident, id: Identity.newEventID(), data: data)
        if who != login { e.login = login }
        return e
    }
}
