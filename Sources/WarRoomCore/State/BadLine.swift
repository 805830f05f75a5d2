import Foundation

/// A line the reader skipped, with where it is and why.
public struct BadLine: Sendable, Equatable, Codable {
    public var line: Int
    public var offset: Int
    public var reason: String

    public init(line: Int, offset: Int, reason: String) {
        self.line = line
        self.offset = offset
        self.reason = reason
    }
}
