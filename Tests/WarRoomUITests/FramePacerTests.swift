import Foundation
import Testing
import WarRoomUI

/// `FramePacer` on a fake clock, driven as `ConsoleLoop` drives it: the watcher wakes, the
/// journal is read now or when the frame is due, and a frame is drawn when the pacer allows.
@Suite("Frame pacing")
struct FramePacerTests {
    /// The loop's turns, recorded: when the journal was read and when frames were drawn.
    struct Loop {
        var pacer = FramePacer()
        var reads: [Date] = []
        var frames: [Date] = []
        var terminalReady = true

        /// The watcher's descriptor woke at `t` (an appended line).
        mutating func woke(at t: Date) {
            if pacer.journalWoke(at: t) { read(at: t) }
            turn(at: t)
        }

        /// One pass of the loop's top at `t`: a held-back read that is due, then the frame.
        mutating func turn(at t: Date) {
            if pacer.takeJournalRead(at: t) { read(at: t) }
            if pacer.shouldDraw(at: t, terminalReady: terminalReady) {
                pacer.drew(at: t)
                frames.append(t)
            }
        }

        mutating func read(at t: Date) {
            reads.append(t)
            pacer.invalidate()
        }

        /// Sleeps as poll would, until the pacer's next deadline, and takes a turn there.
        mutating func sleep(from t: Date) -> Date? {
            guard let w = pacer.wait(at: t) else { return nil }
            // poll rounds its timeout up to whole milliseconds; here the deadline itself.
            let then = w > 0 ? pacer.nextFrame : t
            turn(at: then)
            return then
        }
    }

    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ ms: Double) -> Date { t0.addingTimeInterval(ms / 1000) }

    @Test("one event after quiet is read and drawn at once")
    func loneEventAtOnce() {
        var loop = Loop()
        loop.turn(at: at(0))  // the first frame
        loop.woke(at: at(5000))
        #expect(loop.reads == [at(5000)])
        #expect(loop.frames == [at(0), at(5000)])
        #expect(loop.pacer.wait(at: at(5000)) == nil)
    }

    @Test("events arriving within one frame interval after a frame are read once and drawn in one frame")
    func burstCoalesced() {
        var loop = Loop()
        loop.turn(at: at(0))
        loop.woke(at: at(5000))  // the burst's first line: at once
        for ms in stride(from: 5001.0, to: 5016, by: 3) {
            loop.woke(at: at(ms))
            #expect(!loop.pacer.watchesJournal)  // the descriptor leaves the poll set until the frame is due
        }
        #expect(loop.frames == [at(0), at(5000)])
        #expect(loop.reads == [at(5000)])
        let due = loop.sleep(from: at(5013))
        #expect(due == at(5000).addingTimeInterval(FramePacer.defaultInterval))
        #expect(loop.reads.count == 2)
        #expect(loop.frames.count == 3)
        #expect(loop.pacer.watchesJournal)
        #expect(loop.sleep(from: due!) == nil)
    }

    @Test("a steady 200 events a second draws at most one frame per interval")
    func steadyStreamCapped() {
        var loop = Loop()
        var t = at(0)
        for k in 0..<200 {
            t = at(Double(k) * 5)
            loop.woke(at: t)
            while let due = loop.pacer.wait(at: t), due > 0, due < 0.005 { t = loop.sleep(from: t)! }
        }
        _ = loop.sleep(from: t)
        let seconds = 1.0
        #expect(Double(loop.frames.count) <= seconds / FramePacer.defaultInterval + 1)
        #expect(loop.frames.count > 20)
        #expect(loop.reads.count == loop.frames.count)
        for (a, b) in zip(loop.frames, loop.frames.dropFirst()) {
            #expect(b.timeIntervalSince(a) >= FramePacer.defaultInterval - 1e-6)
        }
    }

    @Test("a frame waits while the terminal cannot take bytes, then shows the latest at once")
    func terminalBackPressure() {
        var loop = Loop()
        loop.turn(at: at(0))
        loop.terminalReady = false
        loop.woke(at: at(1000))
        #expect(loop.reads == [at(1000)])
        #expect(loop.frames == [at(0)])
        #expect(loop.pacer.waitsForTerminal(at: at(1000), terminalReady: false))
        loop.terminalReady = true
        #expect(!loop.pacer.waitsForTerminal(at: at(1200), terminalReady: true))
        loop.turn(at: at(1200))
        #expect(loop.frames == [at(0), at(1200)])
    }

    @Test("a key after quiet draws at once; a key inside the interval waits for it")
    func keysPaced() {
        var pacer = FramePacer()
        pacer.drew(at: at(0))
        pacer.invalidate()
        #expect(!pacer.shouldDraw(at: at(10), terminalReady: true))
        #expect(pacer.shouldDraw(at: at(40), terminalReady: true))
        pacer.drew(at: at(40))
        #expect(!pacer.shouldDraw(at: at(2000), terminalReady: true))  // nothing changed
        pacer.invalidate()
        #expect(pacer.shouldDraw(at: at(2000), terminalReady: true))
    }

    @Test("dear frames are spaced so that a console takes at most its share of a core; cheap ones are not")
    func cpuShare() {
        var pacer = FramePacer()
        pacer.drew(at: at(0), cost: 0.0003)  // 0.3 ms: a release build at 80x24
        #expect(pacer.interval == FramePacer.defaultInterval)
        var dear = FramePacer()
        dear.drew(at: at(0), cost: 0.005)  // 5 ms a frame at 2 % of a core: four frames a second
        #expect(abs(dear.interval - 0.25) < 1e-9)
        dear.invalidate()
        #expect(!dear.shouldDraw(at: at(200), terminalReady: true))
        #expect(dear.shouldDraw(at: at(250), terminalReady: true))
        var dearest = FramePacer()
        dearest.drew(at: at(0), cost: 0.1)
        #expect(dearest.interval == 0.5)  // the screen still moves twice a second
        var unlimited = FramePacer(cpuShare: 0)
        unlimited.drew(at: at(0), cost: 0.1)
        #expect(unlimited.interval == FramePacer.defaultInterval)
    }

    @Test("the consoles open on the journal share one core; a lone one or a few draw every interval")
    func shareFollowsTheRoom() {
        #expect(FramePacer.share(forConsoles: 0) == 0.25)
        #expect(FramePacer.share(forConsoles: 1) == 0.25)
        #expect(FramePacer.share(forConsoles: 4) == 0.25)
        #expect(FramePacer.share(forConsoles: 10) == 0.1)
        #expect(FramePacer.share(forConsoles: 50) == 0.02)
        var lone = FramePacer()
        lone.cpuShare = FramePacer.share(forConsoles: 1)
        lone.drew(at: at(0), cost: 0.002)  // 2 ms a frame: still every interval for a lone console
        #expect(lone.interval == FramePacer.defaultInterval)
        var room = FramePacer()
        room.cpuShare = FramePacer.share(forConsoles: 50)
        room.drew(at: at(0), cost: 0.002)  // the same frame in a room of fifty: ten a second
        #expect(abs(room.interval - 0.1) < 1e-9)
    }

    @Test("one dear frame slows the next ones only a little, and the cost settles to the frames' own")
    func costSmoothed() {
        var pacer = FramePacer()
        pacer.drew(at: at(0), cost: 0.0003)
        pacer.drew(at: at(100), cost: 0.004)  // a reload
        #expect(pacer.interval < 0.1)  // unsmoothed it would be 0.2 s
        for k in 2..<30 { pacer.drew(at: at(Double(k) * 100), cost: 0.0003) }
        #expect(pacer.interval == FramePacer.defaultInterval)
    }

    @Test("a lone event after quiet is drawn at once even when frames are dear")
    func loneEventDear() {
        var loop = Loop()
        loop.pacer.drew(at: at(0), cost: 0.02)
        loop.woke(at: at(3000))
        #expect(loop.frames == [at(3000)])
    }
}
