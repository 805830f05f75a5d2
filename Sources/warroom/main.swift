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
            Every command takes --journal PATH (else $WARROOM_JOURNAL, else ./warroom.jsonl) and --as NAME, \
            before or after the command's name.

            Commands that act on an incident take --incident ID (default: the most recently declared open one).
            """,
        version: "0.1.0",
        subcommands: [
            Status.self, Declare.self, Note.self, SeverityCommand.self, PhaseCommand.self, SwitchPlaybook.self, Assign.self, Release.self,
            Join.self, PresenceCommand.self, Leave.self, AddItem.self, Tick_.self, Untick.self, CounterCommand.self,
            Comms.self, Append.self, Check.self, Playbooks.self, Render.self, Console.self, Drill.self, Demo.self, Report.self, Init.self,
            DatabaseCommand.self, Export.self, Import.self,
        ],
        defaultSubcommand: Console.self
    )
}

if getuid() != geteuid() || getgid() != getegid() {
    FileHandle.standardError.write(Data("warroom: refusing to run setuid or setgid; run it as yourself\n".utf8))
    exit(2)
}
StandardOutput.installExitCheck()

var typed = Array(CommandLine.arguments.dropFirst())
if let problem = LanguageSetup.start(&typed) {
    TerminalText.error(problem)
    exit(ExitCode.validationFailure.rawValue)
}
if let notACommand = CommandLineArguments.unknownCommand(typed, root: WarRoom.self) {
    TerminalText.error(notACommand)
    exit(ExitCode.validationFailure.rawValue)
}
/// The parser's own printing (`WarRoom.exit(withError:)`) would echo arguments and
/// journal names raw; every message goes out through the sanitiser instead.
func exitReporting(_ error: Error) -> Never {
    let code = WarRoom.exitCode(for: error)
    let text = WarRoom.fullMessage(for: error)
    if !text.isEmpty {
        if code == .success {
            print(Sanitizer.multiline(text))
        } else {
            TerminalText.standardError(text + "\n")
        }
    }
    fflush(nil)
    exit(code.rawValue)
}

let arguments = CommandLineArguments.rewrite(typed, root: WarRoom.self)
var command: ParsableCommand
do {
    command = try WarRoom.parseAsRoot(arguments)
} catch {
    if WarRoom.exitCode(for: error) == .validationFailure, let negative = CommandLineArguments.strayNegative(arguments) {
        TerminalText.error(negative)
        exit(ExitCode.validationFailure.rawValue)
    }
    exitReporting(error)
}
// The console says it in its status line; every other command once on standard error.
if let notice = LanguageSetup.notice, !(command is Console), !(command is Demo) {
    TerminalText.standardError("warroom: \(notice)\n")
}
do {
    try command.run()
} catch {
    exitReporting(error)
}
