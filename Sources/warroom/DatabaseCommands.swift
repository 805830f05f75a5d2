import ArgumentParser
import Foundation
import WarRoomCore

/// The journal's address as a database, or a clear refusal naming the command.
private func databaseAddress(_ options: JournalOptions, for command: String) throws -> DatabaseAddress {
    guard case .database(let address) = options.location else {
        throw CLIError(
            "warroom \(command) works on a database journal: pass --journal postgresql://HOST/DB (or set WARROOM_JOURNAL); \(options.path) is a file"
        )
    }
    return address
}

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Manage a journal kept in PostgreSQL.", subcommands: [DatabaseInit.self])
}

struct DatabaseInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create (or upgrade) warroom's tables in the database that --journal names; safe to run again.")
    @OptionGroup var options: JournalOptions

    func run() throws {
        let address = try databaseAddress(options, for: "db init")
        do {
            let (from, to) = try DatabaseSchema.initialize(address)
            TerminalText.line(
                from == to
                    ? "\(address.display): warroom tables already at schema version \(to)"
                    : "\(address.display): warroom tables ready (schema version \(to)\(from > 0 ? ", upgraded from \(from)" : ""))")
        } catch {
            throw CLIError(error.message)
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a database journal to standard output, byte for byte the file a file journal would hold.",
        discussion: "warroom export --journal postgresql://HOST/DB > room.jsonl; `warroom check --head` gives both the same head.")
    @OptionGroup var options: JournalOptions

    func run() throws {
        let address = try databaseAddress(options, for: "export")
        do {
            let (lines, head) = try JournalTransfer.export(address) { StandardOutput.write($0) }
            TerminalText.standardError("exported \(lines) lines from \(Sanitizer.inline(address.display)); head sha256 \(head)\n")
        } catch {
            throw CLIError(error.message)
        }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a file journal into an empty database journal (run it again to finish one cut short).")
    @OptionGroup var options: JournalOptions
    @Argument(help: ArgumentHelp("The file journal to load.", valueName: "file")) var file: String

    func run() throws {
        let address = try databaseAddress(options, for: "import")
        do {
            let r = try JournalTransfer.importFile(file, into: address)
            var text = "imported \(r.imported) lines from \(file) into \(address.display)"
            if r.alreadyThere > 0 { text += " (\(r.alreadyThere) were there already)" }
            if r.pendingBytes > 0 { text += "; \(r.pendingBytes) bytes after the last newline were left out (a line still being written)" }
            TerminalText.line(text + "; head sha256 \(r.head)")
        } catch {
            throw CLIError(error.message)
        }
    }
}
