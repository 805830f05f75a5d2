import Foundation
import WarRoomCore

/// The header line: the incident (id, severity, phase, drill state, clock, title)
/// on the left; on the right what the record's chain says and the one indicator
/// of what the timeline shows (following, scrolled, replay). When the line is
/// short, the parts a commander needs least give way first, so the title keeps
/// its room and a drill's PAUSED is never cut.
struct HeaderBar {
    var model: ConsoleModel
    var now: Date
    var glyphs: Glyphs

    /// Room the title gets before anything else is shown beside it.
    static let titleRoom = 24
    /// Below this the clock gives way to the title too (a tampered record's alarm takes the room).
    static let titleRoomLeast = 12

    private struct Segment {
        var text: String
        var style: StyleName
    }

    func draw(_ c: Canvas, _ r: Rect) {
        c.fill(r, Styles.header)
        let indicator = FollowIndicator.label(model, glyphs: glyphs)
        let record = RecordWords.words(model.chain)
        guard let inc = model.incident else {
            var x = r.x
            for s in [
                Segment(text: " warroom ", style: Styles.headerTitle),
                Segment(text: " " + tr("no active incident") + " ", style: Styles.header),
            ] {
                x += c.put(x, r.y, s.text, s.style, width: max(0, r.maxX - x))
            }
            var right = [indicator]
            if let record { right.insert((record.text, record.style), at: 0) }
            drawRight(c, r, right)
            return
        }
        let title = " " + inc.title
        let titleW = DisplayWidth.of(Sanitizer.inline(title, ascii: c.asciiOnly))
        // Compaction levels, fullest first: 0 everything; 1 without a sound record's words, a
        // tampered one shorter; 2 the clock without its word; 3 a drill's clock without its speed;
        // 4 no clock outside a drill (a drill's T+ clock and PAUSED always stay).
        var chosen: (left: [Segment], right: [(String, StyleName)])?
        for level in 0...4 {
            let left = leftSegments(inc, level: level)
            var right = [indicator]
            if let record, level == 0 {
                right.insert((record.text, record.style), at: 0)
            } else if let record, record.tampered {
                right.insert((record.short, record.style), at: 0)
            }
            let room = r.width - left.reduce(0) { $0 + DisplayWidth.of($1.text) } - rightWidth(right) - 1
            let candidate = (left, right)
            if room >= titleW && level <= 3 { chosen = candidate; break }
            if chosen == nil && room >= min(titleW, Self.titleRoom) { chosen = candidate }
            if level == 3 && chosen == nil && room >= min(titleW, Self.titleRoomLeast) { chosen = candidate }
            if level == 4 && chosen == nil { chosen = candidate }
        }
        guard let chosen else { return }
        let rightW = rightWidth(chosen.right)
        let limit = r.maxX - rightW - 1
        var x = r.x
        for (k, s) in chosen.left.enumerated() {
            // A part is shown whole or not at all ("1h 2…" would misread); the id is always shown.
            let w = DisplayWidth.of(s.text)
            if k > 0 && x + w > limit { break }
            x += c.put(x, r.y, s.text, s.style, width: limit - x)
        }
        if x < limit { c.put(x, r.y, title, Styles.headerTitle, width: limit - x) }
        drawRight(c, r, chosen.right)
    }

    private func leftSegments(_ inc: Incident, level: Int) -> [Segment] {
        var out = [
            Segment(text: " \(inc.id) ", style: Styles.headerTitle),
            Segment(text: " \(inc.severity.displayLabel) ", style: Styles.severity(inc.severity.rawValue)),
            Segment(text: " ", style: Styles.header),
            Segment(text: " \(ConsoleWords.phase(inc.phase)) ", style: Styles.phase),
        ]
        if inc.drill {
            out.append(Segment(text: " ", style: Styles.header))
            out.append(Segment(text: " " + tr("DRILL") + " ", style: Styles.headerDrill))
        }
        if let run = model.drill {
            let t = Int(run.timescale.scenarioTime(at: now))
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            var clock = " T+\(t / 3600 > 0 ? "\(t / 3600):" : "")\(two(t % 3600 / 60)):\(two(t % 60))"
            if level < 3 { clock += " ×\(EventSentence.formatNumber(run.speed))" }
            clock += run.isEnded ? " " + tr("ended", context: "drill") + " " : (run.isPaused ? " " + DrillRun.pausedBanner + " " : " ")
            out.append(Segment(text: clock, style: Styles.header))
        } else if level < 4 {
            let scale = model.state.timescale(for: inc.id)
            let end = inc.isClosed ? (inc.phaseHistory.last?.at ?? now) : now
            let duration = DurationText.format(max(0, scale.elapsed(from: inc.declaredAt, to: end)))
            let text =
                level >= 2
                ? duration
                : (inc.isClosed ? tr("closed after {duration}", ["duration": duration]) : tr("elapsed {duration}", ["duration": duration]))
            out.append(Segment(text: " \(text) ", style: Styles.header))
        }
        return out
    }

    private func rightWidth(_ parts: [(String, StyleName)]) -> Int {
        parts.reduce(0) { $0 + DisplayWidth.of($1.0) } + (parts.count - 1) * 3 + 1
    }

    private func drawRight(_ c: Canvas, _ r: Rect, _ parts: [(String, StyleName)]) {
        var x = r.maxX - rightWidth(parts)
        for (k, part) in parts.enumerated() {
            if k > 0 { x += c.put(x, r.y, " · ", Styles.header) }
            x += c.put(x, r.y, part.0, part.1, width: max(0, r.maxX - x))
        }
    }
}
