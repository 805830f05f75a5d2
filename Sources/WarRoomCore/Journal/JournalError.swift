import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A journal operation that failed, said so a person on a jump host knows
/// which file, what went wrong and what to do.
public struct JournalError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        case open, read, write, lock, lockTimeout, invalid, tooLong
    }

    public var kind: Kind
    public var path: String
    public var message: String
    public var errno: Int32?

    public init(_ kind: Kind, path: String, message: String, errno: Int32? = nil) {
        self.kind = kind
        self.path = path
        self.message = message
        self.errno = errno
    }

    public var description: String { message }

    /// An error from a system call, with advice for the common causes.
    static func system(_ kind: Kind, path: String, doing what: String, errno e: Int32) -> JournalError {
        let cause = String(cString: strerror(e))
        let advice: String
        switch e {
        case EACCES, EPERM:
            advice = tr("check the file's permissions and your groups (ls -l, id)")
        case EROFS:
            advice = tr("the file system is read-only; point --journal or WARROOM_JOURNAL at a writable place")
        case ENOSPC:
            advice =
                mountPoint(of: path).map {
                    tr(
                        "the file system mounted at {mount} is full: free some disk space there, or point --journal at another disk",
                        ["mount": $0])
                } ?? tr("the file system is full: free some disk space there, or point --journal at another disk")
        case EDQUOT:
            advice =
                mountPoint(of: path).map {
                    tr(
                        "your disk quota on the file system mounted at {mount} is used up: free some space, or point --journal at another disk",
                        ["mount": $0])
                } ?? tr("your disk quota is used up: free some space, or point --journal at another disk")
        case EFBIG:
            advice = tr("the file-size limit (ulimit -f) or the file system's maximum was reached")
        case ENOTDIR, ENOENT:
            advice = tr("check that the directory exists and the path is right")
        case EISDIR:
            advice = tr("the path is a directory; give a file path such as DIR/warroom.jsonl")
        default:
            advice = tr("check the path and the disk")
        }
        return JournalError(
            kind, path: path,
            message: tr("{cannot}: {cause}; {advice}", ["cannot": cannot(what, path), "cause": cause, "advice": advice]), errno: e)
    }

    /// "cannot open PATH" as one phrase per verb, so that each language can word it.
    static func cannot(_ what: String, _ path: String) -> String {
        switch what {
        case "open": return tr("cannot open {path}", ["path": path])
        case "read": return tr("cannot read {path}", ["path": path])
        case "append to": return tr("cannot append to {path}", ["path": path])
        case "lock": return tr("cannot lock {path}", ["path": path])
        case "inspect": return tr("cannot inspect {path}", ["path": path])
        case "flush": return tr("cannot flush {path}", ["path": path])
        case "create": return tr("cannot create {path}", ["path": path])
        case "write the report to": return tr("cannot write the report to {path}", ["path": path])
        default: return "cannot \(what) \(path)"
        }
    }

    /// Where the file system holding `path` is mounted, from /proc/self/mountinfo, so a full disk is named.
    static func mountPoint(of path: String) -> String? {
        var st = stat()
        let dir = (path as NSString).deletingLastPathComponent
        guard stat(path, &st) == 0 || stat(dir.isEmpty ? "." : dir, &st) == 0 else { return nil }
        let dev = UInt64(st.st_dev)
        // The kernel's encoding of dev_t (glibc's major()/minor() are macros Swift cannot see).
        let major = ((dev >> 8) & 0xFFF) | ((dev >> 32) & ~UInt64(0xFFF))
        let minor = (dev & 0xFF) | ((dev >> 12) & ~UInt64(0xFF))
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
        var found: String?
        for line in text.split(separator: "\n") {
            // "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw"
            let f = line.split(separator: " ")
            guard f.count > 4, f[2] == "\(major):\(minor)" else { continue }
            // Octal escapes (\040 for a space) stay as they are: the name is only shown.
            let point = String(f[4])
            if point.count > (found?.count ?? -1) { found = point }
        }
        return found.map { Sanitizer.inline($0) }
    }
}
