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
            advice = "check the file's permissions and your groups (ls -l, id)"
        case EROFS:
            advice = "the file system is read-only; point --journal or WARROOM_JOURNAL at a writable place"
        case ENOSPC, EDQUOT:
            advice = "free some disk space, or point --journal at another disk"
        case EFBIG:
            advice = "the file-size limit (ulimit -f) or the file system's maximum was reached"
        case ENOTDIR, ENOENT:
            advice = "check that the directory exists and the path is right"
        case EISDIR:
            advice = "the path is a directory; give a file path such as DIR/warroom.jsonl"
        default:
            advice = "check the path and the disk"
        }
        return JournalError(kind, path: path, message: "cannot \(what) \(path): \(cause); \(advice)", errno: e)
    }
}
