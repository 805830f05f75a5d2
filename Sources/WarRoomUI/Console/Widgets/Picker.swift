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
