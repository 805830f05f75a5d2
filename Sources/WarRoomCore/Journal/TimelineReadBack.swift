import Foundation

/// A timeline read back from the journal by its places (see TimelinePlaces): each line's exact
/// bytes, decoded as the reader decoded them when it folded, so the entries are the ones a full
/// fold keeps. Both backends hand their lines here.
enum TimelineReadBack {
    /// The entries of `incident` from the raw bytes of each of its lines, in the places' order.
    /// A line that is no longer that incident's event means the journal changed under the reader.
    static func entries(
        of incident: String, places: TimelinePlaces, journal: String, line raw: (Int) throws(JournalError) -> [UInt8]
    ) throws(JournalError) -> [TimelineEntry] {
        var out: [TimelineEntry] = []
        out.reserveCapacity(places.count)
        for k in 0..<places.count {
            let bytes = try raw(k)
            let decoded = bytes.withUnsafeBufferPointer { JournalReader.decodeLine($0) }
            guard case .event(let e) = decoded, e.incident == incident else {
                throw changed(journal, line: places.lines[k])
            }
            out.append(TimelineEntry(line: places.lines[k], event: e))
        }
        return out
    }

    static func changed(_ journal: String, line: Int) -> JournalError {
        JournalError(
            .read, path: journal,
            message: tr(
                "line {line} of {journal} is no longer the event read there (the journal was changed since); read the journal again",
                ["line": String(line), "journal": journal]))
    }
}
