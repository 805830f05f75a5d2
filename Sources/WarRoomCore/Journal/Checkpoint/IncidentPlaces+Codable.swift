import Foundation

/// Places in a dictionary are not valid in another copy of it: saved as nothing, loaded empty.
extension IncidentPlaces: Codable {
    init(from decoder: any Decoder) throws { self.init() }

    func encode(to encoder: any Encoder) throws {}
}
