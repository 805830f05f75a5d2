import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the console's appends on a thread of their own, one at a time, so the
/// thread that draws never waits for the journal's lock (up to the writer's
/// timeout). Each finished append is put on a list and a byte on a pipe the
/// loop polls, and comes back to the model as a message.
///
/// The writer keeps its own reader of the journal rather than sharing the
/// console's: the console's reader belongs to the drawing thread, and sharing
/// it would need a lock around every frame's read of the state.
final class AppendWorker<Tag: Sendable>: @unchecked Sendable {
    struct Finished {
        var tag: Tag
        /// Why the append was refused; nil when it landed.
        var error: String?
    }

    /// Used only on the worker's queue, or once `waitIdle` returned.
    let writer: any JournalAppender
    /// The end to poll: readable when an append finished.
    let readEnd: Int32
    private let writeEnd: Int32
    private let queue = DispatchQueue(label: "warroom.console.append")
    private let lock = NSLock()
    private var finished: [Finished] = []

    init(writer: any JournalAppender) {
        self.writer = writer
        var fds: [Int32] = [-1, -1]
        pipe(&fds)
        readEnd = fds[0]
        writeEnd = fds[1]
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Queues an append; its outcome is in `takeFinished` once `readEnd` is readable.
    func submit(_ tag: Tag, _ job: @escaping @Sendable (any JournalAppender) throws(JournalError) -> Void) {
        queue.async {
            var failure: String?
            do throws(JournalError) {
                try job(self.writer)
            } catch {
                failure = error.message
            }
            self.lock.lock()
            self.finished.append(Finished(tag: tag, error: failure))
            self.lock.unlock()
            var b: UInt8 = 1
            _ = write(self.writeEnd, &b, 1)
        }
    }

    /// The appends finished since the last call, in the order they were queued.
    func takeFinished() -> [Finished] {
        var b = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &b, b.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let done = finished
        finished = []
        return done
    }

    /// Waits until every queued append has finished (the console is closing).
    func waitIdle() {
        queue.sync {}
    }
}
