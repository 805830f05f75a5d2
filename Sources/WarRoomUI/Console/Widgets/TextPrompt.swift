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

extension TextPrompt {
    /// Edits the text for a key, as a one-line Emacs-style input does; keys it does not
    /// take (Enter, Esc, Tab) are left to the console. Returns whether the key was taken.
    @discardableResult
    public mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            text.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 {
                text.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete, .ctrl("d"):
            if cursor < text.count { text.remove(at: cursor) }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"):
            text.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            text.removeSubrange(cursor..<text.count)
        default:
            return false
        }
        return true
    }
}
