import Crypto
import Foundation

/// A message the notifier may owe: one event or reminder, for one channel.
public struct NotifyCandidate: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case event(Event, line: Int)
        case reminder(trigger: String, item: String?, itemText: String?, itemTextZh: String?, cadence: TimeInterval?)
    }

    /// The message id: `e-<event id>-<channel>` for an event, `r-<kind>-<incident>[-<item>]-<deadline ms>-<channel>`
    /// for a reminder (see docs/notify.md).
    public var id: String
    public var channel: String
    public var incident: String
    public var topic: NotifyTopic
    /// The event's time, or the reminder's deadline.
    public var at: Date
    /// When the notifier first saw it: what is older than `catch_up` by then is not sent.
    public var seenAt: Date
    public var source: Source
}

/// What a `notify.claimed` line said, beyond what the state keeps.
public struct NotifyClaim: Sendable, Equatable {
    public var id: String
    public var channel: String
    public var incident: String?
    /// A summary's parts (the messages it merges).
    public var parts: [String]
    /// For a part: the summary that carries it.
    public var summary: String?
    /// For a retry: the first attempt's id.
    public var retryOf: String?
    /// `host:pid` of the notifier that claimed it.
    public var notifier: String?
    public var at: Date

    public init(_ e: Event) { self.init(e, EventPayload.NotifyClaimed(e.data)) }

    init(_ e: Event, _ p: EventPayload.NotifyClaimed) {
        id = p.message ?? ""
        channel = p.channel ?? ""
        incident = e.incident
        parts = p.parts ?? []
        summary = p.summary
        retryOf = p.retryOf
        notifier = p.notifier
        at = e.ts
    }
}

/// One send the notifier should make now: claim it, send it, record the outcome.
public struct NotifySend: Sendable, Equatable {
    /// The id this attempt is claimed under (a retry's is `<first id>#<n>`).
    public var id: String
    public var channel: String
    public var incident: String?
    public var severity: Severity?
    /// The messages a summary merges (claimed with it, settled with it); empty for a single message.
    public var parts: [String]
    /// The incident of each part.
    public var partIncidents: [String: String] = [:]
    public var retryOf: String?
    /// 1 for the first try.
    public var attempt: Int
    public var text: NotifyText
    /// Who the channel reaches (recorded as `to`).
    public var to: [String]

    public var covers: Int { parts.isEmpty ? 1 : parts.count }
}

/// A claim whose notifier stopped before recording the outcome: recorded failed, never resent.
public struct NotifyAbandoned: Sendable, Equatable {
    /// Recorded as the failure's reason (journal data: English, as every reason the notifier records).
    public static let outcomeUnknown =
        "may have been delivered: the notifier stopped during the send, so it is not sent again; check the group"
    public static let nothingToSend = "nothing left to send: the reminder is no longer due or its event is gone"

    public var id: String
    public var channel: String
    public var incident: String?
    public var parts: [String]
    public var partIncidents: [String: String]
    public var reason = NotifyAbandoned.outcomeUnknown
}

public struct NotifyPlan: Sendable, Equatable {
    public var sends: [NotifySend] = []
    public var abandoned: [NotifyAbandoned] = []
    /// Candidates passed over because they were older than `catch_up` when first seen.
    public var skippedOld = 0
    /// When something may next be due (a retry, a limit freeing up).
    public var wake: Date?
}

/// Decides, from the journal and the clock, which messages are due. Pure: the notifier feeds
/// it the journal's events as they come and asks `plan` at each look, with its own clock.
public struct NotifyPlanner: Sendable {
    public let config: NotifyConfig
    public private(set) var candidates: [String: NotifyCandidate] = [:]
    public private(set) var order: [String] = []
    public private(set) var claims: [String: NotifyClaim] = [:]
    /// Retries by first id, in order.
    public private(set) var retries: [String: [String]] = [:]
    public var limiters: [String: NotifyLimiter] = [:]
    /// Severity per incident as of the events seen so far (routing uses the severity of the time).
    private var severities: [String: Severity] = [:]
    /// The commander per incident as of the events seen so far (a handover names the one before).
    private var commanders: [String: String] = [:]
    /// A pending claim older than this is taken for one whose notifier stopped, whoever claimed it.
    public var staleAfter: TimeInterval = 120
    /// Backoff: the first retry after `baseDelay`, doubling, at most `maxDelay`.
    public var baseDelay: TimeInterval = 30
    public var maxDelay: TimeInterval = 15 * 60

    public init(config: NotifyConfig) {
        self.config = config
        for c in config.channels { limiters[c.name] = NotifyLimiter(perSecond: c.perSecond, perMinute: c.perMinute) }
    }

    /// The id of a message for an event on a channel.
    public static func eventMessageID(_ e: Event, line: Int, channel: String) -> String {
        fit("e-" + (e.id ?? "line\(line)") + "-" + channel)
    }

    /// An id as the journal takes it (a name of at most 256 bytes, with room for `#N`): one
    /// built from a very long event id or item id becomes `h-` and its SHA-256, still the same
    /// for every notifier.
    static func fit(_ id: String) -> String {
        if id.utf8.count <= 200 { return id }
        return "h-" + SHA256.hash(data: Data(id.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The id of a reminder: its kind, incident, item and deadline (to the millisecond), and the channel.
    public static func reminderMessageID(_ trigger: String, incident: String, item: String?, deadline: Date, channel: String) -> String {
        let kind = trigger.replacingOccurrences(of: "reminder.", with: "")
        let ms = Int64((deadline.timeIntervalSince1970 * 1000).rounded())
        return fit("r-" + kind + "-" + incident + (item.map { "-" + $0 } ?? "") + "-" + String(ms) + "-" + channel)
    }

    /// The id of a follow-up's reminder: `r-followup-<id>-<due ms>-<channel>` (a follow-up id is
    /// unique in the journal, so the incident is not needed; a new due date is a new reminder).
    public static func followUpMessageID(_ action: String, due: Date, channel: String) -> String {
        let ms = Int64((due.timeIntervalSince1970 * 1000).rounded())
        return fit("r-followup-" + action + "-" + String(ms) + "-" + channel)
    }

    /// Takes in one event of the journal, in order.
    public mutating func observe(_ e: Event, line: Int, now: Date) {
        guard let kind = e.kind else { return }
        let payload = e.payload
        switch payload {
        case .notifyClaimed(let p):
            let c = NotifyClaim(e, p)
            claims[c.id] = c
            if let first = c.retryOf { retries[first, default: []].append(c.id) }
            // Parts are not sends of their own: only the summary counts against the limit.
            if c.summary == nil { limiters[c.channel]?.record(e.ts) }
            return
        case .incidentDeclared(let p):
            if let id = e.incident { severities[id] = Severity(rawValue: p.severity ?? 3) ?? .l3 }
        case .incidentSeverity(let p):
            if let id = e.incident, let s = p.severityLevel { severities[id] = s }
        default:
            break
        }
        guard let incident = e.incident, let topic = topic(of: payload, kind: kind, incident: incident) else { return }
        for c in config.channels(for: topic) {
            let id = NotifyPlanner.eventMessageID(e, line: line, channel: c.name)
            if candidates[id] != nil { continue }
            candidates[id] = NotifyCandidate(
                id: id, channel: c.name, incident: incident, topic: topic, at: e.ts, seenAt: now, source: .event(e, line: line))
            order.append(id)
        }
    }

    mutating func topic(of payload: EventPayload, kind: EventType, incident: String) -> NotifyTopic? {
        let severity = severities[incident] ?? .l3
        var isDefault = false
        var role: String?
        switch payload {
        case .incidentDeclared, .incidentSeverity, .incidentPhase:
            isDefault = true
        case .roleAssigned(let p):
            role = p.role
            // A handover of command: the plans' defaults name it, not the first commander's assignment.
            if role == "commander" {
                let before = commanders[incident]
                commanders[incident] = p.member
                isDefault = before != nil && before != p.member
            }
        case .commsPublished(let p):
            isDefault = p.audience == Audience.external.rawValue
        case .notifySent, .notifyFailed, .signalFired, .signalResolved, .memberStatus:
            return nil
        default:
            break
        }
        if !NotifyConfig.triggers.contains(kind.rawValue) { return nil }
        return NotifyTopic(trigger: kind.rawValue, severity: severity, role: role, isDefault: isDefault)
    }

    /// Takes in the reminders due now (an external update overdue by the policy's cadence, a
    /// checklist item overdue, the review meeting due), once per deadline each.
    public mutating func observeReminders(state: JournalState, catalog: PlaybookCatalog, now: Date) {
        observeFollowUps(state: state, now: now)
        observeReviews(state: state, catalog: catalog, now: now)
        for inc in state.orderedIncidents where !inc.isClosed {
            let playbook = catalog.playbook(named: inc.playbook)
            let policy = catalog.policy(for: inc)
            let kpis = KPIEngine.compute(
                incident: inc, playbook: playbook, policy: policy, now: now, timescale: state.timescale(for: inc.id))
            var due:
                [(trigger: String, item: String?, text: String?, textZh: String?, deadline: Date, role: String?, cadence: TimeInterval?)] =
                    []
            if let m = kpis.measure(.sinceExternalUpdate), m.state == .breached, let target = m.target {
                let last = inc.comms.last(where: { $0.audience == .external })?.at ?? inc.declaredAt
                due.append((NotifyTrigger.externalUpdate, nil, nil, nil, last.addingTimeInterval(target), "communications", target))
            }
            for entry in kpis.overdue {
                guard let at = entry.dueAt else { continue }
                due.append((NotifyTrigger.checklistOverdue, entry.id, entry.text, entry.textZh, at, entry.role, nil))
            }
            for d in due {
                let topic = NotifyTopic(trigger: d.trigger, severity: inc.severity, role: d.role, isDefault: true)
                for c in config.channels(for: topic) {
                    let id = NotifyPlanner.reminderMessageID(
                        d.trigger, incident: inc.id, item: d.item, deadline: d.deadline, channel: c.name)
                    if candidates[id] != nil { continue }
                    candidates[id] = NotifyCandidate(
                        id: id, channel: c.name, incident: inc.id, topic: topic, at: d.deadline, seenAt: now,
                        source: .reminder(trigger: d.trigger, item: d.item, itemText: d.text, itemTextZh: d.textZh, cadence: d.cadence))
                    order.append(id)
                }
            }
        }
    }

    /// Takes in the review meeting and the review report past due, open incidents and closed
    /// ones alike (the deadlines count from the crisis' end and outlive the close), once per
    /// deadline each; the report's reminder is told apart by its item, `report`.
    mutating func observeReviews(state: JournalState, catalog: PlaybookCatalog, now: Date) {
        for inc in state.orderedIncidents where !inc.drill {
            // Both recorded, or not ended: nothing to compute.
            guard let end = inc.crisisEndedAt, inc.review.held == nil || inc.review.reported == nil else { continue }
            // The engine's rule without the engine (every closed incident of a year of journal is
            // looked at on each pass): running until recorded, breached once past end + target.
            let targets = catalog.policy(for: inc).targets
            let reviews: [(KPIName, String?, Bool)] = [
                (.timeToReview, nil, inc.review.held != nil),
                (.timeToReviewReport, NotifyTrigger.reviewReportItem, inc.review.reported != nil),
            ]
            for (name, item, recorded) in reviews where !recorded {
                guard let target = targets[name]?.limit(at: inc.severity) else { continue }
                let deadline = end.addingTimeInterval(target)
                guard now.timeIntervalSince(end) > target else { continue }
                let topic = NotifyTopic(trigger: NotifyTrigger.reviewDue, severity: inc.severity, role: "commander", isDefault: true)
                for c in config.channels(for: topic) {
                    let id = NotifyPlanner.reminderMessageID(
                        NotifyTrigger.reviewDue, incident: inc.id, item: item, deadline: deadline, channel: c.name)
                    if candidates[id] != nil { continue }
                    candidates[id] = NotifyCandidate(
                        id: id, channel: c.name, incident: inc.id, topic: topic, at: deadline, seenAt: now,
                        source: .reminder(trigger: NotifyTrigger.reviewDue, item: item, itemText: nil, itemTextZh: nil, cadence: nil))
                    order.append(id)
                }
            }
        }
    }

    /// Takes in the follow-ups open past their due date, once per due date each, whether
    /// their incident is open or closed (a follow-up outlives it).
    mutating func observeFollowUps(state: JournalState, now: Date) {
        for f in state.orderedFollowUps where f.isOverdue(at: now) {
            guard let due = f.due, let inc = state.incidents[f.incident] else { continue }
            let topic = NotifyTopic(trigger: NotifyTrigger.followUpOverdue, severity: inc.severity, role: nil, isDefault: true)
            for c in config.channels(for: topic) {
                let id = NotifyPlanner.followUpMessageID(f.id, due: due, channel: c.name)
                if candidates[id] != nil { continue }
                candidates[id] = NotifyCandidate(
                    id: id, channel: c.name, incident: inc.id, topic: topic, at: due, seenAt: now,
                    source: .reminder(trigger: NotifyTrigger.followUpOverdue, item: f.id, itemText: nil, itemTextZh: nil, cadence: nil))
                order.append(id)
            }
        }
    }

    /// The text of a candidate as of now, in the current language.
    public func render(_ c: NotifyCandidate, state: JournalState, catalog: PlaybookCatalog, now: Date) -> NotifyText? {
        guard let inc = state.incidents[c.incident] else { return nil }
        switch c.source {
        case .event(let e, let line):
            return NotifyWording.event(e, line: line, incident: inc, now: now, playbook: catalog.playbook(named: inc.playbook))
        case .reminder(NotifyTrigger.followUpOverdue, let action, _, _, _):
            // Done, dropped or given a later date since: nothing left to remind.
            guard let f = action.flatMap({ state.followUps[$0] }), f.isOverdue(at: now),
                c.id == NotifyPlanner.followUpMessageID(f.id, due: f.due ?? now, channel: c.channel)
            else { return nil }
            return NotifyWording.followUp(f, incident: inc, state: state)
        case .reminder(NotifyTrigger.reviewDue, let item, _, _, _):
            // Recorded since it was planned: nothing left to remind.
            let report = item == NotifyTrigger.reviewReportItem
            if report ? inc.review.reported != nil : inc.review.held != nil { return nil }
            return NotifyWording.reminder(
                NotifyTrigger.reviewDue, incident: inc, item: item, cadence: nil, role: c.topic.role, state: state, now: now)
        case .reminder(let trigger, _, let text, let textZh, let cadence):
            return NotifyWording.reminder(
                trigger, incident: inc, item: text.map { planText($0, zh: textZh) }, cadence: cadence, role: c.topic.role, state: state,
                now: now)
        }
    }

    /// Whether a claim's notifier is still running: `alive` answers for this host's notifiers.
    func stopped(_ claim: NotifyClaim, now: Date, alive: (String) -> Bool?) -> Bool {
        if now.timeIntervalSince(claim.at) >= staleAfter { return true }
        guard let n = claim.notifier, let answer = alive(n) else { return false }
        return !answer
    }

    /// The delay before try number `attempt + 1` after `attempt` failed.
    public func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
    }

    /// What is due now. `alive(notifier)` says whether the notifier `host:pid` runs (nil: cannot tell);
    /// `language(channel)` renders a channel's texts in its language.
    public func plan(
        state: JournalState, catalog: PlaybookCatalog, now: Date, alive: (String) -> Bool?,
        render: (String, () -> NotifyText?) -> NotifyText? = { $1() }
    ) -> NotifyPlan {
        var plan = NotifyPlan()
        var queues: [String: [NotifySend]] = [:]
        var retryQueues: [String: [NotifySend]] = [:]
        func wake(_ t: Date) { plan.wake = plan.wake.map { min($0, t) } ?? t }
        func partIncidents(_ parts: [String]) -> [String: String] {
            var out: [String: String] = [:]
            for p in parts { if let i = claims[p]?.incident ?? candidates[p]?.incident { out[p] = i } }
            return out
        }
        func channel(_ name: String) -> NotifyChannel? { config.channels.first { $0.name == name } }

        // Every first attempt: a candidate, or a summary someone claimed.
        var firsts = order
        for (id, c) in claims where !c.parts.isEmpty && c.retryOf == nil { firsts.append(id) }
        for first in firsts {
            if let c = claims[first], c.summary != nil { continue }  // a part follows its summary
            let attempts = [first] + (retries[first] ?? [])
            guard let latest = attempts.last(where: { state.notifyMessages[$0] != nil }), let m = state.notifyMessages[latest] else {
                // Never claimed.
                guard let cand = candidates[first] else { continue }
                if cand.at < cand.seenAt.addingTimeInterval(-config.catchUp) {
                    plan.skippedOld += 1
                    continue
                }
                guard let ch = channel(cand.channel),
                    let text = render(ch.name, { self.render(cand, state: state, catalog: catalog, now: now) })
                else { continue }
                queues[cand.channel, default: []].append(
                    NotifySend(
                        id: first, channel: cand.channel, incident: cand.incident, severity: state.incidents[cand.incident]?.severity,
                        parts: [], retryOf: nil, attempt: 1, text: text, to: ch.to))
                continue
            }
            let claim = claims[latest]
            let parts = claims[first]?.parts ?? []
            switch m.outcome {
            case .sent:
                continue
            case .pending:
                if let claim, stopped(claim, now: now, alive: alive) {
                    plan.abandoned.append(
                        NotifyAbandoned(
                            id: latest, channel: m.channel, incident: m.incident, parts: parts, partIncidents: partIncidents(parts)))
                } else {
                    wake(m.claimedAt.addingTimeInterval(staleAfter))
                }
            case .failed(_, _, let retryAt, let final):
                if final { continue }
                let at = retryAt ?? m.claimedAt.addingTimeInterval(backoff(afterAttempt: attempts.count))
                if at > now {
                    wake(at)
                    continue
                }
                guard let ch = channel(m.channel) else { continue }
                let text: NotifyText?
                if parts.isEmpty {
                    text = candidates[first].flatMap { cand in
                        render(ch.name, { self.render(cand, state: state, catalog: catalog, now: now) })
                    }
                } else {
                    text = render(ch.name) {
                        let texts = parts.compactMap { p in
                            self.candidates[p].flatMap { self.render($0, state: state, catalog: catalog, now: now) }
                        }
                        return texts.isEmpty ? nil : NotifyWording.summary(texts, maxBytes: Int.max).text
                    }
                }
                guard let text else {
                    // Nothing left to say (a reminder no longer due, an event no longer in the journal): give up.
                    plan.abandoned.append(
                        NotifyAbandoned(
                            id: latest, channel: m.channel, incident: m.incident, parts: parts, partIncidents: partIncidents(parts),
                            reason: NotifyAbandoned.nothingToSend))
                    continue
                }
                retryQueues[m.channel, default: []].append(
                    NotifySend(
                        id: first + "#" + String(attempts.count + 1), channel: m.channel, incident: m.incident,
                        severity: m.incident.flatMap { state.incidents[$0]?.severity }, parts: parts, partIncidents: partIncidents(parts),
                        retryOf: first, attempt: attempts.count + 1, text: text, to: ch.to))
            }
        }

        // Within each channel's limits: singles while they fit, else one summary of what waits.
        for ch in config.channels {
            var limiter = limiters[ch.name] ?? NotifyLimiter(perSecond: 0, perMinute: 0)
            var room = limiter.available(at: now)
            let retriesDue = retryQueues[ch.name] ?? []
            for r in retriesDue.prefix(room) {
                plan.sends.append(r)
                limiter.record(now)
            }
            room -= min(room, retriesDue.count)
            let waiting = queues[ch.name] ?? []
            if waiting.isEmpty { continue }
            if room == 0 {
                wake(limiter.nextFree(after: now))
                continue
            }
            if waiting.count <= room {
                plan.sends += waiting
                continue
            }
            let built = render(ch.name) {
                let texts = waiting.map { w in
                    self.candidates[w.id].flatMap { self.render($0, state: state, catalog: catalog, now: now) } ?? w.text
                }
                return NotifyWording.summary(texts, maxBytes: ch.maxTextBytes - 200).text
            }
            let count = built.map { $0.lines.count } ?? 0
            guard let text = built, count > 0 else { continue }
            let parts = waiting.prefix(count)
            var pi: [String: String] = [:]
            for p in parts { if let i = p.incident { pi[p.id] = i } }
            plan.sends.append(
                NotifySend(
                    id: "s-" + parts[parts.startIndex].id, channel: ch.name, incident: nil,
                    severity: parts.compactMap(\.severity).min(by: { $0.rawValue < $1.rawValue }), parts: parts.map(\.id),
                    partIncidents: pi, retryOf: nil, attempt: 1, text: text, to: ch.to))
            if count < waiting.count { wake(limiter.nextFree(after: now.addingTimeInterval(0.001))) }
        }
        return plan
    }

    /// Records a send made now against its channel's limit (the claim will also be observed; a
    /// claim seen twice only makes the limiter stricter for a moment).
    public mutating func pause(_ channel: String, until: Date) {
        limiters[channel]?.pausedUntil = until
    }
}
