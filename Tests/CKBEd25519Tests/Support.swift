import CKBBytes
import CKBTestSupport
import CSodium

/// Hex to bytes for literals in tests (a bad literal is a test bug: it traps).
func hex(_ text: String) -> [UInt8] {
    try! Hex.decode(text.filter { !$0.isWhitespace })
}

/// libsodium 1.0.18 through its C API: the reference the differential tests compare against.
enum Sodium {
    static let ready: Bool = sodium_init() >= 0

    /// (public key, 64-byte secret key) from a 32-byte seed.
    static func keyPair(seed: [UInt8]) -> (publicKey: [UInt8], secretKey: [UInt8]) {
        precondition(ready)
        var pk = [UInt8](repeating: 0, count: 32)
        var sk = [UInt8](repeating: 0, count: 64)
        _ = crypto_sign_seed_keypair(&pk, &sk, seed)
        return (pk, sk)
    }

    static func sign(_ message: [UInt8], secretKey: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: 64)
        _ = message.withUnsafeBufferPointer { m in
            crypto_sign_detached(&signature, nil, m.baseAddress, UInt64(m.count), secretKey)
        }
        return signature
    }

    /// `crypto_sign_verify_detached`; signatures that are not 64 bytes and keys that are not 32
    /// are refused before the call (the C function reads fixed sizes).
    static func verify(_ signature: [UInt8], _ message: [UInt8], publicKey: [UInt8]) -> Bool {
        precondition(ready)
        guard signature.count == 64, publicKey.count == 32 else { return false }
        return message.withUnsafeBufferPointer { m in
            crypto_sign_verify_detached(signature, m.baseAddress, UInt64(m.count), publicKey) == 0
        }
    }

    static func sha512(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        _ = data.withUnsafeBufferPointer { crypto_hash_sha512(&out, $0.baseAddress, UInt64($0.count)) }
        return out
    }

    static func reduce(_ wide: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&out, wide)
        return out
    }

    static func scalarMultiply(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_mul(&out, x, y)
        return out
    }

    static func scalarAdd(_ x: [UInt8], _ y: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_add(&out, x, y)
        return out
    }

    /// [n]B for 0 < n < L; nil when libsodium refuses (n = 0).
    static func multiplyBase(_ n: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 32)
        return crypto_scalarmult_ed25519_base_noclamp(&out, n) == 0 ? out : nil
    }

    /// P + Q for points on the curve (any order); nil when libsodium refuses.
    static func add(_ p: [UInt8], _ q: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 32)
        return crypto_core_ed25519_add(&out, p, q) == 0 ? out : nil
    }

    static func sub(_ p: [UInt8], _ q: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 32)
        return crypto_core_ed25519_sub(&out, p, q) == 0 ? out : nil
    }
}

extension SeededGenerator {
    /// A scalar below L (uniform enough for tests: a random 64-byte value reduced).
    mutating func scalar() -> [UInt8] { Sodium.reduce(bytes(64)) }
}

/// L, little-endian.
let groupOrder = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
/// p = 2^255 - 19, little-endian.
let fieldPrime = hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")

/// a + b as 32-byte little-endian integers, mod 2^256.
func add256(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    var carry = 0
    for i in 0..<32 {
        let s = Int(a[i]) + Int(b[i]) + carry
        out[i] = UInt8(s & 0xFF)
        carry = s >> 8
    }
    return out
}

/// The encodings of the eight points of small order, with y as canonical as it can be and the
/// sign bit clear, and every variant libsodium's list also catches: the sign bit set, and
/// y = p and y = p + 1 (non-canonical 0 and 1).
enum SmallOrderPoints {
    static let identity = hex("0100000000000000000000000000000000000000000000000000000000000000")
    static let orderTwo = hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")  // y = -1
    static let orderFour = hex("0000000000000000000000000000000000000000000000000000000000000000")  // y = 0, x = ±sqrt(-1)
    static let orderEight = hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
    static let orderEightOther = hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
    static let yIsP = hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
    static let yIsPPlusOne = hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")

    static let canonical = [identity, orderTwo, orderFour, orderEight, orderEightOther]

    /// Every encoding on libsodium's list, each with the sign bit clear and set.
    static var allEncodings: [[UInt8]] {
        (canonical + [yIsP, yIsPPlusOne]).flatMap { e -> [[UInt8]] in
            var signed = e
            signed[31] |= 0x80
            return [e, signed]
        }
    }
}
