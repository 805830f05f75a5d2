import Foundation
import WarRoomCore

/// The timeline: one row per event (time, actor, sentence), the selection when
/// scrolled up, and a line saying how to follow again.
struct TimelinePane {
    var model: ConsoleModel
    var glyphs: Glyphs
    var clock: LocalClock

    /// - Parameter narrow: the pane is narrower than the screen, so following jumps (see `JumpScroll`).
    func draw(_ c: Canvas, _ r: Rect, narrow: Bool) {
        let title = model.filter.map { tr("Timeline [filter: {filter}]", ["filter": $0]) } ?? Pane.timeline.title
        c.box(r, title: title, focused: model.focus == .timeline, glyphs: glyphs)
        let inner = r.inner
        guard inner.height > 0, inner.width > 0 else { return }
        guard model.incident != nil else {
            let lines = [
                tr("No active incident."),
                model.state.incidents.isEmpty ? tr("Press D to declare one.") : tr("Press D to declare one, or i to open an earlier one."),
                tr("Following {path} for new events.", ["path": model.journalPath]),
            ]
            for (k, l) in lines.enumerated() where k < inner.height {
                c.put(inner.x + 1, inner.y + k, l, k == 0 ? Styles.text : Styles.textDim, width: inner.width - 1)
            }
            return
        }
        let entries = model.timelineEntries
        var rows = inner.height
        let showNew = model.timelineScroll > 0
        if showNew { rows -= 1 }
        let window = JumpScroll.window(count: entries.count, rows: rows, scroll: model.timelineScroll, narrow: narrow)
        let timeW = 8
        let actorW = min(16, max(6, inner.width / 6))
        let selected = model.focus == .timeline ? model.timelineSelection : nil
        for (k, entry) in entries[window].enumerated() {
            let y = inner.y + k
            var x = inner.x
            // The row Enter opens is drawn as the selection, across the pane.
            let isSelected = window.lowerBound + k == selected
            if isSelected { c.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), Styles.selection) }
            x += c.put(x, y, clock.time(entry.event.ts), isSelected ? Styles.selection : Styles.textTime, width: timeW)
            x += 1
            // The login, where it differs from the actor, is in the event's detail (Enter), not on every row.
            let actor = DisplayWidth.pad(Sanitizer.inline(entry.event.actor, ascii: c.asciiOnly), to: actorW)
            c.put(x, y, actor, isSelected ? Styles.selection : Styles.textActor, width: actorW)
            x += actorW + 1
            c.put(x, y, model.sentence(entry), isSelected ? Styles.selection : Self.style(entry.event), width: inner.maxX - x)
        }
        if entries.isEmpty && inner.height > 0 {
            c.put(inner.x + 1, inner.y, tr("No events match the filter (Esc clears it)."), Styles.textDim, width: inner.width - 1)
        }
        if showNew {
            let label =
                model.newBelow > 0
                ? " " + tr("{n} new below — End to follow", ["n": String(model.newBelow)]) + " "
                : " " + tr("scrolled up {n} — End to follow", ["n": String(model.timelineScroll)]) + " "
            c.put(inner.x, inner.maxY - 1, label, Styles.bannerReplay, width: inner.width, pad: true)
        }
    }

    /// The colour of an event's sentence: notes by their kind, severity and comms by theirs.
    static func style(_ e: Event) -> StyleName {
        switch e.payload {
        case .unknown: return Styles.timeline("unknown")
        case .note(let p): return Styles.timeline(p.kind ?? "observation")
        case .commsPublished: return Styles.timeline("comms")
        case .incidentSeverity, .incidentDeclared: return Styles.timeline("severity")
        default: return Styles.timeline("system")
        }
    }
}
