import PropertyBased
import Testing

@testable import GraphCore

@Suite struct NamingPropertyTests {
    /// Layer kinds to create, as indices into `kinds`; explicit names every so often.
    static let kinds: [LayerKind] = [.dense, .conv2d, .dropout, .flatten, .batchNormalization, .input, .sequential]

    @Test func namesAreUniqueAndFollowOneCounterPerPrefix() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0..<Self.kinds.count).array(of: 1...200)) { picks in
            var session = GraphSession()
            var counts: [LayerKind: Int] = [:]
            var names = Set<String>()
            for pick in picks {
                let kind = Self.kinds[pick]
                let id = session.addLayer(kind, name: nil)
                let name = try! session.name(of: id)
                let n = counts[kind, default: 0]
                let expected = kind == .input ? "input_\(n + 1)" : (n == 0 ? kind.namePrefix : "\(kind.namePrefix)_\(n)")
                #expect(name == expected)
                #expect(names.insert(name).inserted, "\(name) given twice")
                counts[kind] = n + 1
            }
            #expect(session.census.nameEntries == counts.count)
        }
    }

    @Test func clearingRestartsEveryCounter() async {
        await propertyCheck(count: 100, input: Gen.int(in: 0..<Self.kinds.count).array(of: 1...50)) { picks in
            var session = GraphSession()
            for pick in picks { _ = session.addLayer(Self.kinds[pick], name: nil) }
            session.clear(.keepCapacity)
            for kind in Self.kinds where kind != .input {
                let id = session.addLayer(kind, name: nil)
                #expect(try! session.name(of: id) == kind.namePrefix)
            }
        }
    }
}
