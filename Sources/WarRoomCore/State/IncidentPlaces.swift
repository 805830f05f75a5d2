import Foundation

/// The places of the last few incidents in `incidents`. Incidents are only ever added (by a
/// declaration), and a dictionary moves its entries only when one is added, so a place is used
/// only while the count it was taken at still holds; a copy of the state keeps its entries where
/// they were.
struct IncidentPlaces: Sendable, Equatable {
    private var recent = RecentNames<Dictionary<String, Incident>.Index>(size: 4)
    private var count = -1

    func index(of id: String, count: Int) -> Dictionary<String, Incident>.Index? {
        count == self.count ? recent.value(for: id) : nil
    }

    /// A cache, not state: two states folded from the same events are equal whatever lookups
    /// they made (a refused line looks its incident up in a reading but is not in a replay's log).
    static func == (a: IncidentPlaces, b: IncidentPlaces) -> Bool { true }

    mutating func remember(_ id: String, _ place: Dictionary<String, Incident>.Index, count: Int) {
        if count != self.count {
            recent.removeAll()
            self.count = count
        }
        recent.remember(id, place)
    }
}
