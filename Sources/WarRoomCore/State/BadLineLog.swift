/// The journal's bad lines, in bounded memory: how many there were, and the
/// first `headLimit` and last `tailLimit` in full. One `yes x >> journal`
/// makes millions of bad lines; keeping each would let anyone who can append
/// take every console and writer on the host down.
public struct BadLineLog: Sendable, Equatable, Codable {
    public static let headLimit = 1000
    public static let tailLimit = 100

    /// Every bad line seen, kept or not.
    public private(set) var count = 0
    /// The first bad lines, in file order.
    public private(set) var head: [BadLine] = []
    /// The last bad lines after the head, a ring starting at `ringStart`.
    private var ring: [BadLine] = []
    private var ringStart = 0

    public init() {}

    /// A log holding exactly `lines` (the first and last of them kept, the count exact).
    public init(_ lines: [BadLine]) {
        for b in lines { append(b) }
    }

    public mutating func append(_ bad: BadLine) {
        count += 1
        if head.count < Self.headLimit {
            head.append(bad)
        } else if ring.count < Self.tailLimit {
            ring.append(bad)
        } else {
            ring[ringStart] = bad
            ringStart = (ringStart + 1) % Self.tailLimit
        }
    }

    /// The last bad lines after the head, in file order.
    public var tail: [BadLine] { Array(ring[ringStart...] + ring[..<ringStart]) }

    /// Every bad line kept, in file order.
    public var kept: [BadLine] { ring.isEmpty ? head : head + tail }

    /// Bad lines counted but not kept (between the head and the tail).
    public var dropped: Int { count - head.count - ring.count }

    /// The log as it stood after `line` (replay). Where lines were dropped the count is what is
    /// known for certain: those kept up to `line`, plus every dropped one once `line` is past them.
    public func through(line: Int) -> BadLineLog {
        if let last = kept.last, last.line <= line { return self }
        var out = BadLineLog()
        let tailLines = tail
        for b in head where b.line <= line { out.append(b) }
        if dropped > 0, let firstTail = tailLines.first, firstTail.line <= line {
            // Past the dropped stretch: it all counts, though its lines are gone.
            out.count += dropped
        }
        for b in tailLines where b.line <= line {
            out.count += 1
            out.ring.append(b)
        }
        return out
    }
}
