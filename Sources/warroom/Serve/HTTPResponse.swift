import WarRoomCore

/// A response: a status and a short JSON body; the connection closes after it.
struct HTTPResponse {
    var status: Int
    var body: JSONObject
    var extraHeaders: [(String, String)] = []

    static func error(_ status: Int, _ reason: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, body: ["error": .string(reason)], extraHeaders: headers)
    }

    var reasonPhrase: String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 411: return "Length Required"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    var bytes: [UInt8] {
        var body: [UInt8] = []
        JSONWriter.write(.object(self.body), into: &body)
        body.append(0x0A)
        var head = "HTTP/1.1 \(status) \(reasonPhrase)\r\nContent-Type: application/json\r\n"
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n"
        for (k, v) in extraHeaders { head += "\(k): \(v)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
