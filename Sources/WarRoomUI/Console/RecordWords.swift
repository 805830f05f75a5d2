import WarRoomCore

/// What the tamper-evidence chain says, in words a commander reads at a glance
/// (the `?` help explains them).
public enum RecordWords {
    /// `short` is what the header keeps of a tampered record's alarm when the line is short.
    public static func words(_ chain: ChainStatus?) -> (text: String, style: StyleName, tampered: Bool, short: String)? {
        guard let chain else { return nil }
        if let line = chain.brokenAt {
            return (
                tr("record TAMPERED at line {line}", ["line": String(line)]), Styles.footerError, true,
                tr("TAMPERED at line {line}", ["line": String(line)])
            )
        }
        if chain.unchained > 0 {
            let t = chain.verified > 0 ? tr("record partly verified") : tr("record not verified")
            return (t, Styles.liveLagging, false, t)
        }
        return chain.verified > 0 ? (tr("record intact"), Styles.header, false, tr("record intact")) : nil
    }
}
