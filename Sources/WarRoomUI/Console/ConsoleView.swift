import Foundation
import WarRoomCore

/// Draws the whole console for a model onto any Canvas: lays the screen out for its
/// size, then has each pane (Panes/) draw its part. Pure drawing: the same model,
/// size and clock give the same frame on either backend.
public struct ConsoleView {
    public var model: ConsoleModel
    public var now: Date
    public var glyphs: Glyphs
    /// The wall clock, even in replay: footer messages fade on it.
    var wallClock: Date

    public init(model: ConsoleModel, now: Date, glyphs: Glyphs) {
        self.model = model
        // In replay the clocks read as of the moment replayed.
        self.now = model.replay.map { $0.time ?? now } ?? now
        wallClock = now
        self.glyphs = glyphs
    }

    /// How long until a clock on screen would read differently: a duration
    /// shown as "4m 12s" changes every second, "3h 05m" every minute,
    /// "2d 04h" every hour. The console redraws on the clock only then, so an
    /// idle console on an old incident stays asleep.
    public func clockRefreshInterval() -> TimeInterval {
        clockRefreshInterval(kpis: model.kpis(now: now))
    }

    func clockRefreshInterval(kpis: IncidentKPIs?) -> TimeInterval {
        /// Time until a duration shown now next reads differently.
        func step(_ seconds: TimeInterval) -> TimeInterval {
            let unit: TimeInterval = seconds < 3600 ? 1 : (seconds < 86400 ? 60 : 3600)
            return max(0.2, unit - seconds.truncatingRemainder(dividingBy: unit))
        }
        // A footer message fades on time even when nothing else on screen changes.
        var fade = model.message?.fadesIn(at: wallClock).map { max(0.2, $0) } ?? 3600
        // The alerts list shows each alert's age, with or without an incident.
        if case .signals = model.interaction { fade = min(fade, 1) }
        // A follow-up of this console's person going overdue brings the line under the header.
        if let me = model.me {
            for f in model.state.orderedFollowUps where f.isOpen && f.owner == me {
                if let due = f.due, due > now { fade = min(fade, max(1, due.timeIntervalSince(now))) }
            }
        }
        guard let inc = model.incident else { return fade }
        if let run = model.drill, !run.isEnded, !run.isPaused { return min(1, fade) }
        var interval: TimeInterval = fade
        let scale = model.state.timescale(for: inc.id)
        if !inc.isClosed { interval = min(interval, step(scale.elapsed(from: inc.declaredAt, to: now))) }
        if let k = kpis {
            for m in k.measures where m.running { interval = min(interval, step(m.seconds ?? 0)) }
            for e in k.checklist where !e.isDone {
                guard let due = e.dueAt else { continue }
                interval = min(interval, due > now ? max(1, due.timeIntervalSince(now)) : step(now.timeIntervalSince(due)))
            }
        }
        for m in inc.roster { if let t = model.state.lastAction(of: m.id) { interval = min(interval, step(now.timeIntervalSince(t))) } }
        return interval
    }

    /// Where the terminal cursor should be (inside an open prompt), if anywhere.
    @discardableResult
    public func draw(on c: Canvas) -> (x: Int, y: Int)? {
        drawFrame(on: c).cursor
    }

    /// What a drawn frame tells the terminal loop.
    public struct Frame {
        /// Where the terminal cursor should be (inside an open prompt), if anywhere.
        public var cursor: (x: Int, y: Int)?
        /// Rows the timeline pane showed, so scrolling stops at a full first page.
        public var timelineRows: Int
        /// Seconds until a clock on screen would read differently.
        public var clockRefresh: TimeInterval
    }

    /// Draws the frame, computing the KPIs once for the panes and the clock.
    public func drawFrame(on c: Canvas) -> Frame {
        let kpis = model.kpis(now: now)
        let refresh = clockRefreshInterval(kpis: kpis)
        let suggestion = kpis?.suggestions.first
        let readOnly = model.readOnlyReason != nil
        let alerts = SignalList.anyAwaiting(model.state)
        // The alerts' row says, when no alert awaits, that this console's person has follow-ups overdue.
        let overdue = model.followUpsOverdueMine
        // Else, that drafts wait for this console's person's approval.
        let waiting = model.statementsAwaitingMe
        guard
            let layout = Layout.make(
                width: c.width, height: c.height, banner: suggestion != nil || readOnly || model.replay != nil,
                alerts: alerts || !overdue.isEmpty || !waiting.isEmpty)
        else {
            c.fill(Rect(x: 0, y: 0, width: c.width, height: c.height), Styles.text)
            let size = "\(Layout.minWidth)\(c.asciiOnly ? "x" : "×")\(Layout.minHeight)"
            let msg = tr("terminal too small (need {size})", ["size": size])
            c.put(0, 0, msg, Styles.text, width: c.width)
            return Frame(cursor: nil, timelineRows: 1, clockRefresh: refresh)
        }
        c.fill(Rect(x: 0, y: 0, width: c.width, height: c.height), Styles.text)
        HeaderBar(model: model, now: now, glyphs: glyphs).draw(c, layout.header)
        if let b = layout.banner { drawBanner(c, b, suggestion: suggestion) }
        if let a = layout.alerts {
            let (w, ascii) = (a.width, c.asciiOnly)
            let line =
                alerts
                ? SignalList.banner(model.state, width: w, ascii: ascii)
                : overdue.isEmpty ? StatementsOverlay.banner(waiting, ascii: ascii) : FollowUpList.banner(overdue, width: w, ascii: ascii)
            c.put(a.x, a.y, line, Styles.bannerSuggestion, width: a.width, pad: true)
        }
        TimelinePane(model: model, glyphs: glyphs, clock: clock).draw(c, layout.timeline, narrow: layout.timeline.width < c.width)
        RosterPane(model: model, now: now, glyphs: glyphs).draw(c, layout.roster)
        ChecklistPane(model: model, now: now, glyphs: glyphs, clock: clock).draw(c, layout.checklist, kpis)
        KPIPane(model: model, glyphs: glyphs).draw(c, layout.kpis, kpis)
        let cursor = FooterBar(model: model, wallClock: wallClock).draw(c, layout)
        drawOverlay(c, layout)
        return Frame(cursor: cursor, timelineRows: layout.timeline.inner.height, clockRefresh: refresh)
    }

    /// Dates in the console's time zone.
    var clock: LocalClock { LocalClock(timeZone: model.timeZone) }

    /// The line under the header: replay, read-only, or a suggested severity raise, in that order.
    func drawBanner(_ c: Canvas, _ b: Rect, suggestion: Suggestion?) {
        if let r = model.replay {
            let when = r.time.map { "\(clock.date($0)) \(clock.time($0))" } ?? tr("before the first event")
            let text =
                " "
                + tr(
                    "REPLAY {when} · event {position}/{count} · ←→ step · [ ] 5 min · { } phase · Home End · Esc live",
                    ["when": when, "position": String(r.position), "count": String(r.index.count)]) + " "
            c.put(b.x, b.y, text, Styles.bannerReplay, width: b.width, pad: true)
        } else if let reason = model.readOnlyReason {
            c.put(b.x, b.y, " " + tr("READ-ONLY: {reason}", ["reason": reason]) + " ", Styles.bannerReadOnly, width: b.width, pad: true)
        } else if let s = suggestion {
            let head = " \(glyphs.dot == "●" ? "⚠" : "!") \(s.sentence)"
            let tail = " — " + tr("press s to raise") + " "
            var text = head
            // The plan's own words for the rule beside the figures (docs/playbooks.md): whole where
            // they fit, cut where a useful part fits, left out rather than squeezed to a few letters.
            if let source = triggerSource(s) {
                let quoted = tr(" (plan: {source})", ["source": Sanitizer.inline(source, ascii: c.asciiOnly)])
                let room = b.width - DisplayWidth.of(head) - DisplayWidth.of(tail)
                if DisplayWidth.of(quoted) <= room {
                    text += quoted
                } else if room >= Self.leastSourceRoom {
                    text += DisplayWidth.truncate(quoted, to: room, ellipsis: c.asciiOnly ? "..." : "…")
                }
            }
            c.put(b.x, b.y, text + tail, Styles.bannerSuggestion, width: b.width, pad: true)
        }
    }

    /// Columns the banner leaves for the rule's source before it shows part of it.
    static let leastSourceRoom = 16

    /// What the plan says of the rule behind a suggestion: `source_zh` in Chinese, `source` otherwise.
    func triggerSource(_ s: Suggestion) -> String? {
        guard let inc = model.incident else { return s.source }
        let rule = model.catalog.policy(for: inc).triggers.first {
            $0.counter == s.counter && $0.suggests == s.severity && $0.above == s.threshold
        }
        guard let english = rule?.source ?? s.source else { return nil }
        return planText(english, zh: rule?.sourceZh)
    }

    /// The overlay of what is open: help, a picker above the footer, or an event in full.
    func drawOverlay(_ c: Canvas, _ l: Layout) {
        switch model.interaction {
        case .help:
            HelpOverlay(lines: Keymap.helpLines(for: model), glyphs: glyphs).draw(c)
        case .picker(let p):
            PickerOverlay(picker: p, glyphs: glyphs).draw(c, above: l.hints.y)
        case .detail(let line):
            if let entry = model.incident?.timeline.first(where: { $0.line == line }) {
                DetailOverlay(entry: entry, sentence: model.sentence(entry), glyphs: glyphs, timeZone: model.timeZone).draw(c)
            }
        case .signals:
            SignalsOverlay(model: model, now: now, glyphs: glyphs).draw(c, above: l.hints.y)
        case .followUps:
            FollowUpsOverlay(model: model, now: now, glyphs: glyphs).draw(c, above: l.hints.y)
        case .expectations:
            ExpectationsOverlay(model: model, glyphs: glyphs).draw(c, above: l.hints.y)
        case .statements:
            StatementsOverlay(model: model, glyphs: glyphs).draw(c, above: l.hints.y)
        case .prompt, .none:
            break
        }
    }
}
