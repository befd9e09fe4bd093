import CKBChain
import CKBHash
import CKBRSA

/// The off-chain half of `rsa_sighash_all`: a lock that accepts a transaction signed with an RSA
/// key over the same `sighash_all` message as CKB's default lock.
///
/// - args: 20 bytes, blake160 of the key's PKCS#1 `RSAPublicKey` DER.
/// - witness lock: padding, hash, MGF1 hash, salt length (u16 LE), the key DER and the signature
///   each after a u16 LE length (`Contracts/scripts/rsa_sighash_all.c`). The signature is over the
///   32-byte message, hashed with the chosen hash.
public enum RSASighashAll {
    /// The bundled script.
    public static var contract: Contract { get throws(ContractLoadingError) { try Contract(named: "rsa_sighash_all") } }

    /// Keys the lock accepts: 2,048 to 8,192 bits.
    public static let policy = RSA.Policy(minimumKeyBits: 2048, maximumKeyBits: 8192)
    /// The longest lock the script reads (an 8,192-bit key and signature with their headers).
    public static let maximumLockLength = 9 + 2 * (8 * 128 + 32)

    /// The lock args for a key.
    public static func args(for key: RSA.PublicKey) -> [UInt8] { blake160(key.pkcs1DERRepresentation).bytes }

    /// The witness lock field; nil when a length does not fit, or for SHA-1 (the lock refuses it).
    public static func lock(key: RSA.PublicKey, padding: RSA.Padding, signature: [UInt8]) -> [UInt8]? {
        let der = key.pkcs1DERRepresentation
        guard der.count <= 0xFFFF, signature.count <= 0xFFFF else { return nil }
        guard let head = RSAVector.paddingHead(padding) else { return nil }
        return head + RSAVector.u16(der.count) + der + RSAVector.u16(signature.count) + signature
    }

    /// Makes room for the lock in the first group witness (creating `WitnessArgs` when it is
    /// absent or empty) and returns the message to sign: sign it with the key, hashed with the
    /// padding's hash, then ``attach(_:inputIndices:key:padding:signature:)``.
    public static func prepare(_ tx: inout Transaction, inputIndices: [Int], key: RSA.PublicKey, padding: RSA.Padding) throws -> Byte32 {
        guard let first = inputIndices.first else { throw SighashAll.Failure(.missingWitness, "the group has no inputs") }
        let placeholder = [UInt8](repeating: 0, count: key.signatureByteCount)
        guard let lock = lock(key: key, padding: padding, signature: placeholder) else {
            throw SighashAll.Failure(.lockLength, "the lock does not fit")
        }
        while tx.witnesses.count <= first { tx.witnesses.append([]) }
        var args = tx.witnesses[first].isEmpty ? WitnessArgs() : try WitnessArgs(molecule: tx.witnesses[first])
        args.lock = [UInt8](repeating: 0, count: lock.count)
        tx.witnesses[first] = args.molecule
        return try SighashAll.message(tx, inputIndices: inputIndices, lockLength: lock.count)
    }

    /// Stores the signature made over ``prepare(_:inputIndices:key:padding:)``'s message.
    public static func attach(_ tx: inout Transaction, inputIndices: [Int], key: RSA.PublicKey, padding: RSA.Padding, signature: [UInt8]) throws {
        let first = inputIndices[0]
        var args = try WitnessArgs(molecule: tx.witnesses[first])
        args.lock = lock(key: key, padding: padding, signature: signature)
        tx.witnesses[first] = args.molecule
    }

    /// The off-chain verdict: nil when the lock accepts the group, else the script's exit code.
    public static func verify(_ tx: Transaction, inputIndices: [Int], args: [UInt8]) -> ContractError? {
        guard args.count == 20 else { return .argsLength }
        let message: Byte32
        do {
            message = try SighashAll.message(tx, inputIndices: inputIndices, lockLength: nil, maximumLockLength: maximumLockLength)
        } catch {
            return ContractError(error)
        }
        let lock = try! WitnessArgs(molecule: tx.witnesses[inputIndices[0]]).lock!
        guard lock.count >= 9 else { return .signature }
        let padding = lock[0], hashID = lock[1], mgfID = lock[2]
        let salt = Int(lock[3]) | Int(lock[4]) << 8
        let k = Int(lock[5]) | Int(lock[6]) << 8
        guard padding <= 1, hashID <= 2, mgfID <= 2, padding == 1 || (mgfID == 0 && salt == 0), lock.count >= 9 + k else { return .signature }
        let m = Int(lock[7 + k]) | Int(lock[8 + k]) << 8
        guard lock.count == 9 + k + m else { return .signature }
        let der = Array(lock[7..<(7 + k)])
        let signature = Array(lock[(9 + k)...])
        guard blake160(der).bytes == args else { return .mismatch }
        guard let key = try? RSA.PublicKey(derRepresentation: der, policy: policy), key.pkcs1DERRepresentation == der else {
            return .publicKey
        }
        let hashes: [RSA.Hash] = [.sha256, .sha384, .sha512]
        let scheme: RSA.Padding = padding == 0
            ? .pkcs1v15(hashes[Int(hashID)])
            : .pss(hashes[Int(hashID)], mgf1Hash: hashes[Int(mgfID)], saltLength: salt == 0xFFFF ? nil : salt)
        return key.isValidSignature(signature, message: message, padding: scheme) ? nil : .mismatch
    }
}
