import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

struct Notify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Follow the journal and send the plan's messages to chat groups (Feishu, DingTalk, WeCom, a webhook, a command)."),
        discussion: tr(
            "Runs until SIGTERM or SIGINT. Each message is claimed in the journal before it is sent and its outcome recorded after (notify.claimed, notify.sent, notify.failed), so a restarted notifier, or a second one, never sends a message twice. See docs/notify.md."
        ))
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("The notifier's configuration, a TOML file (else $WARROOM_NOTIFY)."), valueName: "file"))
    var config: String?

    func run() throws {
        guard let path = config ?? ProcessInfo.processInfo.environment["WARROOM_NOTIFY"], !path.isEmpty else {
            throw CLIError(tr("no configuration: pass --config FILE or set WARROOM_NOTIFY (docs/notify.md shows one)"))
        }
        let cfg: NotifyConfig
        var secrets: [String: String] = [:]
        do {
            cfg = try NotifyConfig.load(path: path)
            for c in cfg.channels {
                if let s = try NotifySecret.read(c, configPath: path) { secrets[c.name] = s }
            }
        } catch {
            throw CLIError(error.description)
        }
        let loop = NotifyLoop(config: cfg, secrets: secrets, options: options)
        loop.stop.catchSignals([SIGINT, SIGTERM])
        signal(SIGPIPE, SIG_IGN)
        try loop.run()
    }
}

/// The notifier's loop: follow the journal, plan, claim, send, record.
final class NotifyLoop {
    let config: NotifyConfig
    let secrets: [String: String]
    let location: JournalLocation
    let path: String
    let writer: any JournalAppender
    let actor: String
    let login: String
    let stop = SignalPipe()
    let catalog = PlaybookCatalog.load()
    let me: String
    let host: String
    var planner: NotifyPlanner
    var localizers: [String: Localizer] = [:]
    var sessions: [String: URLSession] = [:]
    /// The test hook WARROOM_NOTIFY_STOP_AFTER=claim: the process kills itself right after a
    /// claim is in the journal, before the request (the window docs/notify.md describes).
    let stopAfter = ProcessInfo.processInfo.environment["WARROOM_NOTIFY_STOP_AFTER"]
    var reportedSkipped = 0

    init(config: NotifyConfig, secrets: [String: String], options: JournalOptions) {
        self.config = config
        self.secrets = secrets
        path = options.path
        location = options.location
        writer = options.writer()
        actor = options.actAs?.trimmingCharacters(in: .whitespaces).isEmpty == false ? options.actor : "notifier"
        login = options.login
        writer.login = login
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, 255)
        host = String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        me = host + ":" + String(getpid())
        planner = NotifyPlanner(config: config)
        for c in config.channels {
            guard let lang = c.language else { continue }
            switch lang.isEnglish ? .success(Localizer.english) : Localizer.load(lang) {
            case .success(let l): localizers[c.name] = l
            case .failure(let e): TerminalText.warning(e.message)
            }
        }
    }

    func log(_ line: String) {
        TerminalText.standardError("warroom notify: " + Sanitizer.inline(line) + "\n")
    }

    /// Whether a notifier `host:pid` still runs; nil for another host's (then only age tells).
    func alive(_ notifier: String) -> Bool? {
        guard let colon = notifier.lastIndex(of: ":"), let pid = Int32(notifier[notifier.index(after: colon)...]) else { return nil }
        guard notifier[..<colon] == host[...] else { return nil }
        if notifier == me { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    func run() throws {
        let source = location.source(keepsLog: true)
        let watcher = location.watcher(for: source)
        log(
            trn(
                "following {path} with {n} channel ({channels})", "following {path} with {n} channels ({channels})", config.channels.count,
                ["path": location.display, "channels": config.channels.map(\.name).joined(separator: ", ")]))
        var seen = 0
        while true {
            if stop.take() != nil { break }
            do {
                let update = try source.refresh()
                if case .reloaded = update {
                    planner = NotifyPlanner(config: config)
                    seen = 0
                }
            } catch {
                log(tr("cannot read the journal: {reason}", ["reason": error.message]))
                if waitFor(Date().addingTimeInterval(5), watcher: watcher) { break }
                continue
            }
            let now = Date()
            let entries = source.reader.log
            if seen > entries.count { seen = 0 }
            for entry in entries[seen...] { planner.observe(entry.event, line: entry.line, now: now) }
            seen = entries.count
            planner.observeReminders(state: source.state, catalog: catalog, now: now)
            let plan = planner.plan(state: source.state, catalog: catalog, now: now, alive: alive) { channel, make in
                guard let l = self.localizers[channel] else { return make() }
                return L10n.$override.withValue(l) { make() }
            }
            if plan.skippedOld > reportedSkipped {
                log(
                    tr(
                        "{count} messages for events older than catch_up ({duration}) when first seen are not sent",
                        ["count": String(plan.skippedOld), "duration": DurationText.format(config.catchUp)]))
                reportedSkipped = plan.skippedOld
            }
            for a in plan.abandoned { abandon(a) }
            var stopped = false
            var claimed = false
            for s in plan.sends {
                if stop.take() != nil {
                    stopped = true
                    break
                }
                if execute(s) { claimed = true }
            }
            if stopped { break }
            // Look again at once after a send (its own lines, what came meanwhile); a claim another
            // notifier won, or a journal that refuses writes, waits like an idle look.
            if claimed { continue }
            let wake = min(plan.wake ?? now.addingTimeInterval(1), now.addingTimeInterval(1))
            if waitFor(wake, watcher: watcher) { break }
        }
        log(tr("stopped"))
    }

    /// Sleeps until `until`, a change to the journal, or a stop (then true).
    func waitFor(_ until: Date, watcher: any JournalWatcher) -> Bool {
        watcher.ensureWatching()
        let ms = Int32(max(10, min(1000, until.timeIntervalSinceNow * 1000)))
        var pfds = [
            pollfd(fd: stop.readEnd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: watcher.descriptor, events: Int16(POLLIN), revents: 0),
        ]
        let wait = watcher.descriptor >= 0 ? ms : min(ms, Int32(watcher.pollInterval * 1000))
        _ = poll(&pfds, watcher.descriptor >= 0 ? 2 : 1, wait)
        if pfds[0].revents != 0 { return true }
        if watcher.descriptor >= 0 && pfds[1].revents != 0 { watcher.drain() }
        return false
    }

    func stamp(_ kind: EventType, incident: String?, _ data: JSONObject) -> Event {
        EventDraft(kind: kind, incident: incident, data: data).stamp(actor: actor, login: login, at: Date())
    }

    /// Claims the send (and a summary's parts) under the journal's lock: false when someone else has.
    func claim(_ s: NotifySend) -> Bool {
        do {
            let written = try writer.append { (state) throws(EventError) -> [Event] in
                guard state.notifyMessages[s.id] == nil, s.parts.allSatisfy({ state.notifyMessages[$0] == nil }) else { return [] }
                var d: JSONObject = [
                    "message": .string(s.id), "channel": .string(s.channel),
                    "headline": .string(PlatformText.cut(s.text.headline, maxBytes: 500)), "notifier": .string(self.me),
                ]
                if !s.parts.isEmpty {
                    d["covers"] = .number(Double(s.parts.count))
                    d["parts"] = .array(s.parts.map { .string($0) })
                }
                if let r = s.retryOf { d["retry_of"] = .string(r) }
                var events = [self.stamp(.notifyClaimed, incident: s.incident, d)]
                for p in s.parts {
                    events.append(
                        self.stamp(
                            .notifyClaimed, incident: s.partIncidents[p],
                            ["message": .string(p), "channel": .string(s.channel), "summary": .string(s.id), "notifier": .string(self.me)]))
                }
                return events
            }
            return !written.isEmpty
        } catch {
            log(tr("cannot claim {message}: {reason}", ["message": s.id, "reason": error.message]))
            return false
        }
    }

    /// Claims, sends and records one message; false when it was not claimed here.
    @discardableResult
    func execute(_ s: NotifySend) -> Bool {
        guard let channel = config.channels.first(where: { $0.name == s.channel }) else { return false }
        guard claim(s) else {
            log(tr("{message} was claimed by another notifier; not sent", ["message": s.id]))
            return false
        }
        if stopAfter == "claim" { kill(getpid(), SIGKILL) }
        let reply = send(s, channel: channel)
        let target = channel.kind == .command ? (channel.command?.first ?? "") : NotifyPlatform.masked(channel.url ?? "")
        var data: JSONObject = ["message": .string(s.id), "channel": .string(s.channel)]
        var partData: [JSONObject] = []
        let kind: EventType
        switch reply {
        case .delivered(let text):
            kind = .notifySent
            data["platform"] = .string(channel.kind.rawValue)
            data["reply"] = .string(text)
            if !channel.to.isEmpty { data["to"] = .string(channel.to.joined(separator: ", ")) }
            if channel.leads { data["leads"] = .bool(true) }
            for p in s.parts {
                var pd = data
                pd["message"] = .string(p)
                pd["reply"] = .string("in summary " + s.id)
                partData.append(pd)
            }
            log(
                tr(
                    "sent {message} to {channel} ({platform} {target}), covering {covers}: {reply}",
                    [
                        "message": s.id, "channel": s.channel, "platform": channel.kind.rawValue, "target": target,
                        "covers": String(s.covers),
                        "reply": text,
                    ]))
        case .retry, .permanent:
            kind = .notifyFailed
            var reason = ""
            var after: TimeInterval?
            var final = s.attempt >= config.maxTries
            if case .retry(let r, let a) = reply {
                reason = r
                after = a
            }
            if case .permanent(let r) = reply {
                reason = r
                final = true
            }
            data["reason"] = .string(reason)
            if final {
                data["final"] = true
            } else {
                let delay = max(after ?? 0, planner.backoff(afterAttempt: s.attempt))
                data["retry_at"] = .string(RFC3339.format(Date().addingTimeInterval(delay)))
                if let after, after >= 60 { planner.pause(channel.name, until: Date().addingTimeInterval(after)) }
            }
            if final {
                for p in s.parts {
                    var pd = data
                    pd["message"] = .string(p)
                    partData.append(pd)
                }
            }
            log(
                tr(
                    "not sent {message} to {channel} ({platform} {target}), try {attempt}: {reason}",
                    [
                        "message": s.id, "channel": s.channel, "platform": channel.kind.rawValue, "target": target,
                        "attempt": String(s.attempt), "reason": reason,
                    ])
                    + (final ? tr("; given up") : tr("; will try again at {time}", ["time": data["retry_at"]?.stringValue ?? ""])))
        }
        record(
            kind, main: (s.incident, data),
            parts: s.parts.enumerated().compactMap { k, p in k < partData.count ? (s.partIncidents[p], partData[k]) : nil })
        return true
    }

    /// Appends an outcome (and its parts'); a message already recorded sent is left alone.
    func record(_ kind: EventType, main: (String?, JSONObject), parts: [(String?, JSONObject)]) {
        do {
            try writer.append { (state) throws(EventError) -> [Event] in
                var out: [Event] = []
                for (incident, d) in [main] + parts {
                    let id = d["message"]?.stringValue ?? ""
                    if case .sent = state.notifyMessages[id]?.outcome { continue }
                    out.append(self.stamp(kind, incident: incident, d))
                }
                return out
            }
        } catch {
            log(
                tr(
                    "cannot record the outcome of {message}: {reason}",
                    ["message": main.1["message"]?.stringValue ?? "?", "reason": error.message]))
        }
    }

    /// A claim whose notifier stopped during the send: it may have arrived, so it is not sent again.
    func abandon(_ a: NotifyAbandoned) {
        let reason = a.reason
        let data: JSONObject = ["message": .string(a.id), "channel": .string(a.channel), "reason": .string(reason), "final": true]
        let parts: [(String?, JSONObject)] = a.parts.map { p in
            (a.partIncidents[p], ["message": .string(p), "channel": .string(a.channel), "reason": .string(reason), "final": true])
        }
        record(.notifyFailed, main: (a.incident, data), parts: parts)
        if a.reason == NotifyAbandoned.outcomeUnknown {
            log(
                tr(
                    "{message} on {channel}: outcome unknown (its notifier stopped during the send); not sent again",
                    ["message": a.id, "channel": a.channel]))
        } else {
            log(tr("{message} on {channel}: given up, nothing left to send", ["message": a.id, "channel": a.channel]))
        }
    }

    // MARK: sending

    func send(_ s: NotifySend, channel c: NotifyChannel) -> NotifyReply {
        let secret = secrets[c.name]
        if c.kind == .command { return runCommand(s, channel: c, secret: secret) }
        let req = NotifyPlatform.request(
            c, message: s.text, secret: secret, now: Date(), messageID: s.id, incident: s.incident, severity: s.severity)
        var headers = ["Content-Type": "application/json; charset=utf-8"]
        if c.kind == .webhook, let secret {
            headers["X-Warroom-Signature"] = NotifyPlatform.webhookSignature(body: req.body, secret: secret)
        }
        switch post(req, headers: headers, proxy: c.proxy) {
        case .failed(let reason): return .retry(reason, after: nil)
        case .answered(let status, let body): return NotifyPlatform.interpret(c.kind, status: status, body: body)
        }
    }

    func session(proxy: String?) -> URLSession {
        let key = proxy ?? ""
        if let s = sessions[key] { return s }
        let cfg = URLSessionConfiguration.ephemeral
        cfg.timeoutIntervalForRequest = 10
        cfg.timeoutIntervalForResource = 15
        let s = URLSession(configuration: cfg)
        sessions[key] = s
        return s
    }

    func post(_ req: NotifyRequest, headers: [String: String], proxy: String?) -> PostResult {
        guard let url = URL(string: req.url) else { return .failed(tr("the channel's url is not an address")) }
        var r = URLRequest(url: url)
        r.httpMethod = "POST"
        r.httpBody = Data(req.body)
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        // A channel's own proxy: FoundationNetworking on Linux ignores connectionProxyDictionary, and
        // libcurl reads http_proxy / https_proxy when it sets up each connection, so they are set for
        // this request only (sends are one at a time; each proxy has its own session, so no pooled
        // connection made without it is reused) and put back after.
        var saved: [String: String?] = [:]
        if let proxy {
            for name in ["http_proxy", "https_proxy", "no_proxy", "NO_PROXY"] {
                saved[name] = getenv(name).map { String(cString: $0) }
            }
            setenv("http_proxy", proxy, 1)
            setenv("https_proxy", proxy, 1)
            unsetenv("no_proxy")
            unsetenv("NO_PROXY")
        }
        defer {
            for (name, value) in saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: PostResult = .failed(tr("no answer"))
        let task = session(proxy: proxy).dataTask(with: r) { data, response, error in
            if let error {
                // The error's text may carry the address with its key: only its kind is kept.
                let ns = error as NSError
                result = .failed(tr("no answer from the platform ({domain} {code})", ["domain": ns.domain, "code": String(ns.code)]))
            } else if let http = response as? HTTPURLResponse {
                result = .answered(http.statusCode, [UInt8](data ?? Data()))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + 20) == .timedOut {
            task.cancel()
            return .failed(tr("no answer within 20 seconds"))
        }
        return result
    }

    /// A command channel: the text on standard input; the secret, when there is one, only in its environment.
    func runCommand(_ s: NotifySend, channel c: NotifyChannel, secret: String?) -> NotifyReply {
        guard let argv = c.command, let program = argv.first else { return .permanent(tr("no command")) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = Array(argv.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env["WARROOM_NOTIFY_MESSAGE"] = s.id
        env["WARROOM_NOTIFY_CHANNEL"] = s.channel
        env["WARROOM_NOTIFY_HEADLINE"] = s.text.headline
        env["WARROOM_NOTIFY_INCIDENT"] = s.incident ?? ""
        if let secret { env["WARROOM_NOTIFY_SECRET"] = secret } else { env["WARROOM_NOTIFY_SECRET"] = nil }
        p.environment = env
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch {
            return .permanent(tr("cannot start {program}: {reason}", ["program": program, "reason": "\(error.localizedDescription)"]))
        }
        input.fileHandleForWriting.write(Data((s.text.text + "\n").utf8))
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning {
            p.terminate()
            p.waitUntilExit()
            return .retry(tr("{program} did not finish within 30 seconds", ["program": program]), after: nil)
        }
        if p.terminationStatus == 0 { return .delivered("exit 0") }
        return .retry(tr("{program} exited with status {status}", ["program": program, "status": String(p.terminationStatus)]), after: nil)
    }
}

/// What an HTTP request came to.
enum PostResult {
    case answered(Int, [UInt8])
    case failed(String)
}

/// Cuts for journal members (a headline is recorded, at most this long).
enum PlatformText {
    static func cut(_ s: String, maxBytes: Int) -> String { NotifyPlatform.cut(s, maxBytes: maxBytes) }
}
