import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a user's checkpoints live and which build may read them: `$XDG_CACHE_HOME/warroom/`
/// (else `~/.cache/warroom/`), one file per journal named by the SHA-256 of the journal's real
/// path, mode 0600. Per user and never beside the journal, so no one else can plant one.
public struct CheckpointStore: Sendable {
    public var directory: String
    /// The build's identity: a checkpoint written by any other build is ignored, never misread.
    public var formatKey: [UInt8]
    /// Journals shorter than this are read whole: their fold costs less than a checkpoint's upkeep.
    public var minimumLines = 10_000

    public init(directory: String, formatKey: [UInt8] = CheckpointStore.buildKey, minimumLines: Int = 10_000) {
        self.directory = directory
        self.formatKey = formatKey
        self.minimumLines = minimumLines
    }

    /// The store of this user, or nil when `WARROOM_NO_CHECKPOINT=1` or there is no home.
    public static let standard: CheckpointStore? = fromEnvironment(ProcessInfo.processInfo.environment)

    static func fromEnvironment(_ env: [String: String]) -> CheckpointStore? {
        if env["WARROOM_NO_CHECKPOINT"] == "1" { return nil }
        if let xdg = env["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return CheckpointStore(directory: xdg + "/warroom") }
        guard let home = env["HOME"], home.hasPrefix("/") else { return nil }
        return CheckpointStore(directory: home + "/.cache/warroom")
    }

    /// The running executable's identity: its device, inode, size and modification and change
    /// times. Any rebuild or reinstall writes the file, which changes its change time (no user
    /// can set that), so a checkpoint of one build is never read by another. Hashing the
    /// executable's bytes would say the same for tens of milliseconds on every command.
    public static let buildKey: [UInt8] = {
        var st = stat()
        var h = SHA256()
        h.update(data: Array("warroom checkpoint \(Checkpoint.version) binary \(BinaryEncoder.formatVersion)".utf8))
        if stat("/proc/self/exe", &st) == 0 {
            let parts: [Int64] = [
                Int64(bitPattern: UInt64(st.st_dev)), Int64(bitPattern: UInt64(st.st_ino)), Int64(st.st_size),
                Int64(st.st_mtim.tv_sec), Int64(st.st_mtim.tv_nsec), Int64(st.st_ctim.tv_sec), Int64(st.st_ctim.tv_nsec),
            ]
            for p in parts { withUnsafeBytes(of: p.littleEndian) { h.update(bufferPointer: $0) } }
        } else {
            // No way to tell builds apart: a key no other process has, so nothing is ever read back.
            h.update(data: Array(UUID().uuidString.utf8))
        }
        return Array(h.finalize())
    }()

    /// The checkpoint file of the journal at `path`.
    public func file(for path: String) -> String {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let real =
            realpath(path, &buf) != nil ? String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : path
        return directory + "/" + Chain.hex(SHA256.hash(data: Array(real.utf8))) + ".ckpt"
    }

    /// The bytes of a journal's checkpoint, if this user has one that no one else could have written.
    func read(for path: String) -> [UInt8]? {
        let file = file(for: path)
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o077 == 0 else {
            return nil
        }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var got = 0
        while got < out.count {
            let n = out.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pread(fd, base + got, raw.count - got, off_t(got))
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            got += n
        }
        return out
    }

    /// Writes a journal's checkpoint to a temporary file and renames it over the old one, so a
    /// reader sees the old file or the new one, whole. Failing to save costs only speed: no error.
    func write(_ bytes: [UInt8], for path: String) {
        mkdir((directory as NSString).deletingLastPathComponent, 0o700)
        mkdir(directory, 0o700)
        let file = file(for: path)
        var template = Array((file + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { t -> Int32 in
            guard let base = t.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { return }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fchmod(fd, 0o600)
        var done = 0
        var ok = true
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + done, raw.count - done)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                ok = false
                break
            }
            done += n
        }
        close(fd)
        if !ok || rename(temp, file) != 0 { unlink(temp) }
    }

    func remove(for path: String) { unlink(file(for: path)) }

    /// Whether to save again after reading `tail` lines past a checkpoint that covers `covered`
    /// lines: at 10 % of what it covers, and at most every 5 000 lines. Saving costs the whole
    /// lean state, so it must be rare; a tail costs every command that reads it, so it must stay
    /// short (5 000 lines fold in about 15 ms). A journal growing by N lines is saved about
    /// N / 5 000 times, each command folds at most 5 000 lines it has folded before.
    func shouldSave(covered: Int?, lineCount: Int) -> Bool {
        guard lineCount >= minimumLines else { return false }
        guard let covered else { return true }
        return lineCount - covered >= min(5_000, max(1, covered / 10))
    }
}
