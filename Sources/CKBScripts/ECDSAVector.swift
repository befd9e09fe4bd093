import CKBChain
import CKBHash
import CKBVectors

/// The off-chain half of `ecdsa_vector`, the vector script for ECDSA over secp256k1 with
/// SHA-256, SHA-384 or SHA-512: one test case in the witness, exit 0 when the signature verifies.
public enum ECDSAVector {
    /// The bundled script.
    public static var contract: Contract { get throws(ContractLoadingError) { try Contract(named: "ecdsa_vector") } }

    /// The witness: flags (bit 0 high S allowed, bit 1 DER, bits 2-3 the hash: 0 SHA-256,
    /// 1 SHA-384, 2 SHA-512), the public key after a length byte, the signature after a u16 LE
    /// length, then the message. Nil when the script cannot express the case: another hash, a
    /// key over 255 bytes or a signature over 65,535 (which no encoding accepts anyway).
    public static func witness(publicKey: [UInt8], signature: [UInt8], encoding: VectorCase.SignatureEncoding,
                               allowingHighS: Bool, hash: HashAlgorithm = .sha256, message: [UInt8]) -> [UInt8]? {
        let hashID: UInt8
        switch hash {
        case .sha256: hashID = 0
        case .sha384: hashID = 1
        case .sha512: hashID = 2
        default: return nil
        }
        guard publicKey.count <= 255, signature.count <= 0xFFFF, publicKey.count + signature.count < 32_000 else { return nil }
        let flags: UInt8 = (allowingHighS ? 1 : 0) | (encoding == .der ? 2 : 0) | hashID << 2
        return [flags, UInt8(publicKey.count)] + publicKey + [UInt8(signature.count & 0xFF), UInt8(signature.count >> 8)] + signature + message
    }
}
