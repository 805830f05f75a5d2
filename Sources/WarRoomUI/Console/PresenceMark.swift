import WarRoomCore

/// Presence as the roster draws it: a symbol and a word, the word shortened where the pane is narrow.
public enum PresenceMark {
    public static func symbol(_ p: Presence, ascii: Bool) -> String {
        switch p {
        case .engaged: return ascii ? "*" : "●"
        case .available: return ascii ? "+" : "◉"
        case .away: return ascii ? "~" : "◐"
        case .offline: return ascii ? "-" : "○"
        }
    }

    public static func word(_ p: Presence, narrow: Bool) -> String {
        guard narrow else { return ConsoleWords.presence(p) }
        switch p {
        case .engaged: return tr("eng", context: "presence, narrow")
        case .available: return tr("avail", context: "presence, narrow")
        case .away: return tr("away", context: "presence, narrow")
        case .offline: return tr("off", context: "presence, narrow")
        }
    }
}
