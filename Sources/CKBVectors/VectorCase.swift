import CKBDKIM
import CKBEd25519
import CKBHash
import CKBRSA
import CKBSecp256k1

/// One test case from a vector file, in a form the runner can judge.
public struct VectorCase: Sendable {
    /// What the file says the verdict must be (Wycheproof's `result` vocabulary).
    public enum Expectation: String, Sendable {
        /// The check must succeed.
        case valid
        /// The check must fail.
        case invalid
        /// Either verdict is allowed; see Docs/Vectors.md for the project's policy.
        case acceptable
    }

    /// What to compute.
    public enum Check: Sendable {
        /// `algorithm(input)` must equal `expected`; with `truncated`, only its first
        /// `expected.count` bytes are compared (truncated MACs, blake160).
        case digest(HashAlgorithm, input: [UInt8], expected: [UInt8], truncated: Bool)
        /// One checkpoint of the NIST SHAVS Monte Carlo test for a SHA-2 hash.
        case monteCarlo(HashAlgorithm, seed: [UInt8], expected: [UInt8])
        /// The RFC 7693 Appendix E self-test: its grand hash must equal `expected`.
        case rfc7693SelfTest(expected: [UInt8])
        /// 208-byte CKB headers whose proof of work under `network` ("mainnet" or "testnet")
        /// must hold and which must form a chain in order. Judged by
        /// ``VectorJudges/headerChain`` (CKBChain's rules); skipped without one.
        case headerChain(network: String, headers: [[UInt8]])
        /// ECDSA over secp256k1: `signature` (DER or 64-byte r || s) must verify under
        /// `publicKey` (SEC 1) for the digest `hash(message)`. High S passes only with
        /// `allowingHighS`.
        case ecdsaSecp256k1(publicKey: [UInt8], message: [UInt8], hash: HashAlgorithm, signature: [UInt8],
                            encoding: SignatureEncoding, allowingHighS: Bool)
        /// RSA: `signature` must verify under the DER public key (PKCS#1 or SubjectPublicKeyInfo)
        /// for `message` with `padding`. Keys are held to ``VectorCase/rsaVectorPolicy``.
        case rsaSignature(publicKey: [UInt8], message: [UInt8], signature: [UInt8], padding: RSA.Padding)
        /// Ed25519 (RFC 8032, with libsodium 1.0.18's choices; `Docs/Primitives/Ed25519.md`):
        /// `signature` must verify under the raw 32-byte `publicKey` for `message`.
        case ed25519(publicKey: [UInt8], message: [UInt8], signature: [UInt8])
        /// An X.509 path validation in x509-limbo's form: the chain must validate (or not)
        /// under the case's purpose, names, time and limits (``Limbo/judge(_:now:)``).
        case x509Chain(LimboCase)
        /// A DKIM-signed message (`ckbcrypto-dkim/1`): verified with `keys` at `time`, it must get
        /// the expected verdicts (``DKIMExpectation``).
        case dkim(message: [UInt8], keys: [String: DKIMKeyLookup], time: UInt64, expected: DKIMExpectation)
        /// A case this project cannot judge (yet); counted as skipped with the reason.
        case unsupported(reason: String)
    }

    /// How a signature is encoded.
    public enum SignatureEncoding: String, Sendable {
        /// ASN.1 DER (Wycheproof's `EcdsaVerify`).
        case der
        /// Fixed-width r || s (IEEE P1363, Wycheproof's `EcdsaP1363Verify`).
        case p1363
    }

    /// The case's identifier within its file (a tcId, an index, a COUNT).
    public let id: String
    public let comment: String
    public let check: Check
    public let expectation: Expectation

    public init(id: String, comment: String = "", check: Check, expectation: Expectation = .valid) {
        self.id = id
        self.comment = comment
        self.check = check
        self.expectation = expectation
    }
}

/// What a DKIM case must verify to: the message's verdict, each signature's (top to bottom),
/// and the email-proof facts.
public struct DKIMExpectation: Sendable, Equatable {
    public let result: String
    public let signatures: [String]
    public let fromSigned: Bool
    public let bodyFullyCovered: Bool
    public let aligned: String

    /// Whether the message verifies as expected, and what it got.
    func judge(_ bytes: [UInt8], keys: [String: DKIMKeyLookup], time: UInt64) -> (Bool, String) {
        let message: DKIMMessage
        do {
            message = try DKIMMessage(bytes)
        } catch {
            return (false, "message: \(error)")
        }
        let r = DKIMVerifier(keys: DKIMFileKeyProvider(entries: keys), time: time).verify(message)
        let got = DKIMExpectation(result: r.result.rawValue, signatures: r.signatures.map(\.result.rawValue), fromSigned: r.fromSigned,
                                  bodyFullyCovered: r.bodyFullyCovered, aligned: r.alignment.rawValue)
        let reasons = r.signatures.map(\.reason).joined(separator: "; ")
        return (got == self, "got \(got.result) \(got.signatures) from_signed \(got.fromSigned) body \(got.bodyFullyCovered) aligned \(got.aligned) (\(reasons))")
    }
}

/// Judges for checks whose rules live in modules above this one (the dependency rule keeps
/// CKBVectors below CKBChain).
public struct VectorJudges: Sendable {
    /// Whether `headers` (208-byte Molecule each) pass proof of work on `network` and link up.
    public var headerChain: (@Sendable (_ network: String, _ headers: [[UInt8]]) -> Bool)?

    public init(headerChain: (@Sendable (_ network: String, _ headers: [[UInt8]]) -> Bool)? = nil) {
        self.headerChain = headerChain
    }
}

/// The result of judging one case.
public enum CaseOutcome: Sendable, Equatable {
    case passed
    case failed(reason: String)
    case skipped(reason: String)
}

extension VectorCase {
    /// Computes the case and compares the verdict with the expectation.
    public func evaluate(judges: VectorJudges = VectorJudges()) -> CaseOutcome {
        let accepted: Bool
        var detail = ""
        switch check {
        case .unsupported(let reason):
            return .skipped(reason: reason)
        case .digest(let algorithm, let input, let expected, let truncated):
            let digest: Digest
            do {
                digest = try algorithm.hash(input)
            } catch {
                // Out-of-range parameters: the vector asks for something BLAKE2b cannot be.
                return expectation == .valid ? .failed(reason: error.description) : .passed
            }
            let produced = truncated ? Array(digest.bytes.prefix(expected.count)) : digest.bytes
            accepted = (!truncated || expected.count <= digest.count) && produced == expected
            detail = "\(algorithm): got \(produced.hexString), want \(expected.hexString)"
        case .monteCarlo(let algorithm, let seed, let expected):
            let produced = VectorCase.monteCarlo(algorithm, seed: seed)
            accepted = produced == expected
            detail = "\(algorithm) Monte Carlo: got \(produced.hexString), want \(expected.hexString)"
        case .headerChain(let network, let headers):
            guard let judge = judges.headerChain else {
                return .skipped(reason: "header chains are judged by CKBChain (run them with ckbcrypto)")
            }
            accepted = judge(network, headers)
            detail = "\(headers.count) header(s) on \(network): \(accepted ? "accepted" : "refused")"
        case .ecdsaSecp256k1(let publicKeyBytes, let message, let hash, let signatureBytes, let encoding, let allowingHighS):
            (accepted, detail) = VectorCase.verifySecp256k1(
                publicKeyBytes, VectorCase.ecdsaDigest(hash, message), signatureBytes, encoding, allowingHighS: allowingHighS)
        case .rsaSignature(let key, let message, let signature, let padding):
            (accepted, detail) = VectorCase.verifyRSA(key, message, signature, padding)
        case .ed25519(let key, let message, let signature):
            (accepted, detail) = VectorCase.verifyEd25519(key, message, signature)
        case .dkim(let bytes, let keys, let time, let expected):
            (accepted, detail) = expected.judge(bytes, keys: keys, time: time)
        case .x509Chain(let c):
            let verdict = Limbo.judge(c, now: Limbo.currentTime)
            if verdict.actual == .skipped { return .skipped(reason: verdict.reason) }
            accepted = verdict.actual == .success
            detail = verdict.reason
        case .rfc7693SelfTest(let expected):
            let produced = BLAKE2b.rfc7693SelfTestGrandHash().bytes
            accepted = produced == expected
            detail = "RFC 7693 grand hash: got \(produced.hexString), want \(expected.hexString)"
        }
        switch expectation {
        case .acceptable: return .passed
        case .valid: return accepted ? .passed : .failed(reason: "expected a match; " + detail)
        case .invalid: return accepted ? .failed(reason: "expected a mismatch; " + detail) : .passed
        }
    }

    /// The key policy for RSA vectors: 1,024 to 8,192 bits. Wycheproof's files test signature
    /// verification, not key-size policy, so the range is wider than ``RSA/Policy/strict``.
    public static let rsaVectorPolicy = RSA.Policy(minimumKeyBits: 1024, maximumKeyBits: 8192)

    /// The off-chain RSA verdict and why.
    package static func verifyRSA(_ keyDER: [UInt8], _ message: [UInt8], _ signature: [UInt8], _ padding: RSA.Padding) -> (Bool, String) {
        let key: RSA.PublicKey
        do {
            key = try RSA.PublicKey(derRepresentation: keyDER, policy: rsaVectorPolicy)
        } catch {
            return (false, "rsa: \(error.description)")
        }
        let valid = key.isValidSignature(signature, message: message, padding: padding)
        return (valid, "rsa-\(key.bitCount): signature \(valid ? "verifies" : "does not verify")")
    }

    /// The off-chain Ed25519 verdict and why.
    package static func verifyEd25519(_ keyBytes: [UInt8], _ message: [UInt8], _ signature: [UInt8]) -> (Bool, String) {
        let key: Ed25519.PublicKey
        do {
            key = try Ed25519.PublicKey(rawRepresentation: keyBytes)
        } catch {
            return (false, "ed25519: \(error.description)")
        }
        let valid = key.isValidSignatureVariableTime(signature, for: message)
        return (valid, "ed25519: signature \(valid ? "verifies" : "does not verify")")
    }

    /// The ECDSA digest of `message`: the hash, truncated to the group order's 256 bits
    /// (SEC 1 section 4.1.3 step 5) when it is longer.
    package static func ecdsaDigest(_ hash: HashAlgorithm, _ message: [UInt8]) -> [UInt8] {
        Array(((try? hash.hash(message).bytes) ?? []).prefix(32))
    }

    /// The off-chain ECDSA verdict and why.
    package static func verifySecp256k1(
        _ publicKeyBytes: [UInt8], _ digest: [UInt8], _ signatureBytes: [UInt8],
        _ encoding: SignatureEncoding, allowingHighS: Bool
    ) -> (Bool, String) {
        let publicKey: Secp256k1.PublicKey
        let signature: Secp256k1.ECDSASignature
        do {
            publicKey = try Secp256k1.PublicKey(serialized: publicKeyBytes)
            switch encoding {
            case .der: signature = try Secp256k1.ECDSASignature(derRepresentation: signatureBytes)
            case .p1363: signature = try Secp256k1.ECDSASignature(compactRepresentation: signatureBytes)
            }
        } catch {
            return (false, "secp256k1: \(error.description)")
        }
        let valid = publicKey.isValidSignature(signature, for: digest, allowingHighS: allowingHighS)
        return (valid, "secp256k1: signature \(valid ? "verifies" : "does not verify")"
            + (signature.isLowS ? "" : " (high S, \(allowingHighS ? "allowed" : "refused"))"))
    }

    /// SHAVS Monte Carlo (NIST SHAVS 6.4): MD0 = MD1 = MD2 = seed; for i in 3...1002,
    /// MDi = SHA(MD(i-3) || MD(i-2) || MD(i-1)); the checkpoint is MD1002.
    static func monteCarlo(_ algorithm: HashAlgorithm, seed: [UInt8]) -> [UInt8] {
        var window = (seed, seed, seed)
        for _ in 3...1002 {
            guard var hasher = try? algorithm.makeHasher() else { return [] }
            hasher.update(window.0)
            hasher.update(window.1)
            hasher.update(window.2)
            window = (window.1, window.2, hasher.finalize().bytes)
        }
        return window.2
    }
}
