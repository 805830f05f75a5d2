import Foundation

/// An entry's event is saved as its journal line and read back through the journal's own line
/// decoder, never field by field: however `Event` stores its members, a checkpoint holds what
/// the journal would.
extension TimelineEntry: Codable {
    private enum CodingKeys: String, CodingKey { case line, event }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let line = try c.decode(Int.self, forKey: .line)
        let text = try c.decode(String.self, forKey: .event)
        switch LineDecoder.decode(text) {
        case .success(let e): self.init(line: line, event: e)
        case .failure(let error):
            throw DecodingError.dataCorruptedError(forKey: .event, in: c, debugDescription: "line \(line): \(error.reason)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line)
        try c.encode(event.jsonLine(), forKey: .event)
    }
}
