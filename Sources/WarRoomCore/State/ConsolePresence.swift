import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A console open on the journal, as its `member.status` line said when it opened.
public struct ConsoleSession: Sendable, Equatable, Codable {
    /// A random id the console made for itself.
    public var id: String
    public var member: String
    /// The host and process the console ran as, so a console on the same host can tell a crashed one.
    public var host: String?
    public var pid: Int?
    public var openedAt: Date

    public init(id: String, member: String, host: String?, pid: Int?, openedAt: Date) {
        self.id = id
        self.member = member
        self.host = host
        self.pid = pid
        self.openedAt = openedAt
    }

    /// This host's name, as consoles record it.
    public static var thisHost: String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "" }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True when the session was opened on `host` by a process that no longer exists: its
    /// console crashed or was killed before it could say it closed. Sessions on other hosts
    /// cannot be checked and count as open.
    public func isGone(onHost host: String) -> Bool {
        guard self.host == host, let pid, pid > 0, pid <= Int(Int32.max) else { return false }
        return kill(pid_t(pid), 0) != 0 && errno == ESRCH
    }
}

/// What a console writes about its person when it opens and when it closes.
///
/// Opening: the person is `engaged` (a journal-wide `member.status` carrying the console's
/// id, host and pid) and joins the roster of the incident the console shows, if not on it.
/// Closing: `offline`, unless the same person still has another console open, in which case
/// their presence is written unchanged; either way the line carries `closed: true` so the
/// fold forgets the session. Both are decided under the journal's lock, against what the
/// journal says then.
///
/// A console that crashes writes nothing. Its session stays open in the journal until the
/// same person opens or closes another console on the same host, which closes the sessions
/// whose process is gone; until then the roster shows the time the person last acted beside
/// their presence, so a stale `engaged` is visible as such. A read-only console writes nothing.
public enum ConsolePresence {
    public static func opening(
        member: String, console: String, host: String, pid: Int, incident: Incident?, in state: JournalState,
        isGone: (ConsoleSession) -> Bool
    ) -> [EventDraft] {
        var out = reaping(member: member, except: console, in: state, isGone: isGone)
        if let inc = incident, !inc.isClosed, inc.members[member] == nil {
            out.append(EventDraft(kind: .memberJoined, incident: inc.id, data: ["member": .string(member)]))
        }
        out.append(
            EventDraft(
                kind: .memberStatus, incident: nil,
                data: [
                    "member": .string(member), "status": .string(Presence.engaged.rawValue), "console": .string(console),
                    "host": .string(host), "pid": .number(Double(pid)),
                ]))
        return out
    }

    public static func closing(
        member: String, console: String, in state: JournalState, isGone: (ConsoleSession) -> Bool
    ) -> [EventDraft] {
        guard state.openConsoles.contains(where: { $0.id == console }) else { return [] }
        var out = reaping(member: member, except: console, in: state, isGone: isGone)
        let othersOpen = state.consoles(of: member).contains { $0.id != console && !isGone($0) }
        let status = othersOpen ? state.presence(of: member) : .offline
        out.append(
            EventDraft(
                kind: .memberStatus, incident: nil,
                data: [
                    "member": .string(member), "status": .string(status.rawValue), "console": .string(console),
                    "closed": .bool(true),
                ]))
        return out
    }

    /// Closes the member's other sessions whose console is gone.
    static func reaping(member: String, except console: String, in state: JournalState, isGone: (ConsoleSession) -> Bool)
        -> [EventDraft]
    {
        state.consoles(of: member).filter { $0.id != console && isGone($0) }.map { s in
            EventDraft(
                kind: .memberStatus, incident: nil,
                data: [
                    "member": .string(member), "status": .string(Presence.offline.rawValue), "console": .string(s.id),
                    "closed": .bool(true),
                ])
        }
    }
}
