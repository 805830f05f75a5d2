import Foundation
import WarRoomCore

public struct ConsoleMessage: Equatable, Sendable {
    public var text: String
    public var isError: Bool
    /// A fault that still holds (an unreadable journal, a refused write): shown until replaced, never faded.
    public var lasting: Bool
    /// When it was first shown; set by the loop's clock (`ConsoleModel.stampMessage`), nil until then.
    public var shownAt: Date?

    public init(text: String, isError: Bool, lasting: Bool = false) {
        self.text = text
        self.isError = isError
        self.lasting = lasting
    }
}
