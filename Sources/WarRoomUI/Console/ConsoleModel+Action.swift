import WarRoomCore

/// The console's way to Core's actions: every key that writes builds an `Action`, and what
/// it appends (or why it is refused, in the words `warroom` prints) comes from there.
extension ConsoleModel {
    /// The commands that append the action's events on the shown incident.
    func act(_ action: Action) -> Result<[ConsoleCommand], EventError> { act(action, on: incident) }

    /// The commands that append the action's events on `incident` (nil: journal-wide).
    func act(_ action: Action, on incident: Incident?) -> Result<[ConsoleCommand], EventError> {
        do {
            let drafts = try action.drafts(on: incident, in: state, catalog: catalog)
            return .success(drafts.count == 1 ? [.append(drafts[0])] : [.appendAll(drafts)])
        } catch {
            return .failure(error)
        }
    }

    /// As `act`, with a refusal shown in the footer.
    mutating func actOrSay(_ action: Action) -> [ConsoleCommand] { actOrSay(action, on: incident) }

    /// As `act`, with a refusal shown in the footer.
    mutating func actOrSay(_ action: Action, on incident: Incident?) -> [ConsoleCommand] {
        switch act(action, on: incident) {
        case .success(let commands):
            return commands
        case .failure(let refusal):
            message = ConsoleMessage(text: refusal.reason, isError: true)
            return []
        }
    }
}
