import Foundation

/// Turns incoming alerts into the journal events they call for, given the journal's state:
/// the deduplication Alertmanager needs (it repeats every firing alert each repeat_interval).
public enum SignalIntake {
    /// The drafts to append, in the payload's order:
    /// - a firing alert not open yet, or open with other facts (title, summary, labels, url,
    ///   value, the severity it meets): `signal.fired`;
    /// - a firing alert open with the same facts: nothing;
    /// - a resolved alert that is open: `signal.resolved`; one never seen or already resolved: nothing.
    /// Call it with the state under the journal's lock (from a writer's `append { state in … }`).
    public static func drafts(for alerts: [IncomingAlert], state: JournalState, policy: Policy) -> [EventDraft] {
        // What this batch has done so far, over the state: the same alert twice in one payload
        // is recorded once.
        var open: [String: JSONObject?] = [:]
        func isOpen(_ fp: String) -> Bool {
            if let o = open[fp] { return o != nil }
            return state.signals[fp]?.isOpen ?? false
        }
        func known(_ fp: String) -> JSONObject? {
            if let o = open[fp] { return o }
            guard let s = state.signals[fp], s.isOpen else { return nil }
            return SignalIntake.facts(of: s)
        }
        var out: [EventDraft] = []
        for a in alerts {
            switch a.status {
            case .firing:
                let draft = firedDraft(a, meets: policy.signalMatch(labels: a.labels, value: a.value))
                let f = SignalIntake.facts(of: draft.data)
                if isOpen(a.fingerprint), let k = known(a.fingerprint), carries(k, f) { continue }
                open[a.fingerprint] = .some(f)
                out.append(draft)
            case .resolved:
                guard isOpen(a.fingerprint) else { continue }
                open[a.fingerprint] = .some(nil)
                var data: JSONObject = ["fingerprint": .string(a.fingerprint), "source": .string(a.source)]
                if let e = a.endsAt { data["ends_at"] = .string(RFC3339.format(e)) }
                var d = EventDraft(kind: .signalResolved, incident: nil, data: data)
                d.actor = a.source
                out.append(d)
            }
        }
        return out
    }

    /// The `signal.fired` draft for an alert, with the rule it meets. Its actor is the source, so
    /// the timeline says who raised it; the writer records the login of the process beside it.
    public static func firedDraft(_ a: IncomingAlert, meets: SignalMatch?) -> EventDraft {
        var data: JSONObject = [
            "fingerprint": .string(a.fingerprint), "source": .string(a.source), "title": .string(a.title),
        ]
        if let s = a.summary { data["summary"] = .string(s) }
        if !a.labels.isEmpty { data["labels"] = .object(a.labels) }
        if let t = a.startsAt { data["starts_at"] = .string(RFC3339.format(t)) }
        if let u = a.url { data["url"] = .string(u) }
        if let v = a.value { data["value"] = .number(v) }
        if let m = meets {
            data["meets"] = .number(Double(m.meets.rawValue))
            data["rule"] = .string(m.rule)
        }
        var d = EventDraft(kind: .signalFired, incident: nil, data: data)
        d.actor = a.source
        return d
    }

    /// The facts a repeat is compared on: what a console shows. Not `starts_at`: Alertmanager
    /// sends the same one each time, and a source that sends a new one each time would otherwise
    /// be recorded on every repeat.
    static func facts(of data: JSONObject) -> JSONObject {
        var f = JSONObject()
        for key in ["title", "summary", "labels", "url", "value", "meets", "rule"] {
            if let v = data[key] { f[key] = v }
        }
        return f
    }

    /// True when `known` has every fact of `new`: the fold keeps a member a later line leaves out,
    /// so writing `new` would change nothing a console shows.
    static func carries(_ known: JSONObject, _ new: JSONObject) -> Bool {
        new.members.allSatisfy { known[$0.key] == $0.value }
    }

    static func facts(of s: Signal) -> JSONObject {
        var f: JSONObject = ["title": .string(s.title)]
        if let v = s.summary { f["summary"] = .string(v) }
        if !s.labels.isEmpty { f["labels"] = .object(s.labels) }
        if let v = s.url { f["url"] = .string(v) }
        if let v = s.value { f["value"] = .number(v) }
        if let m = s.meets { f["meets"] = .number(Double(m.rawValue)) }
        if let r = s.rule { f["rule"] = .string(r) }
        return f
    }
}
