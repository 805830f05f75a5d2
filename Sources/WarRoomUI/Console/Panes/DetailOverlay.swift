import Foundation
import WarRoomCore

/// One timeline event in full (Enter): its sentence wrapped, who wrote it and when,
/// and its journal line.
struct DetailOverlay {
    var entry: TimelineEntry
    /// The event's sentence as the timeline shows it.
    var sentence: String
    var glyphs: Glyphs
    /// The console's zone: the full time names its offset, so it is never ambiguous
    /// beside the timeline's bare HH:MM:SS (UTC keeps the journal's Z).
    var timeZone: TimeZone = .current

    func draw(_ c: Canvas) {
        let w = min(c.width - 4, 90)
        var lines = DisplayWidth.wrap(Sanitizer.inline(sentence, ascii: c.asciiOnly), width: w - 4)
        lines.append("")
        let ts = ReportClock(timeZone: timeZone).format(entry.event.ts)
        let line = String(entry.line)
        if let login = entry.event.login, login != entry.event.actor {
            lines.append(
                tr(
                    "{time} by {actor} (login {login}), line {line}",
                    ["time": ts, "actor": entry.event.actor, "login": login, "line": line]))
        } else {
            lines.append(tr("{time} by {actor}, line {line}", ["time": ts, "actor": entry.event.actor, "line": line]))
        }
        lines.append(contentsOf: DisplayWidth.wrap(Sanitizer.inline(entry.event.jsonLine(), ascii: c.asciiOnly), width: w - 4))
        let h = min(c.height - 2, lines.count + 2)
        let r = Rect(x: (c.width - w) / 2, y: (c.height - h) / 2, width: w, height: h)
        c.overlayBox(r, title: entry.event.type, glyphs: glyphs)
        for (k, l) in lines.prefix(h - 2).enumerated() {
            c.put(r.x + 2, r.y + 1 + k, l, k == 0 ? Styles.text : Styles.textDim, width: w - 4)
        }
    }
}
