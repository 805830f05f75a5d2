import Foundation

/// The journals named on a command line: files, `postgresql://` URIs, and directories of
/// `*.jsonl` journals (not searched below the first level), each read through the
/// backend-neutral `JournalLocation`.
public enum JournalSet {
    /// Reads each journal named; a name that gives none (a missing path, an empty
    /// directory) comes back as a journal with its problem, so it is reported.
    public static func load(_ names: [String]) -> [LoadedJournal] {
        var out: [LoadedJournal] = []
        for name in names {
            let location = JournalLocation(name)
            if location.isDatabase {
                out.append(read(location))
                continue
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: name, isDirectory: &isDir) else {
                out.append(
                    LoadedJournal(
                        display: name, state: nil, problem: tr("no such file or directory; check the path")))
                continue
            }
            guard isDir.boolValue else {
                out.append(read(location))
                continue
            }
            let files: [String]
            do {
                files = try FileManager.default.contentsOfDirectory(atPath: name).filter { $0.hasSuffix(".jsonl") }.sorted()
            } catch {
                out.append(
                    LoadedJournal(
                        display: name, state: nil,
                        problem: tr("the directory cannot be listed; check its permissions (ls -ld, id)")))
                continue
            }
            if files.isEmpty {
                out.append(LoadedJournal(display: name, state: nil, problem: tr("the directory holds no *.jsonl journal")))
            }
            for f in files {
                out.append(read(JournalLocation((name as NSString).appendingPathComponent(f))))
            }
        }
        return out
    }

    static func read(_ location: JournalLocation) -> LoadedJournal {
        let source = location.source()
        do {
            try source.refresh()
        } catch {
            return LoadedJournal(display: location.display, state: nil, problem: error.description)
        }
        if !source.exists {
            return LoadedJournal(display: location.display, state: nil, problem: tr("no such journal; check the path"))
        }
        return LoadedJournal(display: location.display, state: source.state, problem: nil)
    }
}
