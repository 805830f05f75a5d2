import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a whole file (a report) so that nothing else at its path is harmed:
/// the text goes to a temporary file in the same directory, is flushed, and is
/// renamed over the path only when the path holds a regular file or nothing. A
/// symbolic link, a FIFO, a device or a directory there is refused and left as
/// it is (`--output /dev/full` run as root used to turn the device into a file).
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        let doing = "write the report to"
        do {
            try RegularFile.refuseNonRegular(path, doing: doing, kind: .write, example: "report.md")
        } catch {
            throw CLIError(error.message)
        }
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((dir.isEmpty ? "." : dir) + "/." + name + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            // A C string always has at least its terminator, so there is always a base address.
            guard let base = buf.baseAddress else {
                errno = EINVAL
                return -1
            }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw failure(path, errno) }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var done = false
        defer {
            close(fd)
            if !done { unlink(temp) }
        }
        // An existing report keeps its mode; a new one gets what the umask allows, as any new file.
        var st = stat()
        if lstat(path, &st) == 0 {
            fchmod(fd, st.st_mode & 0o7777)
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(fd, 0o666 & ~mask)
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                // Only reached with bytes left, so there is always a base address.
                guard let base = raw.baseAddress else {
                    errno = EIO
                    return -1
                }
                return Glibc.write(fd, base + written, raw.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            written += n
        }
        if fsync(fd) != 0 { throw failure(path, errno) }
        // Checked again just before the rename, which replaces the name and never writes through it.
        do {
            try RegularFile.refuseNonRegular(path, doing: doing, kind: .write, example: "report.md")
        } catch {
            throw CLIError(error.message)
        }
        if rename(temp, path) != 0 { throw failure(path, errno) }
        done = true
    }

    private static func failure(_ path: String, _ e: Int32) -> CLIError {
        let advice: String
        switch e {
        case ENOSPC, EDQUOT: advice = tr("free some disk space, or give --output a path on another disk")
        case EACCES, EPERM, EROFS: advice = tr("give --output a path in a directory you may write")
        case ENOENT, ENOTDIR: advice = tr("check that the directory exists and the path is right")
        default: advice = tr("check the path and the disk")
        }
        return CLIError(
            tr(
                "cannot write the report to {path}: {cause}; {advice}",
                ["path": path, "cause": String(cString: strerror(e)), "advice": advice]))
    }
}
