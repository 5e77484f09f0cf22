/// A 64-bit FNV-1a hash of a name's UTF-8 bytes, fed in pieces.
///
/// An auto name (`dense_12`) is hashed from its prefix's stored state plus `_` and the
/// digits of its number, so a model can compare it with other names without making the
/// string. An explicit name is hashed from its bytes, which gives the same value for the
/// same text however it was made: `Dense(1, name: "dense_1")` and the auto `dense_1`
/// meet. FNV-1a is deterministic and cheap per byte; equal hashes are always confirmed
/// by comparing the names themselves, so a collision costs time, never a wrong answer.
struct NameHash: Equatable, Sendable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of `string`'s bytes, to be fed further.
    init(_ string: String) {
        combine(string)
    }

    mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func combine(_ string: String) {
        for byte in string.utf8 { combine(byte) }
    }

    /// Feeds `number` in decimal, most significant digit first, as `String(number)` spells it.
    mutating func combine(decimal number: UInt32) {
        var divisor: UInt32 = 1
        while number / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            combine(UInt8(ascii: "0") + UInt8(number / divisor % 10))
            divisor /= 10
        }
    }

    /// The hash of `string`.
    static func of(_ string: String) -> UInt64 {
        NameHash(string).value
    }
}
