import Foundation

/// How an evaluator rates an expectation (`drill.observed`): the words of an HSEEP evaluation guide.
public enum ObservationRating: String, Sendable, CaseIterable, Equatable, Codable {
    case met, partly, missed

    /// The share of the expectation's weight it earns: partly counts half.
    public var share: Double {
        switch self {
        case .met: return 1
        case .partly: return 0.5
        case .missed: return 0
        }
    }

    /// The rating in the reader's language.
    public var displayName: String {
        switch self {
        case .met: return tr("met", context: "observation")
        case .partly: return tr("partly met", context: "observation")
        case .missed: return tr("missed", context: "observation")
        }
    }

    /// What a person may type: the word, or its first letter.
    public init?(typed: String) {
        let t = typed.trimmingCharacters(in: .whitespaces).lowercased()
        guard let r = ObservationRating.allCases.first(where: { $0.rawValue == t || String($0.rawValue.prefix(1)) == t }) else {
            return nil
        }
        self = r
    }
}

/// An evaluator's mark on one of a drill's expectations, from `drill.observed`.
/// The latest mark on an expectation is the one the score uses.
public struct Observation: Sendable, Equatable, Codable {
    public var expectation: String
    public var rating: ObservationRating
    public var note: String?
    public var by: String
    public var at: Date
    public var line: Int

    public init(expectation: String, rating: ObservationRating, note: String?, by: String, at: Date, line: Int) {
        self.expectation = expectation
        self.rating = rating
        self.note = note
        self.by = by
        self.at = at
        self.line = line
    }
}
