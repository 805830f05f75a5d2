import ArgumentParser
import Foundation
import WarRoomCore

/// The journal's address as a database, or a clear refusal naming the command.
private func databaseAddress(_ options: JournalOptions, for command: String) throws -> DatabaseAddress {
    guard case .database(let address) = options.location else {
        throw CLIError(
            tr(
                "warroom {command} works on a database journal: pass --journal postgresql://HOST/DB (or set WARROOM_JOURNAL); {path} is a file",
                ["command": command, "path": options.shown])
        )
    }
    return address
}

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: tr("Manage a journal kept in PostgreSQL."), subcommands: [DatabaseInit.self])
}

struct DatabaseInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: tr("Create (or upgrade) warroom's tables in the database that --journal names; safe to run again."))
    @OptionGroup var options: JournalOptions

    func run() throws {
        let address = try databaseAddress(options, for: "db init")
        do {
            let (from, to) = try DatabaseSchema.initialize(address)
            let values = ["journal": address.display, "version": String(to), "from": String(from)]
            TerminalText.line(
                from == to
                    ? tr("{journal}: warroom tables already at schema version {version}", values)
                    : from > 0
                        ? tr("{journal}: warroom tables ready (schema version {version}, upgraded from {from})", values)
                        : tr("{journal}: warroom tables ready (schema version {version})", values))
        } catch {
            throw CLIError(error.message)
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Write a database journal to standard output, byte for byte the file a file journal would hold."),
        discussion: tr("warroom export --journal postgresql://HOST/DB > room.jsonl; `warroom check --head` gives both the same head."))
    @OptionGroup var options: JournalOptions

    func run() throws {
        let address = try databaseAddress(options, for: "export")
        do {
            let (lines, head) = try JournalTransfer.export(address) { StandardOutput.write($0) }
            TerminalText.standardError(
                tr(
                    "exported {lines} lines from {journal}; head sha256 {head}",
                    ["lines": String(lines), "journal": Sanitizer.inline(address.display), "head": head]) + "\n")
        } catch {
            throw CLIError(error.message)
        }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Load a file journal into an empty database journal (run it again to finish one cut short)."))
    @OptionGroup var options: JournalOptions
    @Argument(help: ArgumentHelp(tr("The file journal to load."), valueName: "file")) var file: String

    func run() throws {
        let address = try databaseAddress(options, for: "import")
        do {
            let r = try JournalTransfer.importFile(file, into: address)
            var text = tr(
                "imported {lines} lines from {file} into {journal}",
                ["lines": String(r.imported), "file": file, "journal": address.display])
            if r.alreadyThere > 0 { text += tr(" ({lines} were there already)", ["lines": String(r.alreadyThere)]) }
            if r.pendingBytes > 0 {
                text += tr(
                    "; {bytes} bytes after the last newline were left out (a line still being written)", ["bytes": String(r.pendingBytes)])
            }
            TerminalText.line(text + tr("; head sha256 {head}", ["head": r.head]))
        } catch {
            throw CLIError(error.message)
        }
    }
}
