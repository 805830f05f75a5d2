import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

struct WarRoom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom",
        abstract: "A terminal war-room console for crisis response, over one shared JSON-lines journal.",
        discussion: """
            Every command takes --journal PATH (else $WARROOM_JOURNAL, else ./warroom.jsonl) and --as NAME.
            Commands that act on an incident take --incident ID (default: the most recently declared open one).
            """,
        version: "0.1.0",
        subcommands: [
            Status.self, Declare.self, Note.self, SeverityCommand.self, PhaseCommand.self, Assign.self, Release.self,
            Join.self, PresenceCommand.self, Leave.self, AddItem.self, Tick_.self, Untick.self, CounterCommand.self,
            Comms.self, Append.self, Check.self, Playbooks.self, Render.self, Console.self, Drill.self, Demo.self, Report.self, Init.self,
        ],
        defaultSubcommand: Console.self
    )
}

if getuid() != geteuid() || getgid() != getegid() {
    FileHandle.standardError.write(Data("warroom: refusing to run setuid or setgid; run it as yourself\n".utf8))
    exit(2)
}
StandardOutput.installExitCheck()
WarRoom.main()
