import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

struct WarRoom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warroom",
        abstract: tr("A terminal war-room console for crisis response, over one shared JSON-lines journal."),
        // One message per paragraph: a catalog entry is one line of text.
        discussion: [
            tr(
                "Every command takes --journal PATH (else $WARROOM_JOURNAL, else ./warroom.jsonl) and --as NAME, before or after the command's name."
            ),
            tr("Commands that act on an incident take --incident ID (default: the most recently declared open one)."),
            tr(
                "--lang zh or --lang en, anywhere before --, chooses the language of messages and help (else $WARROOM_LANG, else LC_ALL, LC_MESSAGES or LANG; zh_CN.UTF-8 gives Chinese even where that locale is not installed)."
            ),
        ].joined(separator: "\n\n"),
        version: "0.1.0",
        subcommands: [
            Status.self, Declare.self, Note.self, SeverityCommand.self, PhaseCommand.self, SwitchPlaybook.self, Assign.self, Release.self,
            Join.self, PresenceCommand.self, Leave.self, AddItem.self, Tick_.self, Untick.self, CounterCommand.self,
            Comms.self, Append.self, Check.self, Playbooks.self, Render.self, Console.self, Drill.self, Demo.self, Report.self, Init.self,
            DatabaseCommand.self, Export.self, Import.self, FollowUpCommand.self, ActionsCommand.self, Stats.self, Ingest.self,
            Serve.self, Notify.self, ReviewCommand.self, RecoveryCommand.self, ScopeCommand.self,
        ],
        defaultSubcommand: Console.self
    )
}

if getuid() != geteuid() || getgid() != getegid() {
    // Before the language is chosen: the catalog is not read with raised privileges.
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
    // Our own errors carry our own (translated) prefix; the parser's keep its English "Error:".
    if let e = error as? CLIError {
        TerminalText.error(e.description)
        fflush(nil)
        exit(code.rawValue)
    }
    let text = WarRoom.fullMessage(for: error)
    if !text.isEmpty {
        if code == .success {
            // Help: the parser folds by characters, which Chinese needs done again by columns.
            print(Sanitizer.multiline(L10n.isChinese ? HelpLayout.fit(text) : text))
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
    TerminalText.warning(notice)
}
do {
    try command.run()
} catch {
    exitReporting(error)
}
