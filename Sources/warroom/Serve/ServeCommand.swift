import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// `warroom serve`: the webhook receiver for Alertmanager, Grafana and the generic form.
///
/// Our own small HTTP/1.1 server over POSIX sockets rather than a package (Hummingbird,
/// swift-nio, FlyingFox): a webhook receiver needs POST with Content-Length, one request per
/// connection, and nothing a framework adds is worth its clean build time in CI.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Receive alert webhooks over HTTP and record them as signals (see docs/intake.md)."),
        discussion: tr(
            "POST /alertmanager, /grafana and /events with Authorization: Bearer TOKEN; GET /healthz. Runs until SIGTERM or SIGINT."
        )
    )
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("Where to listen, HOST:PORT (port 0: any free port, logged)."), valueName: "host:port"))
    var listen: String
    @Option(
        name: .customLong("token-file"),
        help: ArgumentHelp(tr("The file holding the bearer token (mode 600)."), valueName: "file"))
    var tokenFile: String
    @Option(
        name: .customLong("request-timeout"),
        help: ArgumentHelp(tr("Seconds a client has to send its whole request."), valueName: "seconds"))
    var requestTimeout: Double = 10
    @Option(
        name: .customLong("max-connections"),
        help: ArgumentHelp(tr("Connections served at once; more get 503."), valueName: "n"))
    var maxConnections: Int = 16

    func validate() throws {
        guard requestTimeout > 0 && requestTimeout <= 3600 else {
            throw ValidationError(tr("--request-timeout must be between 0 and 3600 seconds"))
        }
        guard (1...1024).contains(maxConnections) else { throw ValidationError(tr("--max-connections must be from 1 to 1024")) }
    }

    func run() throws {
        // A journal that can never be written would answer every alert 503 for ever (the source
        // retries without end): refuse to start instead, saying why.
        if let problem = JournalOptions.unwritableProblem(options.path) { throw CLIError(problem) }
        let token = try BearerToken.load(path: tokenFile)
        let address = try ListenAddress(listen)
        let catalog = PlaybookCatalog.load()
        for w in catalog.warnings { TerminalText.warning(w) }
        let stop = SignalPipe()
        stop.catchSignals([SIGTERM, SIGINT])
        signal(SIGPIPE, SIG_IGN)
        let (fd, port) = try address.open()
        let server = WebhookServer(
            listener: fd, token: token, policy: catalog.policy, writer: options.writer(),
            requestTimeout: .milliseconds(Int(requestTimeout * 1000)), maxConnections: maxConnections)
        let shown = address.host.contains(":") ? "[\(address.host)]" : address.host
        server.log(tr("listening on {address}, journal {path}", ["address": "\(shown):\(port)", "path": options.shown]))
        server.run(until: stop)
        server.log(tr("stopped"))
    }
}
