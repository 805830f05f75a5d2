import Foundation

/// A batch's lines as a writer builds them under the journal's lock: `login` set, chained from
/// `seq` and `prev`, each line checked as a reader would check it against the state, in order.
/// The rules of docs/journal-format.md, "Writing to a journal", shared by the file writer
/// (JournalWriter) and the database writer.
enum JournalBatch {
    static func build(
        _ events: [Event], on state: JournalState, seq first: Int, prev genesis: String, login: String, journal: String
    ) throws(JournalError) -> (events: [Event], lines: [[UInt8]]) {
        var written: [Event] = []
        var lines: [[UInt8]] = []
        // A later event of the batch may depend on an earlier one (a declaration, then its roles),
        // so a batch of several is applied to a copy; a lone event is only checked (`refusal`),
        // since copying the state for it copied whatever the event touched, once per append.
        var check: JournalState? = events.count > 1 ? state : nil
        var seq = first
        var prev = genesis
        for (k, e0) in events.enumerated() {
            var e = e0
            e.login = e.actor == login ? nil : login
            e.seq = seq
            e.prev = prev
            let line = Array(e.jsonLine().utf8)
            prev = Chain.hash(line)
            seq += 1
            if line.count > LineDecoder.maxLineBytes {
                throw JournalError(
                    .tooLong, path: journal,
                    message: tr(
                        "event {number} ({type}) would be a {bytes}-byte line, over the 64 KiB limit; shorten its text",
                        ["number": String(k + 1), "type": e.type, "bytes": String(line.count)]))
            }
            switch LineDecoder.decode(line) {
            case .failure(let error):
                throw JournalError(
                    .invalid, path: journal,
                    message: tr("event {number} ({type}): {reason}", ["number": String(k + 1), "type": e.type, "reason": error.reason]))
            case .success(let decoded):
                let refused: EventError?
                if check != nil {
                    refused = check?.apply(decoded, line: 0, offset: 0)
                } else {
                    refused = state.refusal(of: decoded)
                }
                if let error = refused { throw JournalError(.invalid, path: journal, message: error.reason) }
            }
            lines.append(line)
            written.append(e)
        }
        return (written, lines)
    }
}
