import Foundation

/// The statements part of the communications section: each statement's draft, who approved
/// it and when, and the text published (the record the plans' "one voice" asks for).
extension PostmortemReport {
    var statements: [Statement] { state.statements(of: incident.id) }

    static var statementsTitle: String { tr("Statements and approvals", context: "report heading") }

    var statementHeaders: [String] {
        [
            tr("Statement", context: "report column"), tr("Audience", context: "report column"),
            tr("Drafted", context: "report column"), tr("Approved", context: "report column"),
            tr("Published", context: "report column"), tr("Text", context: "report column"),
        ]
    }

    /// One row per statement, in the order drafted. The text is the draft's, which is the
    /// published text when it went out (the journal refuses any other).
    func statementRows(_ m: Markup) -> [[String]] {
        statements.map { s in
            func decided(_ d: Statement.Decision?) -> String {
                d.map { tr("{time} by {who}", context: "report", ["time": time($0.at), "who": m.text($0.by)]) } ?? "—"
            }
            var approved = decided(s.approval)
            if let r = s.rejection {
                approved =
                    m.strong(tr("rejected", context: "statement status")) + " "
                    + tr("{time} by {who}", context: "report", ["time": time(r.at), "who": m.text(r.by)])
                    + (s.rejectionReason.map { tr(": {text}", context: "sentence", ["text": m.text($0)]) } ?? "")
            }
            return [
                m.text(s.id), Audience.display(s.audience), decided(Statement.Decision(at: s.draftedAt, by: s.draftedBy)), approved,
                decided(s.publication), m.text(s.text),
            ]
        }
    }

    func statementsJSON() -> JSONValue {
        func decision(_ d: Statement.Decision?) -> JSONValue {
            guard let d else { return .null }
            return .object(["at": .string(Self.time(d.at)), "by": .string(d.by)])
        }
        return .array(
            statements.map { s in
                var o: JSONObject = [
                    "id": .string(s.id), "audience": .string(s.audience.rawValue), "status": .string(s.status.rawValue),
                    "text": .string(s.text), "drafted": decision(Statement.Decision(at: s.draftedAt, by: s.draftedBy)),
                    "approved": decision(s.approval), "rejected": decision(s.rejection), "published": decision(s.publication),
                ]
                o["channel"] = s.channel.map { .string($0) } ?? .null
                o["template"] = s.template.map { .string($0) } ?? .null
                o["reason"] = s.rejectionReason.map { .string($0) } ?? .null
                return .object(o)
            })
    }
}
