import Foundation
import WarRoomCore

/// Time travel: stepping the shown state through the journal's history while the live one keeps up.
extension ConsoleModel {
    // MARK: Time travel

    /// Enters replay at the newest event.
    public mutating func startReplay(_ index: ReplayIndex) {
        if liveState == nil { liveState = state }
        replay = ReplayCursor(index: index, position: index.count)
        state = index.state(at: index.count)
        interaction = .none
        message = nil
    }

    public mutating func stopReplay() {
        if let live = liveState { state = live }
        liveState = nil
        replay = nil
        timelineScroll = 0
        newBelow = 0
        message = ConsoleMessage(text: tr("back to live"), isError: false)
    }

    mutating func replayTo(_ position: Int) {
        guard var r = replay else { return }
        r.position = max(0, min(position, r.index.count))
        replay = r
        state = r.index.state(at: r.position)
        timelineScroll = 0
        newBelow = 0
    }

    mutating func handleReplay(_ key: Key) -> [ConsoleCommand]? {
        guard let r = replay else { return nil }
        let index = r.index
        switch key {
        case .escape, .char("T"):
            stopReplay()
        case .left: replayTo(r.position - 1)
        case .right: replayTo(r.position + 1)
        case .home: replayTo(0)
        case .end: replayTo(index.count)
        case .char("["), .char("]"):
            let base = index.time(at: r.position) ?? index.log.first?.event.ts ?? clock
            let target = base.addingTimeInterval(key == .char("[") ? -300 : 300)
            var p = index.position(atTime: target)
            if key == .char("["), p >= r.position { p = r.position - 1 }
            if key == .char("]"), p <= r.position { p = r.position + 1 }
            replayTo(p)
        case .char("{"), .char("}"):
            let phases = index.log.indices.filter {
                index.log[$0].event.kind == .incidentPhase || index.log[$0].event.kind == .incidentDeclared
            }
            .map { $0 + 1 }
            if key == .char("{") {
                replayTo(phases.last(where: { $0 < r.position }) ?? 0)
            } else {
                replayTo(phases.first(where: { $0 > r.position }) ?? index.count)
            }
        case .char("q"):
            return [.quit]
        case .up, .down, .char("j"), .char("k"), .pageUp, .pageDown, .tab, .backTab, .char("?"), .char("g"), .char("G"), .enter, .ctrl("l"),
            .char("!"), .char("F"):
            return nil
        default:
            message = ConsoleMessage(text: tr("replaying the past: Esc returns to live to act"), isError: false)
        }
        return []
    }
}
