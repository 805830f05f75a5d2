import WarRoomCore

/// Where a communication to an audience usually goes, for the comms prompt's
/// channel picker: the channels this incident already used for that audience
/// (most recent first), then common ones. Any other text is taken as typed.
public enum ChannelSuggestions {
    public static func common(for audience: Audience) -> [String] {
        switch audience {
        // In the interface language: what is picked is written to the journal as typed.
        case .internal:
            return [tr("war-room IM group", context: "channel"), tr("email", context: "channel"), tr("all-hands call", context: "channel")]
        case .external:
            return [
                tr("official site", context: "channel"), tr("in-app notice", context: "channel"), tr("weibo", context: "channel"),
                tr("email to affected users", context: "channel"), tr("press statement", context: "channel"),
            ]
        case .management: return [tr("email", context: "channel"), tr("phone", context: "channel"), tr("briefing", context: "channel")]
        case .regulator:
            return [tr("formal letter", context: "channel"), tr("regulator portal", context: "channel"), tr("email", context: "channel")]
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
            [PickerOption(label: tr("(no channel)"), value: "", detail: tr("Enter skips"))]
            + channels(for: audience, in: incident).map { PickerOption(label: $0, value: $0) }
        var p = Picker(
            title: tr("to {audience}: via which channel? (pick or type)", ["audience": ConsoleWords.audience(audience)]), options: options,
            purpose: .channel(audience))
        p.allowsFreeText = true
        return p
    }
}
