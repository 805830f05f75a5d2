import ArgumentParser
import CNcursesw
import Foundation
import WarRoomCore
import WarRoomUI

#if canImport(Glibc)
    import Glibc
#endif

/// Written by signal handlers, read by the loop: a self-pipe turns SIGHUP,
/// SIGTERM and SIGINT into something poll(2) waits on.
nonisolated(unsafe) private var signalPipe: (read: Int32, write: Int32) = (-1, -1)

/// The console: one thread owns the terminal and waits in one place, poll(2)
/// on the keyboard, the journal follower and the signal pipe, with a timeout
/// to the next clock second. Nothing else wakes it.
final class ConsoleLoop {
    let options: JournalOptions
    let themeName: String?
    let file: JournalFile
    let follower: JournalFollower
    let writer: JournalWriter
    var model: ConsoleModel
    var screen: TerminalScreen!
    var dirty = true
    var lastClockSecond = -1
    /// When the clocks on screen next change (see ConsoleView.clockRefreshInterval).
    var nextClockRedraw = Date.distantPast
    var lastFstatPoll = Date.distantPast
    /// Set by WARROOM_TRACE: a file that gets one line per frame that showed new events.
    let trace: FileHandle?
    /// This console's id in its `member.status` lines (see ConsolePresence).
    let consoleID = String(Identity.newEventID().prefix(8))
    /// Whether this console has said its person is here (and so must say when it closes).
    var registered = false

    init(options: JournalOptions, themeName: String?) throws {
        self.options = options
        self.themeName = themeName
        file = JournalFile(path: options.path, keepsLog: true, verifiesChain: true)
        do {
            try file.refresh()
        } catch {
            throw CLIError(error.message)
        }
        follower = JournalFollower(file: file)
        writer = JournalWriter(path: options.path)
        model = ConsoleModel(state: file.state, catalog: PlaybookCatalog.load(), journalPath: options.path)
        model.pendingBytes = file.reader.pendingBytes
        model.me = options.actor
        model.chain = file.reader.chain
        if let why = ConsoleLoop.readOnlyReason(path: options.path) {
            model.readOnlyReason = why
            model.live = .readOnly
        }
        if let t = ProcessInfo.processInfo.environment["WARROOM_TRACE"], !t.isEmpty {
            FileManager.default.createFile(atPath: t, contents: nil)
            trace = FileHandle(forWritingAtPath: t)
        } else {
            trace = nil
        }
    }

    /// Set only by the tests: F12 then traps inside the console.
    static let testTrap = ProcessInfo.processInfo.environment["WARROOM_TEST_TRAP"] == "1"

    static func readOnlyReason(path: String) -> String? {
        if FileManager.default.fileExists(atPath: path) {
            return access(path, W_OK) == 0 ? nil : "you may read \(path) but not write it (check its group and mode)"
        }
        let dir = (path as NSString).deletingLastPathComponent
        return access(dir.isEmpty ? "." : dir, W_OK) == 0 ? nil : "cannot create \(path): its directory is not writable"
    }

    func run() throws -> Int32 {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError("the console needs a terminal; use `warroom render` or `warroom status` in scripts")
        }
        setlocale(LC_ALL, "")
        let utf8 = String(cString: wr_codeset()).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        var fds: [Int32] = [-1, -1]
        pipe(&fds)
        signalPipe = (fds[0], fds[1])
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        // A parent may have blocked these; a console that ignores a hang-up would outlive its terminal.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in [SIGHUP, SIGTERM, SIGINT] { sigaddset(&unblock, sig) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for sig in [SIGHUP, SIGTERM, SIGINT] {
            signal(sig) { s in
                var b = UInt8(truncatingIfNeeded: s)
                _ = write(signalPipe.write, &b, 1)
            }
        }
        signal(SIGPIPE, SIG_IGN)

        TerminalGuard.saveModes()
        // Declared before the terminal starts, so it runs after the terminal is restored.
        defer { closePresence() }
        guard initscr() != nil else { throw CLIError("cannot start the terminal (check TERM)") }
        TerminalGuard.install()
        defer {
            endwin()
            TerminalGuard.uninstall()
        }
        cbreak()
        noecho()
        nonl()
        keypad(wr_stdscr(), true)
        nodelay(wr_stdscr(), true)
        set_escdelay(Int32(ProcessInfo.processInfo.environment["WARROOM_ESCDELAY"].flatMap { Int($0) } ?? 25))
        curs_set(0)
        let (theme, warning) = Theme.resolve(themeName)
        screen = TerminalScreen(theme: theme, asciiOnly: !utf8)
        model.asciiNotice = !utf8
        // A bad theme or playbook stays wrong until fixed: those messages do not fade.
        if let warning { model.message = ConsoleMessage(text: warning, isError: true, lasting: true) }
        if let w = model.catalog.warnings.first { model.message = ConsoleMessage(text: w, isError: true, lasting: true) }
        loadScenarios()
        registerPresence()

        while true {
            let now = Date()
            let second = Int(now.timeIntervalSince1970)
            if second != lastClockSecond {
                lastClockSecond = second
                if (model.incident != nil || model.message != nil) && now >= nextClockRedraw { dirty = true }
            }
            // A message's fade counts from the first frame that shows it.
            model.stampMessage(now: now)
            if dirty { draw(now: now) }
            let msToNextSecond = Int32(max(1, 1000 - Int((now.timeIntervalSince1970 * 1000).truncatingRemainder(dividingBy: 1000))))
            var pfds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalPipe.read, events: Int16(POLLIN), revents: 0),
                pollfd(fd: follower.descriptor, events: Int16(POLLIN), revents: 0),
            ]
            let n = poll(&pfds, follower.descriptor >= 0 ? 3 : 2, msToNextSecond)
            let interrupted = n < 0 && errno == EINTR
            if n < 0 && !interrupted { throw CLIError("poll failed: \(String(cString: strerror(errno)))") }
            if pfds[1].revents != 0 {
                var b: UInt8 = 0
                _ = read(signalPipe.read, &b, 1)
                return b == UInt8(SIGINT) ? 0 : 128 + Int32(b)
            }
            if follower.descriptor >= 0 && pfds[2].revents != 0 {
                if follower.drain() { refreshJournal() }
            }
            // The slow fallback for file systems where inotify says nothing.
            if Date().timeIntervalSince(lastFstatPoll) >= follower.pollInterval {
                lastFstatPoll = Date()
                follower.ensureWatching()
                refreshJournal()
            }
            if pfds[0].revents & Int16(POLLHUP | POLLERR) != 0 { return 129 }
            // A SIGWINCH interrupts poll (EINTR): read keys now so ncurses hands over KEY_RESIZE
            // at once instead of at the next key or clock second.
            if pfds[0].revents != 0 || n == 0 || interrupted {
                if try readKeys() { return 0 }
            }
        }
    }

    func draw(now: Date) {
        // The same path as `warroom render` and the snapshot tests: panes draw into a grid,
        // and the screen copies the finished grid to the terminal.
        let grid = screen.newFrame()
        let frame = ConsoleView(model: model, now: now, glyphs: screen.asciiOnly ? .ascii : .unicode).drawFrame(on: grid)
        screen.flush(grid, cursor: frame.cursor)
        dirty = false
        // The layout the frame used (banner included) bounds scrolling; the clocks say when to draw again.
        model.timelineRows = frame.timelineRows
        nextClockRedraw = now.addingTimeInterval(frame.clockRefresh - 0.05)
    }

    func refreshJournal() {
        let before = file.reader.offset
        do {
            let update = try file.refresh()
            if model.live == .lagging, model.message?.lasting == true {
                // The read fault no longer holds.
                model.message = nil
                dirty = true
            }
            if model.readOnlyReason == nil { model.live = .following }
            switch update {
            case .unchanged:
                return
            case .appended:
                model.journalUpdated(file.state, pendingBytes: file.reader.pendingBytes, reloaded: nil)
            case .reloaded(let why):
                model.journalUpdated(file.state, pendingBytes: file.reader.pendingBytes, reloaded: why)
            }
            loadScenarios()
            model.chain = file.reader.chain
            dirty = true
            if let trace, file.reader.offset != before {
                draw(now: Date())
                trace.write(Data("\(RFC3339.format(Date())) \(file.state.lastEventAt.map(RFC3339.format) ?? "-")\n".utf8))
            }
        } catch {
            model.live = .lagging
            model.message = ConsoleMessage(text: error.message, isError: true, lasting: true)
            dirty = true
        }
    }

    /// Loads the scenario of each drill in the journal once, for hand-released injects.
    func loadScenarios() {
        for run in file.state.drills.values where model.scenarios[run.scenario] == nil {
            if let p = run.path, let sc = try? Scenario.load(path: p) {
                model.scenarios[run.scenario] = sc
            } else if let sc = try? ScenarioCatalog.load(run.scenario) {
                model.scenarios[run.scenario] = sc
            }
        }
    }

    /// Reads every key waiting; returns true to quit.
    func readKeys() throws -> Bool {
        while true {
            var ch: wint_t = 0
            let r = wget_wch(wr_stdscr(), &ch)
            if r == ERR { return false }
            guard let key = ConsoleLoop.key(r, ch) else { continue }
            // The end-to-end tests' way to crash the console on purpose and see the terminal restored.
            if key == .function(12), ConsoleLoop.testTrap { fatalError("WARROOM_TEST_TRAP: F12 pressed") }
            if key == .resize {
                // What the terminal shows after a resize is unknown (it reflows, clips or clears):
                // diffing against the old screen left stale or garbled frames, so repaint it all.
                screen.updateSize()
                screen.forceRepaint()
                dirty = true
                continue
            }
            for command in model.handle(key) {
                switch command {
                case .quit:
                    return true
                case .repaint:
                    screen.forceRepaint()
                case .append(let draft):
                    perform([draft])
                case .appendAll(let drafts):
                    perform(drafts)
                case .enterReplay:
                    model.startReplay(ReplayIndex(log: file.reader.log, full: file.state, lineCount: file.reader.lineCount))
                }
            }
            dirty = true
        }
    }

    func perform(_ drafts: [EventDraft]) {
        do {
            try writer.append { (state) throws(EventError) -> [Event] in
                // The model checked these against the state it was shown; another console may
                // have written since (released the same inject a moment ago).
                try Action.recheck(drafts, in: state)
                return Action.stamp(drafts, in: state, actor: options.actor, login: options.login, at: Date())
            }
            model.appendFinished(error: nil)
            model.message = nil
            if drafts.contains(where: { $0.kind == .incidentDeclared }) { model.pinnedIncident = nil }
            refreshJournal()
            // A console opened before the journal existed registers once its first write made it.
            registerPresence()
        } catch {
            model.appendFinished(error: error.message)
        }
    }

    // MARK: Presence

    /// Says this console's person is here: engaged, and on the shown incident's roster.
    /// Nothing is written by a read-only console, or before the journal exists (looking
    /// at a path must not create a journal).
    func registerPresence() {
        guard !registered, model.readOnlyReason == nil, FileManager.default.fileExists(atPath: options.path) else { return }
        let member = options.actor
        let shown = model.pinnedIncident
        let host = ConsoleSession.thisHost
        do {
            try writer.append { (state) throws(EventError) -> [Event] in
                let now = Date()
                let incident = shown.flatMap { state.incidents[$0] } ?? state.defaultIncident
                return ConsolePresence.opening(
                    member: member, console: consoleID, host: host, pid: Int(getpid()), incident: incident, in: state,
                    isGone: { $0.isGone(onHost: host) }
                ).map { $0.stamp(actor: options.actor, login: options.login, at: now) }
            }
            registered = true
            refreshJournal()
        } catch {
            model.message = ConsoleMessage(text: "could not say you are here: \(error.message)", isError: true)
        }
    }

    /// Says this console closed: offline, unless the same person has another console open.
    /// Runs however the loop ended (q, a signal, an error); a crash cannot, see ConsolePresence.
    func closePresence() {
        guard registered else { return }
        registered = false
        let member = options.actor
        let host = ConsoleSession.thisHost
        do {
            try writer.append { (state) throws(EventError) -> [Event] in
                let now = Date()
                return ConsolePresence.closing(member: member, console: consoleID, in: state, isGone: { $0.isGone(onHost: host) })
                    .map { $0.stamp(actor: options.actor, login: options.login, at: now) }
            }
        } catch {
            FileHandle.standardError.write(Data("warroom: could not mark \(member) offline: \(error.message)\n".utf8))
        }
    }

    static func key(_ r: Int32, _ ch: wint_t) -> Key? {
        if r == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BTAB: return .backTab
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_RESIZE: return .resize
            default:
                for n in 1...12 where Int32(ch) == wr_key_f(Int32(n)) { return .function(n) }
                return nil
            }
        }
        guard r == OK else { return nil }
        switch ch {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(ch) + 0x60)))
        default:
            guard let u = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .char(Character(u))
        }
    }
}

struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the war-room console on the journal (the default command).")
    @OptionGroup var options: JournalOptions
    @Option(help: "Theme name or path (else $WARROOM_THEME, else default; NO_COLOR gives mono).") var theme: String?

    func run() throws {
        let loop = try ConsoleLoop(options: options, themeName: theme)
        let status = try loop.run()
        if status != 0 { throw ExitCode(status) }
    }
}
