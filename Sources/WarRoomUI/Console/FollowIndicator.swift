import WarRoomCore

/// The header's one indicator of what the timeline shows, always true: following
/// the newest event, scrolled up (paused), replaying the past, lagging, read-only.
public enum FollowIndicator {
    public static func label(_ model: ConsoleModel, glyphs: Glyphs) -> (String, StyleName) {
        let dot = glyphs.dot
        if model.replay != nil { return ("\(dot) " + tr("replay", context: "indicator"), Styles.bannerReplay) }
        if model.live == .lagging { return ("\(dot) " + tr("lagging"), Styles.liveLagging) }
        if model.timelineScroll > 0 {
            return (
                "\(dot) " + (model.newBelow > 0 ? tr("paused, {n} new", ["n": String(model.newBelow)]) : tr("scrolled up")),
                Styles.liveLagging
            )
        }
        if model.live == .readOnly { return ("\(dot) " + tr("read-only", context: "indicator"), Styles.liveReadOnly) }
        return ("\(dot) " + tr("following"), Styles.liveFollowing)
    }
}
