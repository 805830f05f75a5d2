import Foundation

/// Horizontal bars for the terminal: one row per label, scaled to the widest value and
/// to the width there is. Block characters (with eighths) where the terminal shows
/// UTF-8, `#` where it does not (the console's rule: `LocaleChoice.utf8`).
public struct BarChart: Sendable {
    public var rows: [(label: String, value: Double, text: String)]
    /// The value a full bar stands for (default: the largest value).
    public var scale: Double?

    public init(rows: [(label: String, value: Double, text: String)], scale: Double? = nil) {
        self.rows = rows
        self.scale = scale
    }

    /// The chart's lines, each at most `width` columns (labels and values measured with `DisplayWidth`).
    public func lines(width: Int, ascii: Bool) -> [String] {
        guard !rows.isEmpty else { return [] }
        let labelWidth = min(rows.map { DisplayWidth.of($0.label) }.max() ?? 0, max(4, width / 3))
        let textWidth = rows.map { DisplayWidth.of($0.text) }.max() ?? 0
        // label, a space, the bar, a space, the value.
        // Past 50 columns a longer bar only makes the eye travel.
        let barWidth = min(50, max(1, width - labelWidth - textWidth - 2))
        let top = scale ?? rows.map(\.value).max() ?? 0
        return rows.map { row in
            let bar = BarChart.bar(top > 0 ? max(0, row.value) / top : 0, width: barWidth, ascii: ascii)
            return DisplayWidth.pad(row.label, to: labelWidth) + " " + DisplayWidth.pad(bar, to: barWidth) + " " + row.text
        }
    }

    /// A bar `share` (0…1) of `width` columns.
    static func bar(_ share: Double, width: Int, ascii: Bool) -> String {
        let s = min(1, max(0, share))
        if ascii { return String(repeating: "#", count: Int((s * Double(width)).rounded())) }
        let eighths = Int((s * Double(width) * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}
