import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// The shared secret a webhook source presents as `Authorization: Bearer TOKEN`.
struct BearerToken {
    private let secret: [UInt8]

    /// Reads the token file: a regular file nobody but its owner may read or write (anyone
    /// who can read it can write signals), holding the token on its first line.
    static func load(path: String) throws -> BearerToken {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw CLIError(
                tr("cannot read the token file {path}: {reason}", ["path": path, "reason": String(cString: strerror(errno))]))
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw CLIError(tr("the token file {path} is not a regular file", ["path": path]))
        }
        if st.st_mode & 0o077 != 0 {
            throw CLIError(
                tr(
                    "the token file {path} is readable or writable by others (mode {mode}); make it private with chmod 600 {path}",
                    ["path": path, "mode": String(st.st_mode & 0o777, radix: 8)]))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError(tr("cannot read the token file {path}", ["path": path]))
        }
        let first = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        let token = first.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.utf8.count >= 16 else {
            throw CLIError(
                tr(
                    "the token in {path} is shorter than 16 characters; put a long random one there (openssl rand -hex 32)",
                    ["path": path]))
        }
        return BearerToken(secret: Array(token.utf8))
    }

    /// Whether an Authorization header carries the token. The comparison takes the same time
    /// wherever the first difference is, so the answer's timing does not leak the token.
    func accepts(_ authorization: String?) -> Bool {
        guard let authorization else { return false }
        let prefix = "bearer "
        guard authorization.lowercased().hasPrefix(prefix) else { return false }
        let given = Array(authorization.utf8.dropFirst(prefix.utf8.count))
        var diff: UInt8 = given.count == secret.count ? 0 : 1
        for i in 0..<secret.count {
            diff |= secret[i] ^ (i < given.count ? given[i] : 0)
        }
        return diff == 0
    }
}
