import Foundation

/// A follow-up being made at the console: the text, then the owner, then the due date.
public struct FollowUpDraft: Equatable, Sendable {
    public var text: String
    /// nil until picked; "" for nobody.
    public var owner: String?

    public init(text: String, owner: String? = nil) {
        self.text = text
        self.owner = owner
    }
}
