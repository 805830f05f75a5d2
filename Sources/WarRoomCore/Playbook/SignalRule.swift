import Foundation

/// A policy rule saying which severity an alert meets: every label in `match` equal, and the
/// alert's value strictly above `valueAbove` when it is set (`[[signal_rules]]` in the policy).
public struct SignalRule: Sendable, Equatable {
    public var name: String
    public var meets: Severity
    public var match: [String: String]
    public var valueAbove: Double?
    public var source: String?
    public var sourceZh: String?

    public init(
        name: String, meets: Severity, match: [String: String] = [:], valueAbove: Double? = nil, source: String? = nil,
        sourceZh: String? = nil
    ) {
        self.name = name
        self.meets = meets
        self.match = match
        self.valueAbove = valueAbove
        self.source = source
        self.sourceZh = sourceZh
    }

    public func matches(labels: JSONObject, value: Double?) -> Bool {
        for (k, v) in match where labels[k]?.stringValue != v { return false }
        if let valueAbove {
            guard let value, value > valueAbove else { return false }
        }
        return true
    }

    static func parseAll(_ value: JSONValue, file: ConfigFile) throws(ConfigError) -> [SignalRule] {
        let header = "[[signal_rules]]"
        guard case .array(let rules) = value else {
            throw file.error(tr("signal_rules must be an array of tables ([[signal_rules]])"), key: "signal_rules")
        }
        var out: [SignalRule] = []
        for (k, rule) in rules.enumerated() {
            guard case .object(let o) = rule else {
                throw file.error(tr("each signal rule must be a table"), header: header, occurrence: k)
            }
            guard let name = o["name"]?.stringValue, !EventSchema.isBlank(name) else {
                throw file.error(
                    tr("signal rule {number} needs name = \"NAME\"", ["number": String(k + 1)]), header: header, occurrence: k)
            }
            for key in o.keys where !["name", "meets", "match", "value_above", "source", "source_zh"].contains(key) {
                throw file.error(
                    tr("signal rule {name}: unknown key \"{key}\"", ["name": name, "key": key]), key: key, header: header,
                    occurrence: k)
            }
            guard let n = o["meets"]?.intValue, let meets = Severity(rawValue: n) else {
                throw file.error(
                    tr("signal rule {name}: meets must be 1, 2 or 3", ["name": name]), key: "meets", header: header, occurrence: k)
            }
            var match: [String: String] = [:]
            if let m = o["match"] {
                guard case .object(let labels) = m else {
                    throw file.error(
                        tr("signal rule {name}: match must be a table of label = \"value\"", ["name": name]), key: "match",
                        header: header, occurrence: k)
                }
                for l in labels.members {
                    guard let v = l.value.stringValue else {
                        throw file.error(
                            tr("signal rule {name}: match.{label} must be a string", ["name": name, "label": l.key]), key: "match",
                            header: header, occurrence: k)
                    }
                    match[l.key] = v
                }
            }
            var above: Double?
            if let a = o["value_above"] {
                guard let n = a.numberValue else {
                    throw file.error(
                        tr("signal rule {name}: value_above must be a number", ["name": name]), key: "value_above",
                        header: header, occurrence: k)
                }
                above = n
            }
            // A rule with neither would say every alert meets its severity: surely a mistake.
            if match.isEmpty && above == nil {
                throw file.error(
                    tr("signal rule {name} needs match = { label = \"value\" } or value_above = NUMBER (or both)", ["name": name]),
                    header: header, occurrence: k)
            }
            out.append(
                SignalRule(
                    name: name, meets: meets, match: match, valueAbove: above, source: o["source"]?.stringValue,
                    sourceZh: o["source_zh"]?.stringValue))
        }
        return out
    }
}

/// Which rule an alert meets, and the severity.
public struct SignalMatch: Sendable, Equatable {
    public var meets: Severity
    public var rule: String
    public var source: String?
    public var sourceZh: String?
}

extension Policy {
    /// The label that ties an alert to a trigger: an alert labelled `counter="login_failure_pct"`
    /// whose value is above the trigger's figure meets the trigger's severity.
    public static let counterLabel = "counter"

    /// The worst severity an alert with these labels and value meets, and the rule that says so:
    /// the `[[signal_rules]]`, then the `[[triggers]]` through the `counter` label. The first
    /// listed wins among rules of the same severity. nil when none matches.
    ///
    /// The triggers that suggest L3 never fire on an incident (every incident is at least L3);
    /// on an alert they say "this meets L3": a suggestion to declare.
    public func signalMatch(labels: JSONObject, value: Double?) -> SignalMatch? {
        var best: SignalMatch?
        func consider(_ m: SignalMatch) {
            if m.meets.rawValue < best?.meets.rawValue ?? Int.max { best = m }
        }
        for r in signalRules where r.matches(labels: labels, value: value) {
            consider(SignalMatch(meets: r.meets, rule: r.name, source: r.source, sourceZh: r.sourceZh))
        }
        if let counter = labels[Policy.counterLabel]?.stringValue, let value {
            for t in triggers where t.scope == nil && t.counter == counter && value > t.above {
                consider(SignalMatch(meets: t.suggests, rule: t.counter, source: t.source, sourceZh: t.sourceZh))
            }
        }
        return best
    }
}
