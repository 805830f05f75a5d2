import Foundation

/// What the console knows as it opens, before the first frame.
public struct ConsoleOpening {
    /// Who this console acts as.
    public var me: String?
    /// Why this journal may not be written here, if it may not.
    public var readOnlyReason: String?
    /// No UTF-8 locale: said once in the footer.
    public var asciiNotice: Bool
    /// A bad theme or playbook: stays wrong until fixed, so these messages do not fade.
    public var warnings: [String]

    public init(me: String?, readOnlyReason: String?, asciiNotice: Bool = false, warnings: [String] = []) {
        self.me = me
        self.readOnlyReason = readOnlyReason
        self.asciiNotice = asciiNotice
        self.warnings = warnings
    }
}
