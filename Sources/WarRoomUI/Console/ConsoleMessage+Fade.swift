import Foundation

/// Footer messages fade: a word like "cancelled" or "filter cleared" is read at once
/// and then only hides the journal's path. A fault that still holds stays.
extension ConsoleMessage {
    /// Seconds a message stays in the footer.
    public static let fadeAfter: TimeInterval = 6

    /// Whether the footer shows it at `now`. Not yet stamped means just posted.
    public func isShown(at now: Date) -> Bool {
        guard !lasting, let shownAt else { return true }
        return now.timeIntervalSince(shownAt) < Self.fadeAfter
    }

    /// Seconds from `now` until it fades, for the loop's next redraw; nil if it never does.
    public func fadesIn(at now: Date) -> TimeInterval? {
        guard !lasting, let shownAt else { return nil }
        let left = shownAt.addingTimeInterval(Self.fadeAfter).timeIntervalSince(now)
        return left > 0 ? left : nil
    }
}

extension ConsoleModel {
    /// Starts a new message's fade clock at `now` (the loop's clock, so the model stays free of `Date()`).
    public mutating func stampMessage(now: Date) {
        if message != nil, message?.shownAt == nil { message?.shownAt = now }
    }
}
