import Foundation

/// Who a console serves in a drill. The facilitator and the evaluators see the scenario's
/// expected actions and the running score; players never do, or the drill would coach them.
public enum DrillRole: String, Sendable, CaseIterable, Equatable {
    case facilitator, evaluator, player

    /// Sees the expectations, the score, the evaluators' observations and upcoming injects.
    public var seesExpectations: Bool { self != .player }

    /// A role as typed (`--role`, `WARROOM_ROLE`), in any case.
    public init?(typed: String) {
        guard let r = DrillRole(rawValue: typed.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
        self = r
    }

    /// What a wrong `--role` is told.
    public static func refusal(_ typed: String) -> String {
        tr("--role must be facilitator, evaluator or player, not \"{value}\"", ["value": typed])
    }
}
