import WarRoomCore

/// The note prompt's kind: `n` opens the prompt as an observation, Tab and
/// Shift-Tab step through the kinds without losing the text typed.
public enum NoteKindCycle {
    public static var hint: String { tr("Tab changes kind") }

    public static func prompt(_ kind: NoteKind) -> TextPrompt {
        TextPrompt(label: tr("{kind}:", ["kind": ConsoleWords.noteKind(kind)]), purpose: .note(kind), hint: hint)
    }

    public static func next(_ kind: NoteKind, by step: Int = 1) -> NoteKind {
        let all = NoteKind.allCases
        let i = all.firstIndex(of: kind) ?? 0
        return all[((i + step) % all.count + all.count) % all.count]
    }

    /// The same prompt, text and cursor kept, with the kind stepped.
    public static func step(_ p: TextPrompt, by step: Int) -> TextPrompt {
        guard case .note(let kind) = p.purpose else { return p }
        var q = p
        let k = next(kind, by: step)
        q.purpose = .note(k)
        q.label = tr("{kind}:", ["kind": ConsoleWords.noteKind(k)])
        return q
    }
}
