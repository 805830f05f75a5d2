import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's Prometheus Alertmanager, the real one, with a webhook receiver pointing at
/// `warroom serve`: an alert posted to it opens a signal in the journal, and the same alert
/// with an end in the past closes it.
let alertmanagerBinary: String? = ["/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager", "/usr/bin/alertmanager"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// Skipped only on a developer's machine without it; in CI scripts/setup.sh installs it and the test must run.
let alertmanagerRuns = alertmanagerBinary != nil || ProcessInfo.processInfo.environment["CI"] != nil

@Suite("The real Alertmanager into warroom serve")
struct AlertmanagerTests {
    @Test(
        .enabled(
            if: alertmanagerRuns,
            "prometheus-alertmanager is not installed: run scripts/setup.sh (apt-get install prometheus-alertmanager)"))
    func anAlertFiresAndResolvesThroughTheRealAlertmanager() async throws {
        let binary = try #require(alertmanagerBinary, "prometheus-alertmanager is missing in CI: scripts/setup.sh installs it")
        let serve = try await ServeProcess()
        let dir = TempDir()
        let amPort = try ServeProcess.freePort()
        let config = """
            global:
              resolve_timeout: 5s
            route:
              receiver: warroom
              group_by: ['alertname']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: warroom
                webhook_configs:
                  - url: http://127.0.0.1:\(serve.port)/alertmanager
                    send_resolved: true
                    http_config:
                      authorization:
                        credentials: \(ServeProcess.token)
            """
        try writeFile(dir.file("am.yml"), config)
        let am = try ChildProcess(
            binary,
            [
                "--config.file=\(dir.file("am.yml"))", "--storage.path=\(dir.file("data"))",
                "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address=",
            ], outPath: dir.file("am.out"), errPath: dir.file("am.err"))
        defer {
            if !am.poll() {
                am.signal(SIGTERM)
                am.waitBlocking()
            }
        }
        let ready = try await eventually(timeout: .seconds(30), interval: .milliseconds(100)) { () -> Bool? in
            if am.poll() { throw TestSupportError.failed("alertmanager ended: \(fileText(dir.file("am.err")))") }
            return (try? ServeProcess.request(port: amPort, "GET", "/-/ready"))?.status == 200 ? true : nil
        }
        #expect(ready == true, "alertmanager did not become ready: \(fileText(dir.file("am.err")))")

        let started = RFC3339.format(Date().addingTimeInterval(-60))
        func alert(endsAt: String?) -> String {
            let end = endsAt.map { #","endsAt":"\#($0)""# } ?? ""
            return #"[{"labels":{"alertname":"LoginFailures","counter":"login_failure_pct","service":"auth"},"#
                + #""annotations":{"summary":"Login failures at 7%","value":"7"},"startsAt":"\#(started)""#
                + end + #","generatorURL":"http://prometheus.example/graph"}]"#
        }
        let posted = try ServeProcess.request(port: amPort, "POST", "/api/v2/alerts", alert(endsAt: nil))
        #expect(posted.status == 200, "alertmanager refused the alert: \(posted.body)")

        func signal() -> Signal? {
            read(fileLines(serve.journal)).state.signals.values.first { $0.title == "LoginFailures" }
        }
        let open = try await eventually(timeout: .seconds(30), interval: .milliseconds(100)) { signal().flatMap { $0.isOpen ? $0 : nil } }
        let s = try #require(open, "no signal opened; warroom serve said: \(serve.log); alertmanager said: \(fileText(dir.file("am.err")))")
        #expect(s.source == "alertmanager" && s.meets == .l3 && s.rule == "login_failure_pct" && s.value == 7)
        #expect(s.summary == "Login failures at 7%" && s.labels["service"] == "auth" && s.url == "http://prometheus.example/graph")
        #expect(s.fingerprint.count == 16)

        let ended = RFC3339.format(Date().addingTimeInterval(-1))
        #expect(try ServeProcess.request(port: amPort, "POST", "/api/v2/alerts", alert(endsAt: ended)).status == 200)
        let closed = try await eventually(timeout: .seconds(30), interval: .milliseconds(100)) {
            signal().flatMap { $0.isOpen ? nil : $0 }
        }
        #expect(closed != nil, "the signal was not resolved; warroom serve said: \(serve.log)")
        #expect(read(fileLines(serve.journal)).state.badLines.isEmpty)

        am.signal(SIGTERM)
        #expect(await am.wait(timeout: .seconds(10)))
        #expect(await serve.stop() == 0)
    }
}
