import Foundation

/// A few recently used names and what they map to, matched by their UTF-8 bytes: a byte
/// comparison skips the Unicode normalisation that hashing or comparing a name such as 王芳
/// as a `String` costs. A miss only means the dictionary is asked. A lookup cache, not part
/// of what the state says: two states are equal whatever it holds.
struct RecentNames<Value: Sendable>: Sendable, Equatable {
    private var names: [String] = []
    private var values: [Value] = []
    private var next = 0
    let size: Int

    init(size: Int) { self.size = size }

    func value(for name: String) -> Value? {
        let count = name.utf8.count
        guard count > 0 else { return nil }
        let found = name.utf8.withContiguousStorageIfAvailable { a -> Value? in
            for k in names.indices where names[k].utf8.count == count {
                let same = names[k].utf8.withContiguousStorageIfAvailable { b -> Bool in
                    guard let pa = a.baseAddress, let pb = b.baseAddress else { return false }
                    return memcmp(pa, pb, count) == 0
                }
                if same == true { return values[k] }
            }
            return nil
        }
        return found ?? nil
    }

    mutating func remember(_ name: String, _ value: Value) {
        if names.count < size {
            names.append(name)
            values.append(value)
        } else {
            names[next] = name
            values[next] = value
            next = (next + 1) % size
        }
    }

    mutating func removeAll() {
        names.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        next = 0
    }

    static func == (a: RecentNames, b: RecentNames) -> Bool { true }
}
