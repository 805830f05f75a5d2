import Foundation

/// How a member can be @-mentioned, read from the member's `contact` (member.joined).
///
/// The syntax: words separated by spaces, commas or semicolons; the ones that start with a
/// known prefix are used, the rest (an e-mail address, a note) are ignored:
/// `feishu:ou_xxx` (a Feishu open_id or user_id), `dingtalk:USERID`, `wecom:USERID`,
/// `mobile:13800000000` (DingTalk and WeCom mention by mobile number too).
public struct NotifyContact: Sendable, Equatable {
    public var feishu: [String] = []
    public var dingtalk: [String] = []
    public var wecom: [String] = []
    public var mobiles: [String] = []

    public init() {}

    public init(_ text: String?) {
        guard let text else { return }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "\t" || $0 == "，" || $0 == "；" })
        for w in words {
            guard let colon = w.firstIndex(of: ":") else { continue }
            let key = w[..<colon].lowercased()
            let value = String(w[w.index(after: colon)...])
            // Ids go into JSON and Feishu's <at> markup: only plain id characters are taken.
            guard !value.isEmpty, value.count <= 64, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.+".contains($0)) })
            else { continue }
            switch key {
            case "feishu", "lark": feishu.append(value)
            case "dingtalk": dingtalk.append(value)
            case "wecom": wecom.append(value)
            case "mobile", "tel": mobiles.append(value)
            default: continue
            }
        }
    }

    public var isEmpty: Bool { feishu.isEmpty && dingtalk.isEmpty && wecom.isEmpty && mobiles.isEmpty }

    public mutating func merge(_ other: NotifyContact) {
        feishu += other.feishu.filter { !feishu.contains($0) }
        dingtalk += other.dingtalk.filter { !dingtalk.contains($0) }
        wecom += other.wecom.filter { !wecom.contains($0) }
        mobiles += other.mobiles.filter { !mobiles.contains($0) }
    }
}
