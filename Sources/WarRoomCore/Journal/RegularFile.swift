import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Opens a journal (or a report's target) the one safe way, for readers and
/// writers alike. In a shared group-writable directory anyone in the group can
/// put something else at the path: a symbolic link to another of the victim's
/// files (a writer would append to it as the victim), or a FIFO (a reader would
/// wait on it for ever). So the last component is never followed
/// (`O_NOFOLLOW`), the open never waits (`O_NONBLOCK`), and whatever was
/// opened must be a regular file, checked on the descriptor itself (`fstat`),
/// so nothing can be swapped in between the check and the use.
public enum RegularFile {
    /// Opens `path` with `flags` and returns a descriptor on a regular file, in
    /// blocking mode. A missing file throws with `errno` ENOENT, so callers can
    /// tell "not there yet" from "something else is there".
    public static func open(
        _ path: String, flags: Int32, mode: mode_t = 0, doing what: String, kind: JournalError.Kind
    ) throws(JournalError) -> Int32 {
        let fd = Glibc.open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode)
        if fd < 0 {
            let e = errno
            // ELOOP: a symlink under O_NOFOLLOW; ENXIO: a FIFO opened for writing with no reader;
            // EISDIR: a directory opened for writing. lstat says what is really there.
            if e == ELOOP || e == ENXIO || e == EISDIR || e == ENODEV || e == EWOULDBLOCK, let thing = nonRegular(path) {
                throw JournalError(kind, path: path, message: refusal(path, doing: what, thing: thing), errno: e)
            }
            throw JournalError.system(kind, path: path, doing: what, errno: e)
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw JournalError.system(kind, path: path, doing: what, errno: e)
        }
        if (st.st_mode & S_IFMT) != S_IFREG {
            Glibc.close(fd)
            throw JournalError(kind, path: path, message: refusal(path, doing: what, thing: kindName(st.st_mode, path: path)))
        }
        // O_NONBLOCK was only for the open; reads and writes of the file behave as usual.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// What is at `path` when it is there and not a regular file (nil otherwise), without following a link.
    public static func nonRegular(_ path: String) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG else { return nil }
        return kindName(st.st_mode, path: path)
    }

    /// Throws the refusal when something other than a regular file is at `path`.
    public static func refuseNonRegular(
        _ path: String, doing what: String, kind: JournalError.Kind, example: String = "warroom.jsonl"
    ) throws(JournalError) {
        if let thing = nonRegular(path) {
            throw JournalError(kind, path: path, message: refusal(path, doing: what, thing: thing, example: example))
        }
    }

    static func kindName(_ mode: mode_t, path: String) -> String {
        switch mode & S_IFMT {
        case S_IFLNK:
            var buf = [CChar](repeating: 0, count: 4096)
            let n = readlink(path, &buf, buf.count - 1)
            // The target is anyone's text: it goes to a terminal only made visible.
            let target = n > 0 ? " to \(Sanitizer.inline(String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)))" : ""
            return "a symbolic link\(target)"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        default: return "not a regular file"
        }
    }

    public static func refusal(_ path: String, doing what: String, thing: String, example: String = "warroom.jsonl") -> String {
        let advice: String
        if thing.hasPrefix("a symbolic link") {
            advice = tr(
                "warroom does not follow a link at this path, because anyone who can write the directory could point it at another file; give the real file's path, or remove the link (rm {path})",
                ["path": path])
        } else if thing == "a directory" {
            advice = tr("give a file path inside it, such as {path}/{example}", ["path": path, "example": example])
        } else {
            advice = tr("only a regular file will do; remove it (rm {path}) or give another path", ["path": path])
        }
        return tr(
            "{cannot}: there is {thing} there, not a regular file; {advice}",
            ["cannot": JournalError.cannot(what, path), "thing": displayKind(thing), "advice": advice])
    }

    /// `kindName`'s words (kept in English: callers compare them) in the interface language.
    static func displayKind(_ thing: String) -> String {
        let link = "a symbolic link to "
        if thing.hasPrefix(link) { return tr("a symbolic link to {target}", ["target": String(thing.dropFirst(link.count))]) }
        switch thing {
        case "a symbolic link": return tr("a symbolic link")
        case "a named pipe (FIFO)": return tr("a named pipe (FIFO)")
        case "a character device": return tr("a character device")
        case "a block device": return tr("a block device")
        case "a socket": return tr("a socket")
        case "a directory": return tr("a directory")
        case "not a regular file": return tr("not a regular file", context: "file kind")
        default: return thing
        }
    }
}
