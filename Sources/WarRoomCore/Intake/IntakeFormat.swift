/// The payload shapes `warroom serve` and `warroom ingest` accept.
public enum IntakeFormat: String, Sendable, CaseIterable {
    /// Prometheus Alertmanager's webhook (`version` "4").
    case alertmanager
    /// Grafana alerting's webhook contact point: Alertmanager's shape plus Grafana's own members.
    case grafana
    /// warroom's own small form for scripts and other monitoring (docs/intake.md).
    case generic
}
