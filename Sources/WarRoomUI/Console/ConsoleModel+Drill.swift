import Foundation
import WarRoomCore

/// The drill programme at the console: `E` shows the facilitator and evaluators the scenario's
/// expectations and the running score (DrillScorer's, as `warroom drill score` prints it), where
/// `m`, `p` and `x` mark the selected one met, partly or missed with a note; `h` takes the hot
/// wash, which also opens by itself on the facilitator's console when the drill ends.
extension ConsoleModel {
    /// The shown drill's score, for the facilitator's and evaluators' eyes only; nil for a player,
    /// outside a drill, or while the scenario is not found here.
    public var drillScore: DrillScore? {
        guard drillRole.seesExpectations, let inc = incident, let run = DrillScorer.drill(of: inc, in: state) else { return nil }
        guard let scenario = run.byHand ? Scenario.none(for: inc) : scenarios[run.scenario] else { return nil }
        return DrillScorer.score(scenario: scenario, state: state, incident: inc.id, catalog: catalog, now: followUpTime)
    }

    /// The index of the selected expectation in `results`: the one the overlay names, else the first.
    static func expectationIndex(_ interaction: Interaction, in results: [ExpectationResult]) -> Int {
        guard case .expectations(let id) = interaction, let id else { return 0 }
        return results.firstIndex { $0.expectation.id == id } ?? 0
    }

    mutating func openExpectations() {
        guard drillRole.seesExpectations else {
            message = ConsoleMessage(
                text: tr("the expectations and the score are for the facilitator and evaluators (--role facilitator or evaluator)"),
                isError: false)
            return
        }
        guard let inc = incident, let run = DrillScorer.drill(of: inc, in: state) else {
            message = ConsoleMessage(text: tr("E shows a drill's expectations: the shown incident is not a drill"), isError: false)
            return
        }
        guard let score = drillScore else {
            message = ConsoleMessage(
                text: tr("scenario {name} not found here, so its expectations are unknown (set WARROOM_DATA)", ["name": run.scenario]),
                isError: true)
            return
        }
        interaction = .expectations(score.results.first?.expectation.id)
    }

    /// Keys while the expectations are shown: ↑↓ choose, m p x mark, h hot wash, Esc or E closes, q quits.
    mutating func handleExpectations(_ key: Key) -> [ConsoleCommand] {
        let results = drillScore?.results ?? []
        let index = Self.expectationIndex(interaction, in: results)
        func select(_ k: Int) {
            if results.indices.contains(k) { interaction = .expectations(results[k].expectation.id) }
        }
        switch key {
        case .escape, .char("E"):
            interaction = .none
        case .char("q"):
            return [.quit]
        case .up, .char("k"): select(max(0, index - 1))
        case .down, .char("j"): select(min(results.count - 1, index + 1))
        case .home, .char("g"): select(0)
        case .end, .char("G"): select(results.count - 1)
        case .char("m"), .char("p"), .char("x"):
            if let why = cannotAct() { return refuse(why) }
            guard results.indices.contains(index) else {
                message = ConsoleMessage(text: tr("this drill has no expectations to mark"), isError: false)
                return []
            }
            let rating: ObservationRating = key == .char("m") ? .met : (key == .char("p") ? .partly : .missed)
            let id = results[index].expectation.id
            interaction = .prompt(
                TextPrompt(
                    label: tr("{expectation} {rating}, note:", ["expectation": id, "rating": rating.displayName]),
                    purpose: .observationNote(id, rating), hint: tr("optional · Enter records the mark")))
        case .char("h"):
            return startHotWash()
        default:
            break
        }
        return []
    }

    /// Why nothing may be written from here now, if so: replaying the past, or a read-only journal.
    func cannotAct() -> String? {
        if replay != nil { return tr("replaying the past: Esc returns to live to act") }
        return cannotWrite()
    }

    /// A finished prompt of the drill programme: a mark's note, a line of the hot wash, a due date.
    mutating func submitDrill(_ p: TextPrompt, _ text: String) -> Result<[ConsoleCommand], EventError> {
        switch p.purpose {
        case .observationNote(let id, let rating):
            let known = drillScore?.scenario.expectations.map(\.id) ?? []
            let result = act(.observe(expectation: id, rating: rating, note: text.isEmpty ? nil : text, known: known))
            if case .success = result { interaction = .prompt(p) }
            return result
        case .hotWash:
            return hotWashLine(p, text)
        case .hotWashDue:
            return hotWashDue(p, text)
        default:
            return .success([])
        }
    }

    // MARK: Hot wash

    /// `h`, or the drill's end on the facilitator's console: the hot wash's prompts, from where it was left.
    mutating func startHotWash() -> [ConsoleCommand] {
        guard drillRole == .facilitator else {
            message = ConsoleMessage(
                text: tr("the hot wash is the facilitator's: open the console with --role facilitator"), isError: false)
            return []
        }
        if let why = cannotAct() { return refuse(why) }
        guard let inc = incident, let run = DrillScorer.drill(of: inc, in: state) else {
            message = ConsoleMessage(text: tr("the hot wash follows a drill: the shown incident is not a drill"), isError: false)
            return []
        }
        guard run.isEnded || inc.isClosed else {
            message = ConsoleMessage(text: tr("the hot wash comes when the drill has ended"), isError: false)
            return []
        }
        if hotWashDraft?.incident != inc.id { hotWashDraft = HotWashDraft(incident: inc.id) }
        showHotWash()
        return []
    }

    /// The prompt (or picker) for where the hot wash stands.
    mutating func showHotWash() {
        guard var d = hotWashDraft else { return }
        let typed = d.typed
        d.typed = ""
        hotWashDraft = d
        if d.step == .items, let item = d.pendingItem {
            if d.pendingOwner == nil {
                askHotWashOwner(item)
            } else {
                interaction = .prompt(hotWashDuePrompt(d, text: typed.isEmpty ? "14d" : typed))
            }
            return
        }
        let label: String
        let hint: String
        switch d.step {
        case .strengths:
            label = tr("hot wash · what went well ({n} noted):", ["n": String(d.wash.strengths.count)])
            hint = tr("Enter adds it · empty Enter: gaps next · Esc sets aside")
        case .gaps:
            label = tr("hot wash · what to change ({n} noted):", ["n": String(d.wash.gaps.count)])
            hint = tr("Enter adds it · empty Enter: improvement items next")
        case .items:
            label = tr("hot wash · improvement item ({n} so far):", ["n": String(d.wash.items.count)])
            hint = tr("then owner, due · empty Enter records the hot wash")
        }
        interaction = .prompt(TextPrompt(label: label, purpose: .hotWash, text: typed, hint: hint))
    }

    func hotWashDuePrompt(_ d: HotWashDraft, text: String) -> TextPrompt {
        TextPrompt(
            label: tr("due ({owner}):", ["owner": d.pendingOwner ?? ""]), purpose: .hotWashDue, text: text,
            hint: tr("14d, 2w or 2026-12-31"))
    }

    mutating func hotWashLine(_ p: TextPrompt, _ text: String) -> Result<[ConsoleCommand], EventError> {
        guard var d = hotWashDraft else { return .success([]) }
        switch d.step {
        case .strengths, .gaps:
            if text.isEmpty {
                d.step = d.step == .strengths ? .gaps : .items
            } else if d.step == .strengths {
                d.wash.strengths.append(text)
            } else {
                d.wash.gaps.append(text)
            }
            hotWashDraft = d
            showHotWash()
            return .success([])
        case .items:
            if !text.isEmpty {
                d.pendingItem = text
                hotWashDraft = d
                askHotWashOwner(text)
                return .success([])
            }
            if d.wash.isEmpty { return .failure(EventError(tr("nothing noted yet: type a strength, a gap or an item, or Esc"))) }
            guard let inc = state.incidents[d.incident] else { return .failure(EventError(tr("no active incident"))) }
            let result = act(.hotWash(d.wash), on: inc)
            if case .success = result {
                d.writing = true
                hotWashDraft = d
                interaction = .prompt(p)
            }
            return result
        }
    }

    /// Who owns an improvement item: the roster, this console's person first, or a name typed. Nobody is no answer.
    mutating func askHotWashOwner(_ item: String) {
        var options: [PickerOption] = []
        func add(_ id: String, _ name: String?) {
            if id.isEmpty || options.contains(where: { $0.value == id }) { return }
            options.append(PickerOption(label: id, value: id, detail: id == me ? tr("you") : name))
        }
        if let me { add(me, nil) }
        if let inc = hotWashDraft.flatMap({ state.incidents[$0.incident] }) {
            for m in inc.roster { add(m.id, m.name) }
        }
        for m in state.standingRoster { add(m.id, m.name) }
        var p = Picker(title: tr("‘{item}’: who owns it? pick or type a member", ["item": item]), options: options, purpose: .hotWashOwner)
        p.allowsFreeText = true
        interaction = .picker(p)
    }

    mutating func hotWashOwnerChosen(_ p: Picker, _ value: String) {
        let owner = value.trimmingCharacters(in: .whitespaces)
        guard var d = hotWashDraft else { return }
        if owner.isEmpty {
            message = ConsoleMessage(text: tr("every improvement item needs an owner: pick or type a member"), isError: true)
            interaction = .picker(p)
            return
        }
        d.pendingOwner = owner
        hotWashDraft = d
        interaction = .prompt(hotWashDuePrompt(d, text: "14d"))
    }

    mutating func hotWashDue(_ p: TextPrompt, _ text: String) -> Result<[ConsoleCommand], EventError> {
        guard var d = hotWashDraft, let item = d.pendingItem, let owner = d.pendingOwner else { return .success([]) }
        guard let due = DueDate.parse(text, now: clock, zone: timeZone) else {
            return .failure(EventError(tr("not a due date: \"{value}\"; type 14d, 2w or 2026-12-31", ["value": text])))
        }
        d.wash.items.append(HotWash.Item(text: item, owner: owner, due: due))
        d.pendingItem = nil
        d.pendingOwner = nil
        hotWashDraft = d
        showHotWash()
        return .success([])
    }

    /// Esc in the hot wash's prompts sets it aside, whole: `E`, then `h`, takes it up again.
    mutating func setHotWashAside() -> Bool {
        guard var d = hotWashDraft, !d.writing else { return false }
        switch interaction {
        case .prompt(let p) where p.purpose == .hotWash || p.purpose == .hotWashDue:
            d.typed = p.string
        case .picker(let p) where p.purpose == .hotWashOwner:
            break
        default:
            return false
        }
        hotWashDraft = d
        interaction = .none
        message = ConsoleMessage(text: tr("hot wash set aside, nothing lost: E, then h, takes it up again"), isError: false)
        return true
    }

    // MARK: Journal and writes

    /// Whether the shown drill has ended (nil: no drill shown), to see it end.
    var shownDrillEnded: Bool? {
        incident.flatMap { DrillScorer.drill(of: $0, in: state) }?.isEnded
    }

    /// The shown drill ended just now: the facilitator's console asks for the hot wash.
    mutating func drillMayHaveEnded(wasEnded: Bool?) {
        guard drillRole == .facilitator, replay == nil, wasEnded == false, shownDrillEnded == true else { return }
        guard let inc = incident, DrillScorer.drill(of: inc, in: state)?.hotWash.isEmpty == true else { return }
        if interaction == .none, hotWashDraft == nil || hotWashDraft?.incident == inc.id {
            _ = startHotWash()
        } else {
            message = ConsoleMessage(text: tr("the drill has ended: E, then h, for the hot wash"), isError: false)
        }
    }

    /// What the open prompt will write, noted before a write finishes changes it.
    var drillWritePending: (hotWash: Bool, observed: String?) {
        var observed: String?
        if case .prompt(let p) = interaction, case .observationNote(let id, _) = p.purpose { observed = id }
        return (hotWashDraft?.writing == true, observed)
    }

    /// A write finished: a recorded hot wash is done with; a mark goes back to the list; a refusal keeps everything.
    mutating func drillWriteFinished(_ pending: (hotWash: Bool, observed: String?), error: String?) {
        if pending.hotWash {
            if error == nil {
                let items = hotWashDraft?.wash.items.count ?? 0
                hotWashDraft = nil
                message = ConsoleMessage(
                    text: trn(
                        "hot wash recorded, {n} improvement item made a follow-up",
                        "hot wash recorded, {n} improvement items made follow-ups", items),
                    isError: false)
            } else {
                hotWashDraft?.writing = false
            }
        }
        if let id = pending.observed, error == nil { interaction = .expectations(id) }
    }
}
