/// A request's head as the server read it: one request per connection, so no keep-alive state.
struct HTTPRequest {
    var method: String
    /// The path, without the query.
    var path: String
    /// Header names lower-cased; a repeated header keeps its last value.
    var headers: [String: String]
    var body: [UInt8] = []

    /// Parses the head (the bytes before the blank line); nil when it is not HTTP/1.x.
    static func parseHead(_ bytes: [UInt8]) -> HTTPRequest? {
        // Header values are taken as Latin-1 bytes would be: anything else is not our business.
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        guard !lines.isEmpty else { return nil }
        let first = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard first.count == 3, first[2].hasPrefix("HTTP/1."), !first[0].isEmpty, first[1].hasPrefix("/") else { return nil }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].lowercased()
            guard !name.isEmpty, !name.contains(" ") else { return nil }
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let target = first[1]
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        return HTTPRequest(method: String(first[0]), path: path, headers: headers)
    }
}
