import Foundation
import WarRoomCore

/// Everything warroom writes besides a frame or a report goes out here, through the
/// one sanitiser: error messages echo journal text (item ids, roles, names) and
/// arguments, and any of them may carry escape sequences meant for a colleague's
/// terminal (a title change, a clipboard write).
enum TerminalText {
    /// One warning line on standard error, prefixed `warroom: `.
    static func warning(_ message: String) {
        standardError("warroom: " + Sanitizer.inline(message) + "\n")
    }

    /// An error line on standard error, prefixed `Error: ` as the parser's own errors are
    /// (in the interface language; the parser's own stay English).
    static func error(_ message: String) {
        standardError(tr("Error: {message}", ["message": Sanitizer.inline(message)]) + "\n")
    }

    /// Text of several lines (the parser's usage and help) on standard error.
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(Sanitizer.multiline(text).utf8))
    }

    /// One line on standard output.
    static func line(_ text: String) {
        print(Sanitizer.inline(text))
    }
}
