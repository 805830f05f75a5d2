/// Which plural form a count takes, from a catalog's `Plural-Forms` header
/// (`nplurals=1; plural=0;` for Chinese, `nplurals=2; plural=(n != 1);` for
/// English). The expression is C's, evaluated here so that a new language
/// with other forms (Russian's three, Arabic's six) is only a new file.
public struct PluralRule: Sendable {
    public let count: Int
    let expression: Expr

    public static let germanic = PluralRule(count: 2, expression: .binary("!=", .n, .number(1)))

    init(count: Int, expression: Expr) {
        self.count = count
        self.expression = expression
    }

    public init?(header: String) {
        var count: Int?
        var expr: Expr?
        for part in header.split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2 else { continue }
            if kv[0] == "nplurals" { count = Int(kv[1]) }
            if kv[0] == "plural" {
                var p = ExprParser(Array(kv[1].utf8))
                expr = p.parse()
            }
        }
        guard let count, count >= 1, let expr else { return nil }
        self.init(count: count, expression: expr)
    }

    /// The form's index for `n`, kept inside the catalog's forms.
    public func index(_ n: Int) -> Int {
        let i = expression.evaluate(n)
        return i >= 0 && i < count ? i : 0
    }

    indirect enum Expr: Sendable {
        case n
        case number(Int)
        case not(Expr)
        case binary(String, Expr, Expr)
        case conditional(Expr, Expr, Expr)

        func evaluate(_ n: Int) -> Int {
            switch self {
            case .n: return n
            case .number(let v): return v
            case .not(let e): return e.evaluate(n) == 0 ? 1 : 0
            case .conditional(let c, let a, let b): return c.evaluate(n) != 0 ? a.evaluate(n) : b.evaluate(n)
            case .binary(let op, let l, let r):
                let a = l.evaluate(n)
                if op == "&&" { return a != 0 && r.evaluate(n) != 0 ? 1 : 0 }
                if op == "||" { return a != 0 || r.evaluate(n) != 0 ? 1 : 0 }
                let b = r.evaluate(n)
                switch op {
                case "==": return a == b ? 1 : 0
                case "!=": return a != b ? 1 : 0
                case "<": return a < b ? 1 : 0
                case "<=": return a <= b ? 1 : 0
                case ">": return a > b ? 1 : 0
                case ">=": return a >= b ? 1 : 0
                case "%": return b == 0 ? 0 : a % b
                case "+": return a + b
                case "-": return a - b
                case "*": return a * b
                case "/": return b == 0 ? 0 : a / b
                default: return 0
                }
            }
        }
    }

    /// A recursive-descent reader of C's expression grammar, as far as plural rules use it.
    struct ExprParser {
        let s: [UInt8]
        var i = 0
        init(_ s: [UInt8]) { self.s = s }

        mutating func parse() -> Expr? {
            let e = conditional()
            skip()
            return i == s.count ? e : nil
        }

        mutating func skip() { while i < s.count, s[i] == 0x20 || s[i] == 0x09 { i += 1 } }

        mutating func eat(_ t: String) -> Bool {
            skip()
            let b = Array(t.utf8)
            guard i + b.count <= s.count, Array(s[i..<i + b.count]) == b else { return false }
            // "<" must not take the first character of "<=".
            if b.count == 1, i + 1 < s.count, "<>=!".utf8.contains(b[0]), s[i + 1] == UInt8(ascii: "=") { return false }
            i += b.count
            return true
        }

        mutating func conditional() -> Expr? {
            guard let c = binary(0) else { return nil }
            guard eat("?") else { return c }
            guard let a = conditional(), eat(":"), let b = conditional() else { return nil }
            return .conditional(c, a, b)
        }

        static let levels: [[String]] = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]]

        mutating func binary(_ level: Int) -> Expr? {
            guard level < Self.levels.count else { return unary() }
            guard var left = binary(level + 1) else { return nil }
            outer: while true {
                for op in Self.levels[level] where eat(op) {
                    guard let right = binary(level + 1) else { return nil }
                    left = .binary(op, left, right)
                    continue outer
                }
                return left
            }
        }

        mutating func unary() -> Expr? {
            if eat("!") { return unary().map { .not($0) } }
            if eat("(") {
                let e = conditional()
                return eat(")") ? e : nil
            }
            skip()
            if i < s.count, s[i] == UInt8(ascii: "n") {
                i += 1
                return .n
            }
            var v = 0
            var any = false
            while i < s.count, s[i] >= 0x30, s[i] <= 0x39 {
                v = v * 10 + Int(s[i] - 0x30)
                i += 1
                any = true
            }
            return any ? .number(v) : nil
        }
    }
}
