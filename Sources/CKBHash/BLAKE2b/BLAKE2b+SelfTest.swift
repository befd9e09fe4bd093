extension BLAKE2b {
    /// The RFC 7693 Appendix E self-test: BLAKE2b-256 over the digests of every combination of
    /// digest length (20, 32, 48, 64), input length (0, 3, 128, 129, 255, 1024) and keyed or
    /// unkeyed hashing, with inputs and keys from the RFC's Fibonacci-style generator. The RFC
    /// publishes the result: `c23a7800d98123bd10f506c61e29da5603d763b8bbad2e737f5e765a7bccd475`.
    package static func rfc7693SelfTestGrandHash() -> Digest {
        func sequence(_ length: Int, _ seed: UInt32) -> [UInt8] {
            var a = 0xDEAD_4BAD &* seed  // uint32_t arithmetic in the RFC: wraps mod 2^32
            var b: UInt32 = 1
            return (0..<length).map { _ in
                let t = a &+ b
                a = b
                b = t
                return UInt8(t >> 24)
            }
        }
        var grand = BLAKE2b(unkeyedDigestByteCount: 32, salt: (0, 0), personal: (0, 0))
        for outlen in [20, 32, 48, 64] {
            for inlen in [0, 3, 128, 129, 255, 1024] {
                let input = sequence(inlen, UInt32(inlen))
                var plain = BLAKE2b(unkeyedDigestByteCount: outlen, salt: (0, 0), personal: (0, 0))
                plain.update(input)
                grand.update(plain.finalize())
                // Key lengths equal outlen (20...64), always within BLAKE2b's 64-byte limit.
                var keyed = try! BLAKE2b(digestByteCount: outlen, key: sequence(outlen, UInt32(outlen)))
                keyed.update(input)
                grand.update(keyed.finalize())
            }
        }
        return grand.finalize()
    }
}
