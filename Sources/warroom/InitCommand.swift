import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prepare a shared war-room directory on a jump host: setgid, group-owned, mode 2770.")
    @Argument(help: "The directory (created if missing).") var directory: String
    @Option(help: "The team's group (default: your primary group; required as root).") var group: String?

    func run() throws {
        var gid = getegid()
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDir)
        if exists && !isDir.boolValue { throw CLIError("\(directory) exists and is not a directory") }
        if group == nil && (geteuid() == 0 || gid == 0) {
            // Root's primary group is root: the directory would belong to it and the
            // advice would be to add the team to group root.
            throw CLIError(
                "name the team's group with --group NAME (as root your primary group is root, which must not own the war room); create one first if needed: groupadd warroom"
            )
        }
        if let group {
            guard let g = getgrnam(group) else {
                throw CLIError(
                    "no group \"\(group)\" on this host; create it (groupadd \(group)) and add the team (usermod -aG \(group) NAME)")
            }
            gid = g.pointee.gr_gid
        }
        if !exists && mkdir(directory, 0o2770) != 0 {
            throw CLIError("cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        if chown(directory, uid_t.max, gid) != 0 {
            throw CLIError(
                "cannot give \(directory) to the group: \(String(cString: strerror(errno))) (you must own it and belong to the group)")
        }
        if chmod(directory, 0o2770) != 0 {
            throw CLIError("cannot set the mode of \(directory): \(String(cString: strerror(errno)))")
        }
        let groupName = getgrgid(gid).map { String(cString: $0.pointee.gr_name) } ?? "\(gid)"
        let abs = URL(fileURLWithPath: directory).standardizedFileURL.path
        print(
            Sanitizer.multiline(
                """
                \(abs) is ready: group \(groupName), mode 2770 (setgid: new journals belong to the group; warroom creates them 0660).
                Point everyone at it, e.g. in /etc/profile.d/warroom.sh or each ~/.profile:
                    export WARROOM_JOURNAL=\(abs)/warroom.jsonl
                Add people to the group with: usermod -aG \(groupName) NAME (they log in again to pick it up).
                """))
    }
}
