import ArgumentParser
import WarRoomCore

/// The command line as people type it, put in the shape the parser reads.
///
/// The console is the default subcommand, so the parser hands anything it does not
/// recognise as a subcommand to the console: a misspelt command came back as
/// "Unknown option '--severity'", and options typed before the subcommand
/// (`warroom --as bob join bob …`) went to the console too.
enum CommandLineArguments {
    /// The options every journal command takes, accepted before the subcommand as after it.
    static let shared = ["--journal", "--as"]

    /// Leading shared options (each with its value) and the index of the first other argument.
    static func leadingShared(_ args: [String]) -> (options: [String], next: Int) {
        var i = 0
        var options: [String] = []
        while i < args.count {
            let a = args[i]
            if shared.contains(a), i + 1 < args.count {
                options += [a, args[i + 1]]
                i += 2
            } else if shared.contains(where: { a.hasPrefix($0 + "=") }) {
                options.append(a)
                i += 1
            } else {
                break
            }
        }
        return (options, i)
    }

    /// The arguments the parser is given: leading shared options moved after the
    /// subcommand (and its nested subcommand, as in `drill run`), and a negative
    /// number after an option joined to it, so that `--severity -1` reaches the
    /// command's own check ("out of range") instead of "Missing value".
    static func rewrite(_ args: [String], root: ParsableCommand.Type) -> [String] {
        joinNegativeValues(sharedAfterSubcommand(args, root: root))
    }

    static func sharedAfterSubcommand(_ args: [String], root: ParsableCommand.Type) -> [String] {
        let (options, first) = leadingShared(args)
        guard !options.isEmpty else { return args }
        var command = root
        var end = first
        while end < args.count,
            let sub = command.configuration.subcommands.first(where: { $0._commandName == args[end] })
        {
            command = sub
            end += 1
        }
        // No subcommand: the options are the console's, where they already are.
        guard end > first else { return args }
        return Array(args[first..<end]) + options + Array(args[end...])
    }

    /// Whether an argument is a negative number or duration (`-1`, `-5m`, `-5x10`, `-.5`).
    static func looksNegative(_ a: String) -> Bool {
        guard a.hasPrefix("-"), let next = a.dropFirst().first else { return false }
        return next.isASCII && (next.isNumber || next == ".")
    }

    static func joinNegativeValues(_ args: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" {
                out += args[i...]
                break
            }
            if a.hasPrefix("--"), !a.contains("="), a.count > 2, i + 1 < args.count, looksNegative(args[i + 1]) {
                out.append(a + "=" + args[i + 1])
                i += 2
            } else {
                out.append(a)
                i += 1
            }
        }
        return out
    }

    /// A negative number standing where a value goes (`warroom severity -1`), which the
    /// parser reads as an option and reports as a missing value: said for what it is.
    static func strayNegative(_ args: [String]) -> String? {
        for (i, a) in args.enumerated() {
            if a == "--" { return nil }
            guard looksNegative(a) else { continue }
            let previous = i > 0 ? args[i - 1] : ""
            if previous.hasPrefix("--") && !previous.contains("=") { continue }
            return tr(
                "{value} is out of range: a value here cannot be negative (the parser took it for an option); if it is text, put -- before the arguments, e.g. `warroom note -- {value} degrees`",
                ["value": a])
        }
        return nil
    }

    /// Says so when the first word is not a command, with the nearest command by edit
    /// distance; nil when it is a command or there is none (the console).
    static func unknownCommand(_ args: [String], root: ParsableCommand.Type) -> String? {
        let (_, first) = leadingShared(args)
        guard first < args.count else { return nil }
        let word = args[first]
        guard !word.hasPrefix("-") else { return nil }
        let names = root.configuration.subcommands.map { $0._commandName } + ["help"]
        if names.contains(word) { return nil }
        let ranked = names.map { (name: $0, distance: editDistance(word.lowercased(), $0)) }
            .sorted { $0.distance < $1.distance }
        if let best = ranked.first, best.distance <= max(2, best.name.count / 3) {
            return tr(
                "\"{word}\" is not a warroom command; did you mean `warroom {command}`? (`warroom --help` lists them)",
                ["word": word, "command": best.name])
        }
        return tr(
            "\"{word}\" is not a warroom command; the commands are: {commands} (`warroom --help` lists them)",
            ["word": word, "commands": listed(names.filter { $0 != "help" })])
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and
    /// swaps of two neighbours ("delcare" is one swap from "declare") each cost one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a)
        let t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var d = Array(repeating: Array(repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { d[i][0] = i }
        for j in 0...t.count { d[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[s.count][t.count]
    }
}
