import Foundation
import WarRoomCore

/// A one-line text input at the bottom of the screen.
public struct TextPrompt: Equatable, Sendable {
    public var label: String
    public var text: [Character] = []
    public var cursor = 0
    public var purpose: PromptPurpose
    /// Drawn at the right end of the prompt line: what else the prompt takes (Tab for a note's kind).
    public var hint: String?

    public init(label: String, purpose: PromptPurpose, text: String = "", hint: String? = nil) {
        self.label = label
        self.purpose = purpose
        self.text = Array(text)
        self.cursor = self.text.count
        self.hint = hint
    }

    public var string: String { String(text) }
}
