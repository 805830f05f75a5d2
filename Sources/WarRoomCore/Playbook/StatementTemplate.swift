import Foundation

/// A statement the plan prepares in advance (`[[statements]]` in a playbook): a holding
/// statement, an apology, compensation, the all-clear, in English and Chinese, with the
/// incident's figures put in where the text has placeholders.
public struct StatementTemplate: Sendable, Equatable {
    public var id: String
    public var title: String
    public var titleZh: String?
    public var audience: Audience
    public var channel: String?
    public var text: String
    public var textZh: String?

    /// The placeholders a template may use; `{counter.NAME}` names any counter too.
    public static let placeholders = ["title", "incident", "severity", "started", "now", "next_update"]
    static let keys: Set<String> = ["id", "title", "title_zh", "audience", "channel", "text", "text_zh"]

    /// The title in the interface language.
    public var localizedTitle: String { L10n.isChinese ? (titleZh ?? title) : title }

    /// The placeholders in a text, in order, or why the braces do not close.
    static func names(in text: String) -> Result<[String], EventError> {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else {
                return .failure(EventError(tr("a { is not closed by }")))
            }
            out.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return .success(out)
    }

    /// Why a placeholder is not one warroom fills, or nil.
    static func unknownPlaceholder(_ text: String) -> String? {
        switch names(in: text) {
        case .failure(let e): return e.reason
        case .success(let list):
            for n in list where !placeholders.contains(n) && !(n.hasPrefix("counter.") && n.count > "counter.".count) {
                return tr(
                    "unknown placeholder \"{name}\" (placeholders are {list}, and counter.NAME for any counter, all in braces)",
                    ["name": n, "list": placeholders.joined(separator: ", ")])
            }
            return nil
        }
    }

    /// The text in the interface language with the incident's figures put in, or why it cannot be
    /// filled yet (a counter not reported). `nextUpdate` is when the next external update is due.
    public func filled(for inc: Incident, chinese: Bool, now: Date, nextUpdate: Date, timeZone: TimeZone) throws(EventError) -> String {
        let source = chinese ? (textZh ?? text) : text
        let list: [String]
        switch StatementTemplate.names(in: source) {
        case .success(let l): list = l
        case .failure(let e): throw e
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = chinese ? "M月d日 HH:mm" : "d MMM HH:mm"
        var out = source
        for name in list {
            let value: String
            switch name {
            case "title": value = inc.title
            case "incident": value = inc.id
            case "severity": value = chinese ? ["一级", "二级", "三级"][inc.severity.rawValue - 1] : inc.severity.label
            case "started": value = f.string(from: inc.startedAt ?? inc.declaredAt)
            case "now": value = f.string(from: now)
            case "next_update": value = f.string(from: nextUpdate)
            default:
                let counter = String(name.dropFirst("counter.".count))
                guard name.hasPrefix("counter."), let c = inc.counters[counter] else {
                    throw EventError(
                        tr(
                            "template {template} needs the counter {counter}, which is not reported yet: set it with `warroom counter {counter} N`, or write the statement yourself",
                            ["template": id, "counter": counter]))
                }
                value = EventSentence.formatNumber(c.value)
            }
            out = out.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return out
    }

    /// Reads `[[statements]]`.
    static func parseAll(_ value: JSONValue, file: ConfigFile) throws(ConfigError) -> [StatementTemplate] {
        let header = "[[statements]]"
        guard case .array(let list) = value else {
            throw file.error(tr("statements must be [[statements]] tables"), key: "statements")
        }
        var out: [StatementTemplate] = []
        for (k, entry) in list.enumerated() {
            guard case .object(let o) = entry else {
                throw file.error(tr("each statement template must be a table"), header: header, occurrence: k)
            }
            guard let id = o["id"]?.stringValue, !id.isEmpty, !id.contains(" ") else {
                throw file.error(
                    tr("statement template {number} needs id = \"short-id\" (no spaces)", ["number": String(k + 1)]), key: "id",
                    header: header, occurrence: k)
            }
            for key in o.keys where !keys.contains(key) {
                throw file.error(
                    tr(
                        "statement template {id}: unknown key \"{key}\" (templates have {keys})",
                        ["id": id, "key": key, "keys": keys.sorted().joined(separator: ", ")]), key: key, header: header, occurrence: k)
            }
            if out.contains(where: { $0.id == id }) {
                throw file.error(
                    tr("statement template id \"{id}\" is used twice; ids must be unique", ["id": id]), key: "id", header: header,
                    occurrence: k)
            }
            guard let title = o["title"]?.stringValue, !title.isEmpty else {
                throw file.error(tr("statement template {id} needs title = \"…\"", ["id": id]), key: "title", header: header, occurrence: k)
            }
            guard let a = o["audience"]?.stringValue, let audience = Audience(rawValue: a) else {
                throw file.error(
                    tr("statement template {id}: audience must be internal, external, management or regulator", ["id": id]),
                    key: "audience", header: header, occurrence: k)
            }
            guard let text = o["text"]?.stringValue, !text.isEmpty else {
                throw file.error(tr("statement template {id} needs text = \"…\"", ["id": id]), key: "text", header: header, occurrence: k)
            }
            for key in ["text", "text_zh"] {
                if let t = o[key]?.stringValue, let problem = unknownPlaceholder(t) {
                    throw file.error(
                        tr("statement template {id}: {key}: {problem}", ["id": id, "key": key, "problem": problem]), key: key,
                        header: header, occurrence: k)
                }
            }
            out.append(
                StatementTemplate(
                    id: id, title: title, titleZh: o["title_zh"]?.stringValue, audience: audience, channel: o["channel"]?.stringValue,
                    text: text, textZh: o["text_zh"]?.stringValue))
        }
        return out
    }
}
