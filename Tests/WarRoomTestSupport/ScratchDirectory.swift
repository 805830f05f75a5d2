import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private directory for one test (mode 0755, so a child run as another user
/// can enter it), removed on deinit with whatever a test chmod-ed inside it.
public final class TempDir: @unchecked Sendable {
    public let path: String

    public init(_ label: String = #function) {
        let safe = label.filter { $0.isLetter || $0.isNumber }.prefix(40)
        path = FileManager.default.temporaryDirectory.path + "/warroom-tests-\(safe)-\(UUID().uuidString.prefix(8))"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            fatalError("cannot create the scratch directory \(path): \(error)")
        }
        chmod(path, 0o755)
    }

    deinit {
        // Make everything removable again (a test may have chmod-ed something).
        if let e = FileManager.default.enumerator(atPath: path) {
            for case let f as String in e { chmod("\(path)/\(f)", 0o700) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }
}

/// The UI tests' name for the same thing.
public typealias ScratchDir = TempDir
