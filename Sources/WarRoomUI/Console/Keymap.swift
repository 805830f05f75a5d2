import WarRoomCore

/// What a key does on the main screen (no prompt, picker or overlay open).
enum KeyAction: Hashable, Sendable {
    case focusNext, focusPrevious
    /// Scroll the focused pane, or move its selection, by this many rows.
    case move(Int)
    case detail, help, replay, filter, clearFilter, switchIncident
    case declare, presence, note, tick, assign, severity, phase, comms, counter, switchPlaybook
    case pauseDrill, releaseInject
    /// The open alerts, to declare an incident from one.
    case signals
    /// The open follow-ups (this console's person's first), and making one on the shown incident.
    case followUps, addFollowUp
    /// A drill's expectations and score, to mark observations on (facilitator and evaluators only).
    case expectations
    /// The review of an incident whose crisis has ended: the meeting held, then the report written.
    case review
    /// How far the outage reaches: local, regional, nationwide (a nationwide one meets L1).
    case scope
    /// The shown incident's statements, to approve, reject or publish one.
    case statements
    case repaint, quit
}

/// Where a binding applies.
enum KeyContext: Hashable, Sendable {
    /// The main screen, whatever pane has focus.
    case main
    /// The main screen while the shown incident is a running drill (its hints show only then).
    case drill
    /// As `drill`, on the facilitator's and evaluators' consoles only: players never see these keys.
    case drillStaff
}

/// One key binding: the keys, where they apply, what they do, and the footer's word for it.
struct KeyBinding: Sendable {
    var keys: [Key]
    /// Keys that do the same but are named only in the text of another row (Home and End as g and G).
    var quietKeys: [Key] = []
    var context: KeyContext = .main
    var action: KeyAction
    /// The footer hint, key and word ("n note"), in the language of the moment it is read
    /// (the keymap is built once; the words are asked for each time).
    private var hintText: (@Sendable () -> String)?
    var hint: String? { hintText?() }

    init(keys: [Key], quietKeys: [Key] = [], context: KeyContext = .main, action: KeyAction) {
        self.keys = keys
        self.quietKeys = quietKeys
        self.context = context
        self.action = action
    }

    init(
        keys: [Key], quietKeys: [Key] = [], context: KeyContext = .main, action: KeyAction,
        hint: @autoclosure @escaping @Sendable () -> String
    ) {
        self.init(keys: keys, quietKeys: quietKeys, context: context, action: action)
        hintText = hint
    }
}

/// One row of the `?` overlay and the bindings it describes.
struct KeymapEntry: Sendable {
    /// The keys and the text, in the language of the moment they are read.
    private var labelText: @Sendable () -> String
    private var helpText: @Sendable () -> String
    var label: String { labelText() }
    var help: String { helpText() }
    /// false for the key that opens the overlay itself.
    var inHelp = true
    /// Shown in the help only to the facilitator and evaluators (true), only to others (false), or to all (nil).
    var forDrillStaff: Bool?
    var bindings: [KeyBinding]

    init(
        label: @autoclosure @escaping @Sendable () -> String, help: @autoclosure @escaping @Sendable () -> String,
        inHelp: Bool = true, forDrillStaff: Bool? = nil, bindings: [KeyBinding]
    ) {
        labelText = label
        helpText = help
        self.inHelp = inHelp
        self.forDrillStaff = forDrillStaff
        self.bindings = bindings
    }
}

/// The console's keys, written once: `ConsoleModel.handleMain` dispatches through
/// `action(for:)`, the `?` overlay lists `helpLines`, the footer shows `hints`, and
/// KeymapTests compares the keys with README.md's table.
enum Keymap {
    static let entries: [KeymapEntry] = [
        KeymapEntry(
            label: "Tab  Shift-Tab", help: tr("focus the next / previous pane"),
            bindings: [
                KeyBinding(keys: [.tab], action: .focusNext, hint: tr("Tab pane", context: "key hint")),
                KeyBinding(keys: [.backTab], action: .focusPrevious),
            ]),
        KeymapEntry(
            label: "↑ ↓  j k", help: tr("scroll, or move the selection"),
            bindings: [
                KeyBinding(keys: [.up, .char("k")], action: .move(-1), hint: tr("↑↓ scroll", context: "key hint")),
                KeyBinding(keys: [.down, .char("j")], action: .move(1)),
            ]),
        KeymapEntry(
            label: "PgUp PgDn g G", help: tr("page, first, last (G follows the timeline)"),
            bindings: [
                KeyBinding(keys: [.pageUp], action: .move(-10)),
                KeyBinding(keys: [.pageDown], action: .move(10)),
                KeyBinding(keys: [.char("g")], quietKeys: [.home], action: .move(-1_000_000)),
                KeyBinding(keys: [.char("G")], quietKeys: [.end], action: .move(1_000_000)),
            ]),
        KeymapEntry(
            label: "Enter", help: tr("show a timeline event in full"),
            bindings: [KeyBinding(keys: [.enter], action: .detail, hint: tr("Enter detail", context: "key hint"))]),
        KeymapEntry(
            label: "n", help: tr("add a note (Tab in the prompt changes its kind)"),
            bindings: [KeyBinding(keys: [.char("n")], action: .note, hint: tr("n note", context: "key hint"))]),
        KeymapEntry(
            label: tr("space", context: "key"), help: tr("tick / untick the selected checklist item"),
            bindings: [KeyBinding(keys: [.char(" ")], action: .tick, hint: tr("space tick/untick", context: "key hint"))]),
        KeymapEntry(
            label: "a", help: tr("assign a role (pick the role, then the member)"),
            bindings: [KeyBinding(keys: [.char("a")], action: .assign, hint: tr("a assign", context: "key hint"))]),
        // The outage's scope shares the severity's row: the help has no row to spare at 80x24.
        KeymapEntry(
            label: "s  O", help: tr("change severity; set the outage's scope"),
            bindings: [
                KeyBinding(keys: [.char("s")], action: .severity, hint: tr("s severity", context: "key hint")),
                KeyBinding(keys: [.char("O")], action: .scope),
            ]),
        // The review shares the phase's row: the help has no row to spare at 80x24.
        KeymapEntry(
            label: "p  R", help: tr("set the phase; record the review"),
            bindings: [
                KeyBinding(keys: [.char("p")], action: .phase, hint: tr("p phase", context: "key hint")),
                KeyBinding(keys: [.char("R")], action: .review, hint: tr("R review", context: "key hint")),
            ]),
        // The statements share the communication's row: the help has no row to spare at 80x24.
        KeymapEntry(
            label: "c  S", help: tr("publish or draft a statement; statements to approve"),
            bindings: [
                KeyBinding(keys: [.char("c")], action: .comms, hint: tr("c comms", context: "key hint")),
                KeyBinding(keys: [.char("S")], action: .statements, hint: tr("S statements", context: "key hint")),
            ]),
        // The follow-ups share the counter's row: the help has no row to spare at 80x24.
        KeymapEntry(
            label: "#  f  F", help: tr("set a counter; add a follow-up; list follow-ups"),
            bindings: [
                KeyBinding(keys: [.char("#")], action: .counter, hint: tr("# counter", context: "key hint")),
                KeyBinding(keys: [.char("f")], action: .addFollowUp, hint: tr("f follow-up", context: "key hint")),
                KeyBinding(keys: [.char("F")], action: .followUps, hint: tr("F follow-ups", context: "key hint")),
            ]),
        // The open alerts share the declaration's row: the help has no row to spare at 80x24.
        KeymapEntry(
            label: "D  !  i", help: tr("declare; declare from an alert; switch incident"),
            bindings: [
                KeyBinding(keys: [.char("D")], action: .declare, hint: tr("D declare", context: "key hint")),
                KeyBinding(keys: [.char("!")], action: .signals, hint: tr("! alerts", context: "key hint")),
                KeyBinding(keys: [.char("i")], action: .switchIncident, hint: tr("i incident", context: "key hint")),
            ]),
        KeymapEntry(
            label: "m  B", help: tr("set your presence; switch the incident's playbook"),
            bindings: [
                KeyBinding(keys: [.char("m")], action: .presence, hint: tr("m presence", context: "key hint")),
                KeyBinding(keys: [.char("B")], action: .switchPlaybook),
            ]),
        KeymapEntry(
            label: "/  Esc", help: tr("filter the timeline as you type; Esc clears"),
            bindings: [
                KeyBinding(keys: [.char("/")], action: .filter, hint: tr("/ filter", context: "key hint")),
                KeyBinding(keys: [], quietKeys: [.escape], action: .clearFilter),
            ]),
        KeymapEntry(
            label: "T", help: tr("time travel: ←→ step, [ ] 5 min, { } phases, Esc live"),
            bindings: [KeyBinding(keys: [.char("T")], action: .replay, hint: tr("T replay", context: "key hint"))]),
        KeymapEntry(
            label: "P  I", help: tr("drill: pause / resume; release a manual inject"), forDrillStaff: false,
            bindings: [
                KeyBinding(keys: [.char("P")], context: .drill, action: .pauseDrill, hint: tr("P pause", context: "key hint")),
                KeyBinding(keys: [.char("I")], context: .drill, action: .releaseInject, hint: tr("I inject", context: "key hint")),
            ]),
        // The facilitator's and evaluators' version of the row above: the help has no row to spare at 80x24.
        KeymapEntry(
            label: "P  I  E", help: tr("drill: pause; release an inject; expectations, score"), forDrillStaff: true,
            bindings: [
                KeyBinding(
                    keys: [.char("E")], context: .drillStaff, action: .expectations, hint: tr("E expectations", context: "key hint"))
            ]),
        KeymapEntry(
            label: "Ctrl-L  q", help: tr("repaint the screen; quit"),
            bindings: [
                KeyBinding(keys: [.ctrl("l")], action: .repaint),
                KeyBinding(keys: [.char("q")], action: .quit, hint: tr("q quit", context: "key hint")),
            ]),
        KeymapEntry(
            label: "?", help: tr("help"), inHelp: false,
            bindings: [KeyBinding(keys: [.char("?")], action: .help, hint: tr("? help", context: "key hint"))]),
        KeymapEntry(label: tr("record …", context: "key"), help: tr("intact: no line changed; TAMPERED: warroom check"), bindings: []),
        KeymapEntry(
            label: tr("In prompts", context: "key"), help: tr("←→ Home End move, Ctrl-U clears, Esc cancels"), bindings: []),
    ]

    static let bindings: [KeyBinding] = entries.flatMap(\.bindings)

    /// What a key does on the main screen, if anything.
    static func action(for key: Key) -> KeyAction? {
        bindings.first { $0.keys.contains(key) || $0.quietKeys.contains(key) }?.action
    }

    /// The rows of the `?` overlay on a console that is no drill's facilitator's or evaluator's.
    static var helpLines: [(keys: String, text: String)] { helpLines(drillStaff: false) }

    /// The rows of the `?` overlay for this console: the expectations' key only where it applies.
    static func helpLines(for model: ConsoleModel) -> [(keys: String, text: String)] {
        helpLines(drillStaff: model.drillRole.seesExpectations && model.incident?.drill == true)
    }

    static func helpLines(drillStaff: Bool) -> [(keys: String, text: String)] {
        entries.filter { $0.inHelp && ($0.forDrillStaff ?? drillStaff) == drillStaff }.map { ($0.label, $0.help) }
    }

    /// The footer leads with what the focused pane takes, then a running drill's keys, then the rest.
    static let paneHints: [Pane: [KeyAction]] = [
        .timeline: [.focusNext, .move(-1), .filter, .detail, .replay],
        .roster: [.focusNext, .move(-1), .assign, .presence],
        .checklist: [.focusNext, .move(-1), .tick],
        .kpis: [.focusNext, .move(-1), .counter],
    ]
    static let drillHints: [KeyAction] = [.pauseDrill, .releaseInject]
    static let commonHints: [KeyAction] = [.note, .severity, .phase, .comms, .counter, .assign, .declare, .switchIncident, .help, .quit]

    /// A binding's footer hint; the checklist's arrows move a selection rather than scroll.
    static func hint(_ action: KeyAction, in pane: Pane) -> String? {
        if pane == .checklist, action == .move(-1) { return tr("↑↓ select", context: "key hint") }
        return bindings.first { $0.action == action }?.hint
    }

    /// The footer's key hints for what is open.
    static func hints(_ model: ConsoleModel) -> String {
        switch model.interaction {
        case .picker(let p):
            if case .channel = p.purpose { return tr("↑↓ choose · or type the channel · Enter select · Esc cancel") }
            return p.allowsFreeText
                ? tr("↑↓ choose · type a name · Enter select · Esc cancel")
                : tr("↑↓ or 1-9 choose · type to narrow · Enter select · Esc cancel")
        case .help, .detail:
            return tr("any key closes")
        case .signals:
            return tr("↑↓ choose · Enter declare from it · Esc close")
        case .followUps:
            return tr("↑↓ choose · d done · x drop · f add · Esc close")
        case .expectations:
            return model.drillRole == .facilitator
                ? tr("↑↓ choose · m met · p partly · x missed · h hot wash · Esc close")
                : tr("↑↓ choose · m met · p partly · x missed · Esc close")
        case .statements:
            return tr("↑↓ choose · a approve · r reject · p publish · Esc close")
        case .prompt, .none:
            break
        }
        var actions = paneHints[model.focus] ?? []
        if model.drill.map({ !$0.isEnded }) == true {
            // Players get no hint of the injects to come, nor of the expectations.
            actions += model.drillRole == .facilitator ? drillHints : [.pauseDrill]
        }
        if model.drillRole.seesExpectations, model.incident?.drill == true { actions.append(.expectations) }
        // Open alerts waiting for a decision: their key leads the common ones.
        if SignalList.anyAwaiting(model.state) { actions.append(.signals) }
        // Overdue follow-ups of this console's person: their list's key too.
        if !model.followUpsOverdueMine.isEmpty { actions.append(.followUps) }
        // A closed incident with its review still to record: the review's key.
        if model.reviewPending, model.incident?.isClosed == true { actions.append(.review) }
        // Drafts this console's person may approve: the statements' key too.
        if !model.statementsAwaitingMe.isEmpty { actions.append(.statements) }
        actions += commonHints
        return actions.compactMap { hint($0, in: model.focus) }.joined(separator: " · ")
    }

    /// How README.md and the help write a key.
    static func name(_ key: Key) -> String {
        switch key {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .resize: return "resize"
        case .function(let n): return "F\(n)"
        }
    }
}
