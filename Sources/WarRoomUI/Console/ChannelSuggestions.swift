import WarRoomCore

/// Where a communication to an audience usually goes, for the comms prompt's
/// channel picker: the channels this incident already used for that audience
/// (most recent first), then common ones. Any other text is taken as typed.
public enum ChannelSuggestions {
    public static func common(for audience: Audience) -> [String] {
        switch audience {
        case .internal: return ["war-room IM group", "email", "all-hands call"]
        case .external: return ["official site", "in-app notice", "weibo", "email to affected users", "press statement"]
        case .management: return ["email", "phone", "briefing"]
        case .regulator: return ["formal letter", "regulator portal", "email"]
        }
    }

    public static func channels(for audience: Audience, in incident: Incident?) -> [String] {
        var out: [String] = []
        for c in (incident?.comms ?? []).reversed() where c.audience == audience {
            if let ch = c.channel, !ch.isEmpty, !out.contains(ch) { out.append(ch) }
        }
        for ch in common(for: audience) where !out.contains(ch) { out.append(ch) }
        return out
    }

    /// The picker: "no channel" first (Enter skips), then the suggestions; free text allowed.
    public static func picker(for audience: Audience, in incident: Incident?) -> Picker {
        let options =
            [PickerOption(label: "(no channel)", value: "", detail: "Enter skips")]
            + channels(for: audience, in: incident).map { PickerOption(label: $0, value: $0) }
        var p = Picker(title: "to \(audience.rawValue): via which channel? (pick or type)", options: options, purpose: .channel(audience))
        p.allowsFreeText = true
        return p
    }
}
