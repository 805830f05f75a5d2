import Foundation

/// What a drill's hot wash records in one go: strengths and gaps (`drill.hotwash`), and
/// improvement items, each with an owner and a due date, that become follow-up actions.
public struct HotWash: Sendable, Equatable {
    /// An improvement item: a follow-up action once written.
    public struct Item: Sendable, Equatable {
        public var text: String
        public var owner: String
        public var due: Date?

        public init(text: String, owner: String, due: Date?) {
            self.text = text
            self.owner = owner
            self.due = due
        }
    }

    public var strengths: [String]
    public var gaps: [String]
    public var items: [Item]

    public init(strengths: [String] = [], gaps: [String] = [], items: [Item] = []) {
        self.strengths = strengths
        self.gaps = gaps
        self.items = items
    }

    public var isEmpty: Bool { strengths.isEmpty && gaps.isEmpty && items.isEmpty }

    /// Where follow-ups made in a hot wash say they came from (`action.added` `from`).
    public static let origin = "hot-wash"
}
