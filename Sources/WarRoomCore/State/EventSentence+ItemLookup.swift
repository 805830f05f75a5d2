import Foundation

extension EventSentence {
    /// A ticked item's words on an incident's timeline, still right after a playbook switch: the
    /// item usually belongs to the playbook in effect when it was ticked, not to the current one.
    /// Looked up there first, then in the items added to the incident, then in the current and
    /// earlier playbooks, then in any playbook of the catalog with that id (its `text_zh` in Chinese).
    public static func itemText(_ id: String, at time: Date, incident: Incident?, catalog: PlaybookCatalog) -> String? {
        func fromPlan(_ name: String?) -> String? {
            catalog.playbook(named: name)?.item(id).map { planText($0.text, zh: $0.textZh) }
        }
        guard let inc = incident else {
            return catalog.playbooks.lazy.compactMap { $0.item(id) }.first.map { planText($0.text, zh: $0.textZh) }
        }
        // The playbook then: the one the first later switch moved away from, else today's.
        let then = inc.playbookHistory.first(where: { $0.at > time }).map(\.from) ?? inc.playbook
        if let text = fromPlan(then) { return text }
        if let added = inc.addedItems.first(where: { $0.item == id })?.text { return added }
        for name in [inc.playbook] + inc.playbookHistory.reversed().map(\.from) {
            if let text = fromPlan(name) { return text }
        }
        return catalog.playbooks.lazy.compactMap { $0.item(id) }.first.map { planText($0.text, zh: $0.textZh) }
    }
}
