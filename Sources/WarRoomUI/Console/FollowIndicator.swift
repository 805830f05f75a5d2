/// The header's one indicator of what the timeline shows, always true: following
/// the newest event, scrolled up (paused), replaying the past, lagging, read-only.
public enum FollowIndicator {
    public static func label(_ model: ConsoleModel, glyphs: Glyphs) -> (String, StyleName) {
        let dot = glyphs.dot
        if model.replay != nil { return ("\(dot) replay", Styles.bannerReplay) }
        if model.live == .lagging { return ("\(dot) lagging", Styles.liveLagging) }
        if model.timelineScroll > 0 {
            return (model.newBelow > 0 ? "\(dot) paused, \(model.newBelow) new" : "\(dot) scrolled up", Styles.liveLagging)
        }
        if model.live == .readOnly { return ("\(dot) read-only", Styles.liveReadOnly) }
        return ("\(dot) following", Styles.liveFollowing)
    }
}
