/// SplitMix64: a small, seeded generator so random sweeps are reproducible. Set
/// `CKBCRYPTO_SEED` to replay another run; the seed in use is part of every failure message.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The seed from `CKBCRYPTO_SEED`, else `fallback`.
    public static func seed(default fallback: UInt64) -> UInt64 {
        if let text = ProcessInfoShim.environment("CKBCRYPTO_SEED"), let value = UInt64(text, radix: 16) ?? UInt64(text) {
            return value
        }
        return fallback
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}

import Foundation

enum ProcessInfoShim {
    static func environment(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }
}
