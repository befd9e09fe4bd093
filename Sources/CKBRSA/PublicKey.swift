import CKBBigInt
import CKBHash
import SwiftASN1

extension RSA {
    /// An RSA public key (n, e), checked against a ``Policy`` when made.
    public struct PublicKey: Sendable, Equatable {
        public let modulus: BigUInt
        public let exponent: BigUInt
        /// Whether the key came as an `id-RSASSA-PSS` SubjectPublicKeyInfo: it then verifies PSS
        /// signatures only (RFC 4055 section 3.1).
        public let isRestrictedToPSS: Bool
        /// The parameters an `id-RSASSA-PSS` SubjectPublicKeyInfo restricts the key to, if any: a
        /// signature must use the same hash and MGF1 hash, and a salt at least as long
        /// (RFC 4055 section 3.3).
        public let pssParameters: Padding?
        /// Whether the policy the key was made under allows SHA-1 (``Policy/allowsInsecureSHA1``).
        public let allowsInsecureSHA1: Bool
        let context: MontgomeryContext

        public static func == (a: PublicKey, b: PublicKey) -> Bool {
            BigUInt.compare(a.modulus, b.modulus) == 0 && BigUInt.compare(a.exponent, b.exponent) == 0
                && a.isRestrictedToPSS == b.isRestrictedToPSS && a.pssParameters == b.pssParameters
        }

        /// Bits of the modulus.
        public var bitCount: Int { modulus.bitWidth }
        /// Bytes of a signature: the modulus length.
        public var signatureByteCount: Int { (bitCount + 7) / 8 }

        /// A key from its numbers.
        public init(modulus: BigUInt, exponent: BigUInt, policy: Policy = .strict) throws(RSAError) {
            try self.init(modulus: modulus, exponent: exponent, pssOnly: false, pss: nil, policy: policy)
        }

        init(modulus: BigUInt, exponent: BigUInt, pssOnly: Bool, pss: Padding?, policy: Policy) throws(RSAError) {
            let bits = modulus.bitWidth
            guard bits >= policy.minimumKeyBits, bits <= policy.maximumKeyBits else {
                throw RSAError(.policy, "modulus is \(bits) bits; the policy allows \(policy.minimumKeyBits) to \(policy.maximumKeyBits)")
            }
            guard modulus.isOdd else { throw RSAError(.policy, "modulus is even") }
            guard exponent.isOdd, exponent.bitWidth >= 2 else {
                throw RSAError(.policy, "public exponent \(exponent) is not an odd number of at least 3")
            }
            guard BigUInt.compare(exponent, modulus) < 0 else { throw RSAError(.policy, "public exponent is not below the modulus") }
            if let pss, pss.usesInsecureSHA1, !policy.allowsInsecureSHA1 {
                throw RSAError(.unsupportedAlgorithm, "the key's RSASSA-PSS parameters name SHA-1, which the policy refuses")
            }
            let k = (bits + 63) / 64
            self.modulus = modulus.resized(to: k)
            self.exponent = exponent.resized(to: max(1, (exponent.bitWidth + 63) / 64))
            isRestrictedToPSS = pssOnly
            pssParameters = pss
            allowsInsecureSHA1 = policy.allowsInsecureSHA1
            context = try! MontgomeryContext(modulus: self.modulus)
        }

        /// Reads DER: a PKCS#1 `RSAPublicKey`, or a SubjectPublicKeyInfo whose algorithm is
        /// `rsaEncryption` (parameters NULL) or `id-RSASSA-PSS` (parameters absent or
        /// RSASSA-PSS-params).
        public init(derRepresentation bytes: some Collection<UInt8>, policy: Policy = .strict) throws(RSAError) {
            let der = Array(bytes)
            let parsed: (BigUInt, BigUInt, Bool, Padding?)
            do {
                parsed = try KeyEncoding.parse(der)
            } catch let error as RSAError {
                throw error
            } catch {
                throw RSAError(.encoding, "not an RSA public key: \(error)")
            }
            try self.init(modulus: parsed.0, exponent: parsed.1, pssOnly: parsed.2, pss: parsed.3, policy: policy)
        }

        /// Reads PEM: `RSA PUBLIC KEY` (PKCS#1) or `PUBLIC KEY` (SubjectPublicKeyInfo).
        public init(pemRepresentation text: String, policy: Policy = .strict) throws(RSAError) {
            let document: PEMDocument
            do {
                document = try PEMDocument(pemString: text)
            } catch {
                throw RSAError(.encoding, "not a PEM document: \(error)")
            }
            guard document.discriminator == "PUBLIC KEY" || document.discriminator == "RSA PUBLIC KEY" else {
                throw RSAError(.encoding, "PEM type \"\(document.discriminator)\" is not PUBLIC KEY or RSA PUBLIC KEY")
            }
            try self.init(derRepresentation: document.derBytes, policy: policy)
        }

        /// The canonical encoding: DER of the PKCS#1 `RSAPublicKey` (what `rsa_sighash_all`'s
        /// args hash).
        public var pkcs1DERRepresentation: [UInt8] { KeyEncoding.pkcs1(modulus: modulus, exponent: exponent) }

        /// Whether `signature` signs `digest` (already hashed with the padding's hash) under this
        /// key. Variable time. A padding that names SHA-1 gives false unless the key was made
        /// under a policy that allows it (``Policy/allowsInsecureSHA1``).
        public func isValidSignature(_ signature: some Collection<UInt8>, digest: some Collection<UInt8>, padding: Padding) -> Bool {
            let sig = Array(signature)
            let hashBytes = Array(digest)
            // SHA-1 only under a policy that names it.
            guard !padding.usesInsecureSHA1 || allowsInsecureSHA1 else { return false }
            // An id-RSASSA-PSS key verifies PSS only, with its own parameters if it has them.
            var minimumSaltLength = 0
            if isRestrictedToPSS {
                guard case .pss(let h, let m, _) = padding else { return false }
                if case .pss(let kh, let km, let ks)? = pssParameters {
                    guard h == kh, m == km else { return false }
                    minimumSaltLength = ks ?? 0  // pssVerify checks the salt, asked for or recovered
                }
            }
            // RFC 8017 8.2.2 step 1 and 5.2.2: exactly k bytes, and below n.
            guard sig.count == signatureByteCount else { return false }
            let s = BigUInt(bigEndian: sig)
            guard BigUInt.compare(s, modulus) < 0 else { return false }
            let m = context.powerVariableTime(s, exponent)
            switch padding {
            case .pkcs1v15(let hash):
                guard hashBytes.count == hash.byteCount, let em = m.bigEndianBytes(count: signatureByteCount) else { return false }
                return Encoding.isPKCS1v15(em, digest: hashBytes, hash: hash)
            case .pss(let hash, let mgf1Hash, let saltLength):
                let emBits = bitCount - 1
                let emLength = (emBits + 7) / 8
                guard hashBytes.count == hash.byteCount, let em = m.bigEndianBytes(count: emLength) else { return false }
                return Encoding.pssVerify(digest: hashBytes, encoded: em, emBits: emBits, hash: hash, mgf1Hash: mgf1Hash,
                                          saltLength: saltLength, minimumSaltLength: minimumSaltLength)
            }
        }

        /// Whether `signature` signs `message` (hashed here with the padding's hash).
        public func isValidSignature(_ signature: some Collection<UInt8>, message: some Sequence<UInt8>, padding: Padding) -> Bool {
            let hash: Hash
            switch padding {
            case .pkcs1v15(let h): hash = h
            case .pss(let h, _, _): hash = h
            }
            return isValidSignature(signature, digest: hash.hash(message), padding: padding)
        }
    }
}
