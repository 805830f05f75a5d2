import Foundation

/// Saved as its JSON text and parsed back by the journal's parser, so members keep their order.
extension JSONObject: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let value = try? JSONParser.parse(Array(text.utf8)), let o = value.objectValue else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON object")
        }
        self = o
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(JSONWriter.serialize(.object(self)))
    }
}
