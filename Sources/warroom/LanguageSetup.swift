import Foundation
import WarRoomCore

/// Chooses the interface language before anything is parsed or printed: the
/// commands' help is built from translated text, so the choice comes first.
enum LanguageSetup {
    /// What the language choice has to say, once (the console's status line, else standard error).
    nonisolated(unsafe) static var notice: String?
    nonisolated(unsafe) static var choice = LocaleChoice(requested: .english, utf8: true, source: "default")

    /// Reads and removes `--lang CODE` / `--lang=CODE` (before a `--`), chooses, loads the catalog.
    /// Returns an error message for a `--lang` that names no language.
    static func start(_ arguments: inout [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String?
    {
        var option: String?
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { break }
            if a == "--lang" {
                guard i + 1 < arguments.count else {
                    use(LocaleChoice.from(environment: environment), environment: environment)
                    return tr("--lang needs a language: --lang zh or --lang en")
                }
                option = arguments[i + 1]
                arguments.removeSubrange(i...(i + 1))
                continue
            }
            if a.hasPrefix("--lang=") {
                option = String(a.dropFirst(7))
                arguments.remove(at: i)
                continue
            }
            i += 1
        }
        if let option, Language.parse(option) == nil {
            // Said in the language the environment asks for, the option being no language.
            use(LocaleChoice.from(environment: environment), environment: environment)
            return tr("--lang \"{value}\" is not a language code; use --lang zh or --lang en", ["value": option])
        }
        use(LocaleChoice.from(environment: environment, option: option), environment: environment)
        return nil
    }

    /// Loads the catalog of `chosen`, falling back to English with a notice.
    private static func use(_ chosen: LocaleChoice, environment: [String: String]) {
        choice = chosen
        notice = choice.fallbackNotice
        let explicit = choice.source == "--lang" || choice.source == "WARROOM_LANG"
        switch Localizer.load(choice.language, environment: environment) {
        case .success(let l): L10n.use(l)
        case .failure(let e):
            L10n.use(.english)
            if explicit || e.language.base == "zh" { notice = e.message }
        }
    }
}
