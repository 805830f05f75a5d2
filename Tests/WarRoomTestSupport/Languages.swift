import Foundation
import WarRoomCore

/// The shipped catalogs, loaded once from the source tree's locale/.
public let localeDirectory = packageRoot + "/locale"

public let chineseLocalizer: Localizer = {
    switch Localizer.load(.chinese, directory: localeDirectory) {
    case .success(let l): return l
    case .failure(let e): fatalError("the Chinese catalog does not load: \(e.message)")
    }
}()

/// Runs `body` with the interface in `language` (English or the shipped Chinese).
public func inLanguage<T>(_ language: Language, _ body: () throws -> T) rethrows -> T {
    try L10n.$override.withValue(language.isEnglish ? .english : chineseLocalizer, operation: body)
}

public func inLanguage<T>(_ language: Language, _ body: () async throws -> T) async rethrows -> T {
    try await L10n.$override.withValue(language.isEnglish ? .english : chineseLocalizer, operation: body)
}
