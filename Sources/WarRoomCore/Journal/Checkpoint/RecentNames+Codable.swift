import Foundation

/// A lookup cache, not state: saved empty (only its size) and filled again by use.
extension RecentNames: Codable {
    init(from decoder: any Decoder) throws {
        self.init(size: try decoder.singleValueContainer().decode(Int.self))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(size)
    }
}
