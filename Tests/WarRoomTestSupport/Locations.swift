import Foundation

// Where the tests find the package, its playbooks, the binaries under test and tmux.

/// The package root, found from this file's path (Tests/WarRoomTestSupport/Locations.swift).
public let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The shipped playbooks directory.
public let playbooksDirectory = packageRoot + "/playbooks"

/// The scratch paths the suites are built with (`swift build --scratch-path`), newest binary wins.
let scratchPaths = [".build-tests", ".build-ui", ".build-drill", ".build-report", ".build-rel", ".build"]

/// The `warroom` executable under test: `$WARROOM_BIN` when set, else the newest
/// of the binary beside the test bundle and `debug/warroom` under the scratch
/// paths above in the package root. The newest, not the first found, so a
/// stale binary under another scratch path is not tested by mistake.
public let warroomBinary: String? = {
    let env = ProcessInfo.processInfo.environment
    if let b = env["WARROOM_BIN"], !b.isEmpty { return b }
    var candidates: [String] = []
    if let arg0 = CommandLine.arguments.first, !arg0.isEmpty {
        let exe = URL(fileURLWithPath: arg0).resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent().appendingPathComponent("warroom").path)
    }
    let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
    candidates.append(bundle.appendingPathComponent("warroom").path)
    candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("warroom").path)
    for scratch in scratchPaths {
        candidates.append(packageRoot + "/" + scratch + "/debug/warroom")
    }
    var best: (path: String, mtime: Date)?
    for c in candidates {
        guard FileManager.default.isExecutableFile(atPath: c),
            let attrs = try? FileManager.default.attributesOfItem(atPath: c),
            (attrs[.type] as? FileAttributeType) != .typeDirectory,
            let m = attrs[.modificationDate] as? Date
        else { continue }
        if let b = best, b.mtime >= m { continue }
        best = (c, m)
    }
    return best?.path
}()

/// The `warroom` binary, or an error that says how to build it.
public func requireBinary() throws -> String {
    guard let b = warroomBinary else { throw TestSupportError.noBinary }
    return b
}

public let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}
