import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who is acting and how new ids are made.
public enum Identity {
    /// The OS login name: the password entry of the real user, else `$USER`.
    public static func loginName() -> String {
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name {
            let s = String(cString: name)
            if !s.isEmpty { return s }
        }
        if let u = ProcessInfo.processInfo.environment["USER"], !u.isEmpty { return u }
        return "uid\(getuid())"
    }

    public static func newEventID() -> String {
        UUID().uuidString.lowercased()
    }

    /// The next free human-friendly incident id for a day: `INC-20261122-01`.
    /// Called under the write lock, so two declarations never get the same id.
    public static func nextIncidentID(in state: JournalState, at date: Date) -> String {
        let day = String(RFC3339.format(date).prefix(10)).replacingOccurrences(of: "-", with: "")
        let prefix = "INC-\(day)-"
        var highest = 0
        for id in state.incidentOrder where id.hasPrefix(prefix) {
            if let n = Int(id.dropFirst(prefix.count)) { highest = max(highest, n) }
        }
        let n = highest + 1
        return prefix + (n < 10 ? "0\(n)" : "\(n)")
    }
}
