import Foundation
import WarRoomCore

/// The two footer lines: the key hints (or the open prompt), then the last message
/// on the left and the journal's health on the right.
struct FooterBar {
    var model: ConsoleModel
    /// The wall clock, even in replay: footer messages fade on it.
    var wallClock: Date

    /// Returns where the terminal cursor goes, inside an open prompt.
    func draw(_ c: Canvas, _ l: Layout) -> (x: Int, y: Int)? {
        c.fill(l.hints, Styles.footer)
        c.fill(l.status, Styles.footer)
        var cursor: (x: Int, y: Int)?
        if case .prompt(let p) = model.interaction {
            cursor = PromptLine(prompt: p).draw(c, l.hints)
        } else {
            c.put(l.hints.x, l.hints.y, " " + Keymap.hints(model), Styles.footerKey, width: l.hints.width)
        }
        let s = model.state
        let health = Self.health(model)
        let healthW = min(DisplayWidth.of(health) + 2, l.status.width / 2)
        c.put(
            l.status.maxX - healthW, l.status.y, health + " ", s.badLineCount == 0 ? Styles.footerHealth : Styles.footerError,
            width: healthW)
        var msg = model.message.flatMap { $0.isShown(at: wallClock) ? $0 : nil }
        if msg == nil && model.asciiNotice {
            // How to get UTF-8 and Chinese is the point of the notice: the short form where the long one would be cut.
            let long = tr("no UTF-8 locale: drawing in ASCII (set LANG=C.UTF-8; for Chinese also WARROOM_LANG=zh)")
            let short = tr("ASCII only: set LANG=C.UTF-8 (for Chinese also WARROOM_LANG=zh)")
            let room = l.status.width - healthW - 2
            msg = ConsoleMessage(text: DisplayWidth.of(long) <= room ? long : short, isError: false)
        }
        if let msg {
            c.put(
                l.status.x, l.status.y, " " + msg.text, msg.isError ? Styles.footerError : Styles.footerMessage,
                width: l.status.width - healthW - 1)
        } else {
            c.put(l.status.x, l.status.y, " " + model.journalPath, Styles.footerMessage, width: l.status.width - healthW - 1)
        }
        return cursor
    }

    /// Events read, and what was skipped or is still pending.
    static func health(_ model: ConsoleModel) -> String {
        let s = model.state
        var health = trn("{n} event", "{n} events", s.eventsApplied)
        if s.badLineCount > 0 { health += " · " + trn("{n} bad line skipped", "{n} bad lines skipped", s.badLineCount) }
        if s.unknownTypes > 0 { health += " · " + tr("{n} unknown", ["n": String(s.unknownTypes)]) }
        if model.pendingBytes > 0 { health += " · " + tr("{n} B pending", ["n": String(model.pendingBytes)]) }
        return health
    }
}
