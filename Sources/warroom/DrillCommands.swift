import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomUI

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a drill against a journal: writes the start, then each inject when it
/// is due, reacting to pauses and hand-released injects written by any
/// console, until the scenario's duration or a stop request.
final class DrillLoop: @unchecked Sendable {
    let scenario: Scenario
    let path: String
    let actor: String
    let login: String
    let speed: Double
    /// Set by `start` or `resume`, which `run` follows.
    var runner: DrillRunner?
    let writer: any JournalAppender
    let file: any JournalSource
    /// A byte on it (a signal, or `requestStop`) stops the drill.
    let stop = SignalPipe()
    let progress: Bool
    let interactive: Bool

    init(scenario: Scenario, path: String, actor: String, login: String, speed: Double, progress: Bool) {
        self.scenario = scenario
        self.path = path
        self.actor = actor
        self.login = login
        self.speed = speed
        // The runner decides under the lock, and its conditions (an item done, an event seen)
        // look on the incident's timeline.
        writer = JournalLocation(path).appender(recordsTimelines: true)
        file = JournalLocation(path).source()
        self.progress = progress
        interactive = progress && isatty(STDOUT_FILENO) == 1
    }

    func requestStop() {
        stop.post(SIGTERM)
    }

    func stamp(_ d: EventDraft, at now: Date, incident: String? = nil) -> Event {
        d.stamp(actor: actor, login: login, at: now, incident: incident)
    }

    private func out(_ s: String) {
        StandardOutput.write(s)
    }

    /// Starts a new drill; returns its incident id.
    func start(force: Bool, withResponders: Bool) throws -> String {
        var incidentID = ""
        do {
            try writer.append { (state) throws(EventError) -> [Event] in
                if !force, let real = state.openIncidents.first(where: { !$0.drill }) {
                    throw EventError(
                        tr(
                            "{path} holds a real open incident ({incident}); run the drill in its own journal, or pass --force",
                            ["path": JournalLocation(self.path).display, "incident": real.id]))
                }
                let now = Date()
                incidentID = DrillLoop.freeIncidentID(in: state, at: now)
                let r = DrillRunner(scenario: self.scenario, incident: incidentID, withResponders: withResponders)
                return r.startEvents(speed: self.speed, run: Identity.newEventID()).map { self.stamp($0, at: now) }
            }
        } catch {
            throw CLIError(error.message)
        }
        runner = DrillRunner(scenario: scenario, incident: incidentID, withResponders: withResponders)
        return incidentID
    }

    /// The next incident id that neither an incident nor a drill holds: a runner
    /// of an older warroom could die between `drill.started` and the declaration,
    /// leaving a drill whose incident was never declared.
    static func freeIncidentID(in state: JournalState, at now: Date) -> String {
        var id = Identity.nextIncidentID(in: state, at: now)
        while state.drills[id] != nil, let dash = id.lastIndex(of: "-"), let n = Int(id[id.index(after: dash)...]) {
            id = id[...dash] + (n + 1 < 10 ? "0\(n + 1)" : "\(n + 1)")
        }
        return id
    }

    /// Picks up the drill left running in the journal (after a crash or kill).
    func resume() throws -> String {
        do { try file.refresh() } catch { throw CLIError(error.message) }
        guard
            let run = file.state.drills.values.filter({ $0.scenario == scenario.name && !$0.isEnded })
                .max(by: { $0.startedLine < $1.startedLine })
        else {
            throw CLIError(
                tr(
                    "no unfinished drill of scenario {scenario} in {path} to resume; start one with `warroom drill run {scenario}`",
                    ["scenario": scenario.name, "path": JournalLocation(path).display]))
        }
        let runner = DrillRunner(scenario: scenario, incident: run.incident, withResponders: false)
        self.runner = runner
        if file.state.incidents[run.incident] == nil {
            // Started by a runner that died before declaring the incident (an older
            // warroom wrote the two apart): declare it now, then carry on.
            let declaration = runner.startEvents(speed: run.speed, run: run.run ?? "").filter { $0.kind == .incidentDeclared }
            do {
                try writer.append { (state) throws(EventError) -> [Event] in
                    state.incidents[run.incident] == nil ? declaration.map { self.stamp($0, at: Date()) } : []
                }
            } catch {
                throw CLIError(error.message)
            }
            do { try file.refresh() } catch { throw CLIError(error.message) }
        }
        let timed = run.fired.filter { f in scenario.timedInjects.contains { $0.id == f.inject } }.count
        say(
            tr(
                "resuming {incident}: {done} of {total} timed injects already written",
                ["incident": run.incident, "done": String(timed), "total": String(scenario.timedInjects.count)]))
        return run.incident
    }

    func say(_ line: String) {
        guard progress else { return }
        out((interactive ? "\r\u{1B}[K" : "") + Sanitizer.inline(line) + "\n")
    }

    /// Runs until the drill ends or a stop is requested; ends it with `drill.ended` either way.
    func run() throws {
        guard var runner else { preconditionFailure("DrillLoop.run called before start or resume") }
        let follower = JournalLocation(path).watcher(for: file)
        var lastLine = ""
        while true {
            do { try file.refresh() } catch { throw CLIError(error.message) }
            let now = Date()
            // Look first without the lock, and open the journal for writing only
            // when something is due: opening it on every look woke the runner's
            // own watch (and every console's), which looked again, and spun.
            var look = runner
            var step = look.step(state: file.state, now: now)
            if !step.batches.isEmpty {
                // Decide again under the write lock from the journal as it is then, so
                // two runners (or a console releasing an inject) never write one twice.
                var runnerCopy = runner
                do {
                    try writer.append { (state) throws(EventError) -> [Event] in
                        let s = runnerCopy.step(state: state, now: now)
                        step = s
                        DrillLoop.appendsMade += s.batches.isEmpty ? 0 : 1
                        return s.batches.flatMap { $0.events.map { self.stamp($0, at: now) } }
                    }
                } catch {
                    throw CLIError("\(error)")
                }
                runner = runnerCopy
                self.runner = runner
                _ = try? file.refresh()
            }
            DrillLoop.looks += 1
            for batch in step.batches {
                if let inj = batch.inject {
                    let t = file.state.drills[runner.incident].map { $0.timescale.scenarioTime(at: now) } ?? 0
                    say(tr("{clock} inject {id}: {title}", ["clock": DrillScore.clockLabel(t), "id": inj.id, "title": inj.localizedTitle]))
                }
            }
            if step.finished || file.state.drills[runner.incident]?.isEnded == true {
                say(tr("drill ended: {incident} in {path}", ["incident": runner.incident, "path": JournalLocation(path).display]))
                return
            }
            if interactive {
                let line = statusLine(runner, now: now)
                if line != lastLine {
                    out("\r\u{1B}[K" + line)
                    lastLine = line
                }
            }
            // Sleep until the next thing is due, a stop, or a change to the journal by someone
            // (a pause, a hand-released inject); a wake-up that changed nothing sleeps again.
            while true {
                let wait = Int32(min(1000, max(10, step.wake.timeIntervalSince(Date()) * 1000)))
                var pfds = [
                    pollfd(fd: stop.readEnd, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: follower.descriptor, events: Int16(POLLIN), revents: 0),
                ]
                let ready = poll(&pfds, follower.descriptor >= 0 ? 2 : 1, wait)
                if pfds[0].revents != 0 {
                    let incident = runner.incident
                    _ = try? writer.append { (state) throws(EventError) -> [Event] in
                        state.drills[incident]?.isEnded == true
                            ? []
                            : [
                                self.stamp(
                                    EventDraft(
                                        kind: .drillEnded, incident: incident, data: ["reason": .string(DrillEndReason.stopped)]),
                                    at: Date())
                            ]
                    }
                    say(tr("drill stopped: {incident} in {path}", ["incident": runner.incident, "path": JournalLocation(path).display]))
                    return
                }
                if ready <= 0 || follower.descriptor < 0 || pfds[1].revents == 0 || follower.drain() { break }
                if Date() >= step.wake { break }
            }
        }
    }

    /// Counts for the test hook `WARROOM_TEST_RUNNER_COUNTS`: how many times the
    /// runner looked at the journal, and how many appends it made.
    nonisolated(unsafe) static var looks = 0
    nonisolated(unsafe) static var appendsMade = 0

    func statusLine(_ runner: DrillRunner, now: Date) -> String {
        guard let run = file.state.drills[runner.incident] else { return "" }
        let t = run.timescale.scenarioTime(at: now)
        let total = scenario.timedInjects.count
        let fired = run.fired.filter { !$0.manual }.count
        let frac = scenario.duration > 0 ? min(1, t / scenario.duration) : 1
        let barW = 20
        let filled = Int(Double(barW) * frac)
        var s = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barW - filled) + "] "
        s += tr(
            "{clock} injects {fired}/{total}", ["clock": DrillScore.clockLabel(t), "fired": String(fired), "total": String(total)])
        if run.isPaused { s += tr(" PAUSED") }
        if let next = runner.nextInject(state: file.state), let at = next.at {
            s += tr(
                " · next {id} in {duration}", ["id": next.id, "duration": DurationText.format(max(0, (at - t) / run.speed))])
        }
        return s
    }
}

struct Drill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Run and score crisis drills from scenario files."),
        subcommands: [
            RunDrill.self, Score.self, List.self, CheckScenario.self, DrillHistoryCommand.self, ObserveCommand.self,
            HotWashCommand.self,
        ])

    struct RunDrill: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: tr("Run a scenario into a journal: the drill's incident, then each inject on time."))
        @Argument(help: ArgumentHelp(tr("A scenario name (warroom drill list) or a path to a scenario file."))) var scenario: String
        @Option(help: ArgumentHelp(tr("The journal (default: a new file named after the scenario and the time)."))) var journal: String?
        @Option(name: .customLong("as"), help: ArgumentHelp(tr("Act under this name (the facilitator)."))) var actAs: String?
        @Option(help: ArgumentHelp(tr("Scenario time per real time: 10 means an inject 10 minutes in fires after 1 minute.")))
        var speed: Double?
        @Flag(help: ArgumentHelp(tr("Carry on a drill whose runner was killed, from the last inject written."))) var resume = false
        @Flag(help: ArgumentHelp(tr("Run even in a journal that holds a real open incident."))) var force = false
        @Flag(help: ArgumentHelp(tr("Print nothing but errors."))) var quiet = false

        func run() throws {
            let sc: Scenario
            do { sc = try ScenarioCatalog.load(scenario) } catch { throw CLIError(Sanitizer.inline(error.description)) }
            let speed = self.speed ?? sc.speed
            guard DrillRun.speeds.contains(speed) else {
                throw CLIError(speedRefusal(speed))
            }
            let stamp = RFC3339.format(Date()).prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
                .replacingOccurrences(of: "T", with: "-")
            guard journal != nil || !resume else { throw CLIError(tr("--resume needs --journal PATH (the drill's journal)")) }
            let path = journal ?? "drill-\(sc.name)-\(stamp).jsonl"
            let options = try JournalOptions.make(actAs: actAs)
            let loop = DrillLoop(scenario: sc, path: path, actor: options.actor, login: options.login, speed: speed, progress: !quiet)
            loop.stop.catchSignals([SIGINT, SIGTERM, SIGHUP])
            let incident = resume ? try loop.resume() : try loop.start(force: force, withResponders: false)
            if !resume {
                loop.say(
                    tr(
                        "DRILL {title}: {incident} in {path}, speed ×{speed}",
                        [
                            "title": sc.localizedTitle, "incident": incident, "path": JournalLocation(path).display,
                            "speed": EventSentence.formatNumber(speed),
                        ]))
                loop.say(
                    tr(
                        "Players: warroom --journal {path}    Stop: Ctrl-C    Score: warroom drill score --journal {path}",
                        ["path": JournalLocation(path).display]))
            }
            try loop.run()
            if let counts = ProcessInfo.processInfo.environment["WARROOM_TEST_RUNNER_COUNTS"] {
                try? "looks \(DrillLoop.looks) appends \(DrillLoop.appendsMade)\n".write(toFile: counts, atomically: false, encoding: .utf8)
            }
        }
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: tr("Score a drill from its journal: each expectation met or missed, the policy targets, a weighted score."))
        @OptionGroup var options: JournalOptions
        @Option(help: ArgumentHelp(tr("The drill incident (default: the most recent drill)."))) var incident: String?
        @Option(help: ArgumentHelp(tr("The scenario file, if not found by the name the journal records."))) var scenario: String?
        @Flag(help: ArgumentHelp(tr("Print JSON."))) var json = false
        @Option(help: ArgumentHelp(tr("text (default), json or markdown."))) var format: String?

        func run() throws {
            let file = try options.load()
            let state = file.state
            let run = try Drill.chosenDrill(incident, in: state, shown: options.shown)
            let sc = try Drill.scenario(of: run, in: state, file: scenario)
            guard
                let result = DrillScorer.score(
                    scenario: sc, state: state, incident: run.incident, catalog: PlaybookCatalog.load(), now: Date())
            else {
                throw CLIError(
                    tr("the drill's incident {incident} was never declared in {path}", ["incident": run.incident, "path": options.shown]))
            }
            switch json ? "json" : (format ?? "text") {
            case "json": print(JSONWriter.serialize(result.json()))
            case "markdown", "md": print(result.markdown(), terminator: "")
            case "text": print(result.text(), terminator: "")
            default: throw CLIError(tr("--format must be text, json or markdown, not \"{value}\"", ["value": format ?? ""]))
            }
        }
    }

    /// The drill a command acts on: the one named, else the most recent.
    static func chosenDrill(_ incident: String?, in state: JournalState, shown: String) throws -> DrillRun {
        let chosen =
            incident.map { id in state.incidents[id].flatMap { DrillScorer.drill(of: $0, in: state) } }
            ?? DrillScorer.latestDrill(in: state)
        guard let run = chosen else {
            throw CLIError(
                incident.map { tr("{incident} is not a drill in {path}", ["incident": Sanitizer.inline($0), "path": shown]) }
                    ?? tr("no drill in {path}; run one with `warroom drill run SCENARIO`", ["path": shown]))
        }
        return run
    }

    /// The drill's scenario: the file given, none for a drill run by hand, else where the runner found it, else the catalogue.
    static func scenario(of run: DrillRun, in state: JournalState, file: String?) throws -> Scenario {
        do {
            if let file {
                return try ScenarioCatalog.load(file)
            } else if run.byHand, let inc = state.incidents[run.incident] {
                return Scenario.none(for: inc)
            } else if let p = run.path, FileManager.default.fileExists(atPath: p) {
                return try Scenario.load(path: p)
            } else {
                return try ScenarioCatalog.load(run.scenario)
            }
        } catch {
            throw CLIError(tr("{reason} (pass --scenario FILE)", ["reason": Sanitizer.inline(error.description)]))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("List the scenarios found."))
        func run() throws {
            let (all, warnings) = ScenarioCatalog.all()
            if all.isEmpty && warnings.isEmpty { print(tr("No scenarios found. Set WARROOM_DATA to a directory holding scenarios/.")) }
            for s in all {
                print(
                    Sanitizer.inline(
                        DisplayWidth.pad(s.name, to: 22) + " "
                            + tr(
                                "{severity}  ×{speed}  {injects} injects  {expectations} expectations  {title}",
                                [
                                    "severity": s.incidentSeverity.displayLabel, "speed": EventSentence.formatNumber(s.speed),
                                    "injects": String(s.injects.count), "expectations": String(s.expectations.count),
                                    "title": s.localizedTitle,
                                ])
                    ))
            }
            for w in warnings { FileHandle.standardError.write(Data("warroom: \(w)\n".utf8)) }
        }
    }

    struct CheckScenario: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: tr("Validate a scenario file; errors name the file and line."))
        @Argument(help: ArgumentHelp(tr("The scenario file."))) var file: String
        func run() throws {
            do {
                let s = try Scenario.load(path: file)
                print(
                    tr(
                        "{file}: scenario {name} with {injects} injects and {expectations} expectations is valid",
                        ["file": file, "name": s.name, "injects": String(s.injects.count), "expectations": String(s.expectations.count)]))
            } catch {
                throw CLIError(Sanitizer.inline(error.description))
            }
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("A live war room in one command: a scenario with scripted responders, and the console on it."))
    @Option(help: ArgumentHelp(tr("The scenario (default: the first shipped one)."))) var scenario: String?
    @Option(help: ArgumentHelp(tr("Scenario speed."))) var speed: Double = 30
    @Option(help: ArgumentHelp(tr("Theme name or path."))) var theme: String?
    @Option(help: ArgumentHelp(tr("The demo's journal (default: a new file in the temporary directory)."))) var journal: String?

    func run() throws {
        let name =
            scenario ?? ScenarioCatalog.all().scenarios.first(where: { !$0.responders.isEmpty })?.name
            ?? ScenarioCatalog.all().scenarios.first?.name
        guard let name else { throw CLIError(tr("no scenarios found; set WARROOM_DATA to the directory holding scenarios/")) }
        guard DrillRun.speeds.contains(speed) else { throw CLIError(speedRefusal(speed)) }
        let sc: Scenario
        do { sc = try ScenarioCatalog.load(name) } catch { throw CLIError(Sanitizer.inline(error.description)) }
        let path = journal ?? NSTemporaryDirectory() + "warroom-demo-\(sc.name)-\(Identity.newEventID().prefix(8)).jsonl"
        let options = try JournalOptions.make(journal: path)
        let loop = DrillLoop(scenario: sc, path: path, actor: "facilitator", login: options.login, speed: speed, progress: false)
        _ = try loop.start(force: true, withResponders: true)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? loop.run()
            done.signal()
        }
        thread.start()
        // The demo's watcher runs the drill: the facilitator's console, expectations and score in view.
        let console = try ConsoleLoop(options: options, themeName: theme, role: .facilitator)
        let status = try console.run()
        loop.requestStop()
        done.wait()
        print(tr("The demo's journal: {path}", ["path": path]))
        print(tr("Score it: warroom drill score --journal {path}", ["path": path]))
        if status != 0 { throw ExitCode(status) }
    }
}

/// What `--speed` must be, for `drill run` and `demo` alike.
func speedRefusal(_ speed: Double) -> String {
    // DrillRun.speedRule in words a translation can carry.
    tr("--speed must be a number from 0.01 to 3600 (scenario time per real time), not {value}", ["value": "\(speed)"])
}
