import Crypto
import Foundation

/// An HTTP request for a platform: the address (with DingTalk's signature in it) and the JSON body.
public struct NotifyRequest: Sendable, Equatable {
    public var url: String
    public var body: [UInt8]
}

/// What a platform's answer means.
public enum NotifyReply: Sendable, Equatable {
    /// Delivered; the text is what to record as the reply.
    case delivered(String)
    /// Not delivered, worth another try (after at least `after` seconds when the platform says).
    case retry(String, after: TimeInterval?)
    /// Not delivered and never will be as configured (a bad signature, a keyword, an IP allow-list).
    case permanent(String)
}

/// Each platform's body, signature and replies.
public enum NotifyPlatform {
    /// Feishu: `Base64(HMAC-SHA256(key: "timestamp\nsecret", message: empty))`, timestamp in seconds.
    public static func feishuSign(timestamp: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Data("\(timestamp)\n\(secret)".utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: Data(), using: key)).base64EncodedString()
    }

    /// DingTalk: `Base64(HMAC-SHA256(key: secret, message: "timestamp\nsecret"))`, timestamp in
    /// milliseconds; the caller URL-encodes it into the query.
    public static func dingtalkSign(timestamp: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: Data("\(timestamp)\n\(secret)".utf8), using: key)).base64EncodedString()
    }

    /// A generic webhook's signature header value: `sha256=` and the hex HMAC of the body.
    public static func webhookSignature(body: [UInt8], secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        return "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// `s` cut to at most `maxBytes` of UTF-8 at a character boundary, with "…" when cut.
    public static func cut(_ s: String, maxBytes: Int) -> String {
        if s.utf8.count <= maxBytes { return s }
        var out = ""
        var bytes = 0
        let room = maxBytes - 3  // "…" is three bytes
        for ch in s {
            let n = String(ch).utf8.count
            if bytes + n > room { break }
            out.append(ch)
            bytes += n
        }
        return out + "…"
    }

    /// The address with its secret parts hidden, for logs: scheme, host and port only.
    public static func masked(_ url: String) -> String {
        guard let u = URLComponents(string: url), let scheme = u.scheme, let host = u.host else { return "(address)" }
        return scheme + "://" + host + (u.port.map { ":\($0)" } ?? "") + "/…"
    }

    /// The text as sent on a platform: the message, then the @-mentions the platform reads in the text.
    public static func text(_ m: NotifyText, kind: ChannelKind, maxBytes: Int) -> String {
        var mentions = ""
        switch kind {
        case .feishu:
            let name = m.mentionNames.first ?? ""
            mentions = m.mention.feishu.map { "<at user_id=\"\($0)\">\(Sanitizer.inline(name))</at>" }.joined(separator: " ")
        case .dingtalk:
            // DingTalk mentions someone only when "@" and the number or id also appear in the text.
            mentions = (m.mention.mobiles + m.mention.dingtalk).map { "@" + $0 }.joined(separator: " ")
        case .wecom, .webhook, .command:
            break
        }
        let tail = mentions.isEmpty ? "" : "\n" + mentions
        return cut(m.text, maxBytes: maxBytes - tail.utf8.count) + tail
    }

    /// The request for a chat platform or a webhook.
    public static func request(
        _ c: NotifyChannel, message m: NotifyText, secret: String?, now: Date, messageID: String, incident: String?, severity: Severity?
    ) -> NotifyRequest {
        let url = c.url ?? ""
        let text = self.text(m, kind: c.kind, maxBytes: c.maxTextBytes)
        var body = JSONObject()
        var address = url
        switch c.kind {
        case .feishu:
            if let secret {
                let t = Int64(now.timeIntervalSince1970)
                body["timestamp"] = .string(String(t))
                body["sign"] = .string(feishuSign(timestamp: t, secret: secret))
            }
            body["msg_type"] = "text"
            body["content"] = .object(["text": .string(text)])
        case .dingtalk:
            body["msgtype"] = "text"
            body["text"] = .object(["content": .string(text)])
            body["at"] = .object([
                "atMobiles": .array(m.mention.mobiles.map { .string($0) }),
                "atUserIds": .array(m.mention.dingtalk.map { .string($0) }), "isAtAll": false,
            ])
            if let secret {
                let t = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
                let sign = dingtalkSign(timestamp: t, secret: secret)
                var allowed = CharacterSet.alphanumerics
                allowed.insert(charactersIn: "-._~")
                let encoded = sign.addingPercentEncoding(withAllowedCharacters: allowed) ?? sign
                address += (url.contains("?") ? "&" : "?") + "timestamp=\(t)&sign=\(encoded)"
            }
        case .wecom:
            body["msgtype"] = "text"
            body["text"] = .object([
                "content": .string(text), "mentioned_list": .array(m.mention.wecom.map { .string($0) }),
                "mentioned_mobile_list": .array(m.mention.mobiles.map { .string($0) }),
            ])
        case .webhook, .command:
            body = webhookBody(m, channel: c.name, messageID: messageID, incident: incident, severity: severity, text: text)
        }
        var bytes: [UInt8] = []
        JSONWriter.write(.object(body), into: &bytes)
        return NotifyRequest(url: address, body: bytes)
    }

    /// The generic webhook's JSON (documented in docs/notify.md).
    public static func webhookBody(
        _ m: NotifyText, channel: String, messageID: String, incident: String?, severity: Severity?, text: String
    ) -> JSONObject {
        var o: JSONObject = [
            "source": "warroom", "message": .string(messageID), "channel": .string(channel), "headline": .string(m.headline),
            "text": .string(text),
        ]
        if let incident { o["incident"] = .string(incident) }
        if let severity { o["severity"] = .number(Double(severity.rawValue)) }
        o["mentions"] = .object([
            "feishu": .array(m.mention.feishu.map { .string($0) }), "dingtalk": .array(m.mention.dingtalk.map { .string($0) }),
            "wecom": .array(m.mention.wecom.map { .string($0) }), "mobiles": .array(m.mention.mobiles.map { .string($0) }),
        ])
        return o
    }

    /// Reads a platform's answer to a request.
    public static func interpret(_ kind: ChannelKind, status: Int, body: [UInt8]) -> NotifyReply {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        let short = Sanitizer.inline(text)
        if status == 429 { return .retry(tr("rate limited (HTTP 429)"), after: 60) }
        if status >= 500 || status == 408 {
            return .retry(tr("HTTP {status}: {reply}", ["status": String(status), "reply": short]), after: nil)
        }
        if status < 200 || status >= 300 {
            return .permanent(tr("HTTP {status}: {reply}", ["status": String(status), "reply": short]))
        }
        let object = (try? JSONParser.parse(body))?.objectValue
        switch kind {
        case .feishu:
            guard let o = object, let code = (o["code"] ?? o["StatusCode"])?.intValue else {
                return .retry(tr("an answer that is not Feishu's: {reply}", ["reply": short]), after: nil)
            }
            let msg = Sanitizer.inline((o["msg"] ?? o["StatusMessage"])?.stringValue ?? "")
            switch code {
            case 0: return .delivered("code 0 " + msg)
            case 19021:
                return .permanent(tr("bad signature (Feishu 19021: {msg}); check the secret and the host's clock", ["msg": msg]))
            case 19022: return .permanent(tr("this host's address is not allowed (Feishu 19022: {msg})", ["msg": msg]))
            case 19024: return .permanent(tr("the message lacks the bot's keyword (Feishu 19024: {msg})", ["msg": msg]))
            case 9499, 11232: return .retry(tr("rate limited (Feishu {code}: {msg})", ["code": String(code), "msg": msg]), after: 60)
            default: return .retry(tr("Feishu {code}: {msg}", ["code": String(code), "msg": msg]), after: nil)
            }
        case .dingtalk, .wecom:
            guard let o = object, let code = o["errcode"]?.intValue else {
                return .retry(tr("an answer that is not the platform's: {reply}", ["reply": short]), after: nil)
            }
            let msg = Sanitizer.inline(o["errmsg"]?.stringValue ?? "")
            let name = kind == .dingtalk ? "DingTalk" : "WeCom"
            if code == 0 { return .delivered("errcode 0 " + msg) }
            if kind == .dingtalk && code == 130101 {
                return .retry(tr("sending too fast, throttled for 10 minutes (DingTalk 130101: {msg})", ["msg": msg]), after: 600)
            }
            if kind == .wecom && code == 45009 {
                return .retry(tr("rate limited (WeCom 45009: {msg})", ["msg": msg]), after: 60)
            }
            if code == -1 {
                return .retry(tr("{platform} is busy ({code}: {msg})", ["platform": name, "code": String(code), "msg": msg]), after: nil)
            }
            return .permanent(tr("{platform} refused it ({code}: {msg})", ["platform": name, "code": String(code), "msg": msg]))
        case .webhook, .command:
            return .delivered("HTTP \(status)")
        }
    }
}
