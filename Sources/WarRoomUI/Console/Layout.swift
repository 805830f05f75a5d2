/// Where each part of the screen goes for a terminal size.
public struct Layout: Equatable, Sendable {
    public static let minWidth = 60
    public static let minHeight = 18

    public var header: Rect
    public var banner: Rect?
    /// The open alerts' line, under the banner, while any await a decision.
    public var alerts: Rect? = nil
    public var timeline: Rect
    public var roster: Rect
    public var checklist: Rect
    public var kpis: Rect
    /// Key hints, or the prompt when one is open.
    public var hints: Rect
    /// The last message and journal health.
    public var status: Rect

    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .timeline: return timeline
        case .roster: return roster
        case .checklist: return checklist
        case .kpis: return kpis
        }
    }

    /// nil when the terminal is too small to draw legibly.
    public static func make(width w: Int, height h: Int, banner: Bool, alerts: Bool = false) -> Layout? {
        guard w >= minWidth, h >= minHeight else { return nil }
        var layout = make(w, h, banner: banner, alerts: alerts)
        if alerts { layout.alerts = Rect(x: 0, y: banner ? 2 : 1, width: w, height: 1) }
        return layout
    }

    private static func make(_ w: Int, _ h: Int, banner: Bool, alerts: Bool) -> Layout {
        let header = Rect(x: 0, y: 0, width: w, height: 1)
        var top = 1
        var bannerRect: Rect?
        if banner {
            bannerRect = Rect(x: 0, y: 1, width: w, height: 1)
            top = 2
        }
        if alerts { top += 1 }
        let hints = Rect(x: 0, y: h - 2, width: w, height: 1)
        let status = Rect(x: 0, y: h - 1, width: w, height: 1)
        let bodyH = h - 2 - top
        if w >= 120 && h >= 40 {
            // Wide: the timeline on the left, the other three stacked on the right.
            let rightW = max(52, w * 42 / 100)
            let leftW = w - rightW
            let kpiH = min(16, bodyH / 3 + 2)
            let rosterH = min(14, (bodyH - kpiH) / 2)
            let checkH = bodyH - kpiH - rosterH
            return Layout(
                header: header, banner: bannerRect,
                timeline: Rect(x: 0, y: top, width: leftW, height: bodyH),
                roster: Rect(x: leftW, y: top + kpiH, width: rightW, height: rosterH),
                checklist: Rect(x: leftW, y: top + kpiH + rosterH, width: rightW, height: checkH),
                kpis: Rect(x: leftW, y: top, width: rightW, height: kpiH),
                hints: hints, status: status)
        }
        // Compact: the timeline across the top, the other three side by side below.
        let timelineH = max(6, bodyH * 2 / 5)
        let lowerH = bodyH - timelineH
        let rosterW = w * 26 / 100
        let kpiW = w * 34 / 100
        let checkW = w - rosterW - kpiW
        return Layout(
            header: header, banner: bannerRect,
            timeline: Rect(x: 0, y: top, width: w, height: timelineH),
            roster: Rect(x: 0, y: top + timelineH, width: rosterW, height: lowerH),
            checklist: Rect(x: rosterW, y: top + timelineH, width: checkW, height: lowerH),
            kpis: Rect(x: rosterW + checkW, y: top + timelineH, width: kpiW, height: lowerH),
            hints: hints, status: status)
    }
}
