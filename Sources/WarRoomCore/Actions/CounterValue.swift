import Foundation

/// A counter's value as typed: `1234`, `1,234`, `1,234,567`, `0.5`, `1234.5`, `-3`, `2e6`.
///
/// A comma is taken as a thousands separator only where it is one (groups of three
/// digits after the first). Anything else with a comma is refused rather than guessed:
/// "1,2" became 12, "1.000,5" became 1.0005 and ",5" became 5, each a figure nobody
/// reported, feeding the severity triggers.
///
/// In Core so that `warroom counter` and the console's `#` accept the same figures and
/// refuse the rest with the same words.
public enum CounterValue {
    public static func parse(_ text: String) -> Result<Double, EventError> {
        let refusal = EventError(
            // What was wrong first: the console's footer may cut the end of a long line.
            tr(
                "\"{text}\" is not a number: the value must be a number like 1234, 1,234 or 1234.5 (commas only between groups of three digits, a point before decimals)",
                ["text": text]))
        let t = text.trimmingCharacters(in: .whitespaces)
        guard wellFormed(t) else { return .failure(refusal) }
        guard let v = Double(t.replacingOccurrences(of: ",", with: "")), v.isFinite else { return .failure(refusal) }
        return .success(v)
    }

    /// Sign, whole part (plain digits, or 1–3 digits then groups `,ddd`), optional
    /// fraction, optional exponent; at least one digit before the exponent.
    static func wellFormed(_ t: String) -> Bool {
        var s = Substring(t)
        if let c = s.first, c == "+" || c == "-" { s = s.dropFirst() }
        let whole = s.prefix { $0.isASCII && ($0.isNumber || $0 == ",") }
        s = s.dropFirst(whole.count)
        if whole.contains(",") {
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return false }
        }
        var fraction = Substring("")
        if s.first == "." {
            s = s.dropFirst()
            fraction = s.prefix { $0.isASCII && $0.isNumber }
            guard !fraction.isEmpty else { return false }
            s = s.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return false }
        if let e = s.first, e == "e" || e == "E" {
            s = s.dropFirst()
            if let c = s.first, c == "+" || c == "-" { s = s.dropFirst() }
            let exponent = s.prefix { $0.isASCII && $0.isNumber }
            guard !exponent.isEmpty else { return false }
            s = s.dropFirst(exponent.count)
        }
        return s.isEmpty
    }
}
