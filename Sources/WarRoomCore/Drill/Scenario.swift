import Foundation

/// An event a scenario writes: an inject, or a scripted responder's action.
public struct ScriptedEvent: Sendable, Equatable {
    public var type: String
    public var actor: String?
    public var data: JSONObject
}

/// A timed or manual inject (one row of a master scenario events list).
public struct Inject: Sendable, Equatable {
    public var id: String
    public var title: String
    /// Scenario time from the drill start; nil for a manual inject.
    public var at: TimeInterval?
    public var event: ScriptedEvent
    /// What the facilitator expects the team to do (never shown to players).
    public var expected: String?
    /// The title in Chinese (`title_zh`), where the scenario gives one.
    public var titleZh: String? = nil
    /// Released when this holds in the journal (and not before `at`, if given).
    public var when: Expectation.Condition? = nil
    /// Released at `at` unless this has held by then ("no external statement by T+20m → the press calls").
    public var unless: Expectation.Condition? = nil

    public var isManual: Bool { at == nil && when == nil }

    /// The title in the reader's language.
    public var localizedTitle: String { planText(title, zh: titleZh) }
}

/// What the team should do, and by when.
public struct Expectation: Sendable, Equatable {
    public enum Condition: Sendable, Equatable {
        case severityAtLeast(Severity)
        case roleFilled(String)
        case phaseReached(Phase)
        case itemDone(String)
        case commsTo(Audience)
        case event(type: String, data: JSONObject)
        /// A counter reported above a figure (for conditional injects: "complaints above 1,000").
        case counterAbove(String, Double)
    }

    public var id: String
    public var text: String
    public var weight: Double
    public var within: TimeInterval
    /// "start", or the id of the inject the deadline counts from.
    public var from: String
    public var condition: Condition
    /// The text in Chinese (`text_zh`), where the scenario gives one.
    public var textZh: String? = nil

    /// The text in the reader's language.
    public var localizedText: String { planText(text, zh: textZh) }
}

/// A scripted responder's action, for the demo.
public struct ScriptedResponse: Sendable, Equatable {
    public var at: TimeInterval
    public var event: ScriptedEvent
}

/// A drill scenario (`scenarios/*.toml`).
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var title: String
    public var briefing: String
    public var notes: String?
    public var speed: Double
    public var duration: TimeInterval
    public var incidentTitle: String
    public var incidentSeverity: Severity
    public var incidentPlaybook: String?
    public var incidentSummary: String?
    public var injects: [Inject]
    public var expectations: [Expectation]
    public var responders: [ScriptedResponse]
    public var path: String?
    /// The title and briefing in Chinese (`title_zh`, `briefing_zh`), where the file gives them.
    public var titleZh: String? = nil
    public var briefingZh: String? = nil
    /// The incident's title and summary in Chinese (`[incident]`'s `title_zh`, `summary_zh`).
    public var incidentTitleZh: String? = nil
    public var incidentSummaryZh: String? = nil

    /// The title in the reader's language: the scenario's Chinese in Chinese, else the English.
    public var localizedTitle: String { planText(title, zh: titleZh) }
    /// What players are told at the start, in the reader's language.
    public var localizedBriefing: String { planText(briefing, zh: briefingZh) }
    /// The incident's title as a run in the reader's language declares it.
    public var localizedIncidentTitle: String { planText(incidentTitle, zh: incidentTitleZh) }
    /// The incident's summary as declared: `[incident]`'s, else the briefing, in the reader's language.
    public var localizedIncidentSummary: String {
        incidentSummary.map { planText($0, zh: incidentSummaryZh) } ?? planText(briefing, zh: incidentSummaryZh ?? briefingZh)
    }

    /// Injects the runner releases by itself: at a time, or on a condition; in time order (conditional ones
    /// without a time first, as they may come at any moment).
    public var timedInjects: [Inject] {
        injects.filter { !$0.isManual }.sorted { ($0.at ?? 0) < ($1.at ?? 0) }
    }
    public var manualInjects: [Inject] { injects.filter(\.isManual) }
    public func inject(_ id: String) -> Inject? { injects.first { $0.id == id } }

    /// What a drill run by hand is scored against: its incident, no injects, no expectations.
    public static func none(for inc: Incident) -> Scenario {
        Scenario(
            name: "", title: inc.title, briefing: "", notes: nil, speed: 1, duration: 0, incidentTitle: inc.title,
            incidentSeverity: inc.severity, incidentPlaybook: inc.playbook, incidentSummary: inc.summary, injects: [],
            expectations: [], responders: [], path: nil)
    }

    public static func load(path: String) throws(ConfigError) -> Scenario {
        try parse(ConfigFile.load(path: path))
    }

    static let topKeys: Set<String> = [
        "name", "title", "title_zh", "briefing", "briefing_zh", "notes", "speed", "duration", "incident", "injects",
        "expectations", "responders",
    ]

    public static func parse(_ f: ConfigFile) throws(ConfigError) -> Scenario {
        let o = f.root
        for key in o.keys where !topKeys.contains(key) {
            throw f.error(
                tr("unknown key \"{key}\" (a scenario has {keys})", ["key": key, "keys": topKeys.sorted().joined(separator: ", ")]),
                key: key)
        }
        let fileName = ((f.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let name = o["name"]?.stringValue ?? fileName
        guard let title = o["title"]?.stringValue, !title.isEmpty else { throw f.error(tr("missing title = \"…\""), key: "title") }
        guard let briefing = o["briefing"]?.stringValue else {
            throw f.error(tr("missing briefing = \"…\" (what players are told at the start)"), key: "briefing")
        }
        var speed = 1.0
        if let s = o["speed"] {
            guard let v = s.numberValue, DrillRun.speeds.contains(v) else {
                throw f.error(tr("speed must be {rule}", ["rule": DrillRun.speedRule]), key: "speed")
            }
            speed = v
        }
        guard case .object(let inc)? = o["incident"] else {
            throw f.error(tr("missing [incident] table (title, severity, playbook)"), key: "incident")
        }
        guard let incTitle = inc["title"]?.stringValue, !incTitle.isEmpty else {
            throw f.error(tr("[incident] needs title = \"…\""), key: "title", header: "[incident]")
        }
        guard let sevN = inc["severity"]?.intValue, let sev = Severity(rawValue: sevN) else {
            throw f.error(tr("[incident] severity must be 1, 2 or 3"), key: "severity", header: "[incident]")
        }

        var injects: [Inject] = []
        if let list = o["injects"] {
            guard case .array(let items) = list else { throw f.error(tr("injects must be [[injects]] tables"), key: "injects") }
            for (k, item) in items.enumerated() {
                let h = "[[injects]]"
                guard case .object(let io) = item else { throw f.error(tr("each inject must be a table"), header: h, occurrence: k) }
                guard let id = io["id"]?.stringValue, !id.isEmpty, !id.contains(" ") else {
                    throw f.error(
                        tr("inject {n} needs id = \"short-id\" (no spaces)", ["n": String(k + 1)]), key: "id", header: h, occurrence: k)
                }
                if injects.contains(where: { $0.id == id }) {
                    throw f.error(tr("inject id \"{id}\" is used twice", ["id": id]), key: "id", header: h, occurrence: k)
                }
                var at: TimeInterval?
                if let a = io["at"] {
                    guard let s = a.stringValue, let v = DurationText.parse(s) else {
                        throw f.error(
                            tr("inject {id}: at must be a duration from the start like \"12m\"", ["id": id]), key: "at", header: h,
                            occurrence: k)
                    }
                    at = v
                }
                let when = try io["when"].map { v throws(ConfigError) in
                    try injectCondition(v, key: "when", id: id, f: f, header: h, occurrence: k)
                }
                let unless = try io["unless"].map { v throws(ConfigError) in
                    try injectCondition(v, key: "unless", id: id, f: f, header: h, occurrence: k)
                }
                if when != nil && unless != nil {
                    throw f.error(
                        tr("inject {id}: give either when or unless, not both", ["id": id]), key: "unless", header: h, occurrence: k)
                }
                if unless != nil && at == nil {
                    throw f.error(
                        tr("inject {id}: unless needs at = \"20m\", the time by which the condition must have held", ["id": id]),
                        key: "unless", header: h, occurrence: k)
                }
                if let after = io["after"] {
                    guard after.stringValue == "manual" else {
                        throw f.error(tr("inject {id}: after may only be \"manual\"", ["id": id]), key: "after", header: h, occurrence: k)
                    }
                    if at != nil {
                        throw f.error(
                            tr("inject {id}: give either at or after = \"manual\", not both", ["id": id]), key: "after", header: h,
                            occurrence: k)
                    }
                    if when != nil || unless != nil {
                        throw f.error(
                            tr("inject {id}: a manual inject takes no when or unless", ["id": id]), key: "after", header: h, occurrence: k)
                    }
                } else if at == nil && when == nil {
                    throw f.error(
                        tr("inject {id} needs at = \"12m\" or after = \"manual\"", ["id": id]), key: nil, header: h, occurrence: k)
                }
                let event = try scripted(io, what: tr("inject {id}", ["id": id]), f: f, header: h, occurrence: k)
                let title =
                    io["title"]?.stringValue
                    ?? EventSentence.describe(Event(ts: Date(), type: event.type, actor: event.actor ?? "drill", data: event.data))
                injects.append(
                    Inject(
                        id: id, title: title, at: at, event: event, expected: io["expected"]?.stringValue,
                        titleZh: io["title_zh"]?.stringValue, when: when, unless: unless))
            }
        }

        var expectations: [Expectation] = []
        if let list = o["expectations"] {
            guard case .array(let items) = list else {
                throw f.error(tr("expectations must be [[expectations]] tables"), key: "expectations")
            }
            for (k, item) in items.enumerated() {
                let h = "[[expectations]]"
                guard case .object(let eo) = item else { throw f.error(tr("each expectation must be a table"), header: h, occurrence: k) }
                guard let id = eo["id"]?.stringValue, !id.isEmpty else {
                    throw f.error(tr("expectation {n} needs id = \"…\"", ["n": String(k + 1)]), key: "id", header: h, occurrence: k)
                }
                guard let text = eo["text"]?.stringValue else {
                    throw f.error(
                        tr("expectation {id} needs text = \"…\" (what the team should do)", ["id": id]), key: "text", header: h,
                        occurrence: k)
                }
                guard let w = eo["within"]?.stringValue, let within = DurationText.parse(w) else {
                    throw f.error(
                        tr("expectation {id} needs within = \"10m\" (its deadline)", ["id": id]), key: "within", header: h, occurrence: k)
                }
                let weight = eo["weight"]?.numberValue ?? 1
                if weight <= 0 {
                    throw f.error(tr("expectation {id}: weight must be positive", ["id": id]), key: "weight", header: h, occurrence: k)
                }
                let from = eo["from"]?.stringValue ?? "start"
                if from != "start" && !injects.contains(where: { $0.id == from }) {
                    throw f.error(
                        tr("expectation {id}: from names no inject \"{from}\" (use \"start\" or an inject id)", ["id": id, "from": from]),
                        key: "from", header: h,
                        occurrence: k)
                }
                var conditions: [Expectation.Condition] = []
                if let v = eo["severity_at_least"] {
                    guard let n = v.intValue, let s = Severity(rawValue: n) else {
                        throw f.error(
                            tr("expectation {id}: severity_at_least must be 1, 2 or 3", ["id": id]), key: "severity_at_least", header: h,
                            occurrence: k)
                    }
                    conditions.append(.severityAtLeast(s))
                }
                if let v = eo["role_filled"] {
                    guard let r = v.stringValue, !r.isEmpty else {
                        throw f.error(
                            tr("expectation {id}: role_filled must name a role", ["id": id]), key: "role_filled", header: h, occurrence: k)
                    }
                    conditions.append(.roleFilled(r))
                }
                if let v = eo["phase_reached"] {
                    guard let p = v.stringValue.flatMap(Phase.init(rawValue:)) else {
                        throw f.error(
                            tr("expectation {id}: phase_reached must be a phase", ["id": id]), key: "phase_reached", header: h,
                            occurrence: k)
                    }
                    conditions.append(.phaseReached(p))
                }
                if let v = eo["item_done"] {
                    guard let i = v.stringValue, !i.isEmpty else {
                        throw f.error(
                            tr("expectation {id}: item_done must name an item", ["id": id]), key: "item_done", header: h, occurrence: k)
                    }
                    conditions.append(.itemDone(i))
                }
                if let v = eo["comms_to"] {
                    guard let a = v.stringValue.flatMap(Audience.init(rawValue:)) else {
                        throw f.error(
                            tr("expectation {id}: comms_to must be internal, external, management or regulator", ["id": id]),
                            key: "comms_to", header: h,
                            occurrence: k)
                    }
                    conditions.append(.commsTo(a))
                }
                if let v = eo["event"] {
                    guard case .object(let ev) = v, let type = ev["type"]?.stringValue else {
                        throw f.error(
                            tr("expectation {id}: event must be { type = \"…\", data = { … } }", ["id": id]), key: "event", header: h,
                            occurrence: k)
                    }
                    conditions.append(.event(type: type, data: ev["data"]?.objectValue ?? JSONObject()))
                }
                guard conditions.count == 1 else {
                    throw f.error(
                        tr(
                            "expectation {id} needs exactly one of severity_at_least, role_filled, phase_reached, item_done, comms_to, event",
                            ["id": id]),
                        key: nil, header: h, occurrence: k)
                }
                expectations.append(
                    Expectation(
                        id: id, text: text, weight: weight, within: within, from: from, condition: conditions[0],
                        textZh: eo["text_zh"]?.stringValue))
            }
        }

        var responders: [ScriptedResponse] = []
        if let list = o["responders"] {
            guard case .array(let items) = list else { throw f.error(tr("responders must be [[responders]] tables"), key: "responders") }
            for (k, item) in items.enumerated() {
                let h = "[[responders]]"
                guard case .object(let ro) = item, let a = ro["at"]?.stringValue, let at = DurationText.parse(a) else {
                    throw f.error(tr("responder action {n} needs at = \"3m\"", ["n": String(k + 1)]), key: "at", header: h, occurrence: k)
                }
                let event = try scripted(ro, what: tr("responder action {n}", ["n": String(k + 1)]), f: f, header: h, occurrence: k)
                responders.append(ScriptedResponse(at: at, event: event))
            }
            responders.sort { $0.at < $1.at }
        }

        var duration = (injects.compactMap(\.at).max() ?? 0) + 30 * 60
        if let d = o["duration"] {
            guard let s = d.stringValue, let v = DurationText.parse(s), v > 0 else {
                throw f.error(tr("duration must be a duration like \"90m\""), key: "duration")
            }
            duration = v
        }
        return Scenario(
            name: name, title: title, briefing: briefing, notes: o["notes"]?.stringValue, speed: speed, duration: duration,
            incidentTitle: incTitle, incidentSeverity: sev, incidentPlaybook: inc["playbook"]?.stringValue,
            incidentSummary: inc["summary"]?.stringValue, injects: injects, expectations: expectations,
            responders: responders, path: URL(fileURLWithPath: f.path).standardizedFileURL.path, titleZh: o["title_zh"]?.stringValue,
            briefingZh: o["briefing_zh"]?.stringValue, incidentTitleZh: inc["title_zh"]?.stringValue,
            incidentSummaryZh: inc["summary_zh"]?.stringValue)
    }

    /// An inject's `when` or `unless`: a table with exactly one condition, as an expectation names
    /// it, or `counter = "complaints", above = 1000`.
    static func injectCondition(_ v: JSONValue, key: String, id: String, f: ConfigFile, header h: String, occurrence k: Int)
        throws(ConfigError) -> Expectation.Condition
    {
        let shape = tr(
            "inject {id}: {key} must be a table with one of severity_at_least, phase_reached, role_filled, item_done, comms_to, or counter with above",
            ["id": id, "key": key])
        guard case .object(let o) = v else { throw f.error(shape, key: key, header: h, occurrence: k) }
        var found: [Expectation.Condition] = []
        for (name, value) in o.members {
            switch name {
            case "severity_at_least":
                guard let s = value.intValue.flatMap(Severity.init(rawValue:)) else {
                    throw f.error(shape, key: key, header: h, occurrence: k)
                }
                found.append(.severityAtLeast(s))
            case "phase_reached":
                guard let p = value.stringValue.flatMap(Phase.init(rawValue:)) else {
                    throw f.error(shape, key: key, header: h, occurrence: k)
                }
                found.append(.phaseReached(p))
            case "role_filled", "item_done":
                guard let n = value.stringValue, !n.isEmpty else { throw f.error(shape, key: key, header: h, occurrence: k) }
                found.append(name == "role_filled" ? .roleFilled(n) : .itemDone(n))
            case "comms_to":
                guard let a = value.stringValue.flatMap(Audience.init(rawValue:)) else {
                    throw f.error(shape, key: key, header: h, occurrence: k)
                }
                found.append(.commsTo(a))
            case "counter":
                guard let c = value.stringValue, !c.isEmpty, let above = o["above"]?.numberValue else {
                    throw f.error(
                        tr("inject {id}: {key}'s counter needs above = a number", ["id": id, "key": key]), key: key, header: h,
                        occurrence: k)
                }
                found.append(.counterAbove(c, above))
            case "above":
                if o["counter"] == nil { throw f.error(shape, key: key, header: h, occurrence: k) }
            default:
                throw f.error(shape, key: key, header: h, occurrence: k)
            }
        }
        guard found.count == 1 else { throw f.error(shape, key: key, header: h, occurrence: k) }
        return found[0]
    }

    private static func scripted(_ o: JSONObject, what: String, f: ConfigFile, header: String, occurrence: Int) throws(ConfigError)
        -> ScriptedEvent
    {
        guard let type = o["type"]?.stringValue, !type.isEmpty else {
            throw f.error(
                tr("{what} needs type = \"note\" (any journal event type)", ["what": what]), key: "type", header: header,
                occurrence: occurrence)
        }
        if type == EventType.incidentDeclared.rawValue || type.hasPrefix("drill.") {
            throw f.error(
                tr("{what}: type {type} is written by the runner itself", ["what": what, "type": type]), key: "type", header: header,
                occurrence: occurrence)
        }
        var data = JSONObject()
        if let d = o["data"] {
            guard case .object(let obj) = d else {
                throw f.error(tr("{what}: data must be a table", ["what": what]), key: "data", header: header, occurrence: occurrence)
            }
            data = obj
        }
        if let kind = EventType(rawValue: type) {
            do {
                try EventSchema.validate(type: kind, data: data)
            } catch {
                throw f.error(
                    tr("{what}: {reason}", ["what": what, "reason": error.reason]), key: "data", header: header, occurrence: occurrence)
            }
        }
        return ScriptedEvent(type: type, actor: o["actor"]?.stringValue, data: data)
    }
}
