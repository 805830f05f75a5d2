import ArgumentParser
import Foundation
import WarRoomCore

struct Playbooks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("List the playbooks found, or check one file."),
        subcommands: [List.self, CheckFile.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: tr("List the playbooks found."))

        func run() throws {
            let catalog = PlaybookCatalog.load()
            if catalog.playbooks.isEmpty {
                print(
                    tr("No playbooks found. Set WARROOM_DATA to a directory holding playbooks/, or install warroom with `make install`."))
            }
            // Wide enough for the longest (一级,二级,三级 is twice L1,L2,L3): never cut.
            let sevWidth = max(
                9, catalog.playbooks.map { DisplayWidth.of($0.severities.map(\.displayLabel).joined(separator: ",")) }.max() ?? 0)
            for p in catalog.playbooks {
                let sev = p.severities.map(\.displayLabel).joined(separator: ",")
                let def =
                    p.defaultFor.isEmpty
                    ? "" : tr("  default for {severities}", ["severities": p.defaultFor.map(\.displayLabel).joined(separator: ",")])
                print(
                    Sanitizer.inline(
                        "\(DisplayWidth.pad(p.name, to: 18)) \(DisplayWidth.pad(sev, to: sevWidth)) "
                            + tr("{count} items  {title}", ["count": String(p.items.count), "title": planText(p.title, zh: p.titleZh)])
                            + def))
            }
            for w in catalog.warnings { TerminalText.warning(w) }
        }
    }

    struct CheckFile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: tr("Validate a playbook or policy file; errors name the file and line."))
        @Argument(help: ArgumentHelp(tr("The TOML file."))) var file: String

        func run() throws {
            do {
                if (file as NSString).lastPathComponent == "policy.toml" {
                    let p = try Policy.load(path: file)
                    TerminalText.line(
                        tr(
                            "{file}: policy with {targets} targets and {triggers} trigger rules is valid",
                            ["file": file, "targets": String(p.targets.count), "triggers": String(p.triggers.count)]))
                } else {
                    let p = try Playbook.load(path: file)
                    TerminalText.line(
                        tr(
                            "{file}: playbook {name} with {items} items is valid",
                            ["file": file, "name": p.name, "items": String(p.items.count)]))
                }
            } catch {
                throw CLIError(Sanitizer.inline(error.description))
            }
        }
    }
}
