import Foundation
import Testing

@testable import WarRoomCore
@testable import WarRoomUI

/// The console writes through Core's actions: it accepts what `warroom` accepts and
/// refuses the rest with the same words.
@Suite("Console writes through Core's actions")
struct ConsoleActionTests {
    /// An L2 website-crisis incident INC-1 declared by alice, bob holding commander.
    func model() -> ConsoleModel {
        makeModel(lines: [
            declareLine(severity: 2, title: "Payment outage", playbook: "website-crisis"),
            ev("member.joined", at: 1, ["member": "bob"]),
            ev("role.assigned", at: 2, ["role": "commander", "member": "bob"]),
        ])
    }

    func press(_ m: inout ConsoleModel, _ keys: [Key]) -> [ConsoleCommand] { keys.flatMap { m.handle($0) } }
    func type(_ m: inout ConsoleModel, _ text: String) { for c in text { _ = m.handle(.char(c)) } }

    /// What `warroom` would say to the same action.
    func cliWords(_ action: Action, _ m: ConsoleModel) -> String? {
        Action.refusal(of: action, on: m.incident, in: m.state, catalog: m.catalog)?.reason
    }

    @Test("a counter value the CLI refuses (1,2) is refused in the same words, not taken as 12")
    func counterValueAsTheCLI() {
        var m = model()
        _ = press(&m, [.char("#")])
        type(&m, "complaints")
        _ = m.handle(.enter)
        _ = press(&m, [.ctrl("u")])
        type(&m, "1,2")
        #expect(m.handle(.enter).isEmpty)
        guard case .failure(let cli) = CounterValue.parse("1,2") else {
            Issue.record("1,2 parsed")
            return
        }
        #expect(m.message?.text == cli.reason)
        #expect(m.message?.isError == true)
    }

    @Test("an empty note and empty published text get the CLI's words")
    func emptyTextsAsTheCLI() {
        var m = model()
        _ = press(&m, [.char("n")])
        #expect(m.handle(.enter).isEmpty)
        #expect(m.message?.text == cliWords(.note(text: "", kind: nil), m))
        #expect(m.message?.text == "the note is empty; give its text")
    }

    @Test("releasing a role from the member picker writes role.released, as `warroom release` does")
    func releaseRowIsTheReleaseAction() throws {
        var m = model()
        _ = press(&m, [.char("a")])
        // The role picker: pick commander by typing its name.
        type(&m, "commander")
        _ = m.handle(.enter)
        guard case .picker(let p) = m.interaction else {
            Issue.record("no member picker")
            return
        }
        let row = try #require(p.options.firstIndex { $0.value.isEmpty })
        var picker = p
        picker.selected = row
        picker.awaitsChoice = false
        m.interaction = .picker(picker)
        #expect(m.handle(.enter) == [.append(EventDraft(kind: .roleReleased, incident: "INC-1", data: ["role": "commander"]))])
    }

    @Test("picking the current severity says so in the action's words")
    func sameSeverityAsTheCLI() {
        var m = model()
        _ = press(&m, [.char("s"), .char("2")])
        #expect(m.message?.text == cliWords(.severity(.l2, reason: nil), m))
        #expect(m.message?.text == "INC-1 is already L2")
    }
}
