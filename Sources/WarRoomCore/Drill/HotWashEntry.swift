import Foundation

/// A finding of a drill's hot wash (`drill.hotwash`): something that went well, or a gap.
/// Improvement items are not entries: they are follow-up actions (`action.added`, from `hot-wash`).
public struct HotWashEntry: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case strength, gap
    }

    public var kind: Kind
    public var text: String
    public var by: String
    public var at: Date
    public var line: Int

    public init(kind: Kind, text: String, by: String, at: Date, line: Int) {
        self.kind = kind
        self.text = text
        self.by = by
        self.at = at
        self.line = line
    }
}
