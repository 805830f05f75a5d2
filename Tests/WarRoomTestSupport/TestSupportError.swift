/// Why a test could not set itself up (as opposed to an assertion failing).
public enum TestSupportError: Error, CustomStringConvertible {
    case noBinary
    case notAnObject(String)
    /// Anything else, said in words.
    case failed(String)

    public var description: String {
        switch self {
        case .noBinary:
            return "warroom binary not found: build it (swift build --build-tests) or set WARROOM_BIN"
        case .notAnObject(let text):
            return "not a JSON object: \(text.prefix(200))"
        case .failed(let text):
            return text
        }
    }
}

/// The error the UI tests throw: a message (kept for the tests that construct it by name).
public func UITestError(_ description: String) -> TestSupportError { .failed(description) }

/// The error the reliability tests throw: a message (kept for the tests that construct it by name).
public func RelError(_ description: String) -> TestSupportError { .failed(description) }
