import Foundation
import WarRoomCore

/// Draws the whole console for a model onto any Canvas. Pure drawing: the
/// same model, size and clock give the same frame on either backend.
public struct ConsoleView {
    public var model: ConsoleModel
    public var now: Date
    public var glyphs: Glyphs

    public init(model: ConsoleModel, now: Date, glyphs: Glyphs) {
        self.model = model
        // In replay the clocks read as of the moment replayed.
        self.now = model.replay.map { $0.time ?? now } ?? now
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
        guard let inc = model.incident else { return 3600 }
        if let run = model.drill, !run.isEnded, !run.isPaused { return 1 }
        var interval: TimeInterval = 3600
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
        guard let layout = Layout.make(width: c.width, height: c.height, banner: suggestion != nil || readOnly || model.replay != nil) else {
            c.fill(Rect(x: 0, y: 0, width: c.width, height: c.height), Styles.text)
            let msg = "terminal too small (need \(Layout.minWidth)\(c.asciiOnly ? "x" : "×")\(Layout.minHeight))"
            c.put(0, 0, msg, Styles.text, width: c.width)
            return Frame(cursor: nil, timelineRows: 1, clockRefresh: refresh)
        }
        c.fill(Rect(x: 0, y: 0, width: c.width, height: c.height), Styles.text)
        drawHeader(c, layout.header)
        if let b = layout.banner {
            if let r = model.replay {
                let when = r.time.map { "\(localDate($0)) \(localTime($0))" } ?? "before the first event"
                c.put(b.x, b.y, " REPLAY \(when) · event \(r.position)/\(r.index.count) · ←→ step · [ ] 5 min · { } phase · Home End · Esc live ", Styles.bannerReplay, width: b.width, pad: true)
            } else if readOnly {
                c.put(b.x, b.y, " READ-ONLY: \(model.readOnlyReason ?? "") ", Styles.bannerReadOnly, width: b.width, pad: true)
            } else if let s = suggestion {
                c.put(b.x, b.y, " \(glyphs.dot == "●" ? "⚠" : "!") \(s.sentence) — press s to raise ", Styles.bannerSuggestion, width: b.width, pad: true)
            }
        }
        drawTimeline(c, layout.timeline)
        drawRoster(c, layout.roster)
        drawChecklist(c, layout.checklist, kpis)
        drawKPIs(c, layout.kpis, kpis)
        let cursor = drawFooter(c, layout)
        drawOverlay(c, layout)
        return Frame(cursor: cursor, timelineRows: layout.timeline.inner.height, clockRefresh: refresh)
    }

    // MARK: Header

    func drawHeader(_ c: Canvas, _ r: Rect) {
        c.fill(r, Styles.header)
        var x = r.x
        var limit = r.maxX
        func seg(_ text: String, _ style: StyleName) {
            guard x < limit else { return }
            x += c.put(x, r.y, text, style, width: limit - x)
        }
        var right = liveLabel()
        if let chain = model.chain {
            if chain.isBroken {
                right = ("\(glyphs.dot) \(chain.summary)", Styles.footerError)
            } else if chain.verified > 0 {
                right.0 = (chain.unchained > 0 ? "chain+unchained · " : "chain ok · ") + right.0
            }
        }
        let rightW = DisplayWidth.of(right.0) + 1
        limit = r.maxX - rightW - 1
        if let inc = model.incident {
            seg(" \(inc.id) ", Styles.headerTitle)
            seg(" \(inc.severity.label) ", Styles.severity(inc.severity.rawValue))
            seg(" ", Styles.header)
            seg(" \(inc.phase.rawValue) ", Styles.phase)
            if inc.drill {
                seg(" ", Styles.header)
                seg(" DRILL ", Styles.headerDrill)
            }
            let scale = model.state.timescale(for: inc.id)
            let end = inc.isClosed ? (inc.phaseHistory.last?.at ?? now) : now
            var elapsed = " \(inc.isClosed ? "closed after" : "elapsed") \(DurationText.format(max(0, scale.elapsed(from: inc.declaredAt, to: end)))) "
            if let run = model.drill {
                let t = Int(run.timescale.scenarioTime(at: now))
                elapsed = " T+\(t / 3600 > 0 ? "\(t / 3600):" : "")\(t % 3600 / 60 < 10 ? "0" : "")\(t % 3600 / 60):\(t % 60 < 10 ? "0" : "")\(t % 60) ×\(EventSentence.formatNumber(run.speed))"
                elapsed += run.isEnded ? " ended " : (run.isPaused ? " PAUSED " : " ")
            }
            seg(elapsed, Styles.header)
            if x < limit { x += c.put(x, r.y, " " + inc.title, Styles.headerTitle, width: limit - x) }
        } else {
            seg(" warroom ", Styles.headerTitle)
            seg(" no active incident ", Styles.header)
        }
        c.put(r.maxX - rightW, r.y, right.0, right.1, width: rightW)
    }

    func liveLabel() -> (String, StyleName) {
        switch model.live {
        case .following: return ("\(glyphs.dot) following", Styles.liveFollowing)
        case .lagging: return ("\(glyphs.dot) lagging", Styles.liveLagging)
        case .readOnly: return ("\(glyphs.dot) read-only", Styles.liveReadOnly)
        }
    }

    // MARK: Timeline

    func drawTimeline(_ c: Canvas, _ r: Rect) {
        let title = model.filter.map { "Timeline [filter: \($0)]" } ?? "Timeline"
        c.box(r, title: title, focused: model.focus == .timeline, glyphs: glyphs)
        let inner = r.inner
        guard inner.height > 0, inner.width > 0 else { return }
        guard model.incident != nil else {
            let lines = [
                "No active incident.",
                "Press D to declare one" + (model.state.incidents.isEmpty ? "." : ", or i to open an earlier one."),
                "Following \(model.journalPath) for new events.",
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
        // Never scroll past a full first page.
        let end = max(min(entries.count, rows), entries.count - model.timelineScroll)
        var start = max(0, end - rows)
        if !showNew && r.width < c.width && entries.count > rows {
            // Jump scroll. A terminal scrolls only whole lines, so in a pane narrower than the
            // screen a new event moving every line up one would rewrite every row over the wire.
            // Following here moves by two thirds of a page at a time instead: between jumps a new
            // event fills the next empty row, and at least a third of the page before stays shown.
            let jump = max(1, rows * 2 / 3)
            start = (entries.count - rows + jump - 1) / jump * jump
        }
        let timeW = 8
        let actorW = min(16, max(6, inner.width / 6))
        for (k, entry) in entries[start..<end].enumerated() {
            let y = inner.y + k
            var x = inner.x
            x += c.put(x, y, localTime(entry.event.ts), Styles.textTime, width: timeW)
            x += 1
            var actor = entry.event.actor
            if let login = entry.event.login, login != actor { actor += "[\(login)]" }
            c.put(x, y, DisplayWidth.pad(Sanitizer.inline(actor, ascii: c.asciiOnly), to: actorW), Styles.textActor, width: actorW)
            x += actorW + 1
            c.put(x, y, model.sentence(entry), timelineStyle(entry.event), width: inner.maxX - x)
        }
        if entries.isEmpty && inner.height > 0 {
            c.put(inner.x + 1, inner.y, "No events match the filter (Esc clears it).", Styles.textDim, width: inner.width - 1)
        }
        if showNew {
            let label = model.newBelow > 0
                ? " \(model.newBelow) new below — End to follow "
                : " scrolled up \(model.timelineScroll) — End to follow "
            c.put(inner.x, inner.maxY - 1, label, Styles.bannerReplay, width: inner.width, pad: true)
        }
    }

    func timelineStyle(_ e: Event) -> StyleName {
        guard let kind = e.kind else { return Styles.timeline("unknown") }
        switch kind {
        case .note: return Styles.timeline(e.string("kind") ?? "observation")
        case .commsPublished: return Styles.timeline("comms")
        case .incidentSeverity, .incidentDeclared: return Styles.timeline("severity")
        default: return Styles.timeline("system")
        }
    }

    func localTime(_ d: Date) -> String {
        let t = Int(d.timeIntervalSince1970.rounded(.down)) + model.timeZone.secondsFromGMT(for: d)
        let s = ((t % 86400) + 86400) % 86400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(s / 3600)):\(two(s % 3600 / 60)):\(two(s % 60))"
    }

    func localDate(_ d: Date) -> String {
        let t = Int(d.timeIntervalSince1970.rounded(.down)) + model.timeZone.secondsFromGMT(for: d)
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        return String(RFC3339.format(Date(timeIntervalSince1970: Double(days * 86400))).prefix(10))
    }

    func ago(_ d: Date?) -> String {
        guard let d else { return "—" }
        return DurationText.format(max(0, now.timeIntervalSince(d)))
    }

    // MARK: Roster

    func drawRoster(_ c: Canvas, _ r: Rect) {
        c.box(r, title: "Roster", focused: model.focus == .roster, glyphs: glyphs)
        let inner = r.inner
        guard let inc = model.incident, inner.height > 0 else { return }
        var rows: [(String, StyleName, String, StyleName)] = []
        let required = model.playbook?.requiredRoles(at: inc.severity) ?? []
        var roles = required
        for role in inc.roles.keys.sorted() where !roles.contains(role) { roles.append(role) }
        rows.append(("Roles", Styles.checklistPhase, "", Styles.text))
        for role in roles {
            if let holder = inc.roles[role] {
                rows.append((" " + role, Styles.rosterRole, holder, Styles.text))
            } else {
                rows.append((" " + role, Styles.rosterRole, inner.width >= 34 ? "— unfilled" : "—", Styles.rosterUnfilled))
            }
        }
        if roles.isEmpty { rows.append((" none assigned yet", Styles.textDim, "", Styles.text)) }
        let members = inc.roster
        rows.append(("Members", Styles.checklistPhase, "", Styles.text))
        if members.isEmpty {
            var seen: [String] = []
            for e in inc.timeline where !seen.contains(e.event.actor) { seen.append(e.event.actor) }
            for a in seen { rows.append((" \(glyphs.dot) " + a, Styles.textActor, ago(model.state.lastAction(of: a)), Styles.textDim)) }
        }
        for m in members {
            let p = model.state.presence(of: m.id)
            let seen = ago(model.state.lastAction(of: m.id))
            rows.append((" \(glyphs.dot) " + m.id, Styles.presence(p.rawValue), p == .available ? seen : "\(p.rawValue) \(seen)", Styles.textDim))
        }
        let longest = rows.filter { !$0.2.isEmpty }.map { DisplayWidth.of($0.0) }.max() ?? 8
        let keyW = max(6, min(longest + 1, inner.width - 8, 20))
        let start = min(model.rosterScroll, max(0, rows.count - inner.height))
        for (k, row) in rows.dropFirst(start).prefix(inner.height).enumerated() {
            let y = inner.y + k
            c.put(inner.x, y, row.0, row.1, width: row.2.isEmpty ? inner.width : keyW)
            if !row.2.isEmpty { c.put(inner.x + keyW + 1, y, row.2, row.3, width: inner.width - keyW - 1) }
        }
    }

    // MARK: Checklist

    func drawChecklist(_ c: Canvas, _ r: Rect, _ k: IncidentKPIs?) {
        c.box(r, title: "Checklist", focused: model.focus == .checklist, glyphs: glyphs)
        let inner = r.inner
        guard let k, inner.height > 0 else { return }
        enum Row {
            case progress(String, ChecklistProgress)
            case item(ChecklistEntry, Int)
        }
        var rows: [Row] = [.progress("Overall", k.progress)]
        var selectedRow = 0
        var index = 0
        for pp in k.progressByPhase {
            rows.append(.progress(pp.phase.title, pp.progress))
            for e in k.checklist where e.phase == pp.phase {
                if index == model.checklistSelection { selectedRow = rows.count }
                rows.append(.item(e, index))
                index += 1
            }
        }
        if k.checklist.isEmpty {
            c.put(inner.x + 1, inner.y, "No checklist: no playbook items. Add one with `warroom add-item`.", Styles.textDim, width: inner.width - 1)
            return
        }
        let start = max(0, min(selectedRow - inner.height / 2, rows.count - inner.height))
        let labelW = 10
        for (n, row) in rows.dropFirst(start).prefix(inner.height).enumerated() {
            let y = inner.y + n
            switch row {
            case .progress(let label, let p):
                c.put(inner.x, y, label, Styles.checklistPhase, width: labelW)
                let count = " \(p.done)/\(p.total)"
                let barW = max(0, inner.width - labelW - DisplayWidth.of(count) - 1)
                c.bar(inner.x + labelW, y, width: min(barW, 20), fraction: p.fraction, glyphs: glyphs)
                c.put(inner.x + labelW + min(barW, 20), y, count, Styles.text, width: inner.width - labelW - min(barW, 20))
            case .item(let e, let i):
                let selected = model.focus == .checklist && i == model.checklistSelection
                let overdue = e.isOverdue(at: now)
                let mark = e.isDone ? glyphs.done : (overdue ? glyphs.overdue : glyphs.open)
                let style: StyleName = selected ? Styles.selection : (e.isDone ? Styles.checklistDone : (overdue ? Styles.checklistOverdue : Styles.checklistOpen))
                var suffix = ""
                let roomy = inner.width >= 50
                if let d = e.done {
                    suffix = roomy ? " — \(d.by) \(localTime(d.at).prefix(5))" : " \(localTime(d.at).prefix(5))"
                } else if let due = e.dueAt {
                    let late = DurationText.format(now.timeIntervalSince(due))
                    let when = (localDate(due) == localDate(now) ? "" : localDate(due).dropFirst(5) + " ") + localTime(due).prefix(5)
                    suffix = overdue ? (roomy ? " — overdue \(late)" : " late \(late)") : (roomy ? " — due " : " due ") + when
                }
                let suffixW = min(DisplayWidth.of(suffix), max(0, inner.width / 2))
                let textW = inner.width - 4 - suffixW
                c.put(inner.x, y, mark + " ", style, width: 4, pad: true)
                c.put(inner.x + 4, y, e.text, style, width: textW, pad: selected)
                if suffixW > 0 {
                    c.put(inner.maxX - suffixW, y, suffix, overdue ? Styles.checklistOverdue : Styles.textDim, width: suffixW)
                }
            }
        }
    }

    // MARK: KPIs

    func drawKPIs(_ c: Canvas, _ r: Rect, _ k: IncidentKPIs?) {
        c.box(r, title: "KPIs", focused: model.focus == .kpis, glyphs: glyphs)
        let inner = r.inner
        guard let k, inner.height > 0 else { return }
        var rows: [(String, String, StyleName)] = []
        let wide = inner.width >= 44
        for m in k.measures {
            let value = m.seconds.map { DurationText.format($0) } ?? "—"
            let target = m.target.map { DurationText.formatTarget($0) } ?? "—"
            let stateWord = m.state == .notApplicable ? "n/a" : (!wide && m.state == .warning ? "warn" : m.state.rawValue)
            let text = wide ? "\(value) / \(target)  \(stateWord)" : "\(value.replacingOccurrences(of: " ", with: ""))/\(target) \(stateWord)"
            rows.append((wide ? m.title : m.name.shortTitle, text, Styles.kpi(m.state.rawValue)))
        }
        rows.append(("Checklist", "\(k.progress.done)/\(k.progress.total)" + (k.overdue.isEmpty ? "" : ", \(k.overdue.count) overdue"), k.overdue.isEmpty ? Styles.text : Styles.checklistOverdue))
        let rf = k.rolesFilled
        rows.append(("Roles filled", "\(rf.done)/\(rf.total)", rf.done < rf.total ? Styles.kpiWarning : Styles.text))
        for counter in model.incident?.orderedCounters ?? [] {
            rows.append((counter.name.replacingOccurrences(of: "_", with: " "), EventSentence.formatNumber(counter.value) + (wide ? counter.unit.map { " \($0)" } ?? "" : ""), Styles.counter))
        }
        // Values right-aligned; labels take what is left.
        let start = min(model.kpiScroll, max(0, rows.count - inner.height))
        for (n, row) in rows.dropFirst(start).prefix(inner.height).enumerated() {
            let y = inner.y + n
            let vw = min(DisplayWidth.of(row.1), inner.width - 6)
            c.put(inner.x, y, row.0, Styles.kpiLabel, width: inner.width - vw - 1)
            c.put(inner.maxX - vw, y, row.1, row.2, width: vw)
        }
    }

    // MARK: Footer

    func hints() -> String {
        switch model.interaction {
        case .picker(let p):
            return p.allowsFreeText ? "↑↓ choose · type a name · Enter select · Esc cancel" : "↑↓ or 1-9 choose · type to narrow · Enter select · Esc cancel"
        case .help, .detail:
            return "any key closes"
        default:
            break
        }
        var common = "n note · s severity · p phase · c comms · # counter · a assign · D declare · i incident · ? help · q quit"
        if model.drill.map({ !$0.isEnded }) == true { common = "P pause · I inject · " + common }
        switch model.focus {
        case .timeline: return "Tab pane · ↑↓ scroll · / filter · Enter detail · T replay · " + common
        case .roster: return "Tab pane · ↑↓ scroll · a assign · " + common
        case .checklist: return "Tab pane · ↑↓ select · space tick/untick · " + common
        case .kpis: return "Tab pane · ↑↓ scroll · # counter · " + common
        }
    }

    func drawFooter(_ c: Canvas, _ l: Layout) -> (x: Int, y: Int)? {
        c.fill(l.hints, Styles.footer)
        c.fill(l.status, Styles.footer)
        var cursor: (x: Int, y: Int)?
        if case .prompt(let p) = model.interaction {
            let label = p.label + " "
            let lw = c.put(l.hints.x, l.hints.y, label, Styles.promptLabel, width: l.hints.width / 2)
            let avail = l.hints.width - lw - 1
            // Keep the cursor in view: show the tail of long input.
            let before = String(p.text[0..<p.cursor])
            var shown = Sanitizer.inline(before, ascii: c.asciiOnly)
            while DisplayWidth.of(shown) > avail - 1, !shown.isEmpty { shown.removeFirst() }
            let after = Sanitizer.inline(String(p.text[p.cursor...]), ascii: c.asciiOnly)
            let x0 = l.hints.x + lw
            let used = c.put(x0, l.hints.y, shown, Styles.prompt, width: avail)
            c.put(x0 + used, l.hints.y, after, Styles.prompt, width: max(0, avail - used))
            c.fill(Rect(x: x0 + used + DisplayWidth.of(after), y: l.hints.y, width: max(0, avail - used - DisplayWidth.of(after)), height: 1), Styles.prompt)
            cursor = (x0 + used, l.hints.y)
        } else {
            c.put(l.hints.x, l.hints.y, " " + hints(), Styles.footerKey, width: l.hints.width)
        }
        let s = model.state
        var health = "\(s.eventsApplied) events"
        if s.badLineCount > 0 { health += " · \(s.badLineCount) bad line\(s.badLineCount == 1 ? "" : "s") skipped" }
        if s.unknownTypes > 0 { health += " · \(s.unknownTypes) unknown" }
        if model.pendingBytes > 0 { health += " · \(model.pendingBytes) B pending" }
        let healthW = min(DisplayWidth.of(health) + 2, l.status.width / 2)
        c.put(l.status.maxX - healthW, l.status.y, health + " ", s.badLineCount == 0 ? Styles.footerHealth : Styles.footerError, width: healthW)
        var msg = model.message
        if msg == nil && model.asciiNotice {
            msg = ConsoleMessage(text: "no UTF-8 locale: drawing in ASCII (set LANG=C.UTF-8)", isError: false)
        }
        if let msg {
            c.put(l.status.x, l.status.y, " " + msg.text, msg.isError ? Styles.footerError : Styles.footerMessage, width: l.status.width - healthW - 1)
        } else {
            c.put(l.status.x, l.status.y, " " + model.journalPath, Styles.footerMessage, width: l.status.width - healthW - 1)
        }
        return cursor
    }

    // MARK: Overlays

    func drawOverlay(_ c: Canvas, _ l: Layout) {
        switch model.interaction {
        case .help:
            drawHelp(c)
        case .picker(let p):
            drawPicker(c, p, above: l.hints.y)
        case .detail(let line):
            if let entry = model.incident?.timeline.first(where: { $0.line == line }) { drawDetail(c, entry) }
        default:
            break
        }
    }

    static let helpLines: [(String, String)] = [
        ("Tab  Shift-Tab", "focus the next / previous pane"),
        ("↑ ↓  j k", "scroll, or move the selection"),
        ("PgUp PgDn g G", "page, first, last (G follows the timeline)"),
        ("Enter", "show a timeline event in full"),
        ("n", "add a note (choose its kind)"),
        ("space", "tick / untick the selected checklist item"),
        ("a", "assign a role (pick the role, then the member)"),
        ("s", "change severity"),
        ("p", "set the phase"),
        ("c", "publish a communication (audience, then text)"),
        ("#", "set a counter (name, then value)"),
        ("D", "declare a new incident"),
        ("i", "switch incident"),
        ("/  Esc", "filter the timeline by text, actor or kind; Esc clears"),
        ("T", "time travel: ←→ step, [ ] 5 min, { } phases, Esc live"),
        ("P  I", "drill: pause / resume; release a manual inject"),
        ("Ctrl-L  q", "repaint the screen; quit"),
        ("In prompts", "←→ Home End move, Backspace, Ctrl-U clears, Esc cancels"),
    ]

    func overlayBox(_ c: Canvas, _ r: Rect, title: String) {
        c.fill(r, Styles.overlay)
        c.box(r, title: title, focused: false, glyphs: glyphs)
    }

    func drawHelp(_ c: Canvas) {
        let w = min(c.width - 4, 74)
        // Keep the footer's hint line visible below the box.
        let h = min(c.height - 3, ConsoleView.helpLines.count + 2)
        let r = Rect(x: (c.width - w) / 2, y: max(1, (c.height - 2 - h) / 2), width: w, height: h)
        overlayBox(c, r, title: "Keys")
        let lines = ConsoleView.helpLines
        let rows = h - 2
        let shown = lines.count <= rows ? lines : Array(lines.prefix(rows - 1)) + [("…", "a taller terminal shows \(lines.count - rows + 1) more")]
        for (k, line) in shown.enumerated() {
            c.put(r.x + 2, r.y + 1 + k, line.0, Styles.footerKey, width: 15)
            c.put(r.x + 18, r.y + 1 + k, line.1, Styles.overlay, width: w - 20)
        }
    }

    func drawPicker(_ c: Canvas, _ p: Picker, above bottom: Int) {
        let visible = p.visible
        let w = min(c.width - 4, 64)
        let listRows = max(1, min(visible.count, 10))
        let h = listRows + 3
        let r = Rect(x: 2, y: max(1, bottom - h), width: w, height: h)
        overlayBox(c, r, title: p.title)
        c.put(r.x + 2, r.y + 1, "› " + String(p.typed), Styles.prompt, width: w - 4, pad: true)
        let start = max(0, p.selected - listRows + 1)
        for (k, o) in visible.dropFirst(start).prefix(listRows).enumerated() {
            let i = start + k
            let style = i == p.selected ? Styles.selection : Styles.overlay
            let number = i < 9 && !p.allowsFreeText ? "\(i + 1) " : "  "
            let dw = o.detail.map { min(DisplayWidth.of($0) + 1, (w - 4) / 2) } ?? 0
            c.put(r.x + 2, r.y + 2 + k, number + o.label, style, width: w - 4 - dw, pad: i == p.selected)
            if let d = o.detail, dw > 0 {
                c.put(r.maxX - 2 - dw, r.y + 2 + k, d, i == p.selected ? Styles.selection : Styles.textDim, width: dw, pad: i == p.selected)
            }
        }
        if visible.isEmpty {
            c.put(r.x + 2, r.y + 2, p.allowsFreeText ? "Enter uses the typed name" : "nothing matches", Styles.textDim, width: w - 4)
        }
    }

    func drawDetail(_ c: Canvas, _ entry: TimelineEntry) {
        let w = min(c.width - 4, 90)
        let body = model.sentence(entry)
        var lines = DisplayWidth.wrap(Sanitizer.inline(body, ascii: c.asciiOnly), width: w - 4)
        lines.append("")
        lines.append("\(RFC3339.format(entry.event.ts)) by \(entry.event.actor)" + (entry.event.login.map { " (login \($0))" } ?? "") + ", line \(entry.line)")
        lines.append(contentsOf: DisplayWidth.wrap(Sanitizer.inline(entry.event.jsonLine(), ascii: c.asciiOnly), width: w - 4))
        let h = min(c.height - 2, lines.count + 2)
        let r = Rect(x: (c.width - w) / 2, y: (c.height - h) / 2, width: w, height: h)
        overlayBox(c, r, title: entry.event.type)
        for (k, l) in lines.prefix(h - 2).enumerated() {
            c.put(r.x + 2, r.y + 1 + k, l, k == 0 ? Styles.text : Styles.textDim, width: w - 4)
        }
    }
}
