import Foundation

/// Median, 90th percentile and worst of a set of durations.
///
/// The median of an even count is the mean of the two middle values; the 90th percentile
/// is by nearest rank (the value at rank ⌈0.9·n⌉ in ascending order), so it is always a
/// duration that actually happened.
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var median: Double
    public var p90: Double
    public var worst: Double

    /// Nil for no samples.
    public init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let s = samples.sorted()
        let n = s.count
        count = n
        median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
        // ⌈9n/10⌉ in integers: 0.9 × n in floating point can land a hair above a whole rank.
        let rank = (9 * n + 9) / 10
        p90 = s[max(0, min(n, rank) - 1)]
        worst = s[n - 1]
    }
}
