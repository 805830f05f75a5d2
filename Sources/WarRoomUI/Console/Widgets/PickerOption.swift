import Foundation
import WarRoomCore

public struct PickerOption: Equatable, Sendable {
    public var label: String
    public var value: String
    public var detail: String?

    public init(label: String, value: String, detail: String? = nil) {
        self.label = label
        self.value = value
        self.detail = detail
    }
}
