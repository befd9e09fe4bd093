import CKBChain
import CKBVectors

/// The off-chain half of `ecdsa_vector`, the vector script for ECDSA over secp256k1 with
/// SHA-256: one test case in the witness, exit 0 when the signature verifies.
public enum ECDSAVector {
    /// The bundled script.
    public static var contract: Contract { get throws(ContractLoadingError) { try Contract(named: "ecdsa_vector") } }

    /// The witness: flags (bit 0 high S allowed, bit 1 DER), the public key after a length byte,
    /// the signature after a u16 LE length, then the message. Nil when a length does not fit
    /// (a key over 255 bytes or a signature over 65,535, which no encoding accepts anyway).
    public static func witness(publicKey: [UInt8], signature: [UInt8], encoding: VectorCase.SignatureEncoding,
                               allowingHighS: Bool, message: [UInt8]) -> [UInt8]? {
        guard publicKey.count <= 255, signature.count <= 0xFFFF, publicKey.count + signature.count < 32_000 else { return nil }
        let flags: UInt8 = (allowingHighS ? 1 : 0) | (encoding == .der ? 2 : 0)
        return [flags, UInt8(publicKey.count)] + publicKey + [UInt8(signature.count & 0xFF), UInt8(signature.count >> 8)] + signature + message
    }
}
