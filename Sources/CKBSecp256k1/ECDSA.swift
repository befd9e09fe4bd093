// ECDSA over secp256k1 (SEC 1 section 4.1) with RFC 6979 nonces and libsecp256k1's rules:
// signing produces low-S signatures, verification requires low-S unless asked otherwise, and
// recovery accepts either S.

import CKBHash

enum ECDSA {
    /// The RFC 6979 section 3.2 nonce generator (HMAC-SHA256), seeded with the private key and
    /// the digest reduced modulo n, as libsecp256k1's default nonce function does.
    struct NonceGenerator {
        private var k: [UInt8]
        private var v: [UInt8]
        private var started = false

        init(secret: Scalar, digest: Scalar) {
            v = [UInt8](repeating: 0x01, count: 32)
            k = [UInt8](repeating: 0x00, count: 32)
            let seed = secret.bigEndianBytes + digest.bigEndianBytes
            k = hmac(k, v + [0x00] + seed)
            v = hmac(k, v)
            k = hmac(k, v + [0x01] + seed)
            v = hmac(k, v)
        }

        private func hmac(_ key: [UInt8], _ data: [UInt8]) -> [UInt8] {
            HMAC<SHA256>.authenticationCode(for: data, key: key).bytes
        }

        /// The next candidate in [1, n - 1] (candidates outside the range are skipped, as the
        /// RFC says; the chance of one is about 2^-128).
        mutating func next() -> Scalar {
            while true {
                if started {
                    k = hmac(k, v + [0x00])
                    v = hmac(k, v)
                }
                started = true
                v = hmac(k, v)
                let (candidate, valid) = Scalar.checkedNonzero(Limbs.read(bigEndian: v)!)
                if ConstantTimeCheck.publish(valid) == 1 { return candidate }
            }
        }

        mutating func wipe() {
            for i in k.indices { k[i] = 0 }
            for i in v.indices { v[i] = 0 }
        }
    }

    /// Signs in constant time: (r, s, recovery id), s low.
    static func sign(secret d: Scalar, digest z: Scalar) -> (r: Scalar, s: Scalar, recoveryID: UInt8) {
        var nonces = NonceGenerator(secret: d, digest: z)
        defer { nonces.wipe() }
        while true {
            let k = nonces.next()
            guard let point = Multiplication.multiplyGenerator(k).affine() else { continue }
            // R's x and the parity of its y become the signature's r and recovery id: public.
            let x = ConstantTimeCheck.publish(point.x)
            let oddY = ConstantTimeCheck.publish(point.y.l0 & 1)
            let xBytes = x.bigEndianBytes
            let (r, overflow) = (Scalar(reducing: xBytes)!, Scalar(bigEndian: xBytes) == nil)
            guard !r.isZero else { continue }
            var s = ConstantTimeCheck.publish(k.inverse() * (z + r * d))
            guard !s.isZero else { continue }
            var recoveryID = UInt8(oddY) | (overflow ? 2 : 0)
            if s.isHigh {
                s = -s
                recoveryID ^= 1
            }
            return (r, s, recoveryID)
        }
    }

    /// Verifies (variable time). r and s must be in [1, n - 1]; s must be low unless
    /// `allowingHighS`.
    static func verifyVariableTime(publicKey q: AffinePoint, digest z: Scalar, r: Scalar, s: Scalar, allowingHighS: Bool) -> Bool {
        guard !r.isZero, !s.isZero, allowingHighS || !s.isHigh else { return false }
        let w = s.inverseVariableTime()
        let u1 = z * w
        let u2 = r * w
        let point = Multiplication.multiplyVariableTime(q, u2, u1)
        guard !point.isInfinity else { return false }
        // x(R) mod n == r, checked projectively: X == x Z^2 for x = r, or x = r + n when below p.
        let zz = point.z.squared()
        let rx = FieldElement(r.l0, r.l1, r.l2, r.l3)  // r < n < p
        if rx * zz == point.x { return true }
        let (sum, carry) = add(r, Scalar.n)
        guard !carry, let rn = FieldElement(bigEndian: Limbs.write(bigEndian: sum)) else { return false }
        return rn * zz == point.x
    }

    /// r + n as 256-bit limbs, and whether it overflowed 2^256.
    private static func add(_ a: Scalar, _ b: Scalar) -> (Limbs.Value, Bool) {
        let (sum, carry) = Limbs.add(a.limbs, b.limbs)
        return (sum, carry != 0)
    }

    /// Recovers the public key (variable time); accepts high S, as libsecp256k1 and CKB's
    /// default lock do. Nil when no key matches.
    static func recoverVariableTime(digest z: Scalar, r: Scalar, s: Scalar, recoveryID: UInt8) -> AffinePoint? {
        guard !r.isZero, !s.isZero, recoveryID < 4 else { return nil }
        var xLimbs = r.limbs
        if recoveryID & 2 != 0 {
            let (sum, carry) = add(r, Scalar.n)
            guard !carry else { return nil }
            xLimbs = sum
        }
        guard let x = FieldElement(bigEndian: Limbs.write(bigEndian: xLimbs)),
              let bigR = AffinePoint(x: x, oddY: recoveryID & 1 == 1) else { return nil }
        let ri = r.inverseVariableTime()
        let u1 = -(z * ri)
        let u2 = s * ri
        return Multiplication.multiplyVariableTime(bigR, u2, u1).affineVariableTime()
    }
}
