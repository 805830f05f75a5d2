/// Counts in words, through the catalog's plural forms: "1 event", "2 events"
/// in English, "2条事件" in Chinese. The console's `Plural.count` builds the plural
/// from its argument, which no catalog can translate; these are the Core's
/// counts for the console and the commands to call instead.
public enum Counts {
    /// "12 events" (the journal's events applied).
    public static func events(_ n: Int) -> String { trn("{n} event", "{n} events", n) }

    /// "3 checklist items".
    public static func checklistItems(_ n: Int) -> String { trn("{n} checklist item", "{n} checklist items", n) }

    /// "2 bad lines skipped" (journal lines that could not be read).
    public static func badLinesSkipped(_ n: Int) -> String { trn("{n} bad line skipped", "{n} bad lines skipped", n) }
}
