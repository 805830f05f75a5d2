import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomUI

#if canImport(Glibc)
    import Glibc
#endif

/// How a console model opens on a journal: the console and `warroom render`
/// both start here, so a frame printed by `render` is the frame the console
/// would draw (a read-only journal's banner included).
enum ConsoleSetup {
    static func model(
        options: JournalOptions, journal: JournalSnapshot, catalog: PlaybookCatalog, now: Date,
        asciiNotice: Bool = false, warnings: [String] = [], role: DrillRole = .player, source: (any JournalSource)? = nil
    ) -> ConsoleModel {
        var model = ConsoleModel(state: journal.state, catalog: catalog, journalPath: options.location.display)
        model.drillRole = role
        let opening = ConsoleOpening(
            me: options.actor, readOnlyReason: readOnlyReason(path: options.path), asciiNotice: asciiNotice, warnings: warnings)
        var queue: [ConsoleEvent] = [.opened(opening), .journalChanged(journal)]
        while !queue.isEmpty {
            for effect in model.update(queue.removeFirst(), now: now) {
                if case .loadScenarios(let runs) = effect { queue.append(.scenariosLoaded(loadScenarios(runs))) }
                if case .keepTimeline(let id) = effect, let source { queue.append(keepTimeline(of: id, in: source)) }
            }
        }
        return model
    }

    /// Has the journal's fold keep this incident's timeline (read back now) and says what it holds.
    static func keepTimeline(of id: String?, in source: any JournalSource) -> ConsoleEvent {
        do {
            try source.keepTimeline(of: id)
        } catch {
            return .journalFault(error.message)
        }
        return .journalChanged(ConsoleLoop.snapshot(source, reloaded: nil))
    }

    /// Why this journal may not be written here, if it may not.
    static func readOnlyReason(path: String) -> String? {
        if case .database(let address) = JournalLocation(path) { return DatabaseJournal.readOnlyReason(address) }
        if FileManager.default.fileExists(atPath: path) {
            return access(path, W_OK) == 0 ? nil : tr("you may read {path} but not write it (check its group and mode)", ["path": path])
        }
        let dir = (path as NSString).deletingLastPathComponent
        return access(dir.isEmpty ? "." : dir, W_OK) == 0 ? nil : tr("cannot create {path}: its directory is not writable", ["path": path])
    }

    /// The scenarios of these drills, from the path the drill was started with, else the catalogue.
    static func loadScenarios(_ runs: [DrillRun]) -> [String: Scenario] {
        var found: [String: Scenario] = [:]
        for run in runs where found[run.scenario] == nil {
            if let p = run.path, let sc = try? Scenario.load(path: p) {
                found[run.scenario] = sc
            } else if let sc = try? ScenarioCatalog.load(run.scenario) {
                found[run.scenario] = sc
            }
        }
        return found
    }
}

/// `--role facilitator|evaluator|player` (else `WARROOM_ROLE`, else player): who the console
/// serves in a drill. Player is the default so that a console opened without thought shows
/// nothing of the expectations, the score or the injects to come.
struct DrillRoleOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            tr("In a drill: facilitator, evaluator or player (else $WARROOM_ROLE, else player; only players see no expectations)."),
            valueName: "role"))
    var role: String?

    func resolve() throws -> DrillRole {
        let fromEnvironment = ProcessInfo.processInfo.environment["WARROOM_ROLE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let typed = role ?? fromEnvironment else { return .player }
        guard let r = DrillRole(typed: typed) else {
            throw CLIError(DrillRole.refusal(typed) + (role == nil ? tr(" (from WARROOM_ROLE)") : ""))
        }
        return r
    }
}
