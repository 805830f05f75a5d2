import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells the one thread that owns a console when the journal may have
/// changed, without spinning: inotify on the file and its directory (so a
/// replaced or re-created file is seen), and a slow `fstat` poll as the
/// fallback for file systems where inotify says nothing (NFS).
///
/// The owner puts `descriptor` in its `poll(2)` set, and calls `drain()` when it
/// is readable and `file.refresh()` after that, or when `pollInterval` passed.
public final class JournalFollower {
    public let file: JournalFile
    /// Read end for poll(2); -1 when inotify is unavailable.
    public private(set) var descriptor: Int32 = -1
    /// How often to check the file when nothing was heard from inotify.
    public let pollInterval: TimeInterval = 1
    private var fileWatch: Int32 = -1
    private var dirWatch: Int32 = -1
    private let name: String
    /// The file as last seen: a directory event that leaves it as it was (a
    /// writer that opened it and closed it with nothing to write) is no news.
    private var seen: (dev: UInt64, ino: UInt64, size: Int64, mtime: timespec)?

    public init(file: JournalFile) {
        self.file = file
        file.detectsEdits = true
        self.name = (file.path as NSString).lastPathComponent
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd >= 0 {
            descriptor = fd
            let dir = (file.path as NSString).deletingLastPathComponent
            dirWatch = inotify_add_watch(
                fd, dir.isEmpty ? "." : dir,
                UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CLOSE_WRITE))
            watchFile()
            seen = look()
        }
    }

    private func look() -> (dev: UInt64, ino: UInt64, size: Int64, mtime: timespec)? {
        var st = stat()
        guard stat(file.path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino), Int64(st.st_size), st.st_mtim)
    }

    /// Whether the file differs from when it was last seen (and remember it as it is now).
    private func changedSinceSeen() -> Bool {
        let now = look()
        defer { seen = now }
        guard let now, let before = seen else { return now != nil || seen != nil }
        return now.dev != before.dev || now.ino != before.ino || now.size != before.size
            || now.mtime.tv_sec != before.mtime.tv_sec || now.mtime.tv_nsec != before.mtime.tv_nsec
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    private func watchFile() {
        guard descriptor >= 0 else { return }
        if fileWatch >= 0 { inotify_rm_watch(descriptor, fileWatch) }
        fileWatch = inotify_add_watch(
            descriptor, file.path, UInt32(IN_MODIFY | IN_MOVE_SELF | IN_DELETE_SELF | IN_ATTRIB))
    }

    /// Reads pending inotify records. Returns true when any concerned the
    /// journal (or the queue overflowed), so the owner should refresh.
    @discardableResult
    public func drain() -> Bool {
        guard descriptor >= 0 else { return true }
        var relevant = false
        var rewatch = false
        var dirNews = false
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var i = 0
            while i + MemoryLayout<inotify_event>.size <= n {
                let (wd, mask, len) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let ev = raw.loadUnaligned(fromByteOffset: i, as: inotify_event.self)
                    return (ev.wd, ev.mask, Int(ev.len))
                }
                let nameStart = i + MemoryLayout<inotify_event>.size
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    relevant = true
                    rewatch = true
                } else if wd == fileWatch {
                    relevant = true
                    if mask & UInt32(IN_MOVE_SELF | IN_DELETE_SELF | IN_IGNORED) != 0 { rewatch = true }
                } else if wd == dirWatch && len > 0 {
                    let nameBytes = buffer[nameStart..<min(nameStart + len, n)].prefix { $0 != 0 }
                    if String(decoding: nameBytes, as: UTF8.self) == name {
                        if mask & UInt32(IN_CLOSE_WRITE) != 0 && mask & UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) == 0 {
                            dirNews = true
                        } else {
                            relevant = true
                            rewatch = true
                        }
                    }
                }
                i = nameStart + len
            }
        }
        if rewatch { watchFile() }
        // A close after writing says nothing by itself; it is news only if the file changed.
        if relevant || dirNews {
            let changed = changedSinceSeen()
            if !relevant { relevant = changed }
        }
        return relevant
    }

    /// Re-arms the file watch if it was lost (file created after start, or replaced).
    public func ensureWatching() {
        if descriptor >= 0 && fileWatch < 0 { watchFile() }
    }
}
