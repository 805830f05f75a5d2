import Foundation

/// Why an event is not acceptable. The text names the member and says what
/// was expected, so a person fixing a hand-written line knows what to change.
public struct EventError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The shape of each event type's `data`, checked the same way by the reader,
/// `warroom append` and every writer, so a line one of them accepts the
/// others accept too.
public enum EventSchema {
    public static let maxIncidentIDLength = 64
    public static let maxNameLength = 256

    enum Kind {
        case text
        case name
        case severity
        case phase
        case noteKind
        case presence
        case audience
        case number
        case bool
        case time
        case duration
        case object
        /// One of a closed set of words (an observation's rating, a hot wash entry's kind).
        case choice([String])
    }

    struct Member {
        let name: String
        let kind: Kind
        let required: Bool
    }

    /// Built once: this runs for every line read.
    /// In `EventType.allCases` order, looked up by position rather than hashed.
    static let table: [[Member]] = EventType.allCases.map { build($0) }

    static func members(of type: EventType) -> [Member] { table[type.position] }

    static func build(_ type: EventType) -> [Member] {
        func req(_ n: String, _ k: Kind) -> Member { Member(name: n, kind: k, required: true) }
        func opt(_ n: String, _ k: Kind) -> Member { Member(name: n, kind: k, required: false) }
        switch type {
        case .incidentDeclared:
            return [
                req("title", .text), req("severity", .severity), opt("started_at", .time), opt("summary", .text),
                opt("playbook", .name), opt("drill", .bool), opt("signal", .name),
            ]
        case .incidentSeverity: return [req("severity", .severity), opt("reason", .text)]
        case .incidentPhase: return [req("phase", .phase), opt("note", .text)]
        case .note: return [req("text", .text), opt("kind", .noteKind)]
        case .roleAssigned: return [req("role", .name), req("member", .name)]
        case .roleReleased: return [req("role", .name)]
        case .memberJoined:
            return [req("member", .name), opt("name", .text), opt("team", .text), opt("contact", .text)]
        case .memberStatus:
            // `console`, `host`, `pid` and `closed` are set by a console opening or closing (see ConsolePresence).
            return [
                req("member", .name), req("status", .presence), opt("console", .name), opt("host", .text), opt("pid", .number),
                opt("closed", .bool),
            ]
        case .memberLeft: return [req("member", .name)]
        case .checklistAdded:
            return [
                req("item", .name), req("text", .text), opt("phase", .phase), opt("due", .duration),
                opt("role", .name),
            ]
        case .checklistDone, .checklistUndone: return [req("item", .name)]
        case .counterSet: return [req("name", .name), req("value", .number), opt("unit", .text)]
        case .commsPublished: return [req("audience", .audience), req("text", .text), opt("channel", .text), opt("draft", .name)]
        case .drillStarted:
            return [
                req("scenario", .name), req("speed", .number), req("incident", .name), opt("title", .text), opt("run", .name),
                opt("path", .text), opt("title_zh", .text),
            ]
        case .drillPaused: return [opt("reason", .text)]
        case .drillResumed: return []
        case .drillInject: return [req("inject", .name), opt("title", .text), opt("title_zh", .text), opt("manual", .bool)]
        case .drillEnded: return [opt("reason", .text)]
        case .incidentPlaybook: return [req("playbook", .name), opt("reason", .text)]
        case .signalFired:
            return [
                req("fingerprint", .name), req("source", .name), req("title", .text), opt("summary", .text),
                opt("labels", .object), opt("starts_at", .time), opt("url", .text), opt("value", .number),
                opt("meets", .severity), opt("rule", .text),
            ]
        case .signalResolved: return [req("fingerprint", .name), req("source", .name), opt("ends_at", .time)]
        case .notifyClaimed:
            return [req("message", .name), req("channel", .name), opt("headline", .text), opt("covers", .number)]
        case .notifySent:
            return [
                req("message", .name), req("channel", .name), opt("platform", .name), opt("reply", .text), opt("to", .text),
                opt("leads", .bool),
            ]
        case .actionAdded:
            return [req("action", .name), req("text", .text), opt("owner", .name), opt("due", .time), opt("from", .name)]
        case .actionDone: return [req("action", .name), opt("note", .text)]
        case .actionDropped: return [req("action", .name), req("reason", .text)]
        case .drillObserved:
            return [req("expectation", .name), req("rating", .choice(ObservationRating.allCases.map(\.rawValue))), opt("note", .text)]
        case .drillHotWash: return [req("kind", .choice(HotWashEntry.Kind.allCases.map(\.rawValue))), req("text", .text)]
        case .reviewHeld: return [opt("held_at", .time), opt("note", .text)]
        case .reviewReported: return [req("where", .text), opt("reported_at", .time), opt("note", .text)]
        case .incidentScope: return [req("scope", .name), opt("note", .text)]
        case .recoveryEstimate:
            return [
                opt("backup", .text), opt("eta", .time), opt("rpo", .duration), opt("data_lost", .text), opt("note", .text),
            ]
        case .commsDrafted:
            return [req("draft", .name), req("audience", .audience), req("text", .text), opt("channel", .text), opt("template", .name)]
        case .commsApproved: return [req("draft", .name)]
        case .commsRejected: return [req("draft", .name), req("reason", .text)]
        case .notifyFailed:
            return [
                req("message", .name), req("channel", .name), req("reason", .text), opt("retry_at", .time), opt("final", .bool),
            ]
        }
    }

    /// Checks a known event's data members. Unknown extra members are allowed:
    /// newer writers may add them.
    public static func validate(type: EventType, data: JSONObject) throws(EventError) {
        for m in members(of: type) {
            guard let value = data[m.name], value != .null else {
                if m.required {
                    throw EventError(tr("missing data.{member}, required for {type}", ["member": m.name, "type": type.rawValue]))
                }
                continue
            }
            if EventSchema.passes(value, as: m.kind) { continue }
            try check(value, as: m.kind, path: "data.\(m.name)")
        }
    }

    /// The common answer, without building a member path for a message: true when `check` would pass.
    @inline(__always)
    static func passes(_ value: JSONValue, as kind: Kind) -> Bool {
        switch (kind, value) {
        case (.text, .string): return true
        case (.name, .string(let s)):
            return !isBlank(s) && s.utf8.count <= maxNameLength && invisibleScalar(inName: s) == nil
        case (.severity, .number(let n)): return n == 1 || n == 2 || n == 3
        case (.phase, .string(let s)): return Phase(rawValue: s) != nil
        case (.noteKind, .string(let s)): return NoteKind(rawValue: s) != nil
        case (.presence, .string(let s)): return Presence(rawValue: s) != nil
        case (.audience, .string(let s)): return Audience(rawValue: s) != nil
        case (.number, .number): return true
        case (.bool, .bool): return true
        case (.time, .string(let s)): return RFC3339.parse(s) != nil
        case (.duration, .string(let s)): return DurationText.parse(s) != nil
        case (.object, .object): return true
        case (.choice(let words), .string(let s)): return words.contains(s)
        default: return false
        }
    }

    static func check(_ value: JSONValue, as kind: Kind, path: String) throws(EventError) {
        switch kind {
        case .text:
            guard case .string = value else {
                throw EventError(tr("{field} must be a string, not {actual}", ["field": path, "actual": value.typeName]))
            }
        case .name:
            guard case .string(let s) = value else {
                throw EventError(tr("{field} must be a string, not {actual}", ["field": path, "actual": value.typeName]))
            }
            if isBlank(s) { throw EventError(tr("{field} must not be empty", ["field": path])) }
            if s.utf8.count > maxNameLength && s.count > maxNameLength {
                throw EventError(tr("{field} is longer than {max} characters", ["field": path, "max": String(maxNameLength)]))
            }
            if let u = invisibleScalar(inName: s) {
                throw EventError(
                    tr(
                        "{field} contains an invisible character (U+{code}), so it would look like another name; remove it",
                        ["field": path, "code": hex(u)]))
            }
        case .severity:
            guard let n = value.intValue, Severity(rawValue: n) != nil else {
                throw EventError(
                    tr("{field} must be 1, 2 or 3 (1 is the worst), not {actual}", ["field": path, "actual": describe(value)]))
            }
        case .phase:
            guard let s = value.stringValue, Phase(rawValue: s) != nil else {
                throw EventError(oneOf(path, Phase.allCases.map(\.rawValue), value))
            }
        case .noteKind:
            guard let s = value.stringValue, NoteKind(rawValue: s) != nil else {
                throw EventError(oneOf(path, NoteKind.allCases.map(\.rawValue), value))
            }
        case .presence:
            guard let s = value.stringValue, Presence(rawValue: s) != nil else {
                throw EventError(oneOf(path, Presence.allCases.map(\.rawValue), value))
            }
        case .audience:
            guard let s = value.stringValue, Audience(rawValue: s) != nil else {
                throw EventError(oneOf(path, Audience.allCases.map(\.rawValue), value))
            }
        case .number:
            guard case .number = value else {
                throw EventError(tr("{field} must be a number, not {actual}", ["field": path, "actual": value.typeName]))
            }
        case .bool:
            guard case .bool = value else {
                throw EventError(tr("{field} must be true or false, not {actual}", ["field": path, "actual": value.typeName]))
            }
        case .time:
            guard let s = value.stringValue, RFC3339.parse(s) != nil else {
                throw EventError(
                    tr(
                        "{field} must be an RFC 3339 time like 2026-11-22T08:15:02Z, not {actual}",
                        ["field": path, "actual": describe(value)]))
            }
        case .duration:
            guard let s = value.stringValue, DurationText.parse(s) != nil else {
                throw EventError(
                    tr("{field} must be a duration like 30m or 72h, not {actual}", ["field": path, "actual": describe(value)]))
            }
        case .object:
            guard case .object = value else {
                throw EventError(tr("{field} must be an object, not {actual}", ["field": path, "actual": value.typeName]))
            }
        case .choice(let words):
            guard let s = value.stringValue, words.contains(s) else { throw EventError(oneOf(path, words, value)) }
        }
    }

    static func oneOf(_ path: String, _ values: [String], _ value: JSONValue) -> String {
        tr(
            "{field} must be one of {values}, not {actual}",
            ["field": path, "values": values.joined(separator: ", "), "actual": describe(value)])
    }

    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .number(let n): return JSONWriter.formatNumber(n)
        default: return v.typeName
        }
    }

    /// Checks an incident id: a non-empty string of at most 64 characters
    /// without spaces or control characters.
    /// Empty or only spaces and tabs.
    public static func isBlank(_ s: String) -> Bool {
        if let r = s.utf8.withContiguousStorageIfAvailable({ b in b.allSatisfy { $0 == 0x20 || $0 == 0x09 } }) { return r }
        return s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// The first scalar that would make a name look like another: a default-ignorable code point
    /// (bidi controls excepted: names keep them, and the sanitiser always shows them), or a joiner
    /// or variation selector that does not follow a non-ASCII character (an emoji, a Persian word).
    public static func invisibleScalar(inName s: String) -> Unicode.Scalar? {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return nil }
        var previous: UInt32 = 0
        for u in s.unicodeScalars {
            let v = u.value
            defer { previous = v }
            guard Sanitizer.isDefaultIgnorable(v), !Sanitizer.isBidiControl(v) else { continue }
            // After a visible non-ASCII character, or after a selector (❤️‍🔥 is ❤ FE0F 200D 🔥);
            // a selector also after a keycap's digit, # or * (1️⃣).
            let afterVisible = previous > 0x7F && !Sanitizer.isDefaultIgnorable(previous)
            let afterSelector = previous >= 0xFE00 && previous <= 0xFE0F
            let keycap = v >= 0xFE00 && v <= 0xFE0F && (previous == 0x23 || previous == 0x2A || (0x30...0x39).contains(previous))
            if Sanitizer.isJoinerOrSelector(v) && (afterVisible || afterSelector || keycap) { continue }
            return u
        }
        return nil
    }

    static func hex(_ u: Unicode.Scalar) -> String {
        let h = String(u.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    public static func validateIncidentID(_ id: String) throws(EventError) {
        if id.isEmpty { throw EventError(tr("incident id must not be empty")) }
        // The common case, plain ASCII ids like INC-20261122-01, without Unicode property lookups.
        let plain =
            id.utf8.withContiguousStorageIfAvailable { b in b.count <= maxIncidentIDLength && b.allSatisfy { $0 > 0x20 && $0 < 0x7F } }
            ?? (id.utf8.count <= maxIncidentIDLength && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
        if plain { return }
        if id.count > maxIncidentIDLength {
            throw EventError(tr("incident id is longer than {max} characters", ["max": String(maxIncidentIDLength)]))
        }
        if let u = id.unicodeScalars.first(where: { Sanitizer.isDefaultIgnorable($0.value) }) {
            throw EventError(
                tr(
                    "incident id must not contain invisible characters (U+{code}), so that ids that look alike are alike",
                    ["code": hex(u)]))
        }
        if id.unicodeScalars.contains(where: { $0.properties.isWhitespace || Sanitizer.isDangerous($0) }) {
            throw EventError(tr("incident id must not contain spaces or control characters"))
        }
    }
}
