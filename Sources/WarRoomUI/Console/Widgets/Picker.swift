import Foundation
import WarRoomCore

/// A list to choose from; typing narrows it, and where free text is allowed
/// Enter with no match takes the typed text.
public struct Picker: Equatable, Sendable {
    public var title: String
    public var options: [PickerOption]
    public var selected = 0
    public var typed: [Character] = []
    public var allowsFreeText = false
    /// Set where a wrong pick does harm (who holds a role): nothing is selected until
    /// ↑↓ picks one or the typed text narrows the list to one.
    public var awaitsChoice = false
    public var purpose: PickerPurpose

    public var visible: [PickerOption] {
        let t = String(typed).lowercased()
        if t.isEmpty { return options }
        return options.filter { $0.label.lowercased().contains(t) || $0.value.lowercased().contains(t) }
    }

    /// The index in `visible` that Enter takes, if any.
    public var selection: Int? {
        let visible = visible
        if awaitsChoice { return !typed.isEmpty && visible.count == 1 ? 0 : nil }
        return visible.indices.contains(selected) ? selected : nil
    }
}

extension Picker {
    /// Moves the selection or narrows the list for a key; Enter, Esc and a digit that
    /// picks (`digitPick`) are left to the console. Returns whether the key was taken.
    @discardableResult
    public mutating func edit(_ key: Key) -> Bool {
        let count = visible.count
        switch key {
        case .up where awaitsChoice, .down where awaitsChoice:
            // The first arrow picks from an empty selection: ↓ the first, ↑ the last.
            if let s = selection { selected = s } else { selected = key == .down ? 0 : max(0, count - 1) }
            awaitsChoice = false
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, count - 1), selected + 1)
        case .backspace:
            if !typed.isEmpty { typed.removeLast() }
            selected = 0
        case .ctrl("u"):
            typed = []
            selected = 0
        case .char(let c):
            typed.append(c)
            selected = 0
        default:
            return false
        }
        return true
    }

    /// The value a digit picks directly: the n-th shown option, when nothing was typed
    /// and the list takes no free text (where a digit may be part of a name).
    public func digitPick(_ c: Character) -> String? {
        let visible = visible
        guard typed.isEmpty, !allowsFreeText, let n = c.wholeNumberValue, n >= 1, n <= visible.count else { return nil }
        return visible[n - 1].value
    }
}
