import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a channel's messages go.
public enum ChannelKind: String, Sendable, CaseIterable {
    case feishu, dingtalk, wecom, webhook, command

    /// The platform's name as people in the room say it (飞书, 钉钉, 企业微信 in Chinese).
    public var displayName: String {
        switch self {
        case .feishu: return tr("Feishu", context: "platform")
        case .dingtalk: return tr("DingTalk", context: "platform")
        case .wecom: return tr("WeCom", context: "platform")
        case .webhook: return tr("webhook", context: "platform")
        case .command: return tr("command", context: "platform")
        }
    }
}

/// One `[[channels]]` entry of the notifier's configuration.
public struct NotifyChannel: Sendable, Equatable {
    public var name: String
    public var kind: ChannelKind
    public var url: String?
    /// For `command`: the program and its arguments (never a shell line, never a secret).
    public var command: [String]?
    public var secretFile: String?
    public var secretEnv: String?
    /// The roles the channel reaches (recorded as `to` on `notify.sent`).
    public var to: [String]
    /// The group the plan's "notify the leads" means: a confirmed delivery here stops the
    /// time-to-notify clock (`leads: true` on `notify.sent`); other channels do not.
    public var leads = false
    /// nil: the room's language.
    public var language: Language?
    /// An HTTP(S) proxy for this channel only (else libcurl's http_proxy/https_proxy).
    public var proxy: String?
    /// Messages a second and a minute the platform accepts (0: no limit).
    public var perSecond: Int
    public var perMinute: Int

    public init(name: String, kind: ChannelKind, url: String? = nil, command: [String]? = nil, to: [String] = []) {
        self.name = name
        self.kind = kind
        self.url = url
        self.command = command
        self.to = to
        let l = NotifyChannel.defaultLimits(kind)
        perSecond = l.second
        perMinute = l.minute
    }

    /// The platforms' published limits: Feishu 5 a second and 100 a minute per bot; DingTalk
    /// 20 a minute; WeCom publishes none we could confirm, so DingTalk's 20 a minute is assumed.
    public static func defaultLimits(_ kind: ChannelKind) -> (second: Int, minute: Int) {
        switch kind {
        case .feishu: return (5, 100)
        case .dingtalk, .wecom: return (0, 20)
        case .webhook, .command: return (0, 0)
        }
    }

    /// The largest text the platform takes in one message, in UTF-8 bytes.
    public var maxTextBytes: Int {
        switch kind {
        case .feishu: return 18_000  // the whole body may be 20 KB
        case .dingtalk: return 18_000
        case .wecom: return 2048
        case .webhook, .command: return 60_000
        }
    }
}

/// A `[[routes]]` entry: which messages go to which channels.
public struct NotifyRoute: Sendable, Equatable {
    /// Trigger names (event types such as `incident.declared`, or `reminder.*`); empty: all.
    public var events: [String]
    /// Only incidents at least this severe (L1 is the most severe).
    public var minSeverity: Severity?
    /// Only messages that concern one of these roles; empty: any message.
    public var roles: [String]
    /// The channels by name; empty: every channel.
    public var channels: [String]
}

/// The notifier's configuration (`warroom notify --config FILE`).
public struct NotifyConfig: Sendable, Equatable {
    public var path: String
    public var channels: [NotifyChannel]
    public var routes: [NotifyRoute]
    /// Events and reminder deadlines older than this when the notifier first sees them are not sent.
    public var catchUp: TimeInterval
    /// Tries of one message before it is given up (recorded `final`).
    public var maxTries: Int

    public static let triggers = [
        "incident.declared", "incident.severity", "incident.phase", "incident.playbook", "role.assigned", "role.released",
        "comms.published", "note", "checklist.done", "counter.set", "member.joined",
        NotifyTrigger.externalUpdate, NotifyTrigger.checklistOverdue, NotifyTrigger.reviewDue, NotifyTrigger.followUpOverdue,
    ]

    public static func load(path: String) throws(ConfigError) -> NotifyConfig {
        try parse(ConfigFile.load(path: path))
    }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> NotifyConfig {
        try parse(ConfigFile.parse(text, path: path))
    }

    public static func parse(_ file: ConfigFile) throws(ConfigError) -> NotifyConfig {
        var config = NotifyConfig(path: file.path, channels: [], routes: [], catchUp: 15 * 60, maxTries: 5)
        for key in file.root.keys where !["channels", "routes", "catch_up", "max_tries"].contains(key) {
            throw file.error(
                tr(
                    "unknown key \"{key}\" (a notifier configuration has [[channels]], [[routes]], catch_up and max_tries)",
                    ["key": key]), key: key)
        }
        if let v = file.root["catch_up"] {
            guard let s = v.stringValue, let d = DurationText.parse(s) else {
                throw file.error(tr("catch_up must be a duration such as \"15m\" or \"2h\""), key: "catch_up")
            }
            config.catchUp = d
        }
        if let v = file.root["max_tries"] {
            guard let n = v.intValue, (1...50).contains(n) else {
                throw file.error(tr("max_tries must be a whole number from 1 to 50"), key: "max_tries")
            }
            config.maxTries = n
        }
        guard case .array(let entries)? = file.root["channels"], !entries.isEmpty else {
            throw file.error(
                tr(
                    "no channels: add at least one [[channels]] table with name, kind (feishu, dingtalk, wecom, webhook or command) and url or command"
                ))
        }
        for (k, entry) in entries.enumerated() {
            config.channels.append(try channel(entry, index: k, file: file, taken: config.channels.map(\.name)))
        }
        if let r = file.root["routes"] {
            guard case .array(let routes) = r else {
                throw file.error(tr("routes must be an array of tables ([[routes]])"), key: "routes")
            }
            for (k, entry) in routes.enumerated() {
                config.routes.append(try route(entry, index: k, file: file, channels: config.channels.map(\.name)))
            }
        }
        return config
    }

    static let channelKeys = [
        "name", "kind", "url", "command", "secret_file", "secret_env", "to", "leads", "language", "proxy", "per_second", "per_minute",
    ]

    static func channel(_ value: JSONValue, index k: Int, file: ConfigFile, taken: [String]) throws(ConfigError) -> NotifyChannel {
        let header = "[[channels]]"
        let number = String(k + 1)
        guard case .object(let o) = value else {
            throw file.error(tr("channel {number} must be a table ([[channels]])", ["number": number]), header: header, occurrence: k)
        }
        func fail(_ message: String, _ key: String? = nil) -> ConfigError {
            file.error(message, key: key, header: header, occurrence: k)
        }
        guard let name = o["name"]?.stringValue, !name.isEmpty, name.count <= 64,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw fail(
                tr(
                    "channel {number} needs name = \"NAME\" (up to 64 letters, digits, - and _), such as name = \"leads\"",
                    ["number": number]),
                "name")
        }
        if taken.contains(name) {
            throw fail(tr("channel {channel}: a second channel has this name; give each channel its own name", ["channel": name]), "name")
        }
        for key in o.keys where !channelKeys.contains(key) {
            throw fail(
                tr(
                    "channel {channel}: unknown key \"{key}\" (known: {known})",
                    ["channel": name, "key": key, "known": channelKeys.joined(separator: ", ")]), key)
        }
        guard let kindText = o["kind"]?.stringValue, let kind = ChannelKind(rawValue: kindText) else {
            throw fail(
                tr("channel {channel} needs kind = \"feishu\", \"dingtalk\", \"wecom\", \"webhook\" or \"command\"", ["channel": name]),
                "kind")
        }
        var c = NotifyChannel(name: name, kind: kind)
        if kind == .command {
            guard case .array(let argv)? = o["command"], !argv.isEmpty, argv.allSatisfy({ $0.stringValue?.isEmpty == false }) else {
                throw fail(
                    tr(
                        "channel {channel}: a command channel needs command = [\"/path/to/program\", \"argument\", …] (the message comes on its standard input)",
                        ["channel": name]), "command")
            }
            c.command = argv.compactMap(\.stringValue)
            if o["url"] != nil { throw fail(tr("channel {channel}: a command channel takes command, not url", ["channel": name]), "url") }
        } else {
            guard let url = o["url"]?.stringValue, let u = URLComponents(string: url), u.scheme == "https" || u.scheme == "http",
                u.host?.isEmpty == false
            else {
                throw fail(tr("channel {channel} needs url = \"https://…\" (the bot's webhook address)", ["channel": name]), "url")
            }
            c.url = url
            if o["command"] != nil {
                throw fail(tr("channel {channel}: only a command channel takes command", ["channel": name]), "command")
            }
        }
        if let v = o["secret_file"] {
            guard let s = v.stringValue, !s.isEmpty else {
                throw fail(tr("channel {channel}: secret_file must be a path", ["channel": name]), "secret_file")
            }
            c.secretFile = s
        }
        if let v = o["secret_env"] {
            guard let s = v.stringValue, !s.isEmpty else {
                throw fail(tr("channel {channel}: secret_env must be the name of an environment variable", ["channel": name]), "secret_env")
            }
            c.secretEnv = s
        }
        if c.secretFile != nil && c.secretEnv != nil {
            throw fail(tr("channel {channel}: give secret_file or secret_env, not both", ["channel": name]), "secret_env")
        }
        if let v = o["to"] {
            guard case .array(let roles) = v, roles.allSatisfy({ $0.stringValue?.isEmpty == false }) else {
                throw fail(
                    tr("channel {channel}: to must be a list of roles, such as to = [\"commander\", \"tech-lead\"]", ["channel": name]),
                    "to")
            }
            c.to = roles.compactMap(\.stringValue)
        }
        if let v = o["leads"] {
            guard case .bool(let b) = v else {
                throw fail(
                    tr(
                        "channel {channel}: leads must be true or false (true: this group is the leads the plan says to notify)",
                        ["channel": name]),
                    "leads")
            }
            c.leads = b
        }
        if let v = o["language"] {
            guard let s = v.stringValue, s == "zh" || s == "en" else {
                throw fail(
                    tr("channel {channel}: language must be \"zh\" or \"en\" (leave it out for the room's language)", ["channel": name]),
                    "language")
            }
            c.language = s == "zh" ? .chinese : .english
        }
        if let v = o["proxy"] {
            guard let s = v.stringValue, let u = URLComponents(string: s), u.scheme == "http" || u.scheme == "https",
                u.host?.isEmpty == false
            else {
                throw fail(
                    tr("channel {channel}: proxy must be an address such as \"http://proxy.example:3128\"", ["channel": name]), "proxy")
            }
            c.proxy = s
        }
        for (key, keyPath) in [("per_second", \NotifyChannel.perSecond), ("per_minute", \NotifyChannel.perMinute)] {
            if let v = o[key] {
                guard let n = v.intValue, n >= 0, n <= 10_000 else {
                    throw fail(
                        tr("channel {channel}: {key} must be a whole number from 0 (no limit) to 10000", ["channel": name, "key": key]), key
                    )
                }
                c[keyPath: keyPath] = n
            }
        }
        return c
    }

    static func route(_ value: JSONValue, index k: Int, file: ConfigFile, channels: [String]) throws(ConfigError) -> NotifyRoute {
        let header = "[[routes]]"
        let number = String(k + 1)
        guard case .object(let o) = value else {
            throw file.error(tr("route {number} must be a table ([[routes]])", ["number": number]), header: header, occurrence: k)
        }
        func fail(_ message: String, _ key: String? = nil) -> ConfigError {
            file.error(message, key: key, header: header, occurrence: k)
        }
        for key in o.keys where !["events", "min_severity", "roles", "channels"].contains(key) {
            throw fail(
                tr("route {number}: unknown key \"{key}\" (known: events, min_severity, roles, channels)", ["number": number, "key": key]),
                key)
        }
        func names(_ key: String) throws(ConfigError) -> [String] {
            guard let v = o[key] else { return [] }
            guard case .array(let a) = v, a.allSatisfy({ $0.stringValue?.isEmpty == false }) else {
                throw fail(
                    tr("route {number}: {key} must be a list of names, such as {key} = [\"…\"]", ["number": number, "key": key]), key)
            }
            return a.compactMap(\.stringValue)
        }
        let r = NotifyRoute(events: try names("events"), minSeverity: nil, roles: try names("roles"), channels: try names("channels"))
        var route = r
        for e in r.events where !triggers.contains(e) {
            throw fail(
                tr(
                    "route {number}: unknown event \"{event}\" (known: {known})",
                    ["number": number, "event": e, "known": triggers.joined(separator: ", ")]),
                "events")
        }
        for c in r.channels where !channels.contains(c) {
            throw fail(
                tr(
                    "route {number}: no channel named \"{channel}\" (channels: {known})",
                    ["number": number, "channel": c, "known": channels.joined(separator: ", ")]), "channels")
        }
        if let v = o["min_severity"] {
            let text = v.stringValue ?? v.intValue.map(String.init) ?? ""
            guard let s = Severity(text: text) else {
                throw fail(
                    tr("route {number}: min_severity must be 1, 2 or 3 (or \"L1\", \"L2\", \"L3\")", ["number": number]), "min_severity")
            }
            route.minSeverity = s
        }
        return route
    }

    /// The channels a message goes to: by the routes, else (no routes) the plan's defaults.
    public func channels(for message: NotifyTopic) -> [NotifyChannel] {
        if routes.isEmpty {
            return message.isDefault ? channels : []
        }
        var names: Set<String> = []
        for r in routes {
            if !r.events.isEmpty && !r.events.contains(message.trigger) { continue }
            if let min = r.minSeverity, !message.severity.isAtLeast(min) { continue }
            if !r.roles.isEmpty && !(message.role.map(r.roles.contains) ?? false) { continue }
            names.formUnion(r.channels.isEmpty ? channels.map(\.name) : r.channels)
        }
        return channels.filter { names.contains($0.name) }
    }
}

/// What a message is about, for routing.
public struct NotifyTopic: Sendable, Equatable {
    /// An event type, or a reminder's `reminder.*` name.
    public var trigger: String
    public var severity: Severity
    /// The role it concerns (a reminder's, a handover's), if one.
    public var role: String?
    /// Whether the plan's defaults send it (used when there are no routes).
    public var isDefault: Bool
}

/// Reads a channel's secret, refusing a file others can read.
public enum NotifySecret {
    public static func read(
        _ c: NotifyChannel, configPath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> String? {
        if let name = c.secretEnv {
            guard let v = environment[name], !v.isEmpty else {
                throw ConfigError(
                    file: configPath, line: nil,
                    message: tr(
                        "channel {channel}: the environment variable {variable} (secret_env) is not set or empty",
                        ["channel": c.name, "variable": name]))
            }
            return v.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let path = c.secretFile else { return nil }
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw ConfigError(
                file: configPath, line: nil,
                message: tr("channel {channel}: the secret file {file} cannot be read (secret_file)", ["channel": c.name, "file": path]))
        }
        if st.st_mode & 0o077 != 0 {
            throw ConfigError(
                file: configPath, line: nil,
                message: tr(
                    "channel {channel}: the secret file {file} can be read by others (mode {mode}); run chmod 600 {file}",
                    ["channel": c.name, "file": path, "mode": String(st.st_mode & 0o777, radix: 8)]))
        }
        if st.st_uid != getuid() {
            throw ConfigError(
                file: configPath, line: nil,
                message: tr(
                    "channel {channel}: the secret file {file} belongs to another user; it must be yours (chown it, then chmod 600 {file})",
                    ["channel": c.name, "file": path]))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(
                file: configPath, line: nil,
                message: tr("channel {channel}: the secret file {file} cannot be read (secret_file)", ["channel": c.name, "file": path]))
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if secret.isEmpty {
            throw ConfigError(
                file: configPath, line: nil,
                message: tr("channel {channel}: the secret file {file} is empty", ["channel": c.name, "file": path]))
        }
        return secret
    }
}
