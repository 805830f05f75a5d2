import Foundation

/// Finds scenarios by name (in the data directory's `scenarios/`) or by path.
public enum ScenarioCatalog {
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        DataDirectory.find("scenarios", environment: environment)
    }

    /// Every scenario file found, in name order, with the ones that fail to load as warnings.
    public static func all() -> (scenarios: [Scenario], warnings: [String]) {
        guard let dir = directory() else { return ([], []) }
        var out: [Scenario] = []
        var warnings: [String] = []
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
        for f in files {
            do {
                out.append(try Scenario.load(path: (dir as NSString).appendingPathComponent(f)))
            } catch {
                warnings.append("\(error)")
            }
        }
        return (out, warnings)
    }

    /// A scenario by name or path.
    public static func load(_ nameOrPath: String) throws(ConfigError) -> Scenario {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return try Scenario.load(path: nameOrPath)
        }
        guard let dir = directory() else {
            throw ConfigError(
                file: nameOrPath, line: nil,
                message: tr("no scenarios directory found; give a path to a scenario file or set WARROOM_DATA"))
        }
        let path = (dir as NSString).appendingPathComponent(nameOrPath + ".toml")
        guard FileManager.default.fileExists(atPath: path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }
                .map { String($0.dropLast(5)) }.sorted()
            throw ConfigError(
                file: nameOrPath, line: nil,
                message: tr(
                    "no scenario named {name} (known: {known})",
                    ["name": nameOrPath, "known": known.joined(separator: tr(", ", context: "scenario names"))]))
        }
        return try Scenario.load(path: path)
    }
}
