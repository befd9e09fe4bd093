import CKBChain
import CKBDKIM
import CKBHash
import CKBRSA
import CKBVectors
import CKBX509
import Dispatch

/// Runs vector cases off-chain (the Swift primitive) and on-chain (the matching vector script in
/// a transaction verified by ``TransactionVerifier``: `hash_vector` for digests, `pow_check` for
/// header chains, `ecdsa_vector` for ECDSA over secp256k1, `rsa_vector` for RSA, `ed25519_vector` for Ed25519) and compares the
/// two verdicts.
///
/// A verdict is whether the check succeeded — the digest matched — whatever the vector expects;
/// agreement is the two verdicts being equal. Cases with no on-chain twin (HMAC, truncated
/// digests, Monte Carlo chains) run off-chain only and are counted as such.
public struct CrossChecker: Sendable {
    /// One case's verdicts.
    public struct Outcome: Sendable {
        public let id: String
        /// nil when the case cannot run at all (counted as skipped).
        public let offchain: Bool?
        /// nil when the case has no on-chain twin.
        public let onchain: Bool?
        /// The on-chain script's cycles (the lock's excluded).
        public let cycles: UInt64?
        /// Why the case was skipped, ran off-chain only, or failed on-chain.
        public let note: String?

        public var agreed: Bool? {
            guard let offchain, let onchain else { return nil }
            return offchain == onchain
        }
    }

    /// One vector file's results.
    public struct SuiteReport: Sendable {
        public let name: String
        public let outcomes: [Outcome]

        public var cases: Int { outcomes.count }
        public var agreed: Int { outcomes.filter { $0.agreed == true }.count }
        public var disagreed: Int { outcomes.filter { $0.agreed == false }.count }
        public var offchainOnly: Int { outcomes.filter { $0.offchain != nil && $0.onchain == nil }.count }
        public var skipped: Int { outcomes.filter { $0.offchain == nil }.count }
        public var offchainAccepted: Int { outcomes.filter { $0.offchain == true }.count }
        public var onchainAccepted: Int { outcomes.filter { $0.onchain == true }.count }
        /// min, median (lower middle) and max of the on-chain cycles; nil when nothing ran on-chain.
        public var cycles: (min: UInt64, median: UInt64, max: UInt64)? {
            let sorted = outcomes.compactMap(\.cycles).sorted()
            guard let first = sorted.first, let last = sorted.last else { return nil }
            return (first, sorted[(sorted.count - 1) / 2], last)
        }
    }

    let hashVector: TypeScriptHarness
    let powCheck: TypeScriptHarness
    let ecdsaVector: TypeScriptHarness
    let rsaVector: TypeScriptHarness
    let x509Vector: TypeScriptHarness
    let ed25519Vector: TypeScriptHarness
    public var verifier = TransactionVerifier()

    public init() throws(ContractLoadingError) {
        hashVector = try TypeScriptHarness(contract: .hashVector)
        powCheck = try TypeScriptHarness(contract: .powCheck)
        ecdsaVector = try TypeScriptHarness(contract: ECDSAVector.contract)
        rsaVector = try TypeScriptHarness(contract: RSAVector.contract)
        x509Vector = try TypeScriptHarness(contract: X509Identity.vectorContract)
        ed25519Vector = try TypeScriptHarness(contract: Ed25519Vector.contract)
    }

    /// Judges one case both ways.
    public func check(_ vector: VectorCase) -> Outcome {
        switch vector.check {
        case .digest(let algorithm, let input, let expected, let truncated):
            let produced: [UInt8]
            do {
                produced = try algorithm.hash(input).bytes
            } catch {
                // Parameters BLAKE2b cannot take: refused off-chain; the script refuses them too
                // when its args can carry them.
                return onchainOnly(vector.id, offchain: false, algorithm: algorithm, input: input, expected: expected)
            }
            let offchain = truncated
                ? expected.count <= produced.count && Array(produced.prefix(expected.count)) == expected
                : produced == expected
            if truncated {
                return Outcome(id: vector.id, offchain: offchain, onchain: nil, cycles: nil, note: "truncated digest: no on-chain twin")
            }
            return onchainOnly(vector.id, offchain: offchain, algorithm: algorithm, input: input, expected: expected)
        case .monteCarlo, .rfc7693SelfTest:
            let offchain = vector.evaluate() == .passed
            return Outcome(id: vector.id, offchain: offchain, onchain: nil, cycles: nil, note: "chained test: no on-chain twin")
        case .headerChain(let network, let headers):
            let offchain = VectorJudges.chain.headerChain!(network, headers)
            guard let network = ProofOfWork.Network(rawValue: network),
                  let parsed = try? headers.map({ bytes throws(MoleculeError) in try Header(molecule: bytes) }) else {
                return Outcome(id: vector.id, offchain: offchain, onchain: nil, cycles: nil, note: "malformed header or network: no on-chain twin")
            }
            let tx = powCheck.transaction(args: PowCheck.args(network), data: [], headers: parsed)
            guard let group = powCheck.run(tx, verifier: verifier) else {
                return Outcome(id: vector.id, offchain: offchain, onchain: false, cycles: nil, note: "the type script did not run")
            }
            return Outcome(id: vector.id, offchain: offchain, onchain: group.ok, cycles: group.cycles, note: group.error)
        case .ecdsaSecp256k1(let publicKey, let message, let hash, let signature, let encoding, let allowingHighS):
            let digest = VectorCase.ecdsaDigest(hash, message)
            let (offchain, _) = VectorCase.verifySecp256k1(publicKey, digest, signature, encoding, allowingHighS: allowingHighS)
            guard let witness = ECDSAVector.witness(publicKey: publicKey, signature: signature, encoding: encoding,
                                                    allowingHighS: allowingHighS, hash: hash, message: message) else {
                return Outcome(id: vector.id, offchain: offchain, onchain: nil, cycles: nil, note: "ECDSA with \(hash): no on-chain twin")
            }
            guard let group = ecdsaVector.run(ecdsaVector.transaction(args: [], data: [], witness: witness), verifier: verifier) else {
                return Outcome(id: vector.id, offchain: offchain, onchain: false, cycles: nil, note: "the type script did not run")
            }
            return Outcome(id: vector.id, offchain: offchain, onchain: group.ok, cycles: group.cycles, note: group.error)
        case .rsaSignature(let keyDER, let message, let signature, let padding):
            let (offchain, _) = VectorCase.verifyRSA(keyDER, message, signature, padding)
            guard let key = try? RSA.PublicKey(derRepresentation: keyDER, policy: VectorCase.rsaVectorPolicy),
                  let witness = RSAVector.witness(key: key, signature: signature, padding: padding, message: message) else {
                return Outcome(id: vector.id, offchain: offchain, onchain: nil, cycles: nil, note: "RSA key outside the script's reach: no on-chain twin")
            }
            guard let group = rsaVector.run(rsaVector.transaction(args: [], data: [], witness: witness), verifier: verifier) else {
                return Outcome(id: vector.id, offchain: offchain, onchain: false, cycles: nil, note: "the type script did not run")
            }
            return Outcome(id: vector.id, offchain: offchain, onchain: group.ok, cycles: group.cycles, note: group.error)
        case .ed25519(let key, let message, let signature):
            let (offchain, _) = VectorCase.verifyEd25519(key, message, signature)
            guard let witness = Ed25519Vector.witness(publicKey: key, signature: signature, message: message) else {
                // A key or signature of another length: the script is not asked (it reads fixed
                // fields, so a short one would shift the message). Both halves refuse it.
                return Outcome(id: vector.id, offchain: offchain, onchain: nil, cycles: nil, note: "key or signature of the wrong length: no on-chain twin")
            }
            guard let group = ed25519Vector.run(ed25519Vector.transaction(args: [], data: [], witness: witness), verifier: verifier) else {
                return Outcome(id: vector.id, offchain: offchain, onchain: false, cycles: nil, note: "the type script did not run")
            }
            return Outcome(id: vector.id, offchain: offchain, onchain: group.ok, cycles: group.cycles, note: group.error)
        case .dkim(let bytes, let keys, let time, _):
            let offchain = (try? DKIMMessage(bytes)).map { DKIMVerifier(keys: DKIMFileKeyProvider(entries: keys), time: time).verify($0).result == .pass }
            return Outcome(id: vector.id, offchain: offchain, onchain: nil, cycles: nil, note: "DKIM: no on-chain twin yet (the email-proof lock is to come)")
        case .x509Chain(let c):
            // Both halves judge the same explicit path, found by names alone, under the on-chain
            // profile (the scripts build no paths).
            let time = c.time ?? Limbo.currentTime
            guard let leaf = try? Certificate.load(Array(c.peer.utf8)).first else {
                return Outcome(id: vector.id, offchain: nil, onchain: nil, cycles: nil, note: "the peer certificate does not parse")
            }
            let pool = c.intermediates.compactMap { try? Certificate.load(Array($0.utf8)).first }
            let anchors = c.trusted.compactMap { try? Certificate.load(Array($0.utf8)).first }
            guard let path = X509OnChainProfile.namePath(leaf: leaf, pool: pool, anchors: anchors),
                  let witness = X509Identity.vectorWitness(chain: path, time: time) else {
                return Outcome(id: vector.id, offchain: nil, onchain: nil, cycles: nil, note: "no path by names within six certificates: no on-chain twin")
            }
            let offchain = X509OnChainProfile.verify(chain: path, time: time) == nil
            guard let group = x509Vector.run(x509Vector.transaction(args: [], data: [], witness: witness), verifier: verifier) else {
                return Outcome(id: vector.id, offchain: offchain, onchain: false, cycles: nil, note: "the type script did not run")
            }
            return Outcome(id: vector.id, offchain: offchain, onchain: group.ok, cycles: group.cycles, note: group.error)
        case .unsupported(let reason):
            return Outcome(id: vector.id, offchain: nil, onchain: nil, cycles: nil, note: reason)
        }
    }

    /// Runs a digest case through `hash_vector` (message and specification in the witness).
    func onchainOnly(_ id: String, offchain: Bool, algorithm: HashAlgorithm, input: [UInt8], expected: [UInt8]) -> Outcome {
        guard let witness = HashVector.witness(algorithm, expected: expected, message: input) else {
            return Outcome(id: id, offchain: offchain, onchain: nil, cycles: nil, note: "\(algorithm): no on-chain twin")
        }
        guard let group = hashVector.run(hashVector.transaction(args: [], data: [], witness: witness), verifier: verifier) else {
            return Outcome(id: id, offchain: offchain, onchain: false, cycles: nil, note: "the type script did not run")
        }
        return Outcome(id: id, offchain: offchain, onchain: group.ok, cycles: group.cycles, note: group.error)
    }

    /// Judges every case of `file`, on `jobs` threads; `progress` is called after each case with
    /// the number done so far (from any thread).
    public func run(_ file: VectorFile, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil) -> SuiteReport {
        let cases = file.cases
        let results = Results(count: cases.count)
        let counter = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, cases.count))) { worker in
            var i = worker
            let stride = max(1, min(jobs, cases.count))
            while i < cases.count {
                results.set(i, check(cases[i]))
                progress?(counter.increment())
                i += stride
            }
        }
        return SuiteReport(name: file.path, outcomes: results.values)
    }
}

/// Results written by index from several threads (each index by exactly one), through a buffer
/// allocated once, so no two threads ever access the same Swift variable.
private final class Results: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<CrossChecker.Outcome?>
    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }
    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
    func set(_ index: Int, _ value: CrossChecker.Outcome) { storage[index] = value }
    var values: [CrossChecker.Outcome] { storage.map { $0! } }
}

private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = DispatchSemaphore(value: 1)
    func increment() -> Int {
        lock.wait()
        defer { lock.signal() }
        value += 1
        return value
    }
}
