/// Why a payload was refused: names the member and says what was expected. Nothing is written.
public struct IntakeError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
