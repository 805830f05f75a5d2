import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomUI

#if canImport(Glibc)
    import Glibc
#endif

/// The console: one thread owns the terminal and waits in one place, poll(2)
/// on the keyboard, the journal follower, the signal pipe and finished appends,
/// with a timeout to the next clock second. Each thing that happens goes to
/// the model as a message; the model's effects are carried out here.
final class ConsoleLoop {
    let options: JournalOptions
    let themeName: String?
    let file: any JournalSource
    let follower: any JournalWatcher
    /// Appends run on its thread, so a write waiting for the lock leaves the screen live.
    let appender: AppendWorker<Write>
    var model: ConsoleModel
    var screen: TerminalScreen?
    /// When to read the followed journal and draw: at most one frame per interval, the first change at once.
    var pacer = FramePacer()
    /// This thread's CPU time when the last frame ended (what a frame costs is the CPU between two).
    var cpuAtFrame = ConsoleLoop.threadCPU()
    var lastClockSecond = -1
    /// When the clocks on screen next change (the drawn frame's `clockRefresh`).
    var nextClockRedraw = Date.distantPast
    var lastFstatPoll = Date.distantPast
    /// Set by WARROOM_TRACE: a file that gets one line per new event a frame showed (when the
    /// frame ended, and the event's `ts`), so a benchmark sees each event's append -> screen.
    let trace: FileHandle?
    /// The `ts` of events read since the last frame, for the trace.
    var unshown: [Date?] = []
    /// This console's id in its `member.status` lines (see ConsolePresence).
    let consoleID = String(Identity.newEventID().prefix(8))
    /// Whether this console has said its person is here (and so must say when it closes).
    var registered = false
    /// A presence line is queued and not yet written.
    var registering = false

    /// Whose append finished: the model's (a person's action) or the loop's own presence line.
    enum Write: Sendable {
        case action, presence
    }

    init(options: JournalOptions, themeName: String?, role: DrillRole = .player) throws {
        self.options = options
        self.themeName = themeName
        // Timelines of open incidents only, and of the one on screen: a console holds what it can
        // show, not every closed incident of a year (read back when shown). Replay reads its own.
        // The trace (benchmarks, tests) needs each new event's time, which only the reader's log has:
        // the log is kept for it alone.
        let tracePath = ProcessInfo.processInfo.environment["WARROOM_TRACE"].flatMap { $0.isEmpty ? nil : $0 }
        file = options.location.source(keepsLog: tracePath != nil, verifiesChain: true)
        file.keepOpenTimelinesOnly()
        do {
            try file.refresh()
        } catch {
            throw CLIError(error.message)
        }
        follower = options.location.watcher(for: file)
        appender = AppendWorker(writer: options.location.appender())
        model = ConsoleSetup.model(
            options: options, journal: ConsoleLoop.snapshot(file, reloaded: nil), catalog: PlaybookCatalog.load(), now: Date(),
            role: role, source: file)
        if let t = tracePath {
            _ = FileManager.default.createFile(atPath: t, contents: nil)
            trace = FileHandle(forWritingAtPath: t)
        } else {
            trace = nil
        }
        pacer.cpuShare = FramePacer.share(forConsoles: file.state.openConsoles.count)
        // The journal's first read is not a frame's cost: counting it would space the first frames.
        cpuAtFrame = ConsoleLoop.threadCPU()
    }

    /// Set only by the tests: F12 then traps inside the console.
    static let testTrap = ProcessInfo.processInfo.environment["WARROOM_TEST_TRAP"] == "1"

    static func snapshot(_ file: any JournalSource, reloaded: String?) -> JournalSnapshot {
        JournalSnapshot(state: file.state, pendingBytes: file.reader.pendingBytes, chain: file.reader.chain, reloaded: reloaded)
    }

    func run() throws -> Int32 {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError(tr("the console needs a terminal; use `warroom render` or `warroom status` in scripts"))
        }
        let signals = SignalPipe()
        signals.catchSignals([SIGHUP, SIGTERM, SIGINT])
        signal(SIGPIPE, SIG_IGN)

        // Declared before the terminal starts, so it runs after the terminal is restored.
        defer { closePresence() }
        let utf8 = try Terminal.start()
        defer { Terminal.end() }
        let (theme, warning) = Theme.resolve(themeName)
        let screen = TerminalScreen(theme: theme, asciiOnly: !utf8)
        self.screen = screen
        let opening = ConsoleOpening(
            me: model.me, readOnlyReason: model.readOnlyReason, asciiNotice: !utf8,
            warnings: [LanguageSetup.notice, warning, model.catalog.warnings.first].compactMap { $0 })
        send(.opened(opening))
        send(.resized(width: screen.width, height: screen.height))
        registerPresence()

        while true {
            let now = Date()
            let second = Int(now.timeIntervalSince1970)
            if second != lastClockSecond {
                lastClockSecond = second
                send(.tick, redraw: false)
                if (model.incident != nil || model.message != nil) && now >= nextClockRedraw { pacer.invalidate() }
            }
            // A change the watcher signalled inside the last frame interval is read when the next frame is due.
            if pacer.takeJournalRead(at: now) && follower.drain() { refreshJournal() }
            let ready = terminalReady()
            if pacer.shouldDraw(at: now, terminalReady: ready) { draw(now: now) }
            let waitsForTerminal = pacer.waitsForTerminal(at: now, terminalReady: ready)
            var timeout = Int32(max(1, 1000 - Int((now.timeIntervalSince1970 * 1000).truncatingRemainder(dividingBy: 1000))))
            if !waitsForTerminal, let due = pacer.wait(at: now) { timeout = min(timeout, Int32((due * 1000).rounded(.up))) }
            let watching = follower.descriptor >= 0 && pacer.watchesJournal
            var pfds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: appender.readEnd, events: Int16(POLLIN), revents: 0),
                // The terminal's side, polled only while a frame waits for it to take more bytes.
                pollfd(fd: waitsForTerminal ? STDOUT_FILENO : -1, events: Int16(POLLOUT), revents: 0),
                pollfd(fd: watching ? follower.descriptor : -1, events: Int16(POLLIN), revents: 0),
            ]
            let n = poll(&pfds, nfds_t(pfds.count), timeout)
            let interrupted = n < 0 && errno == EINTR
            if n < 0 && !interrupted { throw CLIError(tr("poll failed: {error}", ["error": String(cString: strerror(errno))])) }
            if pfds[1].revents != 0, let sig = signals.take(), let status = send(.signal(sig)) { return status }
            if pfds[2].revents != 0 { appendsFinished() }
            if watching && pfds[4].revents != 0 && pacer.journalWoke(at: Date()) {
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
                if let status = readKeys(screen) { return status }
            }
        }
    }

    /// Hands a message to the model and carries out the effects it asks for, feeding
    /// their outcomes back as messages. Returns an exit status when the console should end.
    @discardableResult
    func send(_ event: ConsoleEvent, redraw: Bool = true) -> Int32? {
        var queue = [event]
        while !queue.isEmpty {
            for effect in model.update(queue.removeFirst(), now: Date()) {
                switch effect {
                case .quit(let status):
                    return status
                case .repaint:
                    screen?.forceRepaint()
                case .append(let drafts):
                    append(drafts)
                case .loadScenarios(let runs):
                    queue.append(.scenariosLoaded(ConsoleSetup.loadScenarios(runs)))
                case .enterReplay:
                    // Time travel needs every event and timeline: read for it alone, freed when it ends.
                    let past = options.location.source(keepsLog: true)
                    do {
                        try past.refresh()
                        queue.append(.replayReady(ReplayIndex(log: past.reader.log, full: past.state, lineCount: past.reader.lineCount)))
                    } catch {
                        queue.append(.journalFault(error.message))
                    }
                case .keepTimeline(let id):
                    queue.append(ConsoleSetup.keepTimeline(of: id, in: file))
                case .readJournal:
                    refreshJournal()
                case .registerPresence:
                    registerPresence()
                }
            }
        }
        if redraw { pacer.invalidate() }
        return nil
    }

    func draw(now: Date) {
        guard let screen else { return }
        // The same path as `warroom render` and the snapshot tests: panes draw into a grid,
        // and the screen copies the finished grid to the terminal.
        let grid = screen.newFrame()
        let frame = ConsoleView(model: model, now: now, glyphs: screen.asciiOnly ? .ascii : .unicode).drawFrame(on: grid)
        screen.flush(grid, cursor: frame.cursor)
        let cpu = ConsoleLoop.threadCPU()
        pacer.drew(at: now, cost: cpu - cpuAtFrame)
        cpuAtFrame = cpu
        if let trace, !unshown.isEmpty {
            let shown = RFC3339.format(Date())
            var text = ""
            for ts in unshown { text += "\(shown) \(ts.map(RFC3339.format) ?? "-")\n" }
            trace.write(Data(text.utf8))
            unshown.removeAll()
        }
        // The clocks on screen say when to draw again; the model's layout came from the size.
        nextClockRedraw = now.addingTimeInterval(frame.clockRefresh - 0.05)
    }

    /// The CPU this thread has used, in seconds (the loop's thread does the reading and drawing).
    static func threadCPU() -> TimeInterval {
        var t = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0 else { return 0 }
        return TimeInterval(t.tv_sec) + TimeInterval(t.tv_nsec) / 1e9
    }

    /// Whether the terminal can take a frame's bytes now. A pseudo-terminal does not say how much
    /// of what was written is still unread (TIOCOUTQ answers 0 on Linux), but it stops being
    /// writable when its buffer is full, which is when a terminal or an ssh link falls behind.
    func terminalReady() -> Bool {
        var out = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
        // A failed poll or a hung-up terminal: draw as before, and the loop's hang-up check ends it.
        let r = poll(&out, 1, 0)
        return r < 0 || out.revents != 0
    }

    func refreshJournal() {
        let before = file.reader.log.count
        let linesBefore = file.reader.lineCount
        // Lent for the read, so the reader folds into storage nobody else holds (ConsoleModel+Lending).
        model.lendState()
        do {
            switch try file.refresh() {
            case .unchanged:
                model.takeBackState(file.state)
                // Only a read fault that no longer holds changes what is shown.
                send(.journalUnchanged, redraw: model.live == .lagging)
                return
            case .appended:
                send(.journalChanged(ConsoleLoop.snapshot(file, reloaded: nil)))
            case .reloaded(let why):
                send(.journalChanged(ConsoleLoop.snapshot(file, reloaded: why)))
            }
            if trace != nil {
                let log = file.reader.log
                if log.count > before { unshown += log[before...].map { $0.event.ts } } else if log.count < before { unshown.append(nil) }
            }
        } catch {
            // Lines folded before the fault are shown as any others; else the state comes back as it was.
            if file.reader.lineCount != linesBefore {
                send(.journalChanged(ConsoleLoop.snapshot(file, reloaded: nil)))
            } else {
                model.takeBackState(file.state)
            }
            send(.journalFault(error.message))
        }
        pacer.cpuShare = FramePacer.share(forConsoles: file.state.openConsoles.count)
    }

    /// Reads every key waiting; returns an exit status to end with.
    func readKeys(_ screen: TerminalScreen) -> Int32? {
        for key in Terminal.pendingKeys() {
            // The end-to-end tests' way to crash the console on purpose and see the terminal restored.
            if key == .function(12), ConsoleLoop.testTrap { fatalError("WARROOM_TEST_TRAP: F12 pressed") }
            if key == .resize {
                // What the terminal shows after a resize is unknown (it reflows, clips or clears):
                // diffing against the old screen left stale or garbled frames, so repaint it all.
                screen.updateSize()
                screen.forceRepaint()
                send(.resized(width: screen.width, height: screen.height))
                continue
            }
            if let status = send(.key(key)) { return status }
        }
        return nil
    }

    /// Queues the model's append on the writer's thread; `.appendFinished` says how it went.
    func append(_ drafts: [EventDraft]) {
        let actor = options.actor
        let login = options.login
        appender.submit(.action) { (writer) throws(JournalError) in
            try writer.append { (state) throws(EventError) -> [Event] in
                // The model checked these against the state it was shown; another console may
                // have written since (released the same inject a moment ago).
                try Action.recheck(drafts, in: state)
                return Action.stamp(drafts, in: state, actor: actor, login: login, at: Date())
            }
        }
    }

    /// Hands each finished append to whoever asked for it.
    func appendsFinished() {
        for done in appender.takeFinished() {
            switch done.tag {
            case .action:
                send(.appendFinished(error: done.error))
            case .presence:
                registering = false
                if let error = done.error {
                    send(.notice(ConsoleMessage(text: tr("could not say you are here: {error}", ["error": "\(error)"]), isError: true)))
                } else {
                    registered = true
                    refreshJournal()
                }
            }
        }
    }

    // MARK: Presence

    /// Says this console's person is here: engaged, and on the shown incident's roster.
    /// Nothing is written by a read-only console, or before the journal exists (looking
    /// at a path must not create a journal).
    func registerPresence() {
        guard !registered, !registering, model.readOnlyReason == nil,
            options.location.isDatabase ? file.exists : FileManager.default.fileExists(atPath: options.path)
        else { return }
        registering = true
        let member = options.actor
        let login = options.login
        let console = consoleID
        let shown = model.pinnedIncident
        let host = ConsoleSession.thisHost
        let pid = Int(getpid())
        appender.submit(.presence) { (writer) throws(JournalError) in
            try writer.append { (state) throws(EventError) -> [Event] in
                let now = Date()
                let incident = shown.flatMap { state.incidents[$0] } ?? state.defaultIncident
                return ConsolePresence.opening(
                    member: member, console: console, host: host, pid: pid, incident: incident, in: state,
                    isGone: { $0.isGone(onHost: host) }
                ).map { $0.stamp(actor: member, login: login, at: now) }
            }
        }
    }

    /// Says this console closed: offline, unless the same person has another console open.
    /// Runs however the loop ended (q, a signal, an error); a crash cannot, see ConsolePresence.
    func closePresence() {
        // A write still waiting for the lock lands (or fails) first, on the writer's own thread.
        appender.waitIdle()
        for done in appender.takeFinished() where done.tag == .presence && done.error == nil { registered = true }
        guard registered else { return }
        registered = false
        let member = options.actor
        let host = ConsoleSession.thisHost
        do {
            try appender.writer.append { (state) throws(EventError) -> [Event] in
                let now = Date()
                return ConsolePresence.closing(member: member, console: consoleID, in: state, isGone: { $0.isGone(onHost: host) })
                    .map { $0.stamp(actor: options.actor, login: options.login, at: now) }
            }
        } catch {
            FileHandle.standardError.write(
                Data(
                    ("warroom: " + tr("could not mark {member} offline: {error}", ["member": member, "error": error.message]) + "\n").utf8))
        }
    }
}

struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Open the war-room console on the journal (the default command)."))
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("Theme name or path (else $WARROOM_THEME, else default; NO_COLOR gives mono)."))) var theme: String?
    @OptionGroup var drillRole: DrillRoleOption

    func run() throws {
        let loop = try ConsoleLoop(options: options, themeName: theme, role: try drillRole.resolve())
        let status = try loop.run()
        if status != 0 { throw ExitCode(status) }
    }
}
