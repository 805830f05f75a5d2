import ArgumentParser
import Foundation
import WarRoomCore

/// `warroom drill observe`: an evaluator marks an expectation met, partly or missed, with a note.
struct ObserveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observe",
        abstract: tr("Mark a drill's expectation met, partly or missed, as an evaluator (the score uses the latest mark)."))
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("The drill incident (default: the most recent drill)."), valueName: "id")) var incident: String?
    @Option(help: ArgumentHelp(tr("The scenario file, if not found by the name the journal records."))) var scenario: String?
    @Option(help: ArgumentHelp(tr("What the evaluator saw."))) var note: String?
    @Argument(help: ArgumentHelp(tr("The expectation's id (`warroom drill score` lists them)."))) var expectation: String
    @Argument(help: ArgumentHelp(tr("met, partly or missed."))) var rating: String

    func run() throws {
        guard let r = ObservationRating(rawValue: rating.lowercased()) else {
            throw CLIError(tr("the rating must be met, partly or missed, not \"{value}\"", ["value": rating]))
        }
        let state = try options.load().state
        let run = try Drill.chosenDrill(incident, in: state, shown: options.shown)
        // A drill run by hand has no scenario: the action says so rather than a missing file.
        let known = run.byHand ? [] : try Drill.scenario(of: run, in: state, file: scenario).expectations.map(\.id)
        try performOnDrill(options, run, .observe(expectation: expectation, rating: r, note: note, known: known))
    }
}

/// `warroom drill hotwash`: the debrief after a drill, from the command line as from the facilitator's console.
struct HotWashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotwash",
        abstract: tr("Record a drill's hot wash: strengths, gaps, and improvement items that become follow-up actions."),
        discussion: tr(
            "Each --improve needs an owner and a due date: give --owner and --due once for all of them, or once per item in the same order."
        ))
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("The drill incident (default: the most recent drill)."), valueName: "id")) var incident: String?
    @Option(help: ArgumentHelp(tr("Something that went well (repeat for more)."))) var strength: [String] = []
    @Option(help: ArgumentHelp(tr("Something to change (repeat for more)."))) var gap: [String] = []
    @Option(help: ArgumentHelp(tr("An improvement item, made a follow-up action (repeat for more)."))) var improve: [String] = []
    @Option(help: ArgumentHelp(tr("Who owns the improvement items (a member's login or name)."))) var owner: [String] = []
    @Option(help: ArgumentHelp(tr("When they are due: a duration from now (14d, 2w) or a date (2026-12-31)."))) var due: [String] = []

    func run() throws {
        let items = try HotWashCommand.items(improve, owners: owner, dues: due, now: Date())
        let wash = HotWash(strengths: strength, gaps: gap, items: items)
        let state = try options.load().state
        let run = try Drill.chosenDrill(incident, in: state, shown: options.shown)
        try performOnDrill(options, run, .hotWash(wash))
    }

    /// Pairs each item with its owner and due date: one of each for all, or one per item.
    static func items(_ texts: [String], owners: [String], dues: [String], now: Date) throws -> [HotWash.Item] {
        if texts.isEmpty {
            if !owners.isEmpty || !dues.isEmpty { throw CLIError(tr("--owner and --due go with --improve ITEM; give the item too")) }
            return []
        }
        func pick(_ list: [String], _ k: Int, _ option: String) throws -> String {
            if list.count == 1 { return list[0] }
            guard list.count == texts.count else {
                throw CLIError(
                    tr(
                        "every improvement item needs {option}: give it once for all {n} items, or once per item (got {got})",
                        ["option": option, "n": String(texts.count), "got": String(list.count)]))
            }
            return list[k]
        }
        return try texts.indices.map { k in
            let owner = try pick(owners, k, "--owner")
            let due = try FollowUpCommand.parseDue(try pick(dues, k, "--due"), now: now)
            return HotWash.Item(text: texts[k], owner: owner, due: due)
        }
    }
}

/// Appends `action` on the drill's incident, checked under the lock, and prints what was written.
private func performOnDrill(_ options: JournalOptions, _ run: DrillRun, _ action: Action) throws {
    let events = try perform(options, action) { (state) throws(EventError) -> Incident? in
        guard let inc = state.incidents[run.incident] else {
            throw EventError(
                tr("the drill's incident {incident} was never declared in {path}", ["incident": run.incident, "path": options.shown]))
        }
        return inc
    }
    for e in events {
        TerminalText.line(tr("{incident}: {sentence}", ["incident": e.incident ?? "", "sentence": EventSentence.describe(e)]))
    }
}
