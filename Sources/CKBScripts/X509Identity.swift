import CKBChain
import CKBHash
import CKBRSA
import CKBX509

/// The off-chain half of `x509_identity`: a lock that accepts a transaction signed by the key of
/// an X.509 certificate whose chain (checked under ``X509OnChainProfile``) leads to a pinned trust
/// anchor, over the same `sighash_all` message as CKB's default lock.
///
/// - args: 32 bytes, CKB's hash of the anchor's SubjectPublicKeyInfo DER; optionally 32 more,
///   CKB's hash of one of the leaf's ``X509OnChainProfile/identityValues(_:)`` (its subject, or
///   a subjectAltName entry such as its email address).
/// - witness lock: the number of certificates, each certificate's DER after a u16 LE length (leaf
///   first, anchor last), then padding, hash, MGF1 hash, salt length (u16 LE) and the leaf key's
///   signature after a u16 LE length (`Contracts/scripts/x509_identity.c`).
/// - time: the newest header dep's timestamp. It proves a lower bound of the present, so
///   notBefore is enforced soundly and notAfter only as of the newest header the spender cites.
public enum X509Identity {
    /// The bundled lock.
    public static var contract: Contract { get throws(ContractLoadingError) { try Contract(named: "x509_identity") } }
    /// The bundled vector script (one chain and a time in the witness; exit 0 when it validates).
    public static var vectorContract: Contract { get throws(ContractLoadingError) { try Contract(named: "x509_vector") } }

    /// The lock args: the anchor pin, and the pin of an identity value when one is given.
    public static func args(anchor: Certificate, identity: [UInt8]? = nil) -> [UInt8] {
        X509OnChainProfile.anchorHash(anchor) + (identity.map { ckbHash($0).bytes } ?? [])
    }

    static func chainBytes(_ chain: [Certificate]) -> [UInt8]? {
        guard chain.count <= 255, chain.allSatisfy({ $0.derBytes.count <= 0xFFFF }) else { return nil }
        return [UInt8(chain.count)] + chain.flatMap { RSAVector.u16($0.derBytes.count) + $0.derBytes }
    }

    /// The witness lock; nil when a length does not fit or for SHA-1.
    public static func lock(chain: [Certificate], padding: RSA.Padding, signature: [UInt8]) -> [UInt8]? {
        guard let certificates = chainBytes(chain), signature.count <= 0xFFFF else { return nil }
        guard let head = RSAVector.paddingHead(padding) else { return nil }
        let lock = certificates + head + RSAVector.u16(signature.count) + signature
        return lock.count <= SighashAll.maxWitnessSize ? lock : nil
    }

    /// Makes room for the lock in the first group witness and returns the message the leaf key
    /// signs (hashed with the padding's hash); then ``attach(_:inputIndices:chain:padding:signature:)``.
    public static func prepare(_ tx: inout Transaction, inputIndices: [Int], chain: [Certificate], padding: RSA.Padding) throws -> Byte32 {
        guard let first = inputIndices.first else { throw SighashAll.Failure(.missingWitness, "the group has no inputs") }
        guard let key = chain.first?.publicKey.rsa,
              let lock = lock(chain: chain, padding: padding, signature: [UInt8](repeating: 0, count: key.signatureByteCount)) else {
            throw SighashAll.Failure(.lockLength, "the lock does not fit")
        }
        while tx.witnesses.count <= first { tx.witnesses.append([]) }
        var args = tx.witnesses[first].isEmpty ? WitnessArgs() : try WitnessArgs(molecule: tx.witnesses[first])
        args.lock = [UInt8](repeating: 0, count: lock.count)
        tx.witnesses[first] = args.molecule
        return try SighashAll.message(tx, inputIndices: inputIndices, lockLength: lock.count)
    }

    /// Stores the leaf key's signature over ``prepare(_:inputIndices:chain:padding:)``'s message.
    public static func attach(_ tx: inout Transaction, inputIndices: [Int], chain: [Certificate], padding: RSA.Padding, signature: [UInt8]) throws {
        var args = try WitnessArgs(molecule: tx.witnesses[inputIndices[0]])
        args.lock = lock(chain: chain, padding: padding, signature: signature)
        tx.witnesses[inputIndices[0]] = args.molecule
    }

    /// The off-chain verdict: nil when the lock accepts the group (whose header deps are
    /// `headers`), else the script's exit code.
    public static func verify(_ tx: Transaction, inputIndices: [Int], args: [UInt8], headers: [Header]) -> ContractError? {
        guard args.count == 32 || args.count == 64 else { return .argsLength }
        let message: Byte32
        do {
            message = try SighashAll.message(tx, inputIndices: inputIndices, lockLength: nil, maximumLockLength: SighashAll.maxWitnessSize)
        } catch {
            return ContractError(error)
        }
        guard let newest = headers.map(\.raw.timestamp).max() else { return .noHeaders }
        let lock = try! WitnessArgs(molecule: tx.witnesses[inputIndices[0]]).lock!
        guard let count = lock.first else { return .signature }
        guard (2...X509OnChainProfile.maximumChainLength).contains(Int(count)) else { return .chain }
        var at = 1
        var chain: [Certificate] = []
        for _ in 0..<count {
            guard at + 2 <= lock.count else { return .signature }
            let k = Int(lock[at]) | Int(lock[at + 1]) << 8
            at += 2
            guard k <= lock.count - at else { return .signature }
            guard let c = try? Certificate(derEncoded: Array(lock[at..<(at + k)])) else { return .certificate }
            chain.append(c)
            at += k
        }
        guard X509OnChainProfile.anchorHash(chain.last!) == Array(args.prefix(32)) else { return .anchor }
        if let failure = X509OnChainProfile.verify(chain: chain, time: X509Time(secondsSinceEpoch: Int64(newest / 1000))) {
            // The verdict always matches the script's; the code where the two name the rule alike.
            switch failure.rule {
            case .expired: return .validity
            case .signature: return .mismatch
            default: return .chain
            }
        }
        if args.count == 64, !X509OnChainProfile.identityValues(chain[0]).contains(where: { ckbHash($0).bytes == Array(args.suffix(32)) }) {
            return .identity
        }
        guard at + 7 <= lock.count else { return .signature }
        let padding = lock[at], hashID = lock[at + 1], mgfID = lock[at + 2]
        let salt = Int(lock[at + 3]) | Int(lock[at + 4]) << 8
        let m = Int(lock[at + 5]) | Int(lock[at + 6]) << 8
        at += 7
        guard padding <= 1, hashID <= 2, mgfID <= 2, padding == 1 || (mgfID == 0 && salt == 0), lock.count - at == m else { return .signature }
        let hashes: [RSA.Hash] = [.sha256, .sha384, .sha512]
        let scheme: RSA.Padding = padding == 0
            ? .pkcs1v15(hashes[Int(hashID)])
            : .pss(hashes[Int(hashID)], mgf1Hash: hashes[Int(mgfID)], saltLength: salt == 0xFFFF ? nil : salt)
        return chain[0].publicKey.rsa!.isValidSignature(Array(lock[at...]), message: message, padding: scheme) ? nil : .mismatch
    }

    /// The vector script's witness: the time (i64 LE seconds), then the chain.
    public static func vectorWitness(chain: [Certificate], time: X509Time) -> [UInt8]? {
        guard let certificates = chainBytes(chain) else { return nil }
        let t = UInt64(bitPattern: time.secondsSinceEpoch)
        return (0..<8).map { UInt8(truncatingIfNeeded: t >> (8 * UInt64($0))) } + certificates
    }

    /// Runs the lock once on ``X509Fixtures``: one group of one input, signed by the published
    /// leaf key, with a header dep at the fixture's time. For `ckbcrypto contracts`.
    static func measure() throws(ContractLoadingError) -> ContractMeasurement {
        let harness = try LockScriptHarness(contract: contract)
        let chain = X509Fixtures.chain
        let email = X509OnChainProfile.identityValues(chain[0]).last!
        let locks = [harness.lock(args: args(anchor: chain.last!, identity: email))]
        var tx = harness.transaction(locks: locks)
        var header = Header()
        header.raw.timestamp = UInt64(X509Fixtures.validationTime.secondsSinceEpoch) * 1000
        tx.raw.headerDeps = [header.hash]
        let padding = RSA.Padding.pkcs1v15(.sha256)
        let message = try! prepare(&tx, inputIndices: [0], chain: chain, padding: padding)
        let signature = RSAFixtures.signVariableTime(digest: SHA256.hash(message).bytes, hash: .sha256,
                                                     key: RSAFixtures.signingKey2048, privateExponent: RSAFixtures.privateExponent2048)
        try! attach(&tx, inputIndices: [0], chain: chain, padding: padding, signature: signature)
        var resolved = harness.resolve(tx, locks: locks)
        resolved.headerDeps = [header]
        let group = harness.run(resolved).first
        return ContractMeasurement(contract: harness.contract.name, size: harness.contract.binary.count, codeHash: harness.contract.dataHash,
                                   scenario: "one group, 3 RSA-2048 certificates + the leaf's PKCS#1 v1.5 signature",
                                   cycles: group?.cycles ?? 0, ok: group?.ok ?? false)
    }
}
