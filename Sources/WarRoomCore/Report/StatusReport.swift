import Foundation

/// `warroom status`: the state of a journal as JSON for tools and as text for people.
public struct StatusReport {
    public var path: String
    public var reader: JournalReader
    public var catalog: PlaybookCatalog
    public var now: Date
    public var only: String?
    /// Bytes after the last newline; an earlier moment (`--at`) has none unless it is the whole file.
    public var pendingBytes: Int

    /// The zone the text shows times in (the reader's); the JSON keeps UTC for tools.
    public var timeZone: TimeZone

    public init(
        path: String, reader: JournalReader, catalog: PlaybookCatalog, now: Date, only: String? = nil, pendingBytes: Int? = nil,
        timeZone: TimeZone = .current
    ) {
        self.timeZone = timeZone
        self.pendingBytes = pendingBytes ?? reader.pendingBytes
        self.path = path
        self.reader = reader
        self.catalog = catalog
        self.now = now
        self.only = only
    }

    var state: JournalState { reader.state }

    var incidents: [Incident] {
        state.orderedIncidents.filter { only == nil || $0.id == only }
    }

    func kpis(_ inc: Incident) -> IncidentKPIs {
        KPIEngine.compute(
            incident: inc, playbook: catalog.playbook(named: inc.playbook), policy: catalog.policy(for: inc), now: now,
            timescale: state.timescale(for: inc.id))
    }

    // MARK: JSON

    public func json() -> JSONValue {
        ["journal": journalJSON(), "incidents": .array(incidents.map(incidentJSON)), "on_call": onCallJSON()]
    }

    /// The bytes of `JSONWriter.serialize(json())`, with the incidents made on every core:
    /// on a journal of a thousand incidents the report is most of what is left after loading.
    public func writeJSON(into out: inout [UInt8]) {
        out.append(contentsOf: Array(#"{"journal":"#.utf8))
        JSONWriter.write(journalJSON(), into: &out)
        out.append(contentsOf: Array(#","incidents":["#.utf8))
        let list = incidents
        var parts = [[UInt8]](repeating: [], count: list.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, list.count))
        parts.withUnsafeMutableBufferPointer { buf in
            nonisolated(unsafe) let buf = buf
            nonisolated(unsafe) let report = self
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in stride(from: w, to: list.count, by: workers) {
                    var bytes: [UInt8] = []
                    JSONWriter.write(report.incidentJSON(list[i]), into: &bytes)
                    buf[i] = bytes
                }
            }
        }
        for (k, part) in parts.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: part)
        }
        out.append(contentsOf: Array(#"],"on_call":"#.utf8))
        JSONWriter.write(onCallJSON(), into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The standing (on-call) roster: who is on call, how to reach them, and whether they can be reached now.
    func onCallJSON() -> JSONValue {
        .array(
            state.onCall.map { e in
                var o = JSONObject()
                o["member"] = .string(e.member.id)
                o["name"] = e.member.name.map { .string($0) } ?? .null
                o["team"] = e.member.team.map { .string($0) } ?? .null
                o["contact"] = e.member.contact.map { .string($0) } ?? .null
                o["presence"] = .string(e.presence.rawValue)
                o["reachable"] = .bool(e.isReachable)
                o["last_action"] = e.lastAction.map { .string(RFC3339.format($0)) } ?? .null
                return .object(o)
            })
    }

    /// The on-call lines of the text report, empty when nobody joined the standing roster.
    func onCallText() -> [String] {
        let list = state.onCall
        guard !list.isEmpty else { return [] }
        let reachable = list.filter(\.isReachable).count
        var out = [
            tr(
                "On call (standing roster): {reachable} of {total} reachable",
                ["reachable": String(reachable), "total": String(list.count)])
        ]
        for e in list {
            var l = "  \(DisplayWidth.pad(e.member.id, to: 18)) \(DisplayWidth.pad(e.presence.displayName, to: 10))"
            let who = [e.member.name, e.member.team].compactMap { $0 }.joined(separator: ", ")
            if !who.isEmpty { l += " \(who)" }
            if let c = e.member.contact { l += " · \(c)" }
            out.append(Sanitizer.inline(l))
        }
        return out
    }

    private func journalJSON() -> JSONValue {
        [
            "path": .string(path),
            "events": .number(Double(state.eventsApplied)),
            "unknown_types": .number(Double(state.unknownTypes)),
            "pending_bytes": .number(Double(pendingBytes)),
            // All of them: `bad_lines` lists the first and last ones only.
            "bad_line_count": .number(Double(state.badLineCount)),
            "bad_lines": .array(
                state.badLines.map {
                    ["line": .number(Double($0.line)), "offset": .number(Double($0.offset)), "reason": .string($0.reason)]
                }),
        ]
    }

    func incidentJSON(_ inc: Incident) -> JSONValue {
        let k = kpis(inc)
        var roles = JSONObject()
        for (role, holder) in inc.roles.sorted(by: { $0.key < $1.key }) { roles[role] = .string(holder) }
        var members = JSONObject()
        for m in inc.roster { members[m.id] = .string(state.presence(of: m.id).rawValue) }
        var counters = JSONObject()
        for c in inc.orderedCounters { counters[c.name] = .number(c.value) }
        let items: [JSONValue] = k.checklist.map { e in
            var o = JSONObject()
            o["item"] = .string(e.id)
            o["text"] = .string(e.text)
            o["done"] = .bool(e.isDone)
            o["phase"] = .string(e.phase.rawValue)
            o["by"] = e.done.map { .string($0.by) } ?? .null
            o["at"] = e.done.map { .string(RFC3339.format($0.at)) } ?? .null
            o["due_at"] = e.dueAt.map { .string(RFC3339.format($0)) } ?? .null
            return .object(o)
        }
        var kpiObject = JSONObject()
        for m in k.measures {
            kpiObject[m.name.rawValue] = [
                "seconds": m.seconds.map { .number(($0 * 1000).rounded() / 1000) } ?? .null,
                "target_seconds": m.target.map { .number($0) } ?? .null,
                "state": .string(m.state.rawValue),
            ]
        }
        var required = JSONObject()
        for r in k.requiredRoles { required[r.role] = r.holder.map { .string($0) } ?? .null }
        var o = JSONObject()
        o["id"] = .string(inc.id)
        o["title"] = .string(inc.title)
        o["severity"] = .number(Double(inc.severity.rawValue))
        o["phase"] = .string(inc.phase.rawValue)
        o["drill"] = .bool(inc.drill)
        o["declared_at"] = .string(RFC3339.format(inc.declaredAt))
        o["started_at"] = inc.startedAt.map { .string(RFC3339.format($0)) } ?? .null
        o["playbook"] = inc.playbook.map { .string($0) } ?? .null
        o["roles"] = .object(roles)
        o["members"] = .object(members)
        o["checklist"] = [
            "done": .number(Double(k.progress.done)), "total": .number(Double(k.progress.total)),
            "overdue": .number(Double(k.overdue.count)), "items": .array(items),
        ]
        o["counters"] = .object(counters)
        o["timeline"] = .number(Double(inc.eventCount))
        o["comms"] = .number(Double(inc.comms.count))
        o["elapsed_seconds"] = .number((k.elapsed * 1000).rounded() / 1000)
        o["kpis"] = .object(kpiObject)
        o["required_roles"] = .object(required)
        for (key, value) in inc.afterwardJSON { o[key] = value }
        o["suggestions"] = .array(
            k.suggestions.map {
                var s: JSONObject = [
                    "severity": .number(Double($0.severity.rawValue)), "counter": .string($0.counter),
                    "value": .number($0.value), "threshold": .number($0.threshold),
                ]
                // Only a scope rule's suggestion says which scope met it.
                if let scope = $0.scope { s["scope"] = .string(scope.rawValue) }
                return .object(s)
            })
        return .object(o)
    }

    /// The policy targets as aligned lines (title, measured, target, state), shared with the drill score.
    /// Columns are as wide as their widest entry and never narrower than the English ones,
    /// so a Chinese duration (`10分钟`) is never cut.
    static func targetLines(_ measures: [KPIMeasure], state: (KPIMeasure) -> String) -> [String] {
        let rows = measures.map { m in
            (
                title: m.displayTitle, value: m.seconds.map { DurationText.format($0) } ?? "—",
                target: m.target.map { DurationText.formatTarget($0) } ?? tr("none", context: "status"), state: state(m)
            )
        }
        let titleWidth = rows.map { DisplayWidth.of($0.title) }.reduce(26, max)
        let valueWidth = rows.map { DisplayWidth.of($0.value) }.reduce(9, max)
        let targetWidth = rows.map { DisplayWidth.of($0.target) }.reduce(5, max)
        return rows.map { r in
            tr(
                "{title} {value} target {target} {state}",
                [
                    "title": DisplayWidth.pad(r.title, to: titleWidth), "value": DisplayWidth.pad(r.value, to: valueWidth),
                    "target": DisplayWidth.pad(r.target, to: targetWidth), "state": r.state,
                ])
        }
    }

    // MARK: Text

    public func text() -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        let clock = ReportClock(timeZone: timeZone)
        func time(_ d: Date) -> String { clock.format(d) }
        let s = state
        var health = tr("{path}: {n} events", ["path": path, "n": String(s.eventsApplied)])
        if s.unknownTypes > 0 { health += tr(", {n} of unknown types", ["n": String(s.unknownTypes)]) }
        if s.badLineCount > 0 { health += tr(", {n} bad lines skipped (`warroom check` lists them)", ["n": String(s.badLineCount)]) }
        if pendingBytes > 0 { health += tr(", {n} bytes pending", ["n": String(pendingBytes)]) }
        line(Sanitizer.inline(health))
        let onCall = onCallText()
        if !onCall.isEmpty {
            line()
            for l in onCall { line(l) }
        }
        let list = incidents
        if list.isEmpty {
            line(tr("No incident declared. Declare one: warroom declare --severity N --title TEXT"))
            return out
        }
        for inc in list {
            let k = kpis(inc)
            line()
            var head = "\(inc.id)  \(inc.severity.displayLabel)  \(inc.phase.displayName)  \(inc.title)"
            if inc.drill { head += "  " + tr("[DRILL]") }
            line(Sanitizer.inline(head))
            let declared = ["time": time(inc.declaredAt), "who": inc.declaredBy, "elapsed": DurationText.format(k.elapsed)]
            var times = "  " + tr("declared {time} by {who}, elapsed {elapsed}", declared)
            if let st = inc.startedAt { times += tr(", impact since {time}", ["time": time(st)]) }
            line(Sanitizer.inline(times))
            if let p = inc.playbook {
                let title = catalog.playbook(named: p)?.displayTitle
                let shown = title.flatMap { L10n.isChinese && $0 != p ? tr("{title} ({name})", ["title": $0, "name": p]) : nil } ?? p
                line(
                    Sanitizer.inline(
                        "  "
                            + (catalog.playbook(named: p) == nil
                                ? tr("playbook {name} (not found: {reason})", ["name": p, "reason": catalog.missingPlaybookReason(p)])
                                : tr("playbook {name}", ["name": shown]))))
            } else {
                line(Sanitizer.inline("  " + tr("no playbook, so no checklist: {reason}", ["reason": catalog.missingPlaybookReason(nil)])))
            }
            for sug in k.suggestions {
                line(
                    Sanitizer.inline(
                        "  ! "
                            + tr(
                                "{sentence}: raise with `warroom severity {n}`",
                                ["sentence": sug.sentence, "n": String(sug.severity.rawValue)])))
            }
            line("  " + tr("KPIs:", context: "status"))
            for row in Self.targetLines(k.measures, state: { $0.state.displayName }) { line(Sanitizer.inline("    " + row)) }
            for s in inc.afterwardSentences() { line(Sanitizer.inline("  " + s)) }
            if !k.requiredRoles.isEmpty || !inc.roles.isEmpty {
                line("  " + tr("Roles:", context: "status"))
                var shown = Set<String>()
                for r in k.requiredRoles {
                    shown.insert(r.role)
                    let holder = r.holder ?? tr("UNFILLED (required)")
                    line(Sanitizer.inline("    \(DisplayWidth.pad(Role.display(r.role), to: 18)) \(holder)"))
                }
                for (role, holder) in inc.roles.sorted(by: { $0.key < $1.key }) where !shown.contains(role) {
                    line(Sanitizer.inline("    \(DisplayWidth.pad(Role.display(role), to: 18)) \(holder)"))
                }
            }
            if !inc.roster.isEmpty {
                line("  " + tr("Members:", context: "status"))
                for m in inc.roster {
                    let seen =
                        s.lastAction(of: m.id).map { tr("last action {age} ago", ["age": DurationText.format(now.timeIntervalSince($0))]) }
                        ?? tr("no action yet")
                    line(
                        Sanitizer.inline(
                            "    \(DisplayWidth.pad(m.id, to: 18)) \(DisplayWidth.pad(s.presence(of: m.id).displayName, to: 10)) \(seen)"
                        ))
                }
            }
            let progress = ["done": String(k.progress.done), "total": String(k.progress.total), "n": String(k.overdue.count)]
            line(
                "  "
                    + (k.overdue.isEmpty
                        ? tr("Checklist: {done}/{total} done", progress) : tr("Checklist: {done}/{total} done, {n} overdue", progress)))
            for pp in k.progressByPhase {
                line("    \(pp.phase.displayName) \(pp.progress.done)/\(pp.progress.total)")
                for e in k.checklist where e.phase == pp.phase {
                    let box = e.isDone ? "[x]" : (e.isOverdue(at: now) ? "[!]" : "[ ]")
                    var l = "      \(box) \(e.id): \(e.displayText)"
                    if let d = e.done {
                        l += tr(" ({who}, {time})", ["who": d.by, "time": time(d.at)])
                    } else if let due = e.dueAt {
                        // A drill's deadlines count in scenario time, which a wall-clock date cannot show.
                        if let dueIn = e.dueIn, !s.timescale(for: inc.id).isReal {
                            l +=
                                dueIn < 0
                                ? tr(" (overdue {duration} scenario time)", ["duration": DurationText.format(-dueIn)])
                                : tr(" (due in {duration} scenario time)", ["duration": DurationText.format(dueIn)])
                        } else {
                            l += tr(" (due {time})", ["time": time(due)])
                        }
                    }
                    line(Sanitizer.inline(l))
                }
            }
            if !inc.counters.isEmpty {
                line("  " + tr("Counters:", context: "status"))
                for c in inc.orderedCounters {
                    line(
                        Sanitizer.inline(
                            "    \(DisplayWidth.pad(c.name, to: 24)) \(EventSentence.formatNumber(c.value))\(c.unit.map { " \($0)" } ?? "")"
                        ))
                }
            }
            line(
                "  "
                    + tr(
                        "Timeline: {events} events, {comms} communications",
                        ["events": String(inc.eventCount), "comms": String(inc.comms.count)]))
        }
        return out
    }
}
