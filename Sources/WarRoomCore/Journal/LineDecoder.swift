import Foundation

/// Turns one journal line (without its newline) into an event, or the reason it is bad.
public enum LineDecoder {
    public static let maxLineBytes = 64 * 1024

    public static func decode(_ line: UnsafeBufferPointer<UInt8>) -> Result<Event, EventError> {
        if line.count > maxLineBytes {
            return .failure(EventError(tr("line is {bytes} bytes, over the 64 KiB limit", ["bytes": String(line.count)])))
        }
        if let e = FastLineDecoder.decode(line) { return .success(e) }
        return decodeGeneral(line)
    }

    /// Any line, through the general parser: the exact reason for a bad one.
    static func decodeGeneral(_ line: UnsafeBufferPointer<UInt8>) -> Result<Event, EventError> {
        switch object(line) {
        case .failure(let error):
            return .failure(error)
        case .success(let o):
            do {
                return .success(try envelope(o))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The line as a JSON object, or why it is not one (too long, not JSON, not an object).
    public static func object(_ line: UnsafeBufferPointer<UInt8>) -> Result<JSONObject, EventError> {
        if line.count > maxLineBytes {
            return .failure(EventError(tr("line is {bytes} bytes, over the 64 KiB limit", ["bytes": String(line.count)])))
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return .failure(
                EventError(tr("not valid JSON: {problem} at column {column}", ["problem": error.message, "column": String(error.column)])))
        }
        guard case .object(let o) = value else {
            return .failure(EventError(tr("not a JSON object (the line is {actual})", ["actual": value.typeName])))
        }
        return .success(o)
    }

    public static func decode(_ line: [UInt8]) -> Result<Event, EventError> {
        line.withUnsafeBufferPointer { decode($0) }
    }

    public static func decode(_ line: String) -> Result<Event, EventError> {
        decode(Array(line.utf8))
    }

    /// Validates the envelope and, for known types, the data members. `FastLineDecoder` holds
    /// plain lines to the same rules, and its tests hold it to this function.
    public static func envelope(_ o: JSONObject) throws(EventError) -> Event {
        // One pass over the members instead of a lookup per member.
        var fv, fts, ftype, factor, flogin, fid, fincident, fdata, fseq, fprev: JSONValue?
        for m in o.members {
            switch m.key {
            case "v": fv = m.value
            case "ts": fts = m.value
            case "type": ftype = m.value
            case "actor": factor = m.value
            case "login": flogin = m.value
            case "id": fid = m.value
            case "incident": fincident = m.value
            case "data": fdata = m.value
            case "seq": fseq = m.value
            case "prev": fprev = m.value
            default: break
            }
        }
        guard let vValue = fv else { throw EventError(tr("missing \"v\" (the format version, 1)")) }
        guard let v = vValue.intValue, v >= 1 else {
            throw EventError(tr("\"v\" must be the integer 1, not {actual}", ["actual": EventSchema.describe(vValue)]))
        }
        if v > Event.formatVersion {
            throw EventError(tr("written by a newer warroom (format v{version}); upgrade to read it", ["version": String(v)]))
        }
        guard let tsValue = fts else { throw EventError(tr("missing \"ts\" (an RFC 3339 time)")) }
        guard let tsText = tsValue.stringValue, let ts = RFC3339.parse(tsText) else {
            throw EventError(
                tr("\"ts\" must be an RFC 3339 time like 2026-11-22T08:15:02.120Z, not {actual}", ["actual": EventSchema.describe(tsValue)])
            )
        }
        guard let typeValue = ftype else { throw EventError(tr("missing \"type\"")) }
        guard let type = typeValue.stringValue, !type.isEmpty else {
            throw EventError(tr("\"type\" must be a non-empty string, not {actual}", ["actual": EventSchema.describe(typeValue)]))
        }
        guard let actorValue = factor else { throw EventError(tr("missing \"actor\" (who acted)")) }
        guard let actor = actorValue.stringValue, !EventSchema.isBlank(actor) else {
            throw EventError(tr("\"actor\" must be a non-empty string, not {actual}", ["actual": EventSchema.describe(actorValue)]))
        }
        var login: String?
        if let l = flogin, l != .null {
            guard let s = l.stringValue else {
                throw EventError(tr("{field} must be a string, not {actual}", ["field": "\"login\"", "actual": l.typeName]))
            }
            login = s
        }
        var id: String?
        if let i = fid, i != .null {
            guard let s = i.stringValue else {
                throw EventError(tr("{field} must be a string, not {actual}", ["field": "\"id\"", "actual": i.typeName]))
            }
            id = s
        }
        var seq: Int?
        if let q = fseq, q != .null {
            guard let n = q.intValue, n >= 1 else {
                throw EventError(
                    tr("\"seq\" must be a positive integer (the line number), not {actual}", ["actual": EventSchema.describe(q)]))
            }
            seq = n
        }
        var prev: String?
        if let p = fprev, p != .null {
            guard let h = p.stringValue, h.utf8.count == 64, h.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
                throw EventError(
                    tr("\"prev\" must be 64 lowercase hex digits (a SHA-256), not {actual}", ["actual": EventSchema.describe(p)]))
            }
            prev = h
        }
        let kind = EventType(rawValue: type)
        var incident: String?
        if let inc = fincident, inc != .null {
            guard let s = inc.stringValue else {
                throw EventError(tr("{field} must be a string, not {actual}", ["field": "\"incident\"", "actual": inc.typeName]))
            }
            do {
                try EventSchema.validateIncidentID(s)
            } catch {
                throw EventError(tr("\"incident\": {reason}", ["reason": error.reason]))
            }
            incident = s
        } else if let kind, kind.needsIncident {
            throw EventError(tr("missing \"incident\", required for {type}", ["type": type]))
        }
        var data = JSONObject()
        if let d = fdata, d != .null {
            guard case .object(let obj) = d else {
                throw EventError(tr("\"data\" must be an object, not {actual}", ["actual": d.typeName]))
            }
            data = obj
        }
        if let kind {
            try EventSchema.validate(type: kind, data: data)
        }
        return Event(
            v: v, ts: ts, type: type, kind: kind, actor: actor, login: login, incident: incident, id: id, seq: seq, prev: prev, data: data)
    }
}
