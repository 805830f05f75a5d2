import ArgumentParser
import Foundation
import WarRoomCore

struct Playbooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the playbooks found, or check one file.",
        subcommands: [List.self, CheckFile.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the playbooks found.")

        func run() throws {
            let catalog = PlaybookCatalog.load()
            if catalog.playbooks.isEmpty {
                print("No playbooks found. Set WARROOM_DATA to a directory holding playbooks/, or install warroom with `make install`.")
            }
            for p in catalog.playbooks {
                let sev = p.severities.map(\.label).joined(separator: ",")
                let def = p.defaultFor.isEmpty ? "" : "  default for \(p.defaultFor.map(\.label).joined(separator: ","))"
                print(
                    Sanitizer.inline(
                        "\(DisplayWidth.pad(p.name, to: 18)) \(DisplayWidth.pad(sev, to: 9)) \(p.items.count) items  \(p.title)\(def)"))
            }
            for w in catalog.warnings { TerminalText.warning(w) }
        }
    }

    struct CheckFile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Validate a playbook or policy file; errors name the file and line.")
        @Argument(help: "The TOML file.") var file: String

        func run() throws {
            do {
                if (file as NSString).lastPathComponent == "policy.toml" {
                    let p = try Policy.load(path: file)
                    TerminalText.line("\(file): policy with \(p.targets.count) targets and \(p.triggers.count) trigger rules is valid")
                } else {
                    let p = try Playbook.load(path: file)
                    TerminalText.line("\(file): playbook \(p.name) with \(p.items.count) items is valid")
                }
            } catch {
                throw CLIError(Sanitizer.inline(error.description))
            }
        }
    }
}
