import WarRoomCore

/// What the tamper-evidence chain says, in words a commander reads at a glance
/// (the `?` help explains them).
public enum RecordWords {
    public static func words(_ chain: ChainStatus?) -> (text: String, style: StyleName, tampered: Bool)? {
        guard let chain else { return nil }
        if let line = chain.brokenAt { return ("record TAMPERED at line \(line)", Styles.footerError, true) }
        if chain.unchained > 0 {
            return (chain.verified > 0 ? "record partly verified" : "record not verified", Styles.liveLagging, false)
        }
        return chain.verified > 0 ? ("record intact", Styles.header, false) : nil
    }
}
