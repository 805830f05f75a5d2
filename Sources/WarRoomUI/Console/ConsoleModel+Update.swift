import Foundation
import WarRoomCore

// The one way the console's state changes: a message and the time it arrived
// go in, the I/O to do comes out. The loop carries out the effects and sends
// their outcomes back as messages; the model never reads a clock, a file or
// the terminal, so every path through it is tested with a fake clock.
extension ConsoleModel {
    /// Takes one message at `now` and says what the loop must do.
    public mutating func update(_ event: ConsoleEvent, now: Date) -> [ConsoleEffect] {
        clock = now
        var effects: [ConsoleEffect] = []
        switch event {
        case .opened(let opening):
            me = opening.me
            readOnlyReason = opening.readOnlyReason
            if opening.readOnlyReason != nil { live = .readOnly }
            asciiNotice = opening.asciiNotice
            if let w = opening.warnings.last { message = ConsoleMessage(text: w, isError: true, lasting: true) }
        case .key(let key):
            effects = keyPressed(key)
        case .journalChanged(let snapshot):
            readSucceeded()
            let drillWasEnded = lentBasis.map(\.drillEnded) ?? shownDrillEnded
            journalUpdated(snapshot.state, pendingBytes: snapshot.pendingBytes, reloaded: snapshot.reloaded)
            drillMayHaveEnded(wasEnded: drillWasEnded)
            chain = snapshot.chain
            let wanted = missingScenarios()
            if !wanted.isEmpty {
                scenariosAsked.formUnion(wanted.map(\.scenario))
                effects.append(.loadScenarios(wanted))
            }
        case .journalUnchanged:
            readSucceeded()
        case .journalFault(let why):
            live = .lagging
            message = ConsoleMessage(text: why, isError: true, lasting: true)
        case .appendFinished(let error):
            let declared = pendingDeclaration
            let drillPending = drillWritePending
            appendPending = false
            pendingDeclaration = false
            appendFinished(error: error)
            if error == nil {
                // The write's own words (an old error, "still writing") go; a notice the journal gave
                // meanwhile stays (the follower can see the closing line before the writer reports).
                if message?.text != journalNotice { message = nil }
                journalNotice = nil
                // The new incident is the default one: show it rather than the one pinned before.
                if declared { pinnedIncident = nil }
                effects = [.readJournal, .registerPresence]
            }
            drillWriteFinished(drillPending, error: error)
        case .notice(let m):
            message = m
        case .resized(let width, let height):
            screenSize = (width, height)
        case .tick:
            break
        case .signal(let sig):
            return [.quit(status: sig == SIGINT ? 0 : 128 + sig)]
        case .scenariosLoaded(let found):
            scenarios.merge(found) { old, _ in old }
        case .replayReady(let index):
            startReplay(index)
        }
        effects += timelineWanted()
        layOut()
        // A message's fade counts from the first frame that shows it, drawn right after this.
        stampMessage(now: now)
        return effects
    }

    /// The shown incident's timeline when the state does not hold it (a console's fold drops
    /// closed incidents' timelines), asked once; and letting go of one no longer shown, so the
    /// console holds no closed timeline it does not show. A state that holds every timeline (a
    /// full fold, a replayed moment) asks for nothing.
    mutating func timelineWanted() -> [ConsoleEffect] {
        guard replay == nil else { return [] }
        let shown = incident
        if let inc = shown, !inc.holdsTimeline {
            guard timelineAsked != inc.id else { return [] }
            timelineAsked = inc.id
            return [.keepTimeline(inc.id)]
        }
        if let asked = timelineAsked, asked != shown?.id {
            timelineAsked = nil
            return [.keepTimeline(nil)]
        }
        return []
    }

    /// Drills in the journal whose scenario is not loaded yet.
    func missingScenarios() -> [DrillRun] {
        state.drills.values.filter { scenarios[$0.scenario] == nil && !scenariosAsked.contains($0.scenario) }
            .sorted { $0.incident < $1.incident }
    }

    private mutating func readSucceeded() {
        // The read fault no longer holds.
        if live == .lagging, message?.lasting == true { message = nil }
        if readOnlyReason == nil { live = .following }
    }

    private mutating func keyPressed(_ key: Key) -> [ConsoleEffect] {
        let before = self
        let commands = handle(key)
        let appends = commands.contains { if case .append = $0 { true } else if case .appendAll = $0 { true } else { false } }
        if appends, appendPending {
            // One write at a time: a second Enter while the first waits for the lock would write twice.
            self = before
            message = ConsoleMessage(text: tr("still writing the last change (the journal is locked): wait for it"), isError: true)
            return []
        }
        return commands.map { command in
            switch command {
            case .quit: return .quit(status: 0)
            case .repaint: return .repaint
            case .enterReplay: return .enterReplay
            case .append(let draft): return appending([draft])
            case .appendAll(let drafts): return appending(drafts)
            }
        }
    }

    private mutating func appending(_ drafts: [EventDraft]) -> ConsoleEffect {
        appendPending = true
        pendingDeclaration = drafts.contains { $0.kind == .incidentDeclared }
        return .append(drafts)
    }

    /// The layout from the size, before drawing: the timeline's rows bound scrolling.
    private mutating func layOut() {
        guard let size = screenSize else { return }
        let banner = replay != nil || readOnlyReason != nil || kpis(now: clock)?.suggestions.first != nil
        let alerts = SignalList.anyAwaiting(state) || !followUpsOverdueMine.isEmpty || !statementsAwaitingMe.isEmpty
        timelineRows = Layout.make(width: size.width, height: size.height, banner: banner, alerts: alerts)?.timeline.inner.height ?? 1
    }
}
