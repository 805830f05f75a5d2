import Foundation
import WarRoomCore

/// The console's state and its reaction to keys: pure, tested without a terminal.
public struct ConsoleModel {
    public var state: JournalState
    public var catalog: PlaybookCatalog
    public var journalPath: String
    /// Who this console acts as: the member its presence key sets.
    public var me: String?
    public var pendingBytes = 0
    /// The tamper-evidence chain as the reader verified it (nil when not verified).
    public var chain: ChainStatus?
    /// Set when others than the owner and group may write the journal.
    public var worldWritable = false
    public var live: LiveStatus = .following
    public var readOnlyReason: String?
    public var focus: Pane = .timeline
    /// The incident shown; nil shows the default (most recent open) incident.
    public var pinnedIncident: String?
    /// Timeline lines scrolled up from the newest; 0 follows new events.
    public var timelineScroll = 0
    /// Rows the timeline pane shows (set from the layout), to stop scrolling at a full first page.
    public var timelineRows = 1
    /// The terminal's size as the last `.resized` said; the layout is computed from it before drawing.
    public internal(set) var screenSize: (width: Int, height: Int)?
    /// The time of the message `update` last took: the model never reads the wall clock itself.
    public internal(set) var clock = Date(timeIntervalSince1970: 0)
    /// An append asked for and not yet finished: the prompt keeps its text meanwhile.
    public internal(set) var appendPending = false
    /// Whether that append declares an incident (shown once it lands).
    var pendingDeclaration = false
    public var newBelow = 0
    public var checklistSelection = 0
    public var rosterScroll = 0
    public var kpiScroll = 0
    public var filter: String?
    public var interaction: Interaction = .none
    public var message: ConsoleMessage?
    /// The text of a notice the journal itself gave (an incident closed, the journal reloaded):
    /// news a finishing write must not wipe, whichever of the two the loop hears first.
    var journalNotice: String?
    /// Told once, in the footer, when there is no UTF-8 locale.
    public var asciiNotice = false
    public var timeZone: TimeZone = .current
    /// Scenarios of the drills in the journal, by name (for hand-released injects).
    public var scenarios: [String: Scenario] = [:]
    /// Scenarios already asked of the disk, found or not: a drill whose scenario file is not on
    /// this host would otherwise send the loop to the disk again on every appended line.
    var scenariosAsked: Set<String> = []
    /// Time travel: while set, `state` is the journal as of `replay.position`
    /// and `liveState` keeps receiving what is appended meanwhile.
    public internal(set) var replay: ReplayCursor?
    public internal(set) var liveState: JournalState?
    /// Who this console serves in a drill: players never see expectations, scores or observations.
    public var drillRole: DrillRole = .player
    /// The hot wash being taken (facilitator), kept whole while its prompts come and go.
    public internal(set) var hotWashDraft: HotWashDraft?
    /// The incident whose timeline was asked of the journal (see `timelineWanted`).
    public internal(set) var timelineAsked: String?
    /// The shown incident and its timeline rows when its timeline was last held: an incident that
    /// closes on screen is without its timeline until it is read back, and new events below must
    /// count from what was shown, not from nothing.
    var lastHeldRows: (id: String, count: Int)?
    /// Set while the journal's state is lent to the reader (see ConsoleModel+Lending).
    var lentBasis: UpdateBasis?

    public init(state: JournalState, catalog: PlaybookCatalog, journalPath: String) {
        self.state = state
        self.catalog = catalog
        self.journalPath = journalPath
    }

    // MARK: What is shown

    public var incident: Incident? {
        if let id = pinnedIncident, let inc = state.incidents[id] { return inc }
        return state.defaultIncident
    }

    public var playbook: Playbook? { catalog.playbook(named: incident?.playbook) }

    /// The drill the shown incident belongs to, if it is one.
    public var drill: DrillRun? { incident.flatMap { state.drills[$0.id] } }

    /// Manual injects of the shown drill not yet released.
    public var pendingManualInjects: [Inject] {
        guard let run = drill, let sc = scenarios[run.scenario] else { return [] }
        return sc.manualInjects.filter { !run.hasFired($0.id) }
    }

    public func kpis(now: Date) -> IncidentKPIs? {
        guard let inc = incident else { return nil }
        return KPIEngine.compute(
            incident: inc, playbook: playbook, policy: catalog.policy(for: inc), now: now,
            timescale: state.timescale(for: inc.id))
    }

    /// Timeline entries after the filter.
    public var timelineEntries: [TimelineEntry] {
        guard let inc = incident else { return [] }
        // The notifier's claims are its bookkeeping (a message about to be sent): the timeline shows
        // what became of them (sent, failed); the claim stays in the journal and `warroom log`.
        // (A journal without the notifier's lines keeps the timeline as it is, uncopied.)
        var timeline = state.notifyMessages.isEmpty ? inc.timeline : inc.timeline.filter { $0.event.kind != .notifyClaimed }
        // Evaluators' marks would tell players what is expected of them: theirs to read in the report.
        if inc.drill, !drillRole.seesExpectations { timeline = timeline.filter { $0.event.kind != .drillObserved } }
        guard let f = filter?.lowercased(), !f.isEmpty else { return timeline }
        return timeline.filter { entry in
            let e = entry.event
            if e.actor.lowercased().contains(f) || e.type.lowercased().contains(f) { return true }
            if (e.string("kind") ?? "").lowercased() == f { return true }
            return sentence(entry).lowercased().contains(f)
        }
    }

    /// The sentence for a timeline entry, with the severity it changed from, and a ticked item
    /// named from the playbook it was ticked under (a switch since must not leave its raw id).
    public func sentence(_ entry: TimelineEntry) -> String {
        let prev = incident?.severityHistory.first(where: { $0.line == entry.line })?.from
        let (inc, catalog, at) = (incident, catalog, entry.event.ts)
        return EventSentence.describe(entry.event, previousSeverity: prev) {
            EventSentence.itemText($0, at: at, incident: inc, catalog: catalog)
        }
    }

    // MARK: Journal updates

    /// The journal changed: take the new state, keep the view anchored.
    public mutating func journalUpdated(_ newState: JournalState, pendingBytes: Int, reloaded reason: String?) {
        let basis = lentBasis ?? updateBasis
        lentBasis = nil
        if replay != nil {
            liveState = newState
            self.pendingBytes = pendingBytes
            if let reason {
                stopReplay()
                message = ConsoleMessage(text: tr("journal reloaded: {reason}; replay ended", ["reason": reason]), isError: true)
            }
            return
        }
        let (beforeID, before, wasOpen) = (basis.shownID, basis.shownRows, basis.shownOpen)
        state = newState
        self.pendingBytes = pendingBytes
        if let id = beforeID, wasOpen, pinnedIncident == nil, state.incidents[id]?.isClosed == true {
            // Closing must not blank the screen: the closed incident stays until another is picked with i.
            pinnedIncident = id
            message = ConsoleMessage(text: tr("{id} is closed; it stays shown until you pick another with i", ["id": id]), isError: false)
            journalNotice = message?.text
        }
        if let reason {
            message = ConsoleMessage(text: tr("journal reloaded: {reason}", ["reason": reason]), isError: false)
            journalNotice = message?.text
            timelineScroll = 0
            newBelow = 0
        }
        let after = timelineEntries.count
        if let inc = incident, inc.holdsTimeline { lastHeldRows = (inc.id, after) }
        if incident?.id == beforeID, after > before, timelineScroll > 0 {
            timelineScroll += after - before
            newBelow += after - before
        }
        if incident?.id != beforeID {
            timelineScroll = 0
            newBelow = 0
            checklistSelection = 0
        }
    }

    /// The writer accepted (nil) or refused an append. A refused append keeps
    /// the prompt and everything typed in it.
    public mutating func appendFinished(error: String?) {
        if let error {
            // Holds while the prompt keeps the refused text: replaced by the retry's outcome or by Esc.
            message = ConsoleMessage(text: error, isError: true, lasting: true)
        } else {
            if case .prompt = interaction { interaction = .none }
            if case .picker = interaction { interaction = .none }
        }
    }

    // MARK: Keys

    public mutating func handle(_ key: Key) -> [ConsoleCommand] {
        if key == .escape, setHotWashAside() { return [] }
        switch interaction {
        case .prompt(var p):
            let out = handlePrompt(&p, key)
            return out
        case .picker(var p):
            return handlePicker(&p, key)
        case .help, .detail:
            if key == .char("q") { return [.quit] }
            interaction = .none
            return []
        case .signals:
            return handleSignals(key)
        case .followUps:
            return handleFollowUps(key)
        case .expectations:
            return handleExpectations(key)
        case .statements:
            return handleStatements(key)
        case .none:
            if let handled = handleReplay(key) { return handled }
            return handleMain(key)
        }
    }

    /// Keys on the main screen, dispatched through the one keymap (Keymap.swift).
    mutating func handleMain(_ key: Key) -> [ConsoleCommand] {
        guard let action = Keymap.action(for: key) else { return [] }
        switch action {
        case .quit: return [.quit]
        case .repaint: return [.repaint]
        case .focusNext:
            // Pane's raw values are its positions in allCases, so the array is indexed directly.
            focus = Pane.allCases[(focus.rawValue + 1) % Pane.allCases.count]
        case .focusPrevious:
            focus = Pane.allCases[(focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count]
        case .move(let delta): move(delta)
        case .detail:
            if focus == .timeline, let entry = visibleSelectionEntry() { interaction = .detail(entry) }
        case .help: interaction = .help
        case .signals: openSignals()
        case .followUps: openFollowUps()
        case .statements: openStatements()
        case .addFollowUp: return addFollowUpKey()
        case .expectations: openExpectations()
        case .review: return reviewKey()
        case .scope: return scopeKey()
        case .replay:
            if state.eventsApplied == 0 {
                message = ConsoleMessage(text: tr("nothing to replay yet"), isError: false)
                return []
            }
            return [.enterReplay]
        case .filter:
            // Filters as you type, from nothing: a new search, not an edit of the last one.
            filter = nil
            timelineScroll = 0
            newBelow = 0
            interaction = .prompt(
                TextPrompt(label: tr("filter:"), purpose: .filter, hint: tr("text, actor or kind · Enter keeps · Esc clears")))
        case .clearFilter:
            if filter != nil {
                filter = nil
                message = ConsoleMessage(text: tr("filter cleared"), isError: false)
            }
        case .switchIncident:
            let list = state.orderedIncidents.reversed().map { inc in
                PickerOption(
                    label: "\(inc.severity.displayLabel) \(inc.id) \(inc.title)", value: inc.id,
                    detail: inc.isClosed
                        ? ConsoleWords.phase(.closed) : ConsoleWords.phase(inc.phase) + (inc.drill ? " " + tr("DRILL") : ""))
            }
            if list.isEmpty {
                message = ConsoleMessage(text: tr("no incidents yet: press D to declare one"), isError: false)
            } else {
                interaction = .picker(Picker(title: tr("Switch incident"), options: Array(list), purpose: .incident))
            }
        case .declare:
            if let why = cannotWrite() { return refuse(why) }
            interaction = .picker(Picker(title: tr("Declare: severity"), options: severityOptions(), purpose: .declareSeverity))
        case .presence:
            if let why = cannotWrite() { return refuse(why) }
            presenceKey()
        case .note, .severity, .phase, .comms, .counter, .assign, .tick, .switchPlaybook:
            return actionKey(key)
        case .pauseDrill, .releaseInject:
            return drillKey(key)
        }
        return []
    }

    mutating func actionKey(_ key: Key) -> [ConsoleCommand] {
        if let why = cannotWrite() { return refuse(why) }
        guard let inc = incident else {
            message = ConsoleMessage(text: tr("no active incident: press D to declare one"), isError: false)
            return []
        }
        switch key {
        case .char("n"):
            // The text first: a commander types the note at once; Tab changes the kind.
            interaction = .prompt(NoteKindCycle.prompt(.observation))
        case .char("s"):
            var p = Picker(
                title: tr("Severity (now {severity})", ["severity": inc.severity.displayLabel]), options: severityOptions(),
                purpose: .severity)
            if let sug = kpis(now: clock).flatMap({ $0.suggestions.first }) {
                p.selected = sug.severity.rawValue - 1
            }
            interaction = .picker(p)
        case .char("p"):
            var p = Picker(
                title: tr("Phase (now {phase})", ["phase": ConsoleWords.phase(inc.phase)]),
                options: Phase.allCases.map { PickerOption(label: ConsoleWords.phase($0), value: $0.rawValue) }, purpose: .phase)
            p.selected = min(Phase.allCases.count - 1, (Phase.allCases.firstIndex(of: inc.phase) ?? 0) + 1)
            interaction = .picker(p)
        case .char("c"):
            interaction = .picker(
                Picker(
                    title: tr("Publish to"),
                    options: Audience.allCases.map { PickerOption(label: ConsoleWords.audience($0), value: $0.rawValue) },
                    purpose: .audience))
        case .char("#"):
            interaction = .prompt(TextPrompt(label: tr("counter name (e.g. complaints):"), purpose: .counterName))
        case .char("a"):
            let required = playbook?.requiredRoles(at: inc.severity) ?? []
            var roles = required
            for r in catalog.knownRoles(for: inc) where !roles.contains(r) { roles.append(r) }
            let options = roles.map { r in
                PickerOption(label: ConsoleWords.role(r), value: r, detail: inc.roles[r] ?? (required.contains(r) ? tr("unfilled") : nil))
            }
            var p = Picker(title: tr("Assign role"), options: options, purpose: .role)
            p.allowsFreeText = false
            interaction = .picker(p)
        case .char("B"):
            switchPlaybookKey(inc)
        case .char(" "):
            guard focus == .checklist else {
                message = ConsoleMessage(text: tr("space ticks an item: Tab to the Checklist pane first"), isError: false)
                return []
            }
            let entries = kpis(now: clock)?.checklist ?? []
            guard !entries.isEmpty else {
                message = ConsoleMessage(text: tr("the checklist is empty"), isError: false)
                return []
            }
            let e = entries[min(checklistSelection, entries.count - 1)]
            return actOrSay(e.isDone ? .untick(item: e.id) : .tick(item: e.id))
        default:
            break
        }
        return []
    }

    mutating func drillKey(_ key: Key) -> [ConsoleCommand] {
        if let why = cannotWrite() { return refuse(why) }
        guard incident != nil, let run = drill else {
            message = ConsoleMessage(text: tr("P and I steer a drill: the shown incident is not a drill"), isError: false)
            return []
        }
        if run.isEnded {
            message = ConsoleMessage(text: tr("the drill has ended"), isError: false)
            return []
        }
        if key == .char("P") {
            return actOrSay(run.isPaused ? .resumeDrill : .pauseDrill)
        }
        // The release list names the injects to come: the controller's, never a player's.
        if drillRole != .facilitator {
            message = ConsoleMessage(
                text: tr("releasing injects is the facilitator's: open the console with --role facilitator"), isError: false)
            return []
        }
        guard scenarios[run.scenario] != nil else {
            message = ConsoleMessage(
                text: tr("scenario {name} not found here, so its manual injects are unknown (set WARROOM_DATA)", ["name": run.scenario]),
                isError: true)
            return []
        }
        let pending = pendingManualInjects
        if pending.isEmpty {
            message = ConsoleMessage(text: tr("no manual injects left to release"), isError: false)
            return []
        }
        interaction = .picker(
            Picker(
                title: tr("Release inject"), options: pending.map { PickerOption(label: $0.localizedTitle, value: $0.id, detail: $0.id) },
                purpose: .inject))
        return []
    }

    func severityOptions() -> [PickerOption] {
        [
            PickerOption(label: Severity.l1.displayLabelWithCode + "  " + tr("business down or major data leak"), value: "1"),
            PickerOption(label: Severity.l2.displayLabelWithCode + "  " + tr("severe impact or widespread complaints"), value: "2"),
            PickerOption(label: Severity.l3.displayLabelWithCode + "  " + tr("local problem"), value: "3"),
        ]
    }

    func cannotWrite() -> String? {
        readOnlyReason.map { tr("read-only: {reason}", ["reason": $0]) }
    }

    mutating func refuse(_ why: String) -> [ConsoleCommand] {
        message = ConsoleMessage(text: why, isError: true)
        return []
    }

    mutating func move(_ delta: Int) {
        switch focus {
        case .timeline:
            // Scrolling stops at a full first page.
            let count = timelineEntries.count
            let rowsShown = max(1, timelineRows - 1)
            timelineScroll = max(0, min(max(0, count - rowsShown), timelineScroll - delta))
            if timelineScroll == 0 { newBelow = 0 }
            newBelow = min(newBelow, timelineScroll)
        case .checklist:
            let count = incident.map { Checklist.entries(for: $0, playbook: playbook).count } ?? 0
            checklistSelection = max(0, min(max(0, count - 1), checklistSelection + delta))
        case .roster:
            rosterScroll = max(0, min(200, rosterScroll + delta))
        case .kpis:
            kpiScroll = max(0, min(200, kpiScroll + delta))
        }
    }

    /// Where the timeline's selection is, as an index into `timelineEntries`: the newest
    /// visible line when scrolled up (drawn highlighted), nil while following the newest.
    public var timelineSelection: Int? {
        let count = timelineEntries.count
        guard timelineScroll > 0, count > 0 else { return nil }
        return max(0, count - 1 - timelineScroll)
    }

    /// The timeline entry Enter opens: the selection, else the newest event.
    func visibleSelectionEntry() -> Int? {
        let entries = timelineEntries
        guard !entries.isEmpty else { return nil }
        return entries[timelineSelection ?? entries.count - 1].line
    }
}
