import Foundation

/// When the console reads the followed journal and draws, so that a console in a busy room draws
/// no more often than a terminal can show while a lone change still reaches the screen at once.
///
/// Without it a console woke, read, folded and drew for every appended line: with alerting
/// appending 200 lines a second, fifty consoles tried to draw 10,000 frames a second between
/// them, most of which no terminal ever showed. With it:
/// - the first change after a quiet frame interval is read and drawn at once (no added latency);
/// - changes inside the interval after a frame wait for its end and go out as one frame; the
///   journal is not even read until then (the loop leaves the watcher's descriptor out of its
///   `poll` meanwhile), so a burst costs one read and one fold of all its lines, not one each;
/// - a frame is held while the terminal cannot take more bytes (its output buffer is full:
///   a slow link, a stopped terminal), then drawn once it can, showing the latest state,
///   instead of the loop blocking inside a write with frames queueing behind it;
/// - a console whose frames are dear (a slow machine, a big terminal, a debug build) spaces
///   them so that its reading and drawing take at most `cpuShare` of a core: fifty consoles on
///   one host then share one core between them, and the alert intake beside them still gets its
///   turn, instead of every process on the host falling behind together.
///
/// Every decision takes the time as an argument, so tests run it on a fake clock.
public struct FramePacer: Sendable {
    /// 60 frames a second, what terminal emulators repaint at most: an event that arrives in a
    /// burst waits at most 17 ms for its frame (a lone console's target is 20 ms at p99, a
    /// room's 100 ms). What bounds a busy room's CPU is `cpuShare`, which spaces frames further
    /// when they are dear.
    public static let defaultInterval: TimeInterval = 1.0 / 60

    /// The shortest time between frames.
    public let minimumInterval: TimeInterval
    /// The longest, however dear frames are: the screen still moves twice a second.
    public let maximumInterval: TimeInterval
    /// The part of one core a console's frames may take: the loop sets it from the consoles open
    /// on the journal (`share(forConsoles:)`), so a room together takes about one core.
    public var cpuShare: Double
    /// The CPU one frame costs (read, fold, draw), smoothed over the last few frames.
    public private(set) var frameCost: TimeInterval = 0
    /// When the last frame was drawn.
    public private(set) var lastFrame = Date.distantPast
    /// Something changed that is not yet on screen.
    public private(set) var wantsFrame = true
    /// The watcher said the journal changed; it is read when the next frame is due.
    public private(set) var journalWaiting = false

    public static let defaultCPUShare = 0.02

    /// One core shared by the consoles open on the journal, at most a quarter of it for one:
    /// a lone console or a few draw every frame interval (a bench of 2 % for every console
    /// spaced a lone console's frames to 100 ms and more), fifty draw at 2 % of a core each.
    public static func share(forConsoles count: Int) -> Double {
        min(0.25, 1.0 / Double(max(1, count)))
    }

    public init(
        interval: TimeInterval = FramePacer.defaultInterval, maximumInterval: TimeInterval = 0.5,
        cpuShare: Double = FramePacer.defaultCPUShare
    ) {
        minimumInterval = interval
        self.maximumInterval = max(interval, maximumInterval)
        self.cpuShare = cpuShare
    }

    /// The time between frames now: the minimum, or longer when frames cost more than the share.
    public var interval: TimeInterval {
        guard cpuShare > 0 else { return minimumInterval }
        return min(maximumInterval, max(minimumInterval, frameCost / cpuShare))
    }

    /// When the next frame may be drawn.
    public var nextFrame: Date { lastFrame.addingTimeInterval(interval) }

    public func frameAllowed(at now: Date) -> Bool { now >= nextFrame }

    /// The watcher's descriptor woke. True: read the journal now (the first change after quiet);
    /// false: it is read when `takeJournalRead` says so, at the end of this frame interval.
    public mutating func journalWoke(at now: Date) -> Bool {
        if frameAllowed(at: now) && !journalWaiting { return true }
        journalWaiting = true
        return false
    }

    /// Whether a journal change held back is due to be read now.
    public mutating func takeJournalRead(at now: Date) -> Bool {
        guard journalWaiting, frameAllowed(at: now) else { return false }
        journalWaiting = false
        return true
    }

    /// Whether the loop polls the watcher's descriptor: not while a change is already waiting
    /// (the descriptor stays readable until it is drained, and would wake the loop for nothing).
    public var watchesJournal: Bool { !journalWaiting }

    /// The model changed (a read, a key, a clock): a frame is wanted.
    public mutating func invalidate() {
        wantsFrame = true
    }

    /// Whether to draw now: something changed, the frame interval has passed, and the terminal
    /// can take the bytes.
    public func shouldDraw(at now: Date, terminalReady: Bool) -> Bool {
        wantsFrame && frameAllowed(at: now) && terminalReady
    }

    /// Whether the loop waits for the terminal to take more bytes (poll for POLLOUT).
    public func waitsForTerminal(at now: Date, terminalReady: Bool) -> Bool {
        wantsFrame && frameAllowed(at: now) && !terminalReady
    }

    /// A frame was drawn at `now`; `cost` is the CPU the console spent since the last one.
    public mutating func drew(at now: Date, cost: TimeInterval = 0) {
        lastFrame = now
        wantsFrame = false
        // Smoothed, so that one dear frame (a reload, a resize) does not slow the next ones much.
        frameCost = frameCost == 0 ? cost : frameCost * 0.75 + cost * 0.25
    }

    /// How long the loop may sleep before a held-back frame or read is due; nil when none is.
    public func wait(at now: Date) -> TimeInterval? {
        guard wantsFrame || journalWaiting else { return nil }
        return max(0, nextFrame.timeIntervalSince(now))
    }
}
