import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Prepare a shared war-room directory on a jump host: setgid, group-owned, mode 2770."))
    @Argument(help: ArgumentHelp(tr("The directory (created if missing)."))) var directory: String
    @Option(help: ArgumentHelp(tr("The team's group (default: your primary group; required as root)."))) var group: String?

    func run() throws {
        var gid = getegid()
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDir)
        if exists && !isDir.boolValue { throw CLIError(tr("{path} exists and is not a directory", ["path": directory])) }
        if group == nil && (geteuid() == 0 || gid == 0) {
            // Root's primary group is root: the directory would belong to it and the
            // advice would be to add the team to group root.
            throw CLIError(
                tr(
                    "name the team's group with --group NAME (as root your primary group is root, which must not own the war room); create one first if needed: groupadd warroom"
                ))
        }
        if let group {
            guard let g = getgrnam(group) else {
                throw CLIError(
                    tr(
                        "no group \"{group}\" on this host; create it (groupadd {group}) and add the team (usermod -aG {group} NAME)",
                        ["group": group]))
            }
            gid = g.pointee.gr_gid
        }
        if !exists && mkdir(directory, 0o2770) != 0 {
            throw CLIError(tr("cannot create {path}: {cause}", ["path": directory, "cause": String(cString: strerror(errno))]))
        }
        if chown(directory, uid_t.max, gid) != 0 {
            throw CLIError(
                tr(
                    "cannot give {path} to the group: {cause} (you must own it and belong to the group)",
                    ["path": directory, "cause": String(cString: strerror(errno))]))
        }
        if chmod(directory, 0o2770) != 0 {
            throw CLIError(tr("cannot set the mode of {path}: {cause}", ["path": directory, "cause": String(cString: strerror(errno))]))
        }
        let groupName = getgrgid(gid).map { String(cString: $0.pointee.gr_name) } ?? "\(gid)"
        let abs = URL(fileURLWithPath: directory).standardizedFileURL.path
        print(
            Sanitizer.multiline(
                [
                    tr(
                        "{path} is ready: group {group}, mode 2770 (setgid: new journals belong to the group; warroom creates them 0660).",
                        ["path": abs, "group": groupName]),
                    tr("Point everyone at it, e.g. in /etc/profile.d/warroom.sh or each ~/.profile:"),
                    "    export WARROOM_JOURNAL=\(abs)/warroom.jsonl",
                    tr("Add people to the group with: usermod -aG {group} NAME (they log in again to pick it up).", ["group": groupName]),
                ].joined(separator: "\n")))
    }
}
