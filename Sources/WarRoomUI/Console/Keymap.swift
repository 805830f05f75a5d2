/// What a key does on the main screen (no prompt, picker or overlay open).
enum KeyAction: Hashable, Sendable {
    case focusNext, focusPrevious
    /// Scroll the focused pane, or move its selection, by this many rows.
    case move(Int)
    case detail, help, replay, filter, clearFilter, switchIncident
    case declare, presence, note, tick, assign, severity, phase, comms, counter, switchPlaybook
    case pauseDrill, releaseInject
    case repaint, quit
}

/// Where a binding applies.
enum KeyContext: Hashable, Sendable {
    /// The main screen, whatever pane has focus.
    case main
    /// The main screen while the shown incident is a running drill (its hints show only then).
    case drill
}

/// One key binding: the keys, where they apply, what they do, and the footer's word for it.
struct KeyBinding: Sendable {
    var keys: [Key]
    /// Keys that do the same but are named only in the text of another row (Home and End as g and G).
    var quietKeys: [Key] = []
    var context: KeyContext = .main
    var action: KeyAction
    /// The footer hint, key and word ("n note").
    var hint: String?
}

/// One row of the `?` overlay and the bindings it describes.
struct KeymapEntry: Sendable {
    var label: String
    var help: String
    /// false for the key that opens the overlay itself.
    var inHelp = true
    var bindings: [KeyBinding]
}

/// The console's keys, written once: `ConsoleModel.handleMain` dispatches through
/// `action(for:)`, the `?` overlay lists `helpLines`, the footer shows `hints`, and
/// KeymapTests compares the keys with README.md's table.
enum Keymap {
    static let entries: [KeymapEntry] = [
        KeymapEntry(
            label: "Tab  Shift-Tab", help: "focus the next / previous pane",
            bindings: [
                KeyBinding(keys: [.tab], action: .focusNext, hint: "Tab pane"),
                KeyBinding(keys: [.backTab], action: .focusPrevious),
            ]),
        KeymapEntry(
            label: "↑ ↓  j k", help: "scroll, or move the selection",
            bindings: [
                KeyBinding(keys: [.up, .char("k")], action: .move(-1), hint: "↑↓ scroll"),
                KeyBinding(keys: [.down, .char("j")], action: .move(1)),
            ]),
        KeymapEntry(
            label: "PgUp PgDn g G", help: "page, first, last (G follows the timeline)",
            bindings: [
                KeyBinding(keys: [.pageUp], action: .move(-10)),
                KeyBinding(keys: [.pageDown], action: .move(10)),
                KeyBinding(keys: [.char("g")], quietKeys: [.home], action: .move(-1_000_000)),
                KeyBinding(keys: [.char("G")], quietKeys: [.end], action: .move(1_000_000)),
            ]),
        KeymapEntry(
            label: "Enter", help: "show a timeline event in full",
            bindings: [KeyBinding(keys: [.enter], action: .detail, hint: "Enter detail")]),
        KeymapEntry(
            label: "n", help: "add a note (Tab in the prompt changes its kind)",
            bindings: [KeyBinding(keys: [.char("n")], action: .note, hint: "n note")]),
        KeymapEntry(
            label: "space", help: "tick / untick the selected checklist item",
            bindings: [KeyBinding(keys: [.char(" ")], action: .tick, hint: "space tick/untick")]),
        KeymapEntry(
            label: "a", help: "assign a role (pick the role, then the member)",
            bindings: [KeyBinding(keys: [.char("a")], action: .assign, hint: "a assign")]),
        KeymapEntry(
            label: "s", help: "change severity",
            bindings: [KeyBinding(keys: [.char("s")], action: .severity, hint: "s severity")]),
        KeymapEntry(
            label: "p", help: "set the phase, with an optional note",
            bindings: [KeyBinding(keys: [.char("p")], action: .phase, hint: "p phase")]),
        KeymapEntry(
            label: "c", help: "publish a communication (audience, channel, text)",
            bindings: [KeyBinding(keys: [.char("c")], action: .comms, hint: "c comms")]),
        KeymapEntry(
            label: "#", help: "set a counter (name, then value)",
            bindings: [KeyBinding(keys: [.char("#")], action: .counter, hint: "# counter")]),
        KeymapEntry(
            label: "D  i", help: "declare (severity, title, playbook…); switch incident",
            bindings: [
                KeyBinding(keys: [.char("D")], action: .declare, hint: "D declare"),
                KeyBinding(keys: [.char("i")], action: .switchIncident, hint: "i incident"),
            ]),
        KeymapEntry(
            label: "m  B", help: "set your presence; switch the incident's playbook",
            bindings: [
                KeyBinding(keys: [.char("m")], action: .presence, hint: "m presence"),
                KeyBinding(keys: [.char("B")], action: .switchPlaybook),
            ]),
        KeymapEntry(
            label: "/  Esc", help: "filter the timeline as you type; Esc clears",
            bindings: [
                KeyBinding(keys: [.char("/")], action: .filter, hint: "/ filter"),
                KeyBinding(keys: [], quietKeys: [.escape], action: .clearFilter),
            ]),
        KeymapEntry(
            label: "T", help: "time travel: ←→ step, [ ] 5 min, { } phases, Esc live",
            bindings: [KeyBinding(keys: [.char("T")], action: .replay, hint: "T replay")]),
        KeymapEntry(
            label: "P  I", help: "drill: pause / resume; release a manual inject",
            bindings: [
                KeyBinding(keys: [.char("P")], context: .drill, action: .pauseDrill, hint: "P pause"),
                KeyBinding(keys: [.char("I")], context: .drill, action: .releaseInject, hint: "I inject"),
            ]),
        KeymapEntry(
            label: "Ctrl-L  q", help: "repaint the screen; quit",
            bindings: [
                KeyBinding(keys: [.ctrl("l")], action: .repaint),
                KeyBinding(keys: [.char("q")], action: .quit, hint: "q quit"),
            ]),
        KeymapEntry(label: "?", help: "help", inHelp: false, bindings: [KeyBinding(keys: [.char("?")], action: .help, hint: "? help")]),
        KeymapEntry(label: "record …", help: "intact: no line changed; TAMPERED: warroom check", bindings: []),
        KeymapEntry(label: "In prompts", help: "←→ Home End move, Backspace, Ctrl-U clears, Esc cancels", bindings: []),
    ]

    static let bindings: [KeyBinding] = entries.flatMap(\.bindings)

    /// What a key does on the main screen, if anything.
    static func action(for key: Key) -> KeyAction? {
        bindings.first { $0.keys.contains(key) || $0.quietKeys.contains(key) }?.action
    }

    /// The rows of the `?` overlay.
    static var helpLines: [(keys: String, text: String)] {
        entries.filter(\.inHelp).map { ($0.label, $0.help) }
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
        if pane == .checklist, action == .move(-1) { return "↑↓ select" }
        return bindings.first { $0.action == action }?.hint
    }

    /// The footer's key hints for what is open.
    static func hints(_ model: ConsoleModel) -> String {
        switch model.interaction {
        case .picker(let p):
            if case .channel = p.purpose { return "↑↓ choose · or type the channel · Enter select · Esc cancel" }
            return p.allowsFreeText
                ? "↑↓ choose · type a name · Enter select · Esc cancel" : "↑↓ or 1-9 choose · type to narrow · Enter select · Esc cancel"
        case .help, .detail:
            return "any key closes"
        case .prompt, .none:
            break
        }
        var actions = paneHints[model.focus] ?? []
        if model.drill.map({ !$0.isEnded }) == true { actions += drillHints }
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
