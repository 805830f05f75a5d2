import Foundation

#if canImport(Glibc)
    import Glibc
#endif
import TOMLKit

/// A problem in a TOML file we ship or a team writes (playbooks, the policy,
/// themes, scenarios), said with the file and, when it can be found, the line.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}

/// A parsed TOML file as JSON values, with its source kept so semantic
/// errors can point at a line. TOMLKit's tables do not carry positions, so
/// lines are found again in the text (`line(ofKey:inBlock:)`).
public struct ConfigFile: Sendable {
    public let path: String
    public let root: JSONObject
    let lines: [Substring]

    /// Scenario and playbook files are small; a drill's `path` comes from the journal, which anyone
    /// in the group can write, so a FIFO or /dev/zero named there must not hang or fill a console.
    static let maxBytes = 4 << 20

    public static func load(path: String) throws(ConfigError) -> ConfigFile {
        // Links are followed (playbooks are often installed through one); what they reach must be
        // a regular file, opened without waiting and read up to a bound.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let why = errno == ENOENT ? tr("the file does not exist") : tr("the file cannot be read (check its permissions)")
            throw ConfigError(file: path, line: nil, message: why)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            let thing = RegularFile.kindName(st.st_mode, path: path)
            throw ConfigError(
                file: path, line: nil, message: tr("there is {thing} there, not a regular file", ["thing": RegularFile.displayKind(thing)]))
        }
        guard Int(st.st_size) <= maxBytes else {
            throw ConfigError(
                file: path, line: nil,
                message: tr(
                    "the file is {bytes} bytes, over the {limit} MiB limit", ["bytes": String(st.st_size), "limit": String(maxBytes >> 20)])
            )
        }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size) + 1)
        var got = 0
        while got < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(fd, base + got, raw.count - got)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        let data = Data(bytes[0..<min(got, maxBytes)])
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, message: tr("not valid UTF-8 text"))
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> ConfigFile {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                file: path, line: error.source.begin.line, message: tr("TOML syntax: {problem}", ["problem": error.description]))
        } catch {
            throw ConfigError(file: path, line: nil, message: tr("TOML syntax: {problem}", ["problem": "\(error)"]))
        }
        return ConfigFile(path: path, root: convert(table), lines: text.split(separator: "\n", omittingEmptySubsequences: false))
    }

    static func convert(_ table: TOMLTable) -> JSONObject {
        var o = JSONObject()
        for key in table.keys {
            if let v = table[key] { o[key] = convert(v) }
        }
        return o
    }

    static func convert(_ v: TOMLValueConvertible) -> JSONValue {
        switch v.type {
        case .table: return .object(v.table.map { convert($0) } ?? JSONObject())
        case .array: return .array(v.array?.map { convert($0) } ?? [])
        case .string: return .string(v.string ?? "")
        case .int: return .number(Double(v.int ?? 0))
        case .double: return .number(v.double ?? 0)
        case .bool: return .bool(v.bool ?? false)
        default: return .string(v.tomlValue.debugDescription)
        }
    }

    /// The line of the `occurrence`-th (0-based) header `header` (e.g.
    /// `[[phases.declared]]`), or of `key = …` inside that block, or of a
    /// top-level `key = …` when no header is given.
    public func line(ofKey key: String?, header: String? = nil, occurrence: Int = 0) -> Int? {
        var start = 0
        if let header {
            var seen = -1
            var found: Int?
            for (i, l) in lines.enumerated() {
                let t = l.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix(header) {
                    seen += 1
                    if seen == occurrence {
                        found = i
                        break
                    }
                }
            }
            guard let found else { return nil }
            guard key != nil else { return found + 1 }
            start = found + 1
        }
        guard let key else { return nil }
        for i in start..<lines.count {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            // A key belongs to its table: stop at the next header (top-level keys come before any).
            if t.hasPrefix("[") { break }
            if t.hasPrefix(key + " ") || t.hasPrefix(key + "=") || t.hasPrefix("\"\(key)\"") { return i + 1 }
        }
        return header.flatMap { _ in line(ofKey: nil, header: header, occurrence: occurrence) }
    }

    public func error(_ message: String, key: String? = nil, header: String? = nil, occurrence: Int = 0) -> ConfigError {
        ConfigError(file: path, line: line(ofKey: key, header: header, occurrence: occurrence), message: message)
    }
}
