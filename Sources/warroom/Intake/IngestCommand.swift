import ArgumentParser
import Foundation
import WarRoomCore

extension IntakeFormat: ExpressibleByArgument {}

/// `warroom ingest`: one alert payload on standard input, for scripts and relays.
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Record the alerts of one webhook payload read from standard input as signals."),
        discussion: tr(
            "Exit status: 0 recorded (or nothing new to record), 1 the payload was refused (nothing written), 2 the journal could not be written."
        )
    )
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("The payload's shape (see docs/intake.md)."), valueName: "format"))
    var format: IntakeFormat

    func run() throws {
        // One byte more than the limit says "too large" without reading an endless stream.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count <= AlertPayload.maxBytes {
            let n = read(0, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        if bytes.count > AlertPayload.maxBytes {
            TerminalText.error(
                tr("the payload is over {limit} bytes; nothing was recorded", ["limit": String(AlertPayload.maxBytes)]))
            throw ExitCode(1)
        }
        let catalog = PlaybookCatalog.load()
        for w in catalog.warnings { TerminalText.warning(w) }
        switch SignalRecorder.record(bytes, format: format, policy: catalog.policy, to: options.writer()) {
        case .failure(.payload(let e)):
            TerminalText.error(tr("bad {format} payload: {reason}; nothing was recorded", ["format": format.rawValue, "reason": e.reason]))
            throw ExitCode(1)
        case .failure(.journal(let e)):
            TerminalText.error(e.message)
            throw ExitCode(2)
        case .success(let result):
            for line in IntakeSummary.lines(result) { TerminalText.line(line) }
        }
    }
}
