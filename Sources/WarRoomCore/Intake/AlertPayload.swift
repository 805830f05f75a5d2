import Crypto
import Foundation

/// Reads a webhook payload into alerts. Pure: nothing is written here, and a payload with one bad
/// alert is refused whole, so a source that retries sends it again rather than half of it.
public enum AlertPayload {
    /// The most a payload may be: `warroom serve` answers 413 above it, `warroom ingest` refuses it.
    public static let maxBytes = 1 << 20

    public static func parse(_ bytes: [UInt8], format: IntakeFormat) throws(IntakeError) -> [IncomingAlert] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw IntakeError(
                tr("the payload is not JSON: {reason} (at byte {column})", ["reason": error.message, "column": String(error.column)]))
        }
        switch format {
        case .alertmanager: return try alertmanager(value, source: "alertmanager")
        case .grafana: return try alertmanager(value, source: "grafana")
        case .generic: return try generic(value)
        }
    }

    // MARK: Alertmanager and Grafana

    /// Alertmanager's webhook (`version` "4"). Grafana's contact point sends the same shape with
    /// `version` "1" and its own members (`values`, `valueString`, `dashboardURL`, `panelURL`).
    static func alertmanager(_ value: JSONValue, source: String) throws(IntakeError) -> [IncomingAlert] {
        let root = try object(value, path: tr("the payload"))
        if source == "alertmanager" {
            // Another version would mean another shape: refuse it rather than guess.
            guard let v = root["version"] else { throw missing("version", expected: "\"4\"") }
            guard v.stringValue == "4" else {
                throw IntakeError(
                    tr(
                        "version must be \"4\" (Alertmanager's webhook format), not {actual}", ["actual": EventSchema.describe(v)]))
            }
        }
        guard let list = root["alerts"] else { throw missing("alerts", expected: tr("an array", context: "json type")) }
        guard case .array(let alerts) = list else { throw wrongType("alerts", tr("an array", context: "json type"), list) }
        var out: [IncomingAlert] = []
        for (k, a) in alerts.enumerated() {
            out.append(try alert(a, path: "alerts[\(k)]", source: source))
        }
        return out
    }

    static func alert(_ value: JSONValue, path: String, source: String) throws(IntakeError) -> IncomingAlert {
        let o = try object(value, path: path)
        let status = try status(o["status"], path: path + ".status")
        let labels = try stringObject(o["labels"], path: path + ".labels")
        let annotations = try stringObject(o["annotations"], path: path + ".annotations")
        let startsAt = try time(o["startsAt"], path: path + ".startsAt")
        // A firing alert's endsAt is the time Alertmanager would resolve it unless it hears again
        // (or Go's zero time): only a resolved alert's endsAt says when it ended.
        let endsAt = status == .resolved ? try time(o["endsAt"], path: path + ".endsAt") : nil
        var fingerprint = try string(o["fingerprint"], path: path + ".fingerprint")
        if fingerprint?.isEmpty ?? true {
            // Grafana before 9.4 and some relays send no fingerprint. The sorted labels are the
            // alert's identity in Alertmanager too, so the same alert derives the same one each time.
            fingerprint = derivedFingerprint(labels: labels, title: "")
        }
        let alertname = labels["alertname"]?.stringValue
        let summary = annotations["summary"]?.stringValue
        let description = annotations["description"]?.stringValue
        let title = nonEmpty(alertname) ?? nonEmpty(summary) ?? nonEmpty(description) ?? fingerprint ?? ""
        // The summary says what the title does not: the summary annotation beside an alertname
        // title, and the description.
        var words: [String] = []
        if let s = nonEmpty(summary), s != title { words.append(s) }
        if let d = nonEmpty(description), d != title { words.append(d) }
        let panel = nonEmpty(try string(o["panelURL"], path: path + ".panelURL"))
        let dashboard = nonEmpty(try string(o["dashboardURL"], path: path + ".dashboardURL"))
        let generator = nonEmpty(try string(o["generatorURL"], path: path + ".generatorURL"))
        let url = panel ?? dashboard ?? generator
        var result = IncomingAlert(
            fingerprint: fingerprint ?? "", source: source, status: status, title: title,
            summary: words.isEmpty ? nil : words.joined(separator: " — "), labels: labels, startsAt: startsAt, endsAt: endsAt,
            url: url, value: try grafanaValue(o["values"], path: path + ".values"))
        // Alertmanager sends no value: rules commonly put `{{ $value }}` in an annotation.
        if result.value == nil, let v = annotations["value"]?.stringValue { result.value = Double(v) }
        try validate(result, path: path)
        return result
    }

    /// Grafana's `values` maps each query's ref id to its value. One value is the figure; with
    /// several, the query "A" (Grafana's first), else the first listed: later refs are usually
    /// the reduce and threshold expressions built on it.
    static func grafanaValue(_ value: JSONValue?, path: String) throws(IntakeError) -> Double? {
        guard let value, value != .null else { return nil }
        guard case .object(let o) = value else { throw wrongType(path, tr("an object", context: "json type"), value) }
        let pick = o["A"] ?? o.members.first?.value
        return pick?.numberValue
    }

    // MARK: Generic

    /// warroom's own form: one object, or an array of them.
    /// {"fingerprint"?, "title", "status": "firing|resolved", "labels"?, "summary"?, "value"?, "url"?, "source"?}
    static func generic(_ value: JSONValue) throws(IntakeError) -> [IncomingAlert] {
        if case .array(let items) = value {
            var out: [IncomingAlert] = []
            for (k, item) in items.enumerated() { out.append(try genericAlert(item, path: "[\(k)]")) }
            return out
        }
        return [try genericAlert(value, path: "")]
    }

    static func genericAlert(_ value: JSONValue, path: String) throws(IntakeError) -> IncomingAlert {
        let o = try object(value, path: path.isEmpty ? tr("the payload") : path)
        func member(_ name: String) -> String { path.isEmpty ? name : path + "." + name }
        let known = ["fingerprint", "title", "status", "labels", "summary", "value", "url", "source", "starts_at", "ends_at"]
        for key in o.keys where !known.contains(key) {
            throw IntakeError(
                tr(
                    "unknown member {member}; the generic form has {members}",
                    ["member": member(key), "members": known.joined(separator: ", ")]))
        }
        guard let title = try string(o["title"], path: member("title")), !EventSchema.isBlank(title) else {
            throw missing(member("title"), expected: tr("a string", context: "json type"))
        }
        guard o["status"] != nil else { throw missing(member("status"), expected: "\"firing\" | \"resolved\"") }
        let status = try status(o["status"], path: member("status"))
        let labels = try stringObject(o["labels"], path: member("labels"))
        var value: Double?
        if let v = o["value"], v != .null {
            guard case .number(let n) = v else { throw wrongType(member("value"), tr("a number", context: "json type"), v) }
            value = n
        }
        let given = nonEmpty(try string(o["fingerprint"], path: member("fingerprint")))
        let result = IncomingAlert(
            fingerprint: given ?? derivedFingerprint(labels: labels, title: title),
            source: nonEmpty(try string(o["source"], path: member("source"))) ?? "generic", status: status, title: title,
            summary: nonEmpty(try string(o["summary"], path: member("summary"))), labels: labels,
            startsAt: try time(o["starts_at"], path: member("starts_at")),
            endsAt: status == .resolved ? try time(o["ends_at"], path: member("ends_at")) : nil,
            url: nonEmpty(try string(o["url"], path: member("url"))), value: value)
        try validate(result, path: path)
        return result
    }

    // MARK: Fingerprints

    /// A stable fingerprint for a source that sends none: SHA-256 of the labels sorted by name
    /// (the title too when there are no labels), 16 hex digits as Alertmanager's are.
    public static func derivedFingerprint(labels: JSONObject, title: String) -> String {
        var text = ""
        let sorted = labels.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for m in sorted {
            JSONWriter.writeString(m.key, into: &text)
            text += "="
            JSONWriter.write(m.value, into: &text)
            text += "\n"
        }
        if sorted.isEmpty { JSONWriter.writeString(title, into: &text) }
        let digest = SHA256.hash(data: Array(text.utf8))
        return digest.prefix(8).map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }

    // MARK: Members

    /// The members become journal data: checked as the journal checks them, so a payload the
    /// writer would refuse is refused here with the alert's own member named.
    static func validate(_ a: IncomingAlert, path: String) throws(IntakeError) {
        let draft = SignalIntake.firedDraft(a, meets: nil)
        do {
            try EventSchema.validate(type: .signalFired, data: draft.data)
        } catch {
            let prefix = path.isEmpty ? "" : path + ": "
            throw IntakeError(prefix + error.reason)
        }
    }

    static func object(_ value: JSONValue, path: String) throws(IntakeError) -> JSONObject {
        guard case .object(let o) = value else { throw wrongType(path, tr("an object", context: "json type"), value) }
        return o
    }

    static func status(_ value: JSONValue?, path: String) throws(IntakeError) -> IncomingAlert.Status {
        guard let value else { throw missing(path, expected: "\"firing\" | \"resolved\"") }
        guard let s = value.stringValue, let status = IncomingAlert.Status(rawValue: s) else {
            throw IntakeError(
                tr("{member} must be \"firing\" or \"resolved\", not {actual}", ["member": path, "actual": EventSchema.describe(value)]))
        }
        return status
    }

    static func string(_ value: JSONValue?, path: String) throws(IntakeError) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let s) = value else { throw wrongType(path, tr("a string", context: "json type"), value) }
        return s
    }

    /// Labels and annotations: an object of strings, as Alertmanager and Grafana send them.
    static func stringObject(_ value: JSONValue?, path: String) throws(IntakeError) -> JSONObject {
        guard let value, value != .null else { return JSONObject() }
        let o = try object(value, path: path)
        for m in o.members {
            guard case .string = m.value else {
                throw wrongType(path + "." + m.key, tr("a string", context: "json type"), m.value)
            }
        }
        return o
    }

    static func time(_ value: JSONValue?, path: String) throws(IntakeError) -> Date? {
        guard let value, value != .null else { return nil }
        guard let s = value.stringValue, let d = RFC3339.parse(s) else {
            throw IntakeError(
                tr(
                    "{field} must be an RFC 3339 time like 2026-11-22T08:15:02Z, not {actual}",
                    ["field": path, "actual": EventSchema.describe(value)]))
        }
        // Go's zero time (0001-01-01) is "not set".
        return d.timeIntervalSince1970 < -62_000_000_000 ? nil : d
    }

    static func missing(_ member: String, expected: String) -> IntakeError {
        IntakeError(tr("{member} is missing (expected {expected})", ["member": member, "expected": expected]))
    }

    static func wrongType(_ member: String, _ expected: String, _ actual: JSONValue) -> IntakeError {
        IntakeError(
            tr("{member} must be {expected}, not {actual}", ["member": member, "expected": expected, "actual": actual.typeName]))
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !EventSchema.isBlank(s) else { return nil }
        return s
    }
}
